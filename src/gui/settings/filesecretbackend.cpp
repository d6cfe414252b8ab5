#include "settings/filesecretbackend.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

FileSecretBackend::FileSecretBackend(const QString &path)
    : m_path(path)
{
}

SecretBackend::Result FileSecretBackend::read(QByteArray *secret)
{
    QFile file(m_path);
    if (!file.exists())
        return {Status::NotFound, {}};
    if (QFileInfo(m_path).isDir())
        return {Status::Failed, tr("%1 is a folder").arg(m_path)};
    if (!file.open(QIODevice::ReadOnly))
        return {Status::Failed, tr("cannot read %1: %2").arg(m_path, file.errorString())};
    // Bounded: a secret is one short line, whatever the file has become.
    const QByteArray data = file.read(kMaxBytes + 1).trimmed();
    if (data.size() > kMaxBytes)
        return {Status::Failed, tr("%1 is larger than %2 bytes").arg(m_path).arg(kMaxBytes)};
    if (data.isEmpty())
        return {Status::NotFound, {}};
    *secret = data;
    return {Status::Ok, {}};
}

SecretBackend::Result FileSecretBackend::write(const QByteArray &secret)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    // Owner-only before any byte of the secret is written.
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(secret) != secret.size() || !file.commit())
        return {Status::Failed, tr("cannot write %1: %2").arg(m_path, file.errorString())};
    return {Status::Ok, {}};
}

SecretBackend::Result FileSecretBackend::remove()
{
    QFile file(m_path);
    if (!file.exists())
        return {Status::Ok, {}};
    if (!file.remove())
        return {Status::Failed, tr("cannot remove %1: %2").arg(m_path, file.errorString())};
    return {Status::Ok, {}};
}
