#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <memory>
#include <optional>

class FileSecretBackend;
class SecretBackend;

// Where the webhook secret lives: the system keychain when there is one, else
// the 0600 file as before. The rules (docs/single-instance-and-secrets.md):
// - A file that is present holds the newest secret: it is written only when
//   the keychain failed, or as the copy kept for `hookscope-cli serve`. It is
//   moved into the keychain on the next read, then removed (unless kept).
// - A successful keychain write removes the file, so the secret is not in two
//   places (unless a copy is kept for the background service).
// - The first keychain failure (no service, no D-Bus, no answer in time) is
//   logged once; the file is used for the rest of the session.
class SecretStore final {
    Q_DECLARE_TR_FUNCTIONS(SecretStore)
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    // `keychain` may be null: the file alone (tests, the self-test).
    SecretStore(std::unique_ptr<FileSecretBackend> file, std::unique_ptr<SecretBackend> keychain);
    ~SecretStore();

    // Empty when no secret is set. The keychain's value is read once, then
    // remembered.
    QByteArray read();
    // An empty secret removes it everywhere. False with *error when it could
    // be stored nowhere.
    bool write(const QByteArray &secret, QString *error);
    // Also keep the secret in the 0600 file, for `hookscope-cli serve
    // --secret-file` (the systemd user unit) while the window uses the keychain.
    // Once the secret has been read, turning it on writes the file and turning
    // it off removes it (false with *error when that fails).
    bool setKeepFile(bool on, QString *error = nullptr);
    bool keepsFile() const { return m_keepFile; }
    // Whether the keychain is in use (not absent, not failed this session).
    bool usesKeychain() const { return m_keychain != nullptr; }
    QString filePath() const;

private:
    void keychainFailed(const QString &error);
    QByteArray readKeychain();
    bool writeFile(const QByteArray &secret, QString *error);
    bool removeFile(QString *error);

    std::unique_ptr<FileSecretBackend> m_file;
    std::unique_ptr<SecretBackend> m_keychain; // reset after the first failure
    std::optional<QByteArray> m_cached;        // what the keychain holds
    bool m_keepFile = false;
};
