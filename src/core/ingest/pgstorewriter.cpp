#include "ingest/pgstorewriter.h"

#include "corelog.h"
#include "store/pgeventstore.h"
#include "store/storelocation.h"

#include <QDateTime>

#include <algorithm>
#include <limits>
#include <utility>

namespace {

constexpr int kDefaultProbeIntervalMs = 2000;
// Old refused rows deleted per commit at most, beyond the batch's own rows.
constexpr qint64 kTrimBatch = 1000;

} // namespace

PgStoreWriter::PgStoreWriter(QObject *parent)
    : EventWriter(parent)
    , m_store(std::make_unique<PgEventStore>())
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_probeTimer(new QTimer(this))
    , m_summaryTimer(new QTimer(this))
{
    qRegisterMetaType<EventRecord>();
    qRegisterMetaType<RefusedRecord>();
    qRegisterMetaType<QList<quint64>>();
    qRegisterMetaType<StoreFault>();
    m_probeTimer->setInterval(kDefaultProbeIntervalMs);
    connect(m_probeTimer, &QTimer::timeout, this, &PgStoreWriter::probe);
    m_summaryTimer->setSingleShot(true);
    connect(m_summaryTimer, &QTimer::timeout, this, &PgStoreWriter::scheduleCommit);
}

PgStoreWriter::~PgStoreWriter()
{
    m_pendingRefused += m_throttle.takeSummaries(std::numeric_limits<qint64>::max());
    flush();
}

void PgStoreWriter::start(const QString &url)
{
    QMetaObject::invokeMethod(
        this, [this, url] { openHere(url); }, Qt::QueuedConnection);
}

void PgStoreWriter::setRefusalLimits(const RefusalLimits &limits)
{
    m_limits = limits;
    m_throttle.setLimit(limits.perAddressPerSecond);
}

void PgStoreWriter::setForwardRules(const QList<ForwardRule> &rules)
{
    m_forwarding = std::any_of(rules.cbegin(), rules.cend(), [](const ForwardRule &rule) {
        return rule.enabled && !rule.url.isEmpty();
    });
}

void PgStoreWriter::setProbeInterval(int milliseconds)
{
    m_probeTimer->setInterval(milliseconds);
}

void PgStoreWriter::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
}

bool PgStoreWriter::connectStore(QString *error)
{
    const std::optional<StoreLocation> location = StoreLocation::parse(m_url, error);
    if (!location)
        return false;
    m_store->setApplicationName(QStringLiteral("hookscope-receiver"));
    return m_store->open(*location, error);
}

void PgStoreWriter::openHere(const QString &url)
{
    m_url = url;
    QString error;
    if (m_forwarding) {
        error = QStringLiteral("Forwarding rules are not available with a PostgreSQL store yet: "
                               "turn them off, or forward from a receiver on a SQLite store.");
        m_url.clear();
    }
    const bool ok = error.isEmpty() && connectStore(&error);
    if (!ok)
        qCWarning(lcCore).noquote() << error;
    Q_EMIT opened(ok, error);
}

void PgStoreWriter::submit(quint64 ticket, const EventRecord &record)
{
    m_pendingTickets.append(ticket);
    m_pending.append(record);
    scheduleCommit();
}

void PgStoreWriter::submitRefused(const RefusedRecord &record)
{
    if (m_throttle.admit(record))
        m_pendingRefused.append(record);
    scheduleCommit();
}

void PgStoreWriter::flush()
{
    commitPending();
}

void PgStoreWriter::scheduleCommit()
{
    if (m_commitScheduled)
        return;
    m_commitScheduled = true;
    QMetaObject::invokeMethod(this, &PgStoreWriter::commitPending, Qt::QueuedConnection);
}

// One transaction for the batch; a failure answers all of it 503, and
// SaleSmartly's retries bring it back (StoreWriter::commitPending).
void PgStoreWriter::commitPending()
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
    const bool ok = writeBatch(batch, refused, &error);
    if (!tickets.isEmpty())
        Q_EMIT committed(tickets, ok, error);
    if (ok)
        Q_EMIT appended(m_store->maxEventId(), m_store->maxRefusedId());
    else if (!m_fault.isFault())
        qCWarning(lcCore).noquote()
            << QStringLiteral("Could not commit %1 events (answered 503) and %2 refused "
                              "deliveries: %3")
                   .arg(tickets.size())
                   .arg(refused.size())
                   .arg(error);
}

bool PgStoreWriter::writeBatch(const QList<EventRecord> &events,
                               const QList<RefusedRecord> &refused, QString *error)
{
    if (m_fault.isFault() || !m_store->isOpen()) {
        *error = m_fault.isFault() ? m_fault.reason
                                   : QStringLiteral("The PostgreSQL store is not open.");
        return false;
    }
    bool ok = m_store->beginTransaction();
    for (qsizetype i = 0; ok && i < events.size(); ++i)
        ok = m_store->append(events.at(i)).has_value();
    for (qsizetype i = 0; ok && i < refused.size(); ++i)
        ok = m_store->appendRefused(refused.at(i)).has_value();
    if (ok && !refused.isEmpty())
        ok = m_store->trimRefused(m_limits.maxRows, m_limits.maxTableBytes,
                                  refused.size() + kTrimBatch) >= 0;
    ok = ok && m_store->commit();
    if (ok)
        return true;
    *error = m_store->lastError();
    m_store->rollback();
    noteFailure(*error);
    return false;
}

void PgStoreWriter::noteFailure(const QString &error)
{
    const QString state = m_store->lastSqlState();
    const StoreFault::Kind kind = StoreFault::classifyPostgres(state, m_store->ping());
    if (kind == StoreFault::Kind::None)
        return;
    m_store->close(); // reconnected by the probe
    setFault({kind, error});
}

void PgStoreWriter::setFault(const StoreFault &fault)
{
    const bool changed = fault.kind != m_fault.kind;
    m_fault = fault;
    if (!changed)
        return;
    qCWarning(lcCore).noquote()
        << QStringLiteral("The event store cannot take writes (%1): %2 Deliveries are answered "
                          "503 until it recovers.")
               .arg(fault.word(), fault.reason);
    m_probeTimer->start();
    Q_EMIT faultChanged(fault);
}

// Reconnects; the open checks the tables and the layout as at the start,
// and the recovery is said once.
void PgStoreWriter::probe()
{
    if (!m_fault.isFault() || m_url.isEmpty())
        return;
    QString error;
    if (!connectStore(&error)) {
        m_fault.reason = error;
        return;
    }
    const StoreFault was = std::exchange(m_fault, StoreFault());
    m_probeTimer->stop();
    qCInfo(lcCore).noquote() << QStringLiteral("The event store %1 takes writes again (it was %2).")
                                    .arg(m_store->displayName(), was.word());
    Q_EMIT faultChanged(m_fault);
    scheduleCommit();
}

void PgStoreWriter::scheduleSummaries()
{
    const qint64 due = m_throttle.nextDueMs();
    if (due < 0) {
        m_summaryTimer->stop();
        return;
    }
    m_summaryTimer->start(int(std::clamp<qint64>(due - m_clock() + 1, 0, 1000)));
}
