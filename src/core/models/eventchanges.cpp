#include "models/eventchanges.h"

#include "records/eventrecord.h"
#include "store/eventstore.h"

#include <iterator>

QList<FieldChange> EventChanges::of(EventStore &store, const EventRecord &event)
{
    if (event.kind != EventKind::AddUser && event.kind != EventKind::UpdateUser)
        return {};
    if (const auto it = m_changes.constFind(event.id); it != m_changes.cend())
        return *it;
    if (m_changes.size() >= kMaxCachedEvents)
        m_changes.clear();
    if (std::optional<QList<FieldChange>> stored = store.storedChanges(event)) {
        m_changes.insert(event.id, *stored);
        return *stored;
    }
    if (m_snapshotCount >= kMaxSnapshots) {
        m_snapshots.clear();
        m_snapshotCount = 0;
    }
    QMap<qint64, Replay> &snapshots = m_snapshots[event.chatUserId];
    // The last snapshot that has not applied the event yet, if any.
    Replay replay;
    if (const auto after = snapshots.lowerBound(event.id); after != snapshots.cbegin())
        replay = std::prev(after).value();
    while (replay.lastEventId < event.id) {
        const QList<EventRecord> events =
            store.customerEventsOf(event.chatUserId, replay.lastEventId, kBatch);
        for (const EventRecord &e : events) {
            m_changes.insert(e.id, replay.timeline.apply(e));
            replay.lastEventId = e.id;
        }
        if (!events.isEmpty() && !snapshots.contains(replay.lastEventId)) {
            snapshots.insert(replay.lastEventId, replay);
            ++m_snapshotCount;
        }
        if (events.size() < kBatch)
            break;
    }
    return m_changes.value(event.id);
}

void EventChanges::clear()
{
    m_changes.clear();
    m_snapshots.clear();
    m_snapshotCount = 0;
}
