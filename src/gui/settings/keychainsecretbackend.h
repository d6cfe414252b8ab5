#pragma once

#include "settings/secretbackend.h"

#include <QCoreApplication>

// The secret in the system keychain through qtkeychain (the freedesktop
// Secret Service, KWallet...). qtkeychain's jobs are asynchronous; each call
// here runs a local event loop until its job finishes or `timeoutMs` passes
// (then Failed: a keychain that does not answer is treated as absent).
class KeychainSecretBackend final : public SecretBackend {
    Q_DECLARE_TR_FUNCTIONS(KeychainSecretBackend)

public:
    static constexpr int kDefaultTimeoutMs = 5000;
    static constexpr qsizetype kMaxBytes = 4096;

    KeychainSecretBackend(const QString &service, const QString &key,
                          int timeoutMs = kDefaultTimeoutMs);

    Result read(QByteArray *secret) override;
    Result write(const QByteArray &secret) override;
    Result remove() override;

private:
    QString m_service;
    QString m_key;
    int m_timeoutMs = kDefaultTimeoutMs;
};
