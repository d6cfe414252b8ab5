#pragma once

#include <QSslConfiguration>
#include <QString>

#include <optional>

// The server's certificate and private key (PEM files) as a TLS
// configuration, checked before listening: a file that cannot be read, is
// not PEM, or a key that does not belong to the certificate, fails with a
// sentence naming the file.
class TlsCredentials final {
public:
    static std::optional<QSslConfiguration> load(const QString &certPath, const QString &keyPath,
                                                 QString *error);

private:
    // Starts a server handshake on a local socket pair: the TLS library
    // checks there that the key matches the certificate.
    static bool keyMatches(const QSslConfiguration &config);
};
