#pragma once

#include "settings/secretbackend.h"

#include <QCoreApplication>

// The secret in a file of its own, mode 0600, written through QSaveFile: what
// `hookscope-cli serve --secret-file` reads. One line; at most 4 KiB is read.
class FileSecretBackend final : public SecretBackend {
    Q_DECLARE_TR_FUNCTIONS(FileSecretBackend)

public:
    static constexpr qint64 kMaxBytes = 4096;

    explicit FileSecretBackend(const QString &path);

    Result read(QByteArray *secret) override;
    Result write(const QByteArray &secret) override;
    Result remove() override;
    QString path() const { return m_path; }

private:
    QString m_path;
};
