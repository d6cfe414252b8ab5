#include "models/eventchanges.h"

#include "records/eventrecord.h"
#include "store/eventstore.h"

QList<FieldChange> EventChanges::of(EventStore &store, const EventRecord &event)
{
    if (event.kind != EventKind::AddUser && event.kind != EventKind::UpdateUser)
        return {};
    if (const auto it = m_changes.constFind(event.id); it != m_changes.cend())
        return *it;
    if (m_changes.size() >= kMaxCachedEvents || m_replays.size() >= kMaxCustomers)
        clear();
    Replay &replay = m_replays[event.chatUserId];
    if (event.id <= replay.lastEventId)
        replay = Replay(); // applied before, then forgotten: from the start again
    // Every later event of the customer too: the rows below will ask next.
    const QList<EventRecord> events = store.customerEventsOf(event.chatUserId, replay.lastEventId);
    for (const EventRecord &e : events) {
        m_changes.insert(e.id, replay.timeline.apply(e));
        replay.lastEventId = e.id;
    }
    return m_changes.value(event.id);
}

void EventChanges::clear()
{
    m_changes.clear();
    m_replays.clear();
}
