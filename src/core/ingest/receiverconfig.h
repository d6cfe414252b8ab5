#pragma once

#include "records/forwardrule.h"
#include "records/verification.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

// The connection guard's limits (src/server). Defaults are the contract in
// DESIGN.md; the GUI settings and the command line may change them.
struct GuardLimits {
    static constexpr qint64 kDefaultMaxHeadBytes = 32 * 1024;

    qint64 maxHeadBytes = kDefaultMaxHeadBytes; // 431 past this
    int headTimeoutMs = 10'000;                 // from a head's first byte; then 408
    int bodyTimeoutMs = 30'000;                 // from the head's end; then 408
    int idleTimeoutMs = 30'000;                 // no request pending; then close
    int maxConnectionsPerAddress = 64;
    int maxConnections = 1024;
};

// How refused deliveries are recorded without filling the disk.
struct RefusalLimits {
    qint64 maxBodyBytes = 64 * 1024; // kept of a refused body (size stored)
    qint64 maxQueryBytes = 8 * 1024; // kept of a refused query (size stored)
    qint64 maxRows = 100'000;        // newest kept in the refused table
    qint64 maxTableBytes = 256LL * 1024 * 1024;
    int perAddressPerSecond = 20; // past this, one summary instead
};

// Everything the receiver needs to listen and judge deliveries. Plain value;
// the GUI's settings facade and the command line both fill one.
struct ReceiverConfig {
    static constexpr quint16 kDefaultPort = 8787;
    static constexpr qint64 kDefaultMaxBodyBytes = 1024 * 1024;

    QString host = QStringLiteral("127.0.0.1");
    quint16 port = kDefaultPort; // 0 picks a free port
    QString path = QStringLiteral("/webhook");
    QByteArray secret;
    VerifyPolicy policy = VerifyPolicy::Strict;
    qint64 maxBodyBytes = kDefaultMaxBodyBytes;
    GuardLimits guard;
    RefusalLimits refusals;
    // Peers whose X-Forwarded-For names the real client (reverse proxies).
    QStringList trustedProxies;
    // HTTPS when both are set (PEM files).
    QString tlsCertPath;
    QString tlsKeyPath;
    // A timestamp further than this from the local clock is "stale".
    qint64 staleAfterMs = 10 * 60 * 1000;
    // Under the strict policy, refuse stale deliveries instead of marking them.
    bool refuseStale = false;
    // Re-send stored deliveries to the team's own systems (docs/forwarding.md).
    QList<ForwardRule> forwardRules;

    bool usesTls() const { return !tlsCertPath.isEmpty() || !tlsKeyPath.isEmpty(); }
    // Listening beyond loopback with no secret: anyone can post here.
    bool isOpenToAnyone() const;

    // "HOST:PORT", with [..] around IPv6 hosts; false on a malformed value.
    bool setListen(const QString &hostPort, QString *error);
    QString listenText() const;
    // The URL printed and shown: http(s)://HOST:PORT/PATH with the real port.
    QString url(quint16 actualPort) const;
    // Paths always start with '/'.
    static QString normalisedPath(const QString &path);
};
