#pragma once

#include "httpframing.h"
#include "trustedproxies.h"

#include <QSslConfiguration>

#include <optional>

class AddressCounts;

// What every guarded connection of one listener shares: the limits, the
// trusted proxies, the TLS setup and the connection counts.
struct GuardSettings {
    HttpFraming::Limits limits;
    int maxConnectionsPerAddress = 64;
    int maxConnections = 1024;
    TrustedProxies proxies;
    std::optional<QSslConfiguration> tls;
};
