#include "guardedconnection.h"

#include "addresscounts.h"
#include "guardanswer.h"

#include <QDeadlineTimer>
#include <QSslSocket>
#include <QTcpSocket>

#include <sys/socket.h>

namespace {

// What is read from the client at a time, and what its socket may buffer:
// with the framing's own buffer, the most one connection holds.
constexpr qint64 kReadChunk = 16 * 1024;
// Answers not yet taken by the client; past this the next request waits.
constexpr qint64 kMaxUnsentBytes = 64 * 1024;
// How long the input is drained after a closing answer, at most.
constexpr qint64 kMaxLingerMs = 2000;

qint64 nowMs()
{
    return QDeadlineTimer::current().deadline();
}

} // namespace

GuardedConnection::GuardedConnection(QTcpSocket *client, QTcpSocket *relay,
                                     const QHostAddress &peer, bool peerTrusted,
                                     const GuardSettings *settings, AddressCounts *counts,
                                     QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_relay(relay)
    , m_settings(settings)
    , m_counts(counts)
    , m_peer(peer)
    , m_peerTrusted(peerTrusted)
    , m_countedAs(peer.toString())
    , m_countedExempt(peerTrusted)
    , m_clientText(peer.toString())
    , m_framing(settings->limits, nowMs())
    , m_idleSince(nowMs())
    , m_timer(this)
{
    client->setParent(this);
    relay->setParent(this);
    client->setReadBufferSize(kReadChunk);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &GuardedConnection::onTimer);
    connect(client, &QTcpSocket::readyRead, this, &GuardedConnection::pump);
    connect(client, &QTcpSocket::bytesWritten, this, [this] {
        if (m_phase == Phase::Closing && m_client && m_client->bytesToWrite() == 0)
            finishWrites();
        else if (m_phase == Phase::Reading)
            pump();
    });
    connect(client, &QTcpSocket::disconnected, this, &GuardedConnection::closeNow);
    connect(client, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e != QAbstractSocket::RemoteHostClosedError)
            closeNow(); // a failed handshake or a reset; a close comes as disconnected()
    });
    connect(relay, &QTcpSocket::readyRead, this, &GuardedConnection::onAnswerBytes);
    connect(relay, &QTcpSocket::disconnected, this, &GuardedConnection::onRelayGone);
}

GuardedConnection::~GuardedConnection()
{
    if (!m_closed)
        m_counts->release(m_countedAs, m_countedExempt);
}

bool GuardedConnection::isIdle() const
{
    return !m_closed && m_phase == Phase::Reading &&
           m_framing.state() == HttpFraming::State::Idle && m_inbox.isEmpty() && m_client &&
           m_client->bytesAvailable() == 0 && m_client->bytesToWrite() == 0;
}

void GuardedConnection::start()
{
    auto *tls = qobject_cast<QSslSocket *>(m_client.data());
    if (!tls) {
        armTimer();
        pump();
        return;
    }
    // The handshake counts against the head timeout.
    m_phase = Phase::Handshake;
    m_framing.startHeadClock(nowMs());
    connect(tls, &QSslSocket::encrypted, this, [this] {
        m_phase = Phase::Reading;
        pump();
    });
    tls->setSslConfiguration(*m_settings->tls);
    tls->startServerEncryption();
    armTimer();
}

void GuardedConnection::pump()
{
    if (m_phase == Phase::Closing) {
        discardInput();
        return;
    }
    if (m_phase != Phase::Reading || !m_client)
        return;
    while (m_client->bytesToWrite() <= kMaxUnsentBytes) {
        if (m_inbox.isEmpty())
            m_inbox = m_client->read(kReadChunk);
        if (m_inbox.isEmpty())
            break;
        const qsizetype used = m_framing.feed(m_inbox, nowMs());
        m_inbox.remove(0, used);
        if (m_framing.state() == HttpFraming::State::Failed) {
            refuse(m_framing.errorStatus(), m_framing.errorText());
            return;
        }
        if (m_framing.wantsContinue()) {
            m_client->write(GuardAnswer::continueInterim());
            m_framing.continueSent();
        }
        if (m_framing.state() == HttpFraming::State::Complete) {
            forward();
            return;
        }
    }
    armTimer();
}

void GuardedConnection::forward()
{
    const HttpRequestHead &head = m_framing.head();
    const QHostAddress client =
        m_settings->proxies.client(m_peer, head.values(QByteArrayLiteral("x-forwarded-for")));
    if (!attribute(client)) {
        refuse(429, QStringLiteral("too many connections from %1").arg(client.toString()));
        return;
    }
    m_isHead = head.isHead();
    m_closeAfter = !head.keepAlive;
    m_http10 = head.minorVersion == 0;
    const QByteArray body = m_framing.takeBody();
    m_relay->write(head.forwarded(body.size(), peerHeader(), m_clientText.toLatin1()));
    m_relay->write(body);
    m_phase = Phase::Forwarded;
    m_timer.stop(); // no deadline while the answer is awaited (it may wait for the store)
}

