#include "store/eventlookup.h"

EventLookup::EventLookup() = default;

EventLookup::~EventLookup() = default;

bool EventLookup::open(const QString &path, QString *error)
{
    return m_store.openReadOnly(path, error);
}

void EventLookup::close()
{
    m_store.close();
}

QString EventLookup::path() const
{
    return m_store.isOpen() ? m_store.path() : QString();
}

bool EventLookup::isOpen() const
{
    return m_store.isOpen();
}

std::optional<EventRecord> EventLookup::event(qint64 id)
{
    if (!m_store.isOpen())
        return std::nullopt;
    return m_store.event(id);
}

QList<qint64> EventLookup::sameKeyEvents(qint64 eventId)
{
    return m_store.isOpen() ? m_store.sameKeyEvents(eventId) : QList<qint64>();
}

QList<DeliveryRecord> EventLookup::deliveries(qint64 eventId)
{
    if (!m_store.isOpen())
        return {};
    return m_store.deliveries(eventId);
}

QList<EventRecord> EventLookup::customerEvents(const QString &chatUserId, qint64 afterId)
{
    if (!m_store.isOpen() || chatUserId.isEmpty())
        return {};
    return m_store.customerEventsOf(chatUserId, afterId);
}
