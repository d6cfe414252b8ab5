#include "eventreplayer.h"

#include "forwardrequest.h"
#include "store/eventstore.h"
#include "store/pgeventstore.h"
#include "store/storelocation.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <algorithm>

bool EventReplayer::Report::allOk() const
{
    if (cancelled || noAnswer > 0 || done != total)
        return false;
    for (auto it = byStatus.begin(); it != byStatus.end(); ++it) {
        if (it.value() > 0 && (it.key() < 200 || it.key() > 299))
            return false;
    }
    return true;
}

QString EventReplayer::Report::summary() const
{
    QString text;
    for (auto it = byStatus.begin(); it != byStatus.end(); ++it)
        text += QStringLiteral("%1 %2\n").arg(it.key()).arg(it.value());
    if (noAnswer > 0)
        text += QStringLiteral("no answer %1\n").arg(noAnswer);
    text += QStringLiteral("total %1\n").arg(total);
    if (cancelled)
        text += QStringLiteral("cancelled after %1\n").arg(done);
    return text;
}

EventReplayer::EventReplayer(QObject *parent)
    : QObject(parent)
{
}

EventReplayer::~EventReplayer()
{
    // Replies are the network's children; aborting them first means none
    // finishes into a half-destroyed replayer.
    if (m_network) {
        const QList<QNetworkReply *> replies = m_network->findChildren<QNetworkReply *>();
        for (QNetworkReply *reply : replies) {
            reply->disconnect(this);
            reply->abort();
        }
    }
}

void EventReplayer::setConcurrency(int requestsInFlight)
{
    m_concurrency = std::clamp(requestsInFlight, 1, 64);
}

void EventReplayer::setTimeoutMs(int milliseconds)
{
    m_timeoutMs = std::max(1, milliseconds);
}

bool EventReplayer::begin(const QString &databasePath, const QUrl &target, QString *error)
{
    if (m_running) {
        if (error)
            *error = QStringLiteral("A replay is already running.");
        return false;
    }
    QUrl checked;
    if (!ForwardRequest::checkTarget(target.toString(QUrl::FullyEncoded), &checked, error))
        return false;
    m_target = checked;
    const std::optional<StoreLocation> location = StoreLocation::parse(databasePath, error);
    if (!location)
        return false;
    if (location->isPostgres()) {
        m_pgStore = std::make_unique<PgEventStore>();
        m_pgStore->setApplicationName(QStringLiteral("hookscope-replay"));
        if (!m_pgStore->openReadOnly(*location, error)) {
            m_pgStore.reset();
            return false;
        }
        return true;
    }
    m_store = std::make_unique<EventStore>();
    if (!m_store->openReadOnly(databasePath, error)) {
        m_store.reset();
        return false;
    }
    return true;
}

std::optional<QList<qint64>> EventReplayer::matchingIds(const FilterExpression &filter,
                                                        QString *error)
{
    QList<qint64> ids;
    qint64 last = 0;
    QString failure;
    if (m_pgStore) {
        const FilterExpression::Sql sql = filter.toPostgresSql();
        last = m_pgStore->maxEventId();
        if (last > 0)
            ids = m_pgStore->eventIds(0, last, sql.where, sql.binds);
        failure = m_pgStore->lastError();
    } else {
        const FilterExpression::Sql sql = filter.toSql({}, m_store->textIndex());
        last = m_store->maxEventId();
        if (last > 0)
            ids = m_store->eventIds(0, last, sql.where, sql.binds);
        failure = m_store->lastError();
    }
    if (last < 0 || (ids.isEmpty() && !failure.isEmpty())) {
        if (error)
            *error = failure;
        return std::nullopt;
    }
    return ids;
}

std::optional<EventRecord> EventReplayer::readEvent(qint64 id, QList<DeliveryRecord> *deliveries)
{
    std::optional<EventRecord> event = m_pgStore ? m_pgStore->event(id) : m_store->event(id);
    if (event)
        *deliveries = m_pgStore ? m_pgStore->deliveries(id) : m_store->deliveries(id);
    return event;
}

void EventReplayer::closeStore()
{
    m_store.reset();
    m_pgStore.reset();
}

bool EventReplayer::start(const QString &databasePath, const FilterExpression &filter,
                          const QUrl &target, QString *error)
{
    if (!filter.isValid()) {
        if (error)
            *error = filter.errorMessage();
        return false;
    }
    if (!begin(databasePath, target, error))
        return false;
    const std::optional<QList<qint64>> ids = matchingIds(filter, error);
    if (!ids) {
        closeStore();
        return false;
    }
    run(*ids);
    return true;
}

bool EventReplayer::start(const QString &databasePath, const QList<qint64> &eventIds,
                          const QUrl &target, QString *error)
{
    if (!begin(databasePath, target, error))
        return false;
    run(eventIds);
    return true;
}

void EventReplayer::run(const QList<qint64> &eventIds)
{
    m_ids = eventIds;
    m_next = 0;
    m_inFlight = 0;
    m_report = Report();
    m_report.total = m_ids.size();
    m_running = true;
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setAutoDeleteReplies(true);
    }
    // Never from inside start(): the caller connects after it returns.
    QMetaObject::invokeMethod(this, &EventReplayer::sendNext, Qt::QueuedConnection);
}

void EventReplayer::cancel()
{
    if (!m_running)
        return;
    m_report.cancelled = true;
    m_next = m_ids.size();
    const QList<QNetworkReply *> replies = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
    }
    m_inFlight = 0;
    QMetaObject::invokeMethod(this, &EventReplayer::finishIfDone, Qt::QueuedConnection);
}

void EventReplayer::sendNext()
{
    while (m_running && m_inFlight < m_concurrency && m_next < m_ids.size()) {
        const qint64 id = m_ids.at(m_next++);
        QList<DeliveryRecord> deliveries;
        const std::optional<EventRecord> event = readEvent(id, &deliveries);
        if (!event) {
            m_report.noAnswer += 1; // deleted meanwhile, or unreadable
            m_report.done += 1;
            Q_EMIT progress(m_report.done, m_report.total);
            continue;
        }
        const ForwardRequest request = ForwardRequest::forEvent(*event, deliveries, m_target);
        QNetworkReply *reply = m_network->post(request.networkRequest(m_timeoutMs), request.body);
        // Inactivity aside, the whole request ends at the same limit.
        QTimer::singleShot(m_timeoutMs, reply, [reply] {
            if (reply->isRunning())
                reply->abort();
        });
        ++m_inFlight;
        // The answer's body is not kept: drop it as it comes.
        connect(reply, &QNetworkReply::readyRead, reply, [reply] { reply->readAll(); });
        connect(reply, &QNetworkReply::finished, this, [this, reply] { onReply(reply); });
    }
    finishIfDone();
}

void EventReplayer::onReply(QNetworkReply *reply)
{
    --m_inFlight;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid() && status.toInt() > 0)
        m_report.byStatus[status.toInt()] += 1;
    else
        m_report.noAnswer += 1;
    m_report.done += 1;
    Q_EMIT progress(m_report.done, m_report.total);
    sendNext();
}

void EventReplayer::finishIfDone()
{
    if (!m_running || m_inFlight > 0 || m_next < m_ids.size())
        return;
    m_running = false;
    closeStore();
    Q_EMIT finished(m_report);
}
