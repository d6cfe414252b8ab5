#include "webhooksender.h"

#include "protocol/eventparser.h"
#include "protocol/signatureverifier.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

struct WebhookSender::Connection {
    QTcpSocket *socket = nullptr;
    QByteArray buffer;
    QElapsedTimer started;
    bool busy = false;
    bool connected = false;
};

double WebhookSender::Report::ratePerSecond() const
{
    return elapsedMs > 0 ? 1000.0 * double(latenciesMs.size()) / double(elapsedMs) : 0.0;
}

double WebhookSender::Report::percentileMs(double p) const
{
    if (latenciesMs.isEmpty())
        return 0;
    QList<double> sorted = latenciesMs;
    std::sort(sorted.begin(), sorted.end());
    const auto rank = static_cast<qsizetype>(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted.at(std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1));
}

QString WebhookSender::Report::summary() const
{
    QString text = QStringLiteral("sent %1 deliveries in %2 s (%3 per second)\n")
                       .arg(sent)
                       .arg(double(elapsedMs) / 1000.0, 0, 'f', 2)
                       .arg(ratePerSecond(), 0, 'f', 0);
    for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it)
        text += QStringLiteral("  %1: %2\n").arg(it.key()).arg(it.value());
    if (connectionErrors > 0)
        text += QStringLiteral("  connection errors: %1\n").arg(connectionErrors);
    text += QStringLiteral("latency p50 %1 ms, p99 %2 ms\n")
                .arg(percentileMs(50), 0, 'f', 2)
                .arg(percentileMs(99), 0, 'f', 2);
    return text;
}

std::optional<WebhookSender::SignMode> WebhookSender::signModeFromName(QStringView name)
{
    if (name == QLatin1String("exact"))
        return SignMode::Exact;
    if (name == QLatin1String("with-timestamp"))
        return SignMode::WithTimestamp;
    if (name == QLatin1String("bad"))
        return SignMode::Bad;
    if (name == QLatin1String("none"))
        return SignMode::None;
    return std::nullopt;
}

QByteArray WebhookSender::signedQuery(const QByteArray &body, const QByteArray &secret,
                                      SignMode mode, qint64 timestampMs)
{
    const QByteArray timestamp = QByteArray::number(timestampMs / 1000);
    QByteArray query = "timestamp=" + timestamp;
    // Sign exactly what the receiver verifies: its own parser finds the data
    // text (a string-valued data is signed as its decoded content) and the
    // event name. A body it would refuse is signed over empty parts.
    const EventParser::Result parts = EventParser::parse(body);
    const QByteArray &data = parts.dataText;
    const QByteArray &event = parts.eventText;
    switch (mode) {
    case SignMode::Exact:
        return query + "&signature=" + SignatureVerifier::sign(secret, data, event);
    case SignMode::WithTimestamp:
        return query + "&signature=" + SignatureVerifier::sign(secret, data, event, timestamp);
    case SignMode::Bad:
        return query +
               "&signature=" + SignatureVerifier::sign(QByteArray(secret + "-wrong"), data, event);
    case SignMode::None:
        return query;
    }
    return query;
}

WebhookSender::WebhookSender(QObject *parent)
    : QObject(parent)
{
}

WebhookSender::~WebhookSender()
{
    qDeleteAll(m_connections);
}

void WebhookSender::start(const QUrl &url, const QByteArray &secret, SignMode mode,
                          QList<Delivery> deliveries, int concurrency)
{
    m_url = url;
    m_secret = secret;
    m_mode = mode;
    m_deliveries = std::move(deliveries);
    m_next = 0;
    m_done = 0;
    m_report = {};
    m_finished = false;
    m_clock.start();
    const int n = std::max(1, std::min<int>(concurrency, int(m_deliveries.size())));
    for (int i = 0; i < n && !m_deliveries.isEmpty(); ++i) {
        auto *c = new Connection;
        c->socket = new QTcpSocket(this);
        m_connections.append(c);
        connect(c->socket, &QTcpSocket::connected, this, [this, c] {
            c->connected = true;
            sendNext(c);
        });
        connect(c->socket, &QTcpSocket::readyRead, this, [this, c] { onReadyRead(c); });
        connect(c->socket, &QTcpSocket::disconnected, this, [this, c] { onDisconnected(c); });
        connect(c->socket, &QTcpSocket::errorOccurred, this, [this, c] {
            if (!c->connected)
                onConnectFailed(c);
        });
        c->socket->connectToHost(m_url.host(), static_cast<quint16>(m_url.port(80)));
    }
    checkDone();
}

