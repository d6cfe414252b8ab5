#include "testsupportguard.h"

#include "connectionguard.h"
#include "httpanswerreader.h"
#include "webhookhttpserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

GuardHarness::GuardHarness(GuardSettings settings, QObject *parent)
    : QObject(parent)
    , m_guard(new ConnectionGuard(std::move(settings), this))
    , m_http(new WebhookHttpServer(
          [this](IncomingRequest &&request, HttpReply &&reply) {
              handle(std::move(request), std::move(reply));
          },
          this))
{
}

GuardHarness::~GuardHarness()
{
    m_held.clear();
    delete m_guard;
}

bool GuardHarness::listen()
{
    if (!m_guard->listen(QHostAddress::LocalHost, 0))
        return false;
    m_http->bind(m_guard);
    return true;
}

quint16 GuardHarness::port() const
{
    return m_guard->serverPort();
}

void GuardHarness::releaseHeld()
{
    for (auto &reply : m_held)
        reply.send(200, R"({"held":true})");
    m_held.clear();
}

void GuardHarness::handle(IncomingRequest &&request, HttpReply &&reply)
{
    m_seen.append(request);
    if (request.path == QLatin1String("/held")) {
        m_held.push_back(std::move(reply));
        return;
    }
    if (request.path == QLatin1String("/health")) {
        reply.send(200, R"({"status":"ok"})");
        return;
    }
    const QJsonObject echo{{QStringLiteral("method"), QString::fromLatin1(request.method)},
                           {QStringLiteral("path"), request.path},
                           {QStringLiteral("peer"), request.peer},
                           {QStringLiteral("bytes"), request.body.size()}};
    reply.send(200, QJsonDocument(echo).toJson(QJsonDocument::Compact));
}

GuardSettings testGuardSettings()
{
    GuardSettings settings;
    settings.limits.maxHeadBytes = 32 * 1024;
    settings.limits.maxBodyBytes = 64 * 1024;
    return settings;
}

bool connectClient(QTcpSocket &socket, quint16 port, const QString &source)
{
    if (!source.isEmpty() && !socket.bind(QHostAddress(source), 0))
        return false;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000);
}

QList<int> statuses(const QByteArray &raw)
{
    HttpAnswerReader reader;
    reader.feed(raw);
    QList<int> found;
    while (const auto answer = reader.take())
        found.append(answer->status);
    return found;
}

QByteArray readAnswers(QTcpSocket &socket, int count, int timeoutMs)
{
    QByteArray raw;
    [[maybe_unused]] const bool done = QTest::qWaitFor(
        [&] {
            raw += socket.readAll();
            return statuses(raw).size() >= count ||
                   socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    return raw + socket.readAll();
}

bool waitClosed(QTcpSocket &socket, int timeoutMs)
{
    return QTest::qWaitFor(
        [&] {
            socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
}
