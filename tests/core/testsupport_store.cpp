#include "testsupport_store.h"

TestStore::TestStore()
{
    m_open = m_dir.isValid() && m_writer.open(path());
}

qint64 TestStore::write(const QList<EventRecord> &records)
{
    if (!m_writer.beginTransaction())
        return -1;
    for (const EventRecord &r : records) {
        if (!m_writer.append(r)) {
            m_writer.rollback();
            return -1;
        }
    }
    return m_writer.commit() ? m_writer.maxEventId() : -1;
}
