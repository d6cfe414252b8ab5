// StoreWriter's fault states, recovery probe and background integrity check
// (docs/store-faults.md).
#include "ingest/storewriter.h"

#include "corelog.h"
#include "store/eventstore.h"
#include "store/sharedmemoryfile.h"
#include "store/threadnice.h"

#include <QList>
#include <QThread>

namespace {

// How much nicer than the writer the background integrity check runs.
constexpr int kCheckNiceIncrement = 10;

// Where abandoned connections stay, reachable and untouched, for the life of
// the process (the list is never destroyed, so not even exit closes them).
QList<EventStore *> &abandonedStores()
{
    static auto *stores = new QList<EventStore *>();
    return *stores;
}

} // namespace

// SQLite maps the -shm file; once another program truncated (or removed) it,
// any use of the connection, closing included, can fault with SIGBUS. The
// connection is abandoned (kept on purpose, never touched again) and the
// writer stops: a restart builds a new -shm.
bool StoreWriter::sharedMemoryIntact()
{
    if (m_sharedMemoryLost)
        return false;
    if (SharedMemoryFile::isIntact(m_path))
        return true;
    m_sharedMemoryLost = true;
    abandonedStores().append(m_store.release());
    m_store = std::make_unique<EventStore>();
    m_store->setQuiet(true);
    setFault({StoreFault::Kind::Other,
              QStringLiteral("Another program truncated or removed %1, SQLite's shared-memory "
                             "file of the event store; HookScope stopped writing to avoid a "
                             "crash. Restart the receiver.")
                  .arg(SharedMemoryFile::pathOf(m_path))});
    m_probeTimer->stop();
    return false;
}

void StoreWriter::noteFailure(const QString &error)
{
    if (m_sharedMemoryLost)
        return;
    const StoreFault::Kind kind = StoreFault::classify(m_store->lastErrorCode());
    if (kind == StoreFault::Kind::None)
        return;
    // A connection that may have lost the file (read-only, I/O error, or a
    // damaged file that must not be written) is closed; a full disk or a lock
    // leaves it usable, and reopening would only repeat the open's checks.
    if (kind != StoreFault::Kind::DiskFull && kind != StoreFault::Kind::Locked)
        m_store->close();
    setFault({kind, error});
}

void StoreWriter::setFault(const StoreFault &fault)
{
    const bool changed = fault.kind != m_fault.kind;
    m_fault = fault;
    if (!changed)
        return; // the same condition again: said once already
    qCWarning(lcCore).noquote()
        << QStringLiteral("The event store cannot take writes (%1): %2 Deliveries are answered "
                          "503 until it recovers.")
               .arg(fault.word(), fault.reason);
    // A damaged store is never written to again: no probe, a restart with a
    // sound file is the way back.
    if (fault.kind == StoreFault::Kind::Damaged)
        m_probeTimer->stop();
    else
        m_probeTimer->start();
    Q_EMIT faultChanged(fault);
}

void StoreWriter::recover()
{
    const StoreFault was = std::exchange(m_fault, StoreFault());
    m_probeTimer->stop();
    // The WAL grew while the disk was full (its pages could not be moved
    // into the file); moving them now and truncating it gives the space back
    // instead of filling the disk again a few deliveries later.
    if (was.kind == StoreFault::Kind::DiskFull && !m_store->checkpoint())
        qCInfo(lcCore).noquote() << "checkpoint after the disk had been full:"
                                 << m_store->lastError();
    qCInfo(lcCore).noquote() << QStringLiteral("The event store %1 takes writes again (it was %2).")
                                    .arg(m_path, was.word());
    Q_EMIT faultChanged(m_fault);
}

// One small write that has to reach the disk: if it commits, so would
// deliveries. A full disk is first given the chance to shed its WAL.
void StoreWriter::probe()
{
    if (!m_fault.isFault() || m_fault.kind == StoreFault::Kind::Damaged || m_sharedMemoryLost)
        return;
    QString error;
    if (!storeReady(&error)) {
        noteFailure(error);
        return;
    }
    if (m_fault.kind == StoreFault::Kind::DiskFull)
        m_store->checkpoint();
    if (m_store->probeWrite()) {
        recover();
        return;
    }
    noteFailure(m_store->lastError());
}

// open() ran out of its budget: the rest of the quick check runs on a
// connection of its own, on a thread of its own, while the writer writes.
void StoreWriter::checkInBackground()
{
    m_cancelCheck = std::make_shared<std::atomic<bool>>(false);
    m_checkThread = QThread::create([this, path = m_path, cancel = m_cancelCheck] {
        // Minutes of reading on a large store: it yields a core to the
        // window and the receiver whenever they want one.
        ThreadNice::raise(kCheckNiceIncrement);
        const StoreIntegrity::Result result = StoreIntegrity::checkFile(path, false, cancel.get());
        if (!cancel->load())
            QMetaObject::invokeMethod(
                this, [this, result] { onIntegrityChecked(result); }, Qt::QueuedConnection);
    });
    m_checkThread->setObjectName(QStringLiteral("hookscope-store-check"));
    m_checkThread->start();
}

void StoreWriter::onIntegrityChecked(const StoreIntegrity::Result &result)
{
    stopBackgroundCheck();
    Q_EMIT integrityChecked(result);
    if (result.outcome != StoreIntegrity::Outcome::Damaged) {
        if (result.outcome == StoreIntegrity::Outcome::Failed)
            qCInfo(lcCore).noquote()
                << "integrity check of" << m_path << "could not run:" << result.detail;
        return;
    }
    m_store->close();
    setFault({StoreFault::Kind::Damaged,
              QStringLiteral("The event store %1 is damaged (SQLite's check: %2); HookScope "
                             "stopped writing to it.")
                  .arg(m_path, result.detail)});
}

// The check is told to stop (SQLite's progress handler sees the flag) and
// joined: it holds a pointer to this writer.
void StoreWriter::stopBackgroundCheck()
{
    if (!m_checkThread)
        return;
    m_cancelCheck->store(true);
    m_checkThread->wait();
    delete std::exchange(m_checkThread, nullptr);
}
