#include "settings/secretstore.h"

#include "guilog.h"
#include "settings/filesecretbackend.h"
#include "settings/secretbackend.h"

#include <utility>

SecretStore::SecretStore(std::unique_ptr<FileSecretBackend> file,
                         std::unique_ptr<SecretBackend> keychain)
    : m_file(std::move(file))
    , m_keychain(std::move(keychain))
{
}

SecretStore::~SecretStore() = default;

QString SecretStore::filePath() const
{
    return m_file->path();
}

void SecretStore::keychainFailed(const QString &error)
{
    qCInfo(lcGui).noquote() << QStringLiteral(
                                   "no usable keychain (%1); the webhook secret is kept in %2")
                                   .arg(error, m_file->path());
    m_keychain.reset();
    m_cached.reset();
}

QByteArray SecretStore::read()
{
    QByteArray fromFile;
    const SecretBackend::Result file = m_file->read(&fromFile);
    if (file.status == SecretBackend::Status::Failed)
        qCWarning(lcGui).noquote() << "webhook secret:" << file.error;
    if (!m_keychain)
        return fromFile;
    if (!file.ok())
        return readKeychain();
    if (m_cached == fromFile) // the copy kept for the background service
        return fromFile;
    // A file next to a keychain was written while the keychain failed, or by
    // hand: it is the newest. Into the keychain with it.
    const SecretBackend::Result moved = m_keychain->write(fromFile);
    if (!moved.ok()) {
        keychainFailed(moved.error);
        return fromFile;
    }
    m_cached = fromFile;
    qCInfo(lcGui).noquote() << "webhook secret moved from" << m_file->path() << "to the keychain";
    QString error;
    if (!m_keepFile && !removeFile(&error))
        qCWarning(lcGui).noquote() << "webhook secret:" << error;
    return fromFile;
}

QByteArray SecretStore::readKeychain()
{
    if (m_cached)
        return *m_cached;
    QByteArray secret;
    const SecretBackend::Result result = m_keychain->read(&secret);
    if (result.status == SecretBackend::Status::Failed) {
        keychainFailed(result.error);
        return {};
    }
    m_cached = result.ok() ? secret : QByteArray();
    // The background service reads the file: give it the keychain's value.
    QString error;
    if (m_keepFile && !m_cached->isEmpty() && !writeFile(*m_cached, &error))
        qCWarning(lcGui).noquote() << "webhook secret:" << error;
    return *m_cached;
}

bool SecretStore::write(const QByteArray &secret, QString *error)
{
    if (m_keychain) {
        const SecretBackend::Result result =
            secret.isEmpty() ? m_keychain->remove() : m_keychain->write(secret);
        if (result.ok()) {
            m_cached = secret;
            if (m_keepFile && !secret.isEmpty())
                return writeFile(secret, error);
            QString removeError;
            if (removeFile(&removeError))
                return true;
            // An old file would win over the keychain on the next start:
            // give it the new value instead.
            qCWarning(lcGui).noquote() << "webhook secret:" << removeError;
            if (!secret.isEmpty())
                return writeFile(secret, error);
            if (error)
                *error = removeError;
            return false;
        }
        keychainFailed(result.error);
    }
    return secret.isEmpty() ? removeFile(error) : writeFile(secret, error);
}

bool SecretStore::setKeepFile(bool on, QString *error)
{
    m_keepFile = on;
    // Before the first read (at construction) this only sets the rule.
    if (!m_keychain || !m_cached || m_cached->isEmpty())
        return true;
    return on ? writeFile(*m_cached, error) : removeFile(error);
}

bool SecretStore::writeFile(const QByteArray &secret, QString *error)
{
    const SecretBackend::Result result = m_file->write(secret);
    if (!result.ok() && error)
        *error = result.error;
    return result.ok();
}

bool SecretStore::removeFile(QString *error)
{
    const SecretBackend::Result result = m_file->remove();
    if (!result.ok() && error)
        *error = result.error;
    return result.ok();
}
