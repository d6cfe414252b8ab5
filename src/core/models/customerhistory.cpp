#include "models/customerhistory.h"

#include "records/eventrecord.h"

bool CustomerHistory::open(const QString &path, QString *error)
{
    close();
    return m_lookup.open(path, error);
}

void CustomerHistory::close()
{
    m_lookup.close();
    show(QString());
}

QList<FieldChange> CustomerHistory::show(const QString &chatUserId)
{
    m_customer = chatUserId;
    m_state = CustomerTimeline();
    m_lastEventId = 0;
    return apply(m_lookup.customerEvents(chatUserId));
}

std::optional<QList<FieldChange>> CustomerHistory::readNew()
{
    const QList<EventRecord> events = m_lookup.customerEvents(m_customer, m_lastEventId);
    if (events.isEmpty())
        return std::nullopt;
    return apply(events);
}

QList<FieldChange> CustomerHistory::apply(const QList<EventRecord> &events)
{
    QList<FieldChange> changes;
    for (const EventRecord &event : events) {
        changes += m_state.apply(event);
        m_lastEventId = event.id;
    }
    return changes;
}
