#include "store/eventlookup.h"

// The inspector's forwarding status (issue 11), apart from eventlookup.cpp.
QList<ForwardRecord> EventLookup::forwards(qint64 eventId)
{
    return m_store.isOpen() ? m_store.forwards(eventId) : QList<ForwardRecord>();
}
