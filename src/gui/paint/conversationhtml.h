#pragma once

#include <QCoreApplication>
#include <QSet>
#include <QString>

class QAbstractItemModel;
class QPalette;
class QUrl;
class ThumbnailLoader;

// Turns a ConversationModel into the transcript's HTML: customer bubbles on
// the left headed by the customer's name, agent bubbles on the right headed
// by the serving agent, quotes, media links, image thumbnails and times.
// Every text from the payload goes through toHtmlEscaped(); links are made
// only for http(s) URLs (in text too). Colours come from the palette given.
class ConversationHtml final {
    Q_DECLARE_TR_FUNCTIONS(ConversationHtml)

public:
    // How image messages show. Without a loader they are links only.
    struct Images {
        ThumbnailLoader *loader = nullptr;
        // The "Load remote images" setting: verified events' images load
        // by themselves, others behind a "Load image" link. Off: links only.
        bool autoLoad = true;
        // Events whose image the user asked for with that link.
        QSet<qint64> requested;
    };
    // The href of an image's "Load image" link, and the event it names
    // (0: not such a link).
    static constexpr QLatin1String kLoadImageScheme{"hookscope-load-image"};
    static qint64 loadImageEventId(const QUrl &url);

    // `emptyText` is shown when the model has no rows. Thumbnails that are
    // not loaded yet are requested from images->loader.
    static QString build(const QAbstractItemModel &model, const QPalette &palette,
                         qint64 highlightEventId, const QString &emptyText = QString(),
                         const Images *images = nullptr);
    // An agent bubble's head: "Agent 3", or "unassigned / bot" (<= 0).
    static QString agentLabel(qint64 sysUserId);
    // Escaped text with its http(s) URLs as links; newlines as <br>.
    static QString linkified(const QString &text);
    // "Agent #3" or "unassigned / bot" (sys_user_id <= 0).
    static QString agentText(qint64 sysUserId);
    static QString anchorFor(qint64 eventId);

private:
    static QString bubble(const QAbstractItemModel &model, int row, const QPalette &palette,
                          bool highlighted, const Images *images);
    static QString body(const QAbstractItemModel &model, int row, const QPalette &palette,
                        const Images *images);
    static QString image(const QAbstractItemModel &model, int row, const QPalette &palette,
                         const Images *images);
};
