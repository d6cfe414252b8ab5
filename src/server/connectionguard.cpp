#include "connectionguard.h"

#include "filelimit.h"
#include "guardedconnection.h"
#include "serverlog.h"

#include <QDeadlineTimer>
#include <QSslSocket>
#include <QTcpSocket>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Descriptors kept free for everything else (store, logs, the window).
constexpr int kHeadroomDescriptors = 32;
constexpr int kFirstResumeDelayMs = 100;
constexpr int kLastResumeDelayMs = 1600;

int openReserve()
{
    return ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

int capFromFileLimit(int configured)
{
    const qint64 spare = FileLimit::soft() - FileLimit::openCount() - kHeadroomDescriptors;
    const qint64 fit = spare / ConnectionGuard::kDescriptorsPerConnection;
    return int(qBound(qint64(1), fit, qint64(configured)));
}

} // namespace

ConnectionGuard::ConnectionGuard(GuardSettings settings, QObject *parent)
    : QTcpServer(parent)
    , m_settings(std::move(settings))
    , m_counts(m_settings.maxConnectionsPerAddress, capFromFileLimit(m_settings.maxConnections))
    , m_resume(this)
    , m_reserveFd(openReserve())
{
    m_resume.setSingleShot(true);
    connect(&m_resume, &QTimer::timeout, this, [this] {
        if (isListening())
            resumeAccepting();
    });
    connect(this, &QTcpServer::acceptError, this, &ConnectionGuard::onAcceptError);
    if (m_counts.totalCap() < m_settings.maxConnections)
        qCWarning(lcServer) << "the open-file limit allows" << m_counts.totalCap()
                            << "connections, not" << m_settings.maxConnections;
}

ConnectionGuard::~ConnectionGuard()
{
    close();
    // Connections release their counts as they go: before m_counts does.
    qDeleteAll(findChildren<GuardedConnection *>(Qt::FindDirectChildrenOnly));
    if (m_reserveFd >= 0)
        ::close(m_reserveFd);
}

void ConnectionGuard::incomingConnection(qintptr handle)
{
    m_resumeDelayMs = 0;
    QHostAddress peer;
    bool trusted = false;
    if (!admit(handle, &peer, &trusted))
        return;
    int pair[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        m_counts.release(peer.toString(), trusted);
        ::close(int(handle));
        logLimited(peer.toString(), QStringLiteral("no descriptors left for a connection"));
        return;
    }
    QTcpSocket *client = m_settings.tls ? new QSslSocket : new QTcpSocket;
    auto *relay = new QTcpSocket;
    auto *inner = new QTcpSocket;
    client->setSocketDescriptor(handle);
    relay->setSocketDescriptor(pair[0]);
    inner->setSocketDescriptor(pair[1]);
    auto *connection =
        new GuardedConnection(client, relay, peer, trusted, &m_settings, &m_counts, this);
    inner->setParent(connection); // gone with the connection, whatever the HTTP server holds
    connect(connection, &GuardedConnection::refused, this, &ConnectionGuard::onRefused);
    connect(connection, &GuardedConnection::closed, this, &ConnectionGuard::onConnectionClosed);
    addPendingConnection(inner);
    connection->start();
}

// Counts the connection in, or closes it at once past a cap.
bool ConnectionGuard::admit(qintptr handle, QHostAddress *peer, bool *trusted)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(int(handle), reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        ::close(int(handle)); // already gone
        return false;
    }
    *peer = TrustedProxies::normalised(QHostAddress(reinterpret_cast<sockaddr *>(&address)));
    *trusted = m_settings.proxies.isTrusted(*peer);
    if (m_counts.acquire(peer->toString(), *trusted))
        return true;
    if (m_counts.total() >= m_counts.totalCap() && evictIdle() &&
        m_counts.acquire(peer->toString(), *trusted))
        return true;
    ::close(int(handle));
    const QString text = peer->toString();
    Q_EMIT turnedAway(text);
    logLimited(text, QStringLiteral("closed a connection from %1: %2 open from it, %3 in all")
                         .arg(text)
                         .arg(m_counts.count(text))
                         .arg(m_counts.total()));
    return false;
}

// Every place is taken: the connection idle the longest makes room, so
// idle connections (a flood of them, from many addresses) cannot lock new
// senders out; connections with a request under way are never closed here.
bool ConnectionGuard::evictIdle()
{
    GuardedConnection *oldest = nullptr;
    for (GuardedConnection *c : findChildren<GuardedConnection *>(Qt::FindDirectChildrenOnly)) {
        if (c->isIdle() && (!oldest || c->idleSince() < oldest->idleSince()))
            oldest = c;
    }
    if (!oldest)
        return false;
    oldest->closeNow();
    return true;
}

// Qt pauses accepting on any error but a temporary one and never resumes by
// itself (Qt 6.4, QTcpServerPrivate::readNotification); EMFILE and ENFILE
// come as SocketResourceError. Waiting clients are closed at once, as past a
// cap, with the reserve descriptor; accepting resumes after a growing delay
// or as soon as a connection closes.
void ConnectionGuard::onAcceptError(QAbstractSocket::SocketError error)
{
    ++m_shortages;
    logLimited(QString(),
               QStringLiteral("accepting failed (%1): %2").arg(int(error)).arg(errorString()));
    if (error == QAbstractSocket::SocketResourceError)
        shedPending();
    m_resumeDelayMs = qBound(kFirstResumeDelayMs, m_resumeDelayMs * 2, kLastResumeDelayMs);
    m_resume.start(m_resumeDelayMs);
}

void ConnectionGuard::shedPending()
{
    if (m_reserveFd >= 0)
        ::close(m_reserveFd);
    for (;;) {
        const int fd = ::accept4(int(socketDescriptor()), nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0)
            break;
        ::close(fd);
        Q_EMIT turnedAway(QString());
    }
    m_reserveFd = openReserve();
}

void ConnectionGuard::onConnectionClosed()
{
    if (m_resume.isActive()) {
        m_resume.stop();
        if (isListening())
            resumeAccepting();
    }
}

void ConnectionGuard::onRefused(const QString &peer, int status, const QString &reason)
{
    Q_EMIT refused(peer, status);
    logLimited(peer, QStringLiteral("answered %1 to %2: %3").arg(status).arg(peer, reason));
}

void ConnectionGuard::logLimited(const QString &peer, const QString &line)
{
    quint64 suppressed = 0;
    if (!m_log.allow(peer, QDeadlineTimer::current().deadline(), &suppressed))
        return;
    if (suppressed > 0)
        qCInfo(lcServer).noquote()
            << line << QStringLiteral("(%1 similar lines held back)").arg(suppressed);
    else
        qCInfo(lcServer).noquote() << line;
}

void ConnectionGuard::flushAnswers()
{
    const QList<GuardedConnection *> connections =
        findChildren<GuardedConnection *>(Qt::FindDirectChildrenOnly);
    for (QTcpSocket *socket : findChildren<QTcpSocket *>())
        socket->flush(); // the HTTP server's answers into the pairs
    for (GuardedConnection *connection : connections)
        connection->flushAnswers();
}