void WebhookSender::cancel()
{
    m_next = m_deliveries.size();
    for (Connection *c : std::as_const(m_connections))
        c->socket->abort();
    checkDone();
}

void WebhookSender::sendNext(Connection *c)
{
    if (m_next >= m_deliveries.size()) {
        c->socket->disconnectFromHost();
        checkDone();
        return;
    }
    const Delivery &d = m_deliveries.at(m_next++);
    const QByteArray query =
        d.fixedQuery.isEmpty()
            ? signedQuery(d.body, m_secret, m_mode, QDateTime::currentMSecsSinceEpoch())
            : d.fixedQuery.toUtf8();
    QByteArray path = m_url.path(QUrl::FullyEncoded).toUtf8();
    if (path.isEmpty())
        path = "/";
    QByteArray request;
    request.reserve(d.body.size() + 256);
    request += "POST " + path + (query.isEmpty() ? QByteArray() : "?" + query) + " HTTP/1.1\r\n";
    request += "Host: " + m_url.host().toUtf8() + ':' + QByteArray::number(m_url.port(80)) +
               "\r\nContent-Type: application/json\r\nUser-Agent: hookscope-cli\r\n" +
               (m_testMark ? QByteArray("X-HookScope-Test: 1\r\n") : QByteArray()) +
               "Content-Length: " + QByteArray::number(d.body.size()) + "\r\n\r\n";
    request += d.body;
    c->busy = true;
    c->buffer.clear();
    c->started.start();
    ++m_report.sent;
    c->socket->write(request);
}

void WebhookSender::onReadyRead(Connection *c)
{
    c->buffer += c->socket->readAll();
    const qsizetype headEnd = c->buffer.indexOf("\r\n\r\n");
    if (!c->busy || headEnd < 0)
        return;
    const QByteArray head = c->buffer.left(headEnd);
    qint64 length = 0;
    bool close = false;
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray lower = line.trimmed().toLower();
        if (lower.startsWith("content-length:"))
            length = lower.mid(15).trimmed().toLongLong();
        else if (lower.startsWith("connection:") && lower.contains("close"))
            close = true;
    }
    if (c->buffer.size() < headEnd + 4 + length)
        return; // body still arriving
    const int status = head.mid(9, 3).toInt();
    c->buffer.remove(0, headEnd + 4 + length);
    complete(c, status);
    if (close) {
        c->socket->disconnectFromHost();
        return;
    }
    sendNext(c);
}

void WebhookSender::complete(Connection *c, int status)
{
    c->busy = false;
    m_report.latenciesMs.append(double(c->started.nsecsElapsed()) / 1e6);
    m_report.byStatus[status] += 1;
    ++m_done;
    Q_EMIT progress(m_done, m_deliveries.size());
}

void WebhookSender::onDisconnected(Connection *c)
{
    c->connected = false;
    if (c->busy) {
        // The answer never came: the delivery failed.
        c->busy = false;
        ++m_report.connectionErrors;
        ++m_done;
        Q_EMIT progress(m_done, m_deliveries.size());
    }
    if (m_next < m_deliveries.size())
        c->socket->connectToHost(m_url.host(), static_cast<quint16>(m_url.port(80)));
    checkDone();
}

void WebhookSender::onConnectFailed(Connection *c)
{
    // Nothing listens (or the host is unknown): count one delivery as failed
    // per attempt so that a dead server ends the run instead of hanging it.
    if (m_next < m_deliveries.size()) {
        ++m_next;
        ++m_report.connectionErrors;
        ++m_done;
        Q_EMIT progress(m_done, m_deliveries.size());
    }
    if (m_next < m_deliveries.size()) {
        QMetaObject::invokeMethod(
            this,
            [this, c] {
                c->socket->abort();
                c->socket->connectToHost(m_url.host(), static_cast<quint16>(m_url.port(80)));
            },
            Qt::QueuedConnection);
    }
    checkDone();
}

void WebhookSender::checkDone()
{
    if (m_finished || m_done < m_deliveries.size())
        return;
    m_finished = true;
    m_report.elapsedMs = m_clock.elapsed();
    for (Connection *c : std::as_const(m_connections))
        c->socket->disconnectFromHost();
    Q_EMIT finished();
}