// Behind a trusted proxy the connection counts under its current client.
bool GuardedConnection::attribute(const QHostAddress &client)
{
    m_clientText = client.toString();
    if (!m_peerTrusted || m_settings->proxies.isTrusted(client))
        return true;
    if (m_clientText == m_countedAs && !m_countedExempt)
        return true;
    if (!m_counts->move(m_countedAs, m_countedExempt, m_clientText))
        return false;
    m_countedAs = m_clientText;
    m_countedExempt = false;
    return true;
}

void GuardedConnection::onAnswerBytes()
{
    if (!m_relay)
        return;
    m_answers.feed(m_relay->readAll());
    while (const auto answer = m_answers.take()) {
        if (m_phase != Phase::Forwarded) {
            beginClosing(); // an answer nobody asked for: trust nothing more
            return;
        }
        deliver(*answer);
        if (m_phase != Phase::Reading)
            return;
    }
    if (m_answers.failed() && m_phase == Phase::Forwarded)
        sendError(500, QStringLiteral("the server's answer was malformed"));
}

void GuardedConnection::deliver(const HttpAnswerReader::Answer &answer)
{
    QByteArray out = answer.head;
    if (m_closeAfter)
        out += "Connection: close\r\n";
    else if (m_http10)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (!m_isHead)
        out += answer.body;
    m_client->write(out);
    if (m_closeAfter) {
        beginClosing();
        return;
    }
    m_phase = Phase::Reading;
    m_idleSince = nowMs();
    m_framing.next(m_idleSince);
    pump();
}

void GuardedConnection::onRelayGone()
{
    // The HTTP server dropped its side: what it did not answer never will be.
    if (m_phase == Phase::Forwarded)
        sendError(500, QStringLiteral("the request was not answered"));
    else if (m_phase != Phase::Closing)
        beginClosing();
}

void GuardedConnection::onTimer()
{
    if (m_phase == Phase::Closing) {
        if (nowMs() >= m_lingerUntil)
            closeNow();
        else
            armTimer();
        return;
    }
    switch (m_framing.expired(nowMs())) {
    case HttpFraming::Timeout::None:
        armTimer();
        return;
    case HttpFraming::Timeout::Idle:
        closeNow();
        return;
    case HttpFraming::Timeout::Head:
    case HttpFraming::Timeout::Body:
        if (m_phase == Phase::Handshake)
            closeNow(); // no TLS yet, so no way to answer
        else
            refuse(408, QStringLiteral("the request did not arrive in time"));
        return;
    }
}

void GuardedConnection::armTimer()
{
    const qint64 deadline = m_phase == Phase::Closing ? m_lingerUntil : m_framing.deadline();
    if (deadline < 0) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(qBound(qint64(0), deadline - nowMs(), qint64(24 * 3600 * 1000))));
}

void GuardedConnection::refuse(int status, const QString &reason)
{
    Q_EMIT refused(m_clientText, status, reason);
    sendError(status, reason);
}

void GuardedConnection::sendError(int status, const QString &reason)
{
    if (m_client && m_client->state() == QAbstractSocket::ConnectedState)
        m_client->write(GuardAnswer::error(status, reason));
    beginClosing();
}

// Nothing more is read or forwarded; the input is drained for a moment so
// that closing does not reset the connection before the answer is read.
void GuardedConnection::beginClosing()
{
    if (m_phase == Phase::Closing)
        return;
    m_phase = Phase::Closing;
    m_inbox.clear();
    m_inbox.squeeze();
    if (m_relay)
        m_relay->abort();
    m_lingerUntil = nowMs() + qMin<qint64>(kMaxLingerMs, m_settings->limits.idleTimeoutMs);
    armTimer();
    if (!m_client || m_client->bytesToWrite() == 0)
        finishWrites();
    discardInput();
}

void GuardedConnection::finishWrites()
{
    if (m_writesFinished || !m_client)
        return;
    m_writesFinished = true;
    if (qobject_cast<QSslSocket *>(m_client.data())) {
        m_client->disconnectFromHost(); // close_notify, then closes
        return;
    }
    // Half-close: the client sees the end of the answer at once.
    ::shutdown(int(m_client->socketDescriptor()), SHUT_WR);
}

void GuardedConnection::discardInput()
{
    char sink[4096];
    while (m_client && m_client->read(sink, sizeof sink) > 0) {
    }
}

void GuardedConnection::closeNow()
{
    if (m_closed)
        return;
    m_closed = true;
    m_counts->release(m_countedAs, m_countedExempt); // its place is free at once
    m_timer.stop();
    if (m_relay)
        m_relay->abort();
    if (m_client)
        m_client->abort();
    Q_EMIT closed();
    deleteLater();
}

void GuardedConnection::flushAnswers()
{
    if (m_relay && m_relay->waitForReadyRead(0))
        onAnswerBytes();
    if (m_client)
        m_client->flush();
}
