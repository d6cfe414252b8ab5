#pragma once

#include "addresscounts.h"
#include "guardsettings.h"
#include "ratelimitedlog.h"

#include <QTcpServer>
#include <QTimer>

// The listening socket the HTTP server is bound to (docs/guard.md). Every
// accepted connection gets a GuardedConnection that follows its whole byte
// stream; the HTTP server only sees the far end of a local socket pair fed
// one checked request at a time. Here: the connection caps (per address and
// in all, the latter also derived from the open-file limit), and accept
// paused and resumed sanely when descriptors run out.
class ConnectionGuard final : public QTcpServer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionGuard)

public:
    // Descriptors one connection costs: the client's and the pair.
    static constexpr int kDescriptorsPerConnection = 3;

    explicit ConnectionGuard(GuardSettings settings, QObject *parent = nullptr);
    ~ConnectionGuard() override;

    int connectionCount() const { return m_counts.total(); }
    // The total cap in force: GuardLimits' cap, lowered to what the
    // open-file limit allows.
    int effectiveMaxConnections() const { return m_counts.totalCap(); }
    // How often accepting ran out of descriptors.
    quint64 descriptorShortages() const { return m_shortages; }
    // Writes out every answer the HTTP server has already given (a stop).
    void flushAnswers();

Q_SIGNALS:
    // The guard answered a request itself (400, 408, 413, 429, 431).
    void refused(const QString &peer, int status);
    // A connection was closed unanswered at a cap.
    void turnedAway(const QString &peer);

protected:
    void incomingConnection(qintptr handle) override;

private:
    bool admit(qintptr handle, QHostAddress *peer, bool *trusted);
    bool evictIdle();
    void onAcceptError(QAbstractSocket::SocketError error);
    void shedPending();
    void onConnectionClosed();
    void onRefused(const QString &peer, int status, const QString &reason);
    void logLimited(const QString &peer, const QString &line);

    GuardSettings m_settings;
    AddressCounts m_counts;
    RateLimitedLog m_log;
    QTimer m_resume;
    int m_resumeDelayMs = 0;
    int m_reserveFd = -1;
    quint64 m_shortages = 0;
};
