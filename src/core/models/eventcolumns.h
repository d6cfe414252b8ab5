#pragma once

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
    static QVariant display(const EventRecord &record, int column, const QString &customerName);
    static QVariant sortValue(const EventRecord &record, int column, const QString &customerName);
    // ORDER BY terms for EventStore::eventIds: the column's raw value, then
    // the id, both in `descending` order. Empty for an unknown column.
    static QString orderBy(int column, bool descending);
    static QString header(int column);

    static QString timeText(qint64 msSinceEpoch); // local time, "yyyy-MM-dd HH:mm:ss"
    static QString channelText(const EventRecord &record);
    static QString customerText(const EventRecord &record, const QString &customerName);
    // "customer" / "agent" / "" for messages; the event name otherwise.
    static QString directionText(const EventRecord &record);
    // msg_type for messages; the event name otherwise.
    static QString typeText(const EventRecord &record);
    // The verification word, then " · conflict" and " · stale" when they hold.
    static QString verificationText(const EventRecord &record);
    // The first line of msg, at most kMaxTextLength characters; "…" marks a cut.
    static QString summary(const QString &msg);
};
