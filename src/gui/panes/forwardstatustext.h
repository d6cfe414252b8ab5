#pragma once

#include "records/forwardrecord.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

class QPalette;

// The inspector's "Forwarding" section: where the shown event was sent on
// to (the forwards table, docs/forwarding.md), one paragraph per target:
// forwarded with the HTTP status and time, pending with the attempts so far
// and the next one's time, or given up with the reason. Kept apart from the
// widgets, as InspectorText is.
class ForwardStatusText final {
    Q_DECLARE_TR_FUNCTIONS(ForwardStatusText)

public:
    static constexpr int kMaxAnswerShown = 300; // characters of an answer

    // One line per target (the tab's plain text, tests). `nowMs` makes
    // "in 40 s" of the next attempt.
    static QString line(const ForwardRecord &row, qint64 nowMs);
    static QString plain(const QList<ForwardRecord> &rows, qint64 nowMs);
    // `retryLinks`: a given-up row ends with a "Retry" link to
    // retryUrl(row.id) (the window's own store only).
    static QString html(const QList<ForwardRecord> &rows, const QPalette &palette, qint64 nowMs,
                        bool retryLinks = false);
    // "retry:<forward id>", and back; 0 for any other link.
    static QString retryUrl(qint64 forwardId);
    static qint64 retryIdOf(const QString &url);
    // "Forwarding", "Forwarding (2 pending)", "Forwarding (given up)"...:
    // the tab's title for these rows.
    static QString title(const QList<ForwardRecord> &rows);
    // What an event with no row says.
    static QString none();

private:
    static QString detail(const ForwardRecord &row, qint64 nowMs);
    static QString answer(const ForwardRecord &row);
};
