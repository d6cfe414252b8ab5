#include "receiver.h"

#include "connectionguard.h"
#include "filelimit.h"
#include "ingest/deliverydecision.h"
#include "ingest/eventwriter.h"
#include "serverlog.h"
#include "store/storelocation.h"
#include "tlscredentials.h"
#include "webhookhttpserver.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace {

constexpr int kStatsIntervalMs = 250;

// /health is answered to anyone who reaches the port: a PostgreSQL store
// is named by its database alone, never its user, host or password.
QString shownDatabase(const QString &store)
{
    if (!StoreLocation::looksLikePostgres(store))
        return store;
    const std::optional<StoreLocation> location = StoreLocation::parse(store);
    return QStringLiteral("postgresql:") + (location ? location->databaseName() : QString());
}

} // namespace

Receiver::Receiver(const ReceiverConfig &config, EventWriter *writer, const QString &databasePath,
                   QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_processor(config)
    , m_writer(writer)
    , m_databasePath(databasePath)
    , m_drainLimit(this) // a child, so it moves to the server thread with us
{
    qRegisterMetaType<ReceiverStats>();
    // The writer lives on its own thread: this connection is queued, and the
    // answers are written here, on the sockets' thread.
    connect(writer, &EventWriter::committed, this, &Receiver::onCommitted);
    // While the store cannot take writes, deliveries are answered 503 at once
    // and /health says why (docs/store-faults.md).
    connect(writer, &EventWriter::faultChanged, this,
            [this](const StoreFault &fault) { m_storeFault = fault; });
    m_drainLimit.setSingleShot(true);
    connect(&m_drainLimit, &QTimer::timeout, this, &Receiver::finishDrain);
    m_rateClock.start();
}

Receiver::~Receiver() = default;

quint16 Receiver::listen(QString *error)
{
    QHostAddress address;
    if (m_config.host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(m_config.host)) {
        *error = QStringLiteral("\"%1\" is not an IP address to listen on").arg(m_config.host);
        return 0;
    }
    GuardSettings settings;
    if (!guardSettings(&settings, error))
        return 0;
    FileLimit::raiseToHard(); // before the guard derives its cap from it
    m_tcp = new ConnectionGuard(std::move(settings), this);
    if (!m_tcp->listen(address, m_config.port)) {
        const bool inUse = m_tcp->serverError() == QAbstractSocket::AddressInUseError;
        *error = inUse ? QStringLiteral("%1 is already in use by another program")
                             .arg(m_config.listenText())
                       : QStringLiteral("cannot listen on %1: %2")
                             .arg(m_config.listenText(), m_tcp->errorString());
        delete m_tcp;
        m_tcp = nullptr;
        return 0;
    }
    countGuardRefusals();
    m_http = new WebhookHttpServer(
        [this](IncomingRequest &&request, HttpReply &&reply) {
            handle(std::move(request), std::move(reply));
        },
        this);
    m_http->bind(m_tcp);
    m_port = m_tcp->serverPort();
    m_accepting = true;
    qCDebug(lcServer) << "listening on" << m_config.url(m_port);
    return m_port;
}

bool Receiver::guardSettings(GuardSettings *settings, QString *error) const
{
    const GuardLimits &guard = m_config.guard;
    settings->limits.maxHeadBytes = guard.maxHeadBytes;
    settings->limits.maxBodyBytes = m_config.maxBodyBytes;
    settings->limits.headTimeoutMs = guard.headTimeoutMs;
    settings->limits.bodyTimeoutMs = guard.bodyTimeoutMs;
    settings->limits.idleTimeoutMs = guard.idleTimeoutMs;
    settings->maxConnectionsPerAddress = guard.maxConnectionsPerAddress;
    settings->maxConnections = guard.maxConnections;
    if (!settings->proxies.parse(m_config.trustedProxies, error))
        return false;
    if (m_config.usesTls()) {
        settings->tls = TlsCredentials::load(m_config.tlsCertPath, m_config.tlsKeyPath, error);
        if (!settings->tls)
            return false;
    }
    return true;
}

void Receiver::countGuardRefusals()
{
    connect(m_tcp, &ConnectionGuard::refused, this, [this] {
        ++m_stats.refused;
        publishStats();
    });
    connect(m_tcp, &ConnectionGuard::turnedAway, this, [this] {
        ++m_stats.turnedAway;
        publishStats();
    });
}

void Receiver::startListening()
{
    QString error;
    const quint16 port = listen(&error);
    Q_EMIT listened(port, error);
}

void Receiver::drain(int timeoutMs)
{
    m_accepting = false;
    if (m_tcp)
        m_tcp->close();
    m_draining = true;
    if (m_waiting.empty()) {
        finishDrain();
        return;
    }
    m_drainLimit.start(timeoutMs);
}

void Receiver::finishDrain()
{
    if (!m_draining)
        return;
    m_draining = false;
    m_drainLimit.stop();
    if (!m_waiting.empty())
        qCWarning(lcServer) << m_waiting.size()
                            << "deliveries were not committed in time; their connections close";
    if (m_tcp)
        m_tcp->flushAnswers(); // answers still in the guard's relays reach their clients
    Q_EMIT drained(stats());
}

ReceiverStats Receiver::stats() const
{
    ReceiverStats s = m_stats;
    s.pending = m_waiting.size();
    return s;
}

void Receiver::handle(IncomingRequest &&request, HttpReply &&reply)
{
    if (request.method == "GET" && request.path == QLatin1String("/health")) {
        answerHealth(reply);
        return;
    }
    ++m_stats.received;
    if (!m_accepting || !m_writer || m_storeFault.isFault()) {
        ++m_stats.failed;
        reply.send(503, DeliveryProcessor::errorBody(503, m_storeFault.isFault()
                                                              ? m_storeFault.reason
                                                              : QStringLiteral("shutting down")));
        publishStats();
        return;
    }
    DeliveryDecision decision = m_processor.process(request);
    if (decision.refused) {
        QMetaObject::invokeMethod(
            m_writer, [w = m_writer, r = std::move(*decision.refused)] { w->submitRefused(r); },
            Qt::QueuedConnection);
    }
    if (decision.status != 200 || !decision.event) {
        ++m_stats.refused;
        reply.send(decision.status, decision.responseBody);
        publishStats();
        return;
    }
    const quint64 ticket = ++m_nextTicket;
    m_waiting.emplace(ticket, Held{std::move(reply), isVerified(decision.event->verification)});
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, ticket, e = std::move(*decision.event)] { w->submit(ticket, e); },
        Qt::QueuedConnection);
}

