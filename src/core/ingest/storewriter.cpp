#include "ingest/storewriter.h"

#include "corelog.h"
#include "store/eventstore.h"
#include "store/sharedmemoryfile.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <limits>

#include <utility>

#include <sys/statvfs.h>

namespace {

constexpr int kDefaultProbeIntervalMs = 2000;
// Upgrade progress goes out at most this often (the last of a step always).
constexpr int kUpgradeProgressIntervalMs = 250;
// Old refused rows deleted per commit at most, beyond the batch's own rows:
// lowering the limits on a big table trims it over a few commits, not one.
constexpr qint64 kTrimBatch = 1000;
// Events whose text is not yet in the index (EventStore::indexPendingText)
// are indexed once no batch has come for this long.
constexpr int kTextIdleMs = 250;

} // namespace

StoreWriter::StoreWriter(QObject *parent)
    : EventWriter(parent)
    , m_store(std::make_unique<EventStore>())
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_probeTimer(new QTimer(this))
    , m_summaryTimer(new QTimer(this))
    , m_textTimer(new QTimer(this))
{
    // submit() is invoked across threads with queued connections; its
    // arguments must be known to the meta-type system.
    qRegisterMetaType<EventRecord>();
    qRegisterMetaType<RefusedRecord>();
    qRegisterMetaType<QList<quint64>>();
    qRegisterMetaType<StoreFault>();
    qRegisterMetaType<StoreIntegrity::Result>();
    // The writer reports store faults itself, once per change (setFault).
    m_store->setQuiet(true);
    m_store->setUpgradeProgress([this](int from, int to, qint64 done, qint64 total) {
        if (done < total && m_upgradeShown.isValid() &&
            m_upgradeShown.elapsed() < kUpgradeProgressIntervalMs)
            return;
        m_upgradeShown.start();
        Q_EMIT upgradeProgress(from, to, done, total);
    });
    m_probeTimer->setInterval(kDefaultProbeIntervalMs);
    connect(m_probeTimer, &QTimer::timeout, this, &StoreWriter::probe);
    m_summaryTimer->setSingleShot(true);
    connect(m_summaryTimer, &QTimer::timeout, this, &StoreWriter::scheduleCommit);
    m_textTimer->setSingleShot(true);
    m_textTimer->setInterval(kTextIdleMs);
    connect(m_textTimer, &QTimer::timeout, this, &StoreWriter::indexPendingText);
}

StoreWriter::~StoreWriter()
{
    stopBackgroundCheck();
    // Summaries of the seconds still open are written too: nothing counted is lost.
    m_pendingRefused += m_throttle.takeSummaries(std::numeric_limits<qint64>::max());
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
    m_spacePath = QFile::encodeName(QFileInfo(path).absolutePath());
    QString error;
    const bool ok = SharedMemoryFile::prepare(path, &error) && m_store->open(path, &error) &&
                    (m_pageLimit == 0 || m_store->setPageLimit(m_pageLimit)) &&
                    (!m_readOnly || m_store->setQueryOnly(true));
    if (!ok && error.isEmpty())
        error = m_store->lastError();
    if (!ok) {
        qCWarning(lcCore).noquote() << error;
        // Refused at open: never written to, not even by a later submission.
        if (StoreFault::classify(m_store->lastErrorCode()) == StoreFault::Kind::Damaged)
            m_fault = {StoreFault::Kind::Damaged, error};
    }
    Q_EMIT opened(ok, error);
    if (ok && m_store->integrityPending())
        checkInBackground();
}

QString StoreWriter::path() const
{
    return m_path;
}

void StoreWriter::setRefusalLimits(const RefusalLimits &limits)
{
    m_limits = limits;
    m_throttle.setLimit(limits.perAddressPerSecond);
}

void StoreWriter::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
}

void StoreWriter::setProbeInterval(int milliseconds)
{
    m_probeTimer->setInterval(milliseconds);
}

