#include "ingest/storewriter.h"

#include "corelog.h"
#include "store/eventstore.h"

#include <utility>

StoreWriter::StoreWriter(QObject *parent)
    : QObject(parent)
    , m_store(std::make_unique<EventStore>())
{
    // submit() is invoked across threads with queued connections; its
    // arguments must be known to the meta-type system.
    qRegisterMetaType<EventRecord>();
    qRegisterMetaType<RefusedRecord>();
    qRegisterMetaType<QList<quint64>>();
}

StoreWriter::~StoreWriter()
{
    flush();
}

void StoreWriter::start(const QString &path)
{
    // Queued even on the writer's own thread, so that callers see one
    // behaviour: the answer always comes later, through opened().
    QMetaObject::invokeMethod(
        this, [this, path] { openHere(path); }, Qt::QueuedConnection);
}

void StoreWriter::openHere(const QString &path)
{
    m_path = path;
    QString error;
    const bool ok = m_store->open(path, &error);
    Q_EMIT opened(ok, error);
}

QString StoreWriter::path() const
{
    return m_path;
}

void StoreWriter::submit(quint64 ticket, const EventRecord &record)
{
    m_pending.append({ticket, record});
    scheduleCommit();
}

void StoreWriter::submitRefused(const RefusedRecord &record)
{
    m_pendingRefused.append(record);
    scheduleCommit();
}

void StoreWriter::flush()
{
    commitPending();
}

void StoreWriter::close()
{
    flush();
    m_store->close();
    m_path.clear(); // later submissions fail instead of reopening the file
}

// No timer: the commit runs as soon as the event loop gets to it, and the
// batch is whatever was queued behind the previous commit (DESIGN.md).
void StoreWriter::scheduleCommit()
{
    if (m_commitScheduled)
        return;
    m_commitScheduled = true;
    QMetaObject::invokeMethod(this, &StoreWriter::commitPending, Qt::QueuedConnection);
}

// A store that failed is reopened (on this, the writer's thread) at the next
// batch, so a passing fault (disk full, file replaced) does not stop ingest.
bool StoreWriter::storeReady(QString *error)
{
    if (m_store->isOpen())
        return true;
    if (m_path.isEmpty()) {
        *error = QStringLiteral("The event store is not open.");
        return false;
    }
    return m_store->open(m_path, error);
}

// One transaction for the whole batch. If any record fails, the whole batch
// is rolled back and every ticket in it is answered 503: nothing in it was
// acknowledged, and SaleSmartly retries (at-least-once; duplicates are folded
// by the dedupe key), so failing the innocent records too costs a retry,
// never an event.
void StoreWriter::commitPending()
{
    m_commitScheduled = false;
    if (m_pending.isEmpty() && m_pendingRefused.isEmpty())
        return;
    const QList<Pending> batch = std::exchange(m_pending, {});
    const QList<RefusedRecord> refused = std::exchange(m_pendingRefused, {});
    QList<quint64> tickets;
    tickets.reserve(batch.size());
    for (const Pending &p : batch)
        tickets.append(p.ticket);

    QString error;
    bool ok = storeReady(&error) && m_store->beginTransaction();
    for (qsizetype i = 0; ok && i < batch.size(); ++i)
        ok = m_store->append(batch.at(i).record).has_value();
    for (qsizetype i = 0; ok && i < refused.size(); ++i)
        ok = m_store->appendRefused(refused.at(i)).has_value();
    ok = ok && m_store->commit();
    if (!ok) {
        if (error.isEmpty())
            error = m_store->lastError();
        m_store->rollback();
        // Start the next batch on a fresh connection: the failure may have
        // left this one unusable.
        m_store->close();
        qCWarning(lcCore).noquote() << QStringLiteral("Could not commit %1 events (answered 503) "
                                                      "and %2 refused deliveries: %3")
                                           .arg(batch.size())
                                           .arg(refused.size())
                                           .arg(error);
    }
    if (!tickets.isEmpty())
        Q_EMIT committed(tickets, ok, error);
    if (ok)
        Q_EMIT appended(m_store->maxEventId(), m_store->maxRefusedId());
}
