#pragma once

#include "export/customertimeline.h"
#include "records/fieldchange.h"

#include <QHash>
#include <QList>
#include <QString>

class EventStore;
struct EventRecord;

// What each customer event (add_user / update_user) of the stream changed,
// against the customer's state before it: their events replayed through
// the one CustomerTimeline (the customers pane and the change exports use
// the same), one customer at a time and only as far as a shown row needs.
// Bounded: past kMaxCachedEvents remembered rows, or kMaxCustomers replays,
// everything is forgotten and read again on demand.
class EventChanges final {
    Q_DISABLE_COPY_MOVE(EventChanges)

public:
    static constexpr qsizetype kMaxCachedEvents = 20'000;
    static constexpr qsizetype kMaxCustomers = 2'000;

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

    QHash<qint64, QList<FieldChange>> m_changes; // event id -> its changes
    QHash<QString, Replay> m_replays;            // chat_user_id -> replay so far
};
