#pragma once

#include "records/verification.h"

#include <QByteArray>
#include <QString>

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

    // "HOST:PORT", with [..] around IPv6 hosts; false on a malformed value.
    bool setListen(const QString &hostPort, QString *error);
    QString listenText() const;
    // The URL printed and shown: http://HOST:PORT/PATH with the real port.
    QString url(quint16 actualPort) const;
    // Paths always start with '/'.
    static QString normalisedPath(const QString &path);
};
