#pragma once

#include "guardsettings.h"
#include "httpreply.h"
#include "ingest/incomingrequest.h"

#include <QByteArray>
#include <QList>
#include <QObject>

#include <vector>

class ConnectionGuard;
class QTcpSocket;
class WebhookHttpServer;

// A ConnectionGuard and the HTTP adapter behind it, on the test's thread,
// with a handler that answers at once (GET /health, anything else: the
// request as JSON: method, path, peer, body size) or holds the answer
// (POST /held) until releaseHeld().
class GuardHarness final : public QObject {
    Q_OBJECT

public:
    explicit GuardHarness(GuardSettings settings, QObject *parent = nullptr);
    ~GuardHarness() override;

    bool listen();
    quint16 port() const;
    ConnectionGuard *guard() const { return m_guard; }
    qsizetype heldCount() const { return qsizetype(m_held.size()); }
    void releaseHeld();
    const QList<IncomingRequest> &seen() const { return m_seen; }

private:
    void handle(IncomingRequest &&request, HttpReply &&reply);

    ConnectionGuard *m_guard = nullptr;
    WebhookHttpServer *m_http = nullptr;
    std::vector<HttpReply> m_held;
    QList<IncomingRequest> m_seen;
};

// Small limits (64 KiB head and body, 30 s timeouts, caps 64/1024).
GuardSettings testGuardSettings();
// Connects to 127.0.0.1:port, from `source` when given (127.0.0.x).
bool connectClient(QTcpSocket &socket, quint16 port, const QString &source = QString());
// Reads (running the event loop) until `count` answers are complete, the
// connection closes or timeoutMs pass; returns what arrived.
QByteArray readAnswers(QTcpSocket &socket, int count, int timeoutMs = 5000);
// The status of each complete answer in `raw`.
QList<int> statuses(const QByteArray &raw);
bool waitClosed(QTcpSocket &socket, int timeoutMs = 5000);
