#pragma once

#include <QCoreApplication>
#include <QString>

class QAbstractItemModel;
class QPalette;

// Turns a ConversationModel into the transcript's HTML: customer bubbles on
// the left, agent bubbles on the right, quotes, media links, times and agent
// ids. Every text from the payload goes through toHtmlEscaped(); links are
// made only for http(s) URLs. Colours come from the palette given.
class ConversationHtml final {
    Q_DECLARE_TR_FUNCTIONS(ConversationHtml)

public:
    // `emptyText` is shown when the model has no rows.
    static QString build(const QAbstractItemModel &model, const QPalette &palette,
                         qint64 highlightEventId, const QString &emptyText = QString());
    // "Agent #3" or "unassigned / bot" (sys_user_id <= 0).
    static QString agentText(qint64 sysUserId);
    static QString anchorFor(qint64 eventId);

private:
    static QString bubble(const QAbstractItemModel &model, int row, const QPalette &palette,
                          bool highlighted);
    static QString body(const QAbstractItemModel &model, int row, const QPalette &palette);
};