void StoreWriter::setIntegrityBudget(int milliseconds)
{
    m_store->setIntegrityBudget(milliseconds);
}

void StoreWriter::setForwardRules(const QList<ForwardRule> &rules)
{
    m_forwardRules.clear();
    for (const ForwardRule &rule : rules) {
        if (!rule.enabled || rule.url.isEmpty())
            continue;
        CompiledRule compiled{rule.url, FilterExpression::parse(rule.filter),
                              rule.includeUnverified};
        if (!compiled.filter.isValid())
            qCWarning(lcCore).noquote()
                << QStringLiteral("The forwarding rule for %1 has an invalid filter (%2): it "
                                  "forwards nothing.")
                       .arg(rule.url, compiled.filter.errorMessage());
        m_forwardRules.append(compiled);
    }
}

// In the batch's transaction: the event and its forwarding rows commit
// together, or neither does (docs/forwarding.md).
bool StoreWriter::queueForwards(qint64 eventId, const EventRecord &record)
{
    if (m_forwardRules.isEmpty())
        return true;
    QStringList targets;
    for (const CompiledRule &rule : std::as_const(m_forwardRules)) {
        if ((rule.includeUnverified || isVerified(record.verification)) &&
            rule.filter.matches(record) && !targets.contains(rule.url))
            targets.append(rule.url);
    }
    return targets.isEmpty() || m_store->enqueueForwards(eventId, targets, m_clock()) >= 0;
}

void StoreWriter::setPageLimit(qint64 pages)
{
    m_pageLimit = pages;
    if (m_store->isOpen())
        m_store->setPageLimit(pages);
}

void StoreWriter::setLowSpaceBytes(qint64 bytes)
{
    m_lowSpaceBytes = bytes;
}

void StoreWriter::setReadOnly(bool on)
{
    m_readOnly = on;
    if (m_store->isOpen())
        m_store->setQueryOnly(on);
}

void StoreWriter::submit(quint64 ticket, const EventRecord &record)
{
    m_pendingTickets.append(ticket);
    m_pending.append(record);
    scheduleCommit();
}

