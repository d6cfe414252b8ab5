#pragma once

#include "records/customertimeline.h"
#include "records/fieldchange.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

class EventStore;
struct EventRecord;

// What each customer event (add_user / update_user) of the stream changed,
// against the customer's state before it: read as the writer stored it
// (EventStore::storedChanges, one lookup by id) or, in a file older than
// the change rows (schema 10) read without upgrading, their events replayed through
// the one CustomerTimeline (the customers pane and the change exports use
// the same), one customer at a time and only as far as a shown row needs.
// The replay is kept every kBatch events of a customer (a snapshot), so a row
// far into a long history starts from the nearest snapshot before it instead
// of the customer's first event: on a million events with 5,000 customer
// events per customer, each row cost ~400 ms and every page several seconds
// once the cache below had been filled and dropped. Bounded: past
// kMaxCachedEvents remembered rows, or kMaxSnapshots snapshots, that part is
// forgotten and read again on demand.
class EventChanges final {
    Q_DISABLE_COPY_MOVE(EventChanges)

public:
    static constexpr qsizetype kMaxCachedEvents = 20'000;
    static constexpr qsizetype kMaxSnapshots = 8'192;
    static constexpr int kBatch = 64; // customer events read per query

    EventChanges() = default;

    // The changes `event` made; empty for other events, or when the store
    // cannot tell (then nothing is remembered).
    QList<FieldChange> of(EventStore &store, const EventRecord &event);
    void clear();
    qsizetype cachedEventCount() const { return m_changes.size(); }

private:
    struct Replay {
        CustomerTimeline timeline;
        qint64 lastEventId = 0; // the customer's events up to here are applied
    };

    QHash<qint64, QList<FieldChange>> m_changes;      // event id -> its changes
    QHash<QString, QMap<qint64, Replay>> m_snapshots; // chat_user_id -> lastEventId -> replay
    qsizetype m_snapshotCount = 0;
};
