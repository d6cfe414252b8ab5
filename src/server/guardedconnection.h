#pragma once

#include "guardsettings.h"
#include "httpanswerreader.h"
#include "httpframing.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>

class AddressCounts;
class QTcpSocket;

// One client connection behind the guard (docs/guard.md). It reads the
// client's bytes through HttpFraming, answers 400/408/413/431 itself, and
// hands the HTTP server one complete, normalised request at a time over a
// local socket pair; the server's answer comes back the same way and goes
// to the client before the next request is read. So answers leave in
// request order, at most one request is held, and while it is in flight the
// client is not read (TCP holds what it pipelines). Deletes itself once the
// client's connection is closed, and the relay with it.
class GuardedConnection final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardedConnection)

public:
    // `client` is connected (before its TLS handshake when settings have
    // TLS); `relay` is the guard's end of the pair. Both become children.
    GuardedConnection(QTcpSocket *client, QTcpSocket *relay, const QHostAddress &peer,
                      bool peerTrusted, const GuardSettings *settings, AddressCounts *counts,
                      QObject *parent = nullptr);
    ~GuardedConnection() override;

    void start();
    // Waiting for a next request with nothing of it read nor anything
    // unsent: what the guard may close when every place is taken.
    bool isIdle() const;
    qint64 idleSince() const { return m_idleSince; }
    void closeNow();
    // Writes to the client what the HTTP server has already answered; for a
    // stop, which must not lose answers still in the relay.
    void flushAnswers();

    // The header that carries the client's address to the HTTP server.
    static QByteArray peerHeader() { return QByteArrayLiteral("X-HookScope-Peer"); }

Q_SIGNALS:
    void refused(const QString &peer, int status, const QString &reason);
    void closed();

private:
    enum class Phase { Handshake, Reading, Forwarded, Closing };

    void pump();
    void forward();
    bool attribute(const QHostAddress &client);
    void onAnswerBytes();
    void deliver(const HttpAnswerReader::Answer &answer);
    void onRelayGone();
    void onTimer();
    void armTimer();
    void refuse(int status, const QString &reason);
    void sendError(int status, const QString &reason);
    void beginClosing();
    void finishWrites();
    void discardInput();

    QPointer<QTcpSocket> m_client;
    QPointer<QTcpSocket> m_relay;
    const GuardSettings *m_settings = nullptr;
    AddressCounts *m_counts = nullptr;
    QHostAddress m_peer;
    bool m_peerTrusted = false;
    QString m_countedAs; // the address this connection is counted under
    bool m_countedExempt = false;
    QString m_clientText; // shown for the current request
    HttpFraming m_framing;
    qint64 m_idleSince = 0; // the accept or the last answer
    HttpAnswerReader m_answers;
    QByteArray m_inbox;
    QTimer m_timer;
    Phase m_phase = Phase::Reading;
    bool m_isHead = false;
    bool m_closeAfter = false;
    bool m_http10 = false;
    bool m_writesFinished = false;
    bool m_closed = false;
    qint64 m_lingerUntil = 0;
};
