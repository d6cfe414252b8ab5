#pragma once

#include "ingest/receiverconfig.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

// What this machine can be called by from elsewhere: read once from the
// network interfaces, injected so that the URL rules are testable.
struct HostFacts {
    QString firstIpv4; // the first non-loopback IPv4 address of an interface that is up
    QString hostName;

    static HostFacts ofThisMachine();
};

// The webhook URL a user pastes into SaleSmartly, as shown in the status bar
// and copied by Copy URL (docs/connect-salesmartly.md). Pure functions.
class WebhookUrl final {
    Q_DECLARE_TR_FUNCTIONS(WebhookUrl)

public:
    static constexpr int kMaxLength = 2048;

    // The public URL if one is set (and valid); else the listen URL with the
    // real port, where a wildcard bind (0.0.0.0, ::, empty) is replaced by
    // this machine's first IPv4 address, else its host name, else
    // 127.0.0.1; https when the receiver has TLS files.
    static QString shown(const ReceiverConfig &config, quint16 actualPort, const QString &publicUrl,
                         const HostFacts &host);
    // 0.0.0.0, ::, [::] or empty: every interface.
    static bool isWildcard(const QString &host);
    // A public URL as typed: http or https with a host, at most kMaxLength
    // characters, no user name or password. Returns it normalised, or
    // nothing with *error saying why. Empty text is "none" (an empty string).
    static std::optional<QString> checkPublic(const QString &text, QString *error);
};
