#include "forwardworker.h"

#include "forwardrequest.h"
#include "store/eventstore.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace {

Q_LOGGING_CATEGORY(lcForward, "hookscope.forward")

// The due timer never sleeps longer than this: a clock set back or forward
// is noticed within a minute.
constexpr qint64 kMaxSleepMs = 60'000;
// A failed commit of an outcome is tried again after this long.
constexpr int kRecordRetryMs = 1000;
// countsChanged() at most this often.
constexpr int kCountsIntervalMs = 250;
// Retry-After is honoured up to this (beyond, maxRetryMs still caps it).
constexpr qint64 kMaxRetryAfterSeconds = 24 * 3600;

bool retryable(int status)
{
    return status == 0 || status == 408 || status == 429 || (status >= 500 && status <= 599);
}

// "Retry-After: <seconds>" in ms, -1 when absent or not seconds.
qint64 retryAfterMs(const QNetworkReply *reply)
{
    bool ok = false;
    const qint64 seconds =
        reply->rawHeader(QByteArrayLiteral("Retry-After")).trimmed().toLongLong(&ok);
    if (!ok || seconds < 0)
        return -1;
    return std::min(seconds, kMaxRetryAfterSeconds) * 1000;
}

} // namespace

ForwardWorker::ForwardWorker(const ForwardPolicy &policy, std::function<qint64()> clock,
                             const QString &databasePath, const QStringList &targets)
    : m_policy(policy)
    , m_clock(std::move(clock))
    , m_databasePath(databasePath)
    , m_targets(targets)
{
}

ForwardWorker::~ForwardWorker() = default;

ForwardWorker::Outcome ForwardWorker::judge(const ForwardRecord &row, int status,
                                            const QString &answer, qint64 nowMs, qint64 retryAfter,
                                            const ForwardPolicy &policy)
{
    Outcome o;
    o.attemptAtMs = nowMs;
    o.status = status;
    o.answer = answer;
    if (status >= 200 && status <= 299) {
        o.state = ForwardState::Forwarded;
        return o;
    }
    if (!retryable(status)) {
        o.state = ForwardState::GivenUp;
        return o;
    }
    const qint64 deadline = row.queuedAtMs + policy.giveUpAfterMs;
    if (nowMs >= deadline) {
        o.state = ForwardState::GivenUp;
        return o;
    }
    qint64 delay = policy.retryDelayMs(row.attempts + 1);
    if (retryAfter >= 0)
        delay = std::clamp(retryAfter, delay, std::max(delay, policy.maxRetryMs));
    o.state = ForwardState::Pending;
    // The last attempt falls on the deadline itself, not before it.
    o.nextAttemptAtMs = std::min(nowMs + delay, deadline);
    return o;
}

void ForwardWorker::open()
{
    m_store = std::make_unique<EventStore>();
    // The writer reports store faults; here a failure is one line at debug.
    m_store->setQuiet(true);
    m_store->setIntegrityBudget(50); // the writer checked the file when it opened it
    QString error;
    if (!m_store->open(m_databasePath, &error)) {
        m_store.reset();
        Q_EMIT opened(false, error);
        return;
    }
    m_network = new QNetworkAccessManager(this);
    // Each target gets its own connections; the cap is ours (maxInFlightPerTarget).
    m_network->setAutoDeleteReplies(false);
    m_dueTimer = new QTimer(this);
    m_dueTimer->setSingleShot(true);
    connect(m_dueTimer, &QTimer::timeout, this, &ForwardWorker::scheduleScan);
    m_countsTimer = new QTimer(this);
    m_countsTimer->setSingleShot(true);
    m_countsTimer->setInterval(kCountsIntervalMs);
    connect(m_countsTimer, &QTimer::timeout, this, [this] {
        if (m_store)
            Q_EMIT countsChanged(m_store->forwardCounts());
    });
    Q_EMIT opened(true, QString());
    Q_EMIT countsChanged(m_store->forwardCounts());
    scheduleScan(); // resumes what a previous run left pending
}

void ForwardWorker::scheduleScan()
{
    if (m_scanScheduled || m_stopping || !m_store)
        return;
    m_scanScheduled = true;
    QMetaObject::invokeMethod(this, &ForwardWorker::scan, Qt::QueuedConnection);
}

void ForwardWorker::scan()
{
    m_scanScheduled = false;
    if (m_stopping || !m_store)
        return;
    const qint64 now = m_clock();
    if (!flushUnrecorded()) {
        m_dueTimer->start(kRecordRetryMs);
        return;
    }
    const int cap = std::max(1, m_policy.maxInFlightPerTarget);
    for (const QString &target : std::as_const(m_targets)) {
        const int busy = m_inFlightPerTarget.value(target);
        if (busy >= cap)
            continue;
        // The rows in flight are due too: ask for enough to skip them.
        const QList<ForwardRecord> due =
            m_store->dueForwards(now, cap + int(m_busyIds.size()), target);
        int free = cap - busy;
        for (const ForwardRecord &row : due) {
            if (free == 0)
                break;
            if (m_busyIds.contains(row.id))
                continue;
            send(row);
            --free;
        }
    }
    armTimer(now);
}

