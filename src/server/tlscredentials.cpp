#include "tlscredentials.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

#include <sys/socket.h>
#include <unistd.h>

namespace {

bool readFile(const QString &path, QByteArray *data, QString *error)
{
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly)) {
        *error = path.isEmpty()
                     ? QStringLiteral("HTTPS needs both a certificate and a key file")
                     : QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    *data = file.read(1024 * 1024);
    return true;
}

QSslKey privateKey(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

} // namespace

std::optional<QSslConfiguration> TlsCredentials::load(const QString &certPath,
                                                      const QString &keyPath, QString *error)
{
    if (!QSslSocket::supportsSsl()) {
        *error = QStringLiteral("HTTPS is not available: no TLS library was found");
        return std::nullopt;
    }
    QByteArray certPem;
    QByteArray keyPem;
    if (!readFile(certPath, &certPem, error) || !readFile(keyPath, &keyPem, error))
        return std::nullopt;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (chain.isEmpty() || chain.constFirst().isNull()) {
        *error = QStringLiteral("%1 holds no PEM certificate").arg(certPath);
        return std::nullopt;
    }
    const QSslKey key = privateKey(keyPem);
    if (key.isNull()) {
        *error = QStringLiteral("%1 holds no unencrypted PEM private key").arg(keyPath);
        return std::nullopt;
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (!keyMatches(config)) {
        *error = QStringLiteral("the key in %1 does not belong to the certificate in %2")
                     .arg(keyPath, certPath);
        return std::nullopt;
    }
    return config;
}

bool TlsCredentials::keyMatches(const QSslConfiguration &config)
{
    int fds[2] = {-1, -1};
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        return true; // cannot check here; the handshakes will tell
    QSslSocket probe;
    bool ok = probe.setSocketDescriptor(fds[0]);
    if (ok) {
        probe.setSslConfiguration(config);
        probe.startServerEncryption();
        ok = probe.error() != QAbstractSocket::SslInvalidUserDataError &&
             probe.error() != QAbstractSocket::SslInternalError;
        probe.abort();
    } else {
        ::close(fds[0]);
    }
    ::close(fds[1]);
    return ok;
}
