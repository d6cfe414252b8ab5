#include "secretfile.h"

#include <QFile>
#include <QFileInfo>

namespace {

QString contentProblem(const QByteArray &data)
{
    if (data.size() > SecretFile::kMaxBytes)
        return QStringLiteral("it is larger than %1 bytes").arg(SecretFile::kMaxBytes);
    if (data.isEmpty())
        return QStringLiteral("it is empty");
    if (data.contains('\n') || data.contains('\r'))
        return QStringLiteral("it holds more than one line");
    return {};
}

} // namespace

bool SecretFile::read(const QString &path, QByteArray *secret, QString *error, QString *warning)
{
    const QFileInfo info(path);
    QFile file(path);
    QString problem;
    if (info.isDir())
        problem = QStringLiteral("it is a folder");
    else if (!file.open(QIODevice::ReadOnly))
        problem = file.errorString();
    // Bounded read: a device such as /dev/zero must not fill the memory.
    QByteArray data = problem.isEmpty() ? file.read(kMaxBytes + 1) : QByteArray();
    while (data.size() <= kMaxBytes && (data.endsWith('\n') || data.endsWith('\r')))
        data.chop(1);
    if (problem.isEmpty())
        problem = contentProblem(data);
    if (!problem.isEmpty()) {
        *error = QStringLiteral("cannot use secret file \"%1\": %2").arg(path, problem);
        return false;
    }
    if (info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
        *warning = QStringLiteral("secret file \"%1\" is readable by other users "
                                  "(chmod 600 \"%1\")")
                       .arg(path);
    *secret = data;
    return true;
}