// 503 while the store cannot commit, with the fault's word and sentence, so
// that a monitor sees what the window's banner shows.
void Receiver::answerHealth(HttpReply &reply) const
{
    const ReceiverStats s = stats();
    const bool fault = m_storeFault.isFault();
    const QString word = fault         ? QStringLiteral("store-fault")
                         : m_accepting ? QStringLiteral("ok")
                                       : QStringLiteral("stopping");
    QJsonObject status{
        {QStringLiteral("status"), word},
        {QStringLiteral("version"), QStringLiteral(HOOKSCOPE_VERSION)},
        {QStringLiteral("path"), m_processor.webhookPath()},
        {QStringLiteral("policy"), policyWord(m_config.policy)},
        {QStringLiteral("database"), shownDatabase(m_databasePath)},
        {QStringLiteral("received"), static_cast<qint64>(s.received)},
        {QStringLiteral("stored"), static_cast<qint64>(s.stored)},
        {QStringLiteral("refused"), static_cast<qint64>(s.refused)},
        {QStringLiteral("failed"), static_cast<qint64>(s.failed)},
        {QStringLiteral("pending"), static_cast<qint64>(s.pending)},
    };
    if (fault) {
        status.insert(QStringLiteral("store"), m_storeFault.word());
        status.insert(QStringLiteral("reason"), m_storeFault.reason);
    }
    reply.send(fault ? 503 : 200, QJsonDocument(status).toJson(QJsonDocument::Compact));
}

void Receiver::onCommitted(const QList<quint64> &tickets, bool ok, const QString &error)
{
    const QByteArray body =
        ok ? DeliveryProcessor::successBody()
           : DeliveryProcessor::errorBody(503, QStringLiteral("could not store: %1").arg(error));
    for (const quint64 ticket : tickets) {
        const auto it = m_waiting.find(ticket);
        if (it == m_waiting.end())
            continue;
        it->second.reply.send(ok ? 200 : 503, body);
        // Counted as the answer goes out: a delivery whose commit failed was
        // not stored, so it is neither stored nor verified.
        if (ok) {
            ++m_stats.stored;
            if (it->second.verified)
                ++m_stats.verified;
        } else {
            ++m_stats.failed;
        }
        m_waiting.erase(it);
    }
    // The writer reports a store fault once when it begins (not per delivery).
    if (!ok)
        qCDebug(lcServer) << "store commit failed; answered 503:" << error;
    publishStats();
    if (m_draining && m_waiting.empty())
        finishDrain();
}

void Receiver::publishStats()
{
    if (m_statsScheduled)
        return;
    m_statsScheduled = true;
    QTimer::singleShot(kStatsIntervalMs, this, [this] {
        m_statsScheduled = false;
        const qint64 elapsed = m_rateClock.restart();
        ReceiverStats s = stats();
        s.ratePerSecond =
            elapsed > 0 ? 1000.0 * double(s.stored - m_rateBase) / double(elapsed) : 0;
        m_rateBase = s.stored;
        m_stats.ratePerSecond = s.ratePerSecond;
        Q_EMIT statsChanged(s);
        if (s.ratePerSecond > 0)
            publishStats(); // so the shown rate falls back to 0 when traffic stops
    });
}