// Rows due now but beyond a target's cap are taken when a request of that
// target ends (onFinished schedules a scan); the timer is for later rows.
void ForwardWorker::armTimer(qint64 nowMs)
{
    const std::optional<qint64> next = m_store->nextForwardDue(nowMs, m_targets);
    if (!next) {
        m_dueTimer->stop();
        return;
    }
    m_dueTimer->start(int(std::clamp<qint64>(*next - nowMs, 0, kMaxSleepMs)));
}

void ForwardWorker::send(const ForwardRecord &row)
{
    const std::optional<EventRecord> event = m_store->event(row.eventId);
    if (!event) {
        // Deleted (or unreadable now): a read error is retried like a
        // failed attempt would be; a missing event is given up.
        const bool missing = m_store->lastError().isEmpty();
        if (missing) {
            Outcome gone;
            gone.state = ForwardState::GivenUp;
            gone.attemptAtMs = m_clock();
            gone.answer = QStringLiteral("The event is no longer in the store.");
            m_busyIds.insert(row.id);
            record(row.id, gone);
        }
        return;
    }
    const ForwardRequest request =
        ForwardRequest::forEvent(*event, m_store->deliveries(row.eventId), QUrl(row.target));
    QNetworkReply *reply =
        m_network->post(request.networkRequest(m_policy.attemptTimeoutMs), request.body);
    // The transfer timeout is one of inactivity: an answer dripping a byte
    // at a time would hold the slot for ever. The attempt as a whole ends
    // at the same limit.
    QTimer::singleShot(m_policy.attemptTimeoutMs, reply, [reply] {
        if (reply->isRunning())
            reply->abort();
    });
    m_inFlight.insert(reply, {row, {}});
    m_inFlightPerTarget[row.target] += 1;
    m_busyIds.insert(row.id);
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onReadyRead(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

// Only the first kMaxAnswerBytes of an answer are kept; the rest is read
// and dropped, so a huge answer costs no memory.
void ForwardWorker::onReadyRead(QNetworkReply *reply)
{
    const auto it = m_inFlight.find(reply);
    if (it == m_inFlight.end() || !reply->isOpen())
        return;
    const qint64 room = ForwardRequest::kMaxAnswerBytes - it->answer.size();
    if (room > 0)
        it->answer += reply->read(room);
    reply->readAll();
}

void ForwardWorker::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (m_stopping || !m_inFlight.contains(reply))
        return;
    onReadyRead(reply);
    const InFlight done = m_inFlight.take(reply);
    int &busy = m_inFlightPerTarget[done.row.target];
    busy = std::max(0, busy - 1);
    const QVariant statusValue = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusValue.isValid() ? statusValue.toInt() : 0;
    QString answer;
    if (status > 0)
        answer = QString::fromUtf8(done.answer);
    else if (reply->error() == QNetworkReply::OperationCanceledError)
        answer = QStringLiteral("No answer within %1 ms.").arg(m_policy.attemptTimeoutMs);
    else
        answer = reply->errorString();
    const Outcome outcome =
        judge(done.row, status, answer, m_clock(), retryAfterMs(reply), m_policy);
    qCDebug(lcForward).noquote() << "forward" << done.row.id << "of event" << done.row.eventId
                                 << "to" << done.row.target << "->" << status
                                 << forwardStateWord(outcome.state);
    record(done.row.id, outcome);
    scheduleScan();
}

void ForwardWorker::record(qint64 forwardId, const Outcome &outcome)
{
    m_unrecorded.insert(forwardId, outcome);
    if (!flushUnrecorded() && m_dueTimer)
        m_dueTimer->start(kRecordRetryMs);
}

// Writes every outcome not yet committed; false while one still fails. A row
// leaves m_busyIds only once its outcome is committed.
bool ForwardWorker::flushUnrecorded()
{
    for (auto it = m_unrecorded.begin(); it != m_unrecorded.end();) {
        const Outcome &o = it.value();
        const bool written = m_store->recordForwardAttempt(it.key(), o.state, o.attemptAtMs,
                                                           o.nextAttemptAtMs, o.status, o.answer);
        if (!written && !m_store->lastError().isEmpty()) {
            qCWarning(lcForward).noquote()
                << QStringLiteral("Could not record a forwarding attempt (kept, tried again): %1")
                       .arg(m_store->lastError());
            return false;
        }
        // Written, or the row is no longer pending (retried by hand, say):
        // either way nothing is left to record.
        const qint64 id = it.key();
        it = m_unrecorded.erase(it);
        m_busyIds.remove(id);
        if (written) {
            if (const std::optional<ForwardRecord> row = m_store->forward(id))
                Q_EMIT attempted(*row);
        }
        scheduleCounts();
    }
    return true;
}

void ForwardWorker::scheduleCounts()
{
    if (m_countsTimer && !m_countsTimer->isActive())
        m_countsTimer->start();
}

void ForwardWorker::shutdown()
{
    m_stopping = true;
    // Aborted requests stay pending: sent again by the next run.
    const QList<QNetworkReply *> replies = m_inFlight.keys();
    m_inFlight.clear();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    if (m_store && !m_unrecorded.isEmpty())
        flushUnrecorded();
    if (m_dueTimer)
        m_dueTimer->stop();
    if (m_countsTimer)
        m_countsTimer->stop();
    delete std::exchange(m_network, nullptr);
    if (m_store)
        m_store->close();
    m_store.reset();
    Q_EMIT shutDown();
}
