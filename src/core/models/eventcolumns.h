#pragma once

#include "records/fieldchange.h"

#include <QList>
#include <QString>
#include <QVariant>

struct EventRecord;

// The columns of the event stream (EventTableModel::Column): the text each
// shows, the raw value it sorts on, and the same order as SQL. Kept side by
// side so that SortRole and the SQL sort cannot drift apart.
class EventColumns final {
public:
    static constexpr int kMaxTextLength = 200;

    // `customerName` is the latest known name of the record's customer (from
    // add_user / update_user events), empty when none is known.
    // `milliseconds`: the Time and Sent columns to the millisecond.
    static QVariant display(const EventRecord &record, int column, const QString &customerName,
                            bool milliseconds = false);
    static QVariant sortValue(const EventRecord &record, int column, const QString &customerName);
    // ORDER BY terms for EventStore::eventIds: the column's raw value, then
    // the id, both in `descending` order. Empty for an unknown column.
    static QString orderBy(int column, bool descending);
    static QString header(int column);
    // What the column holds, for the header's tooltip (which clock a time is).
    static QString headerToolTip(int column);

    // Local time, "yyyy-MM-dd HH:mm:ss", with ".zzz" when `milliseconds`.
    static QString timeText(qint64 msSinceEpoch, bool milliseconds = false);
    // The sender's send_time as timeText(); empty when the event had none.
    static QString sentText(const EventRecord &record, bool milliseconds = false);
    static QString channelText(const EventRecord &record);
    static QString customerText(const EventRecord &record, const QString &customerName);
    // "customer" / "agent" / "" for messages; "-" for any other event (the
    // Type column names it).
    static QString directionText(const EventRecord &record);
    // msg_type for messages; the event name otherwise.
    static QString typeText(const EventRecord &record);
    // The verification word, then " · conflict" and " · stale" when they hold.
    static QString verificationText(const EventRecord &record);
    // The first line of msg, at most kMaxTextLength characters; "…" marks a cut.
    static QString summary(const QString &msg);

    // A customer event's changes (CustomerTimeline::apply) in a few words:
    // the fields that changed, then the labels added and removed, e.g.
    // "phone, labels +VIP -Trial"; "no change" when there is none. At most
    // kMaxTextLength characters.
    static QString changeSummary(const QList<FieldChange> &changes);
    // One line per change, "phone: +1 555 → +1 556", for the tooltip.
    static QString changeDetails(const QList<FieldChange> &changes);
};