void StoreWriter::submitRefused(const RefusedRecord &record)
{
    if (m_throttle.admit(record))
        m_pendingRefused.append(record);
    scheduleCommit(); // also writes the summaries of seconds that are over
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
    m_spacePath.clear();
    m_textTimer->stop();
    m_probeTimer->stop();
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

// A store that was closed after a failure is reopened (on this, the writer's
// thread) at the next batch or probe; a damaged one never is.
bool StoreWriter::storeReady(QString *error)
{
    if (m_fault.kind == StoreFault::Kind::Damaged || m_sharedMemoryLost) {
        *error = m_fault.reason;
        return false;
    }
    if (m_store->isOpen())
        return sharedMemoryIntact() || (*error = m_fault.reason, false);
    if (m_path.isEmpty()) {
        *error = QStringLiteral("The event store is not open.");
        return false;
    }
    // Checked when it was first opened; a reopen only glances (the rest of a
    // long check is not repeated).
    m_store->setIntegrityBudget(50);
    return SharedMemoryFile::prepare(m_path, error) && m_store->open(m_path, error) &&
           (m_pageLimit == 0 || m_store->setPageLimit(m_pageLimit)) &&
           (!m_readOnly || m_store->setQueryOnly(true));
}

// One transaction for the whole batch. If any record fails, the whole batch
// is rolled back and every ticket in it is answered 503: nothing in it was
// acknowledged, and SaleSmartly retries (at-least-once; duplicates are folded
// by the dedupe key), so failing the innocent records too costs a retry,
// never an event.
void StoreWriter::commitPending()
{
    m_commitScheduled = false;
    m_pendingRefused += m_throttle.takeSummaries(m_clock());
    scheduleSummaries();
    if (m_pending.isEmpty() && m_pendingRefused.isEmpty())
        return;
    const QList<quint64> tickets = std::exchange(m_pendingTickets, {});
    const QList<EventRecord> batch = std::exchange(m_pending, {});
    const QList<RefusedRecord> refused = std::exchange(m_pendingRefused, {});
    QString error;
    const bool ok = writeBatch(tickets, batch, refused, &error);
    if (!tickets.isEmpty())
        Q_EMIT committed(tickets, ok, error);
    if (ok) {
        Q_EMIT appended(m_store->maxEventId(), m_store->maxRefusedId());
        if (!m_textTimer->isActive() && m_store->unindexedTextEvents() > 0)
            m_textTimer->start();
    }
}

// The text of the last events of a burst, which no commit of a full batch
// indexed (EventStore::commit): in a transaction of their own once the
// deliveries pause. A failure leaves them to the next commit or open.
void StoreWriter::indexPendingText()
{
    if (m_commitScheduled || !m_pending.isEmpty()) {
        m_textTimer->start(); // deliveries first
        return;
    }
    if (!m_fault.isFault() && m_store->isOpen())
        m_store->indexPendingText();
}

bool StoreWriter::writeBatch(const QList<quint64> &tickets, const QList<EventRecord> &events,
                             const QList<RefusedRecord> &refused, QString *error)
{
    bool ok = storeReady(error) && m_store->beginTransaction();
    for (qsizetype i = 0; ok && i < events.size(); ++i) {
        const std::optional<EventStore::AppendResult> stored = m_store->append(events.at(i));
        // A duplicate was queued (or not) when its event was new.
        ok = stored && (stored->duplicate || queueForwards(stored->eventId, events.at(i)));
    }
    for (qsizetype i = 0; ok && i < refused.size(); ++i)
        ok = m_store->appendRefused(refused.at(i)).has_value();
    if (ok && !refused.isEmpty())
        ok = m_store->trimRefused(m_limits.maxRows, m_limits.maxTableBytes,
                                  refused.size() + kTrimBatch) >= 0;
    ok = ok && m_store->commit();
    if (ok) {
        if (m_fault.isFault())
            recover();
        else if (lowOnSpace())
            m_store->checkpoint(false);
        return true;
    }
    if (error->isEmpty())
        *error = m_store->lastError();
    m_store->rollback();
    noteFailure(*error);
    if (!m_fault.isFault()) {
        // A problem with these records, not with the store: said per batch.
        qCWarning(lcCore).noquote()
            << QStringLiteral("Could not commit %1 events (answered 503) and %2 refused "
                              "deliveries: %3")
                   .arg(tickets.size())
                   .arg(refused.size())
                   .arg(*error);
    }
    return false;
}

// Each commit appends its pages to the WAL (some 50 KB for one delivery
// with its indices), and the writer moves them into the file only every
// 4,000 pages (16 MB, kWriterCheckpointPages): on a nearly full disk the WAL
// would fill it long before.
// There, every commit is followed by a passive checkpoint, so that the WAL
// is reused from its start instead of growing (docs/store-faults.md).
bool StoreWriter::lowOnSpace() const
{
    // statvfs, not QStorageInfo: that one reads the mount table each time,
    // which was 2% of the receiver's instructions at one check per commit.
    if (m_spacePath.isEmpty())
        return false;
    struct statvfs volume = {};
    if (::statvfs(m_spacePath.constData(), &volume) != 0)
        return false;
    return qint64(volume.f_bavail) * qint64(volume.f_frsize) < m_lowSpaceBytes;
}

// A second of refusals that ended with a summary still held is written when
// it is over, even if nothing else arrives.
void StoreWriter::scheduleSummaries()
{
    const qint64 due = m_throttle.nextDueMs();
    if (due < 0) {
        m_summaryTimer->stop();
        return;
    }
    m_summaryTimer->start(int(std::clamp<qint64>(due - m_clock() + 1, 0, 1000)));
}
