#include "store/storefiles.h"

#include "apppaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace {

constexpr QFile::Permissions kPrivateFolder = QFile::ReadOwner | QFile::WriteOwner |
                                              QFile::ExeOwner | QFile::ReadUser | QFile::WriteUser |
                                              QFile::ExeUser;
constexpr QFile::Permissions kPrivateFile =
    QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser;

// Creates each missing folder of `folder`, from the top down, 0700.
bool makeFolders(const QString &folder)
{
    const QFileInfo info(folder);
    if (info.exists())
        return info.isDir();
    const QString parent = info.absoluteDir().absolutePath();
    if (parent != info.absoluteFilePath() && !makeFolders(parent))
        return false;
    return QDir().mkdir(info.absoluteFilePath(), kPrivateFolder);
}

} // namespace

bool StoreFiles::prepare(const QString &databasePath, QString *error)
{
    const QFileInfo info(databasePath);
    const QString folder = info.absolutePath();
    if (!makeFolders(folder)) {
        *error = QStringLiteral("Cannot create the folder %1 for the event store.")
                     .arg(QDir::toNativeSeparators(folder));
        return false;
    }
    // The default folder is HookScope's own: an older version may have made
    // it with the umask's permissions.
    if (folder == QFileInfo(AppPaths::defaultDatabasePath()).absolutePath())
        QFile::setPermissions(folder, kPrivateFolder);
    if (info.exists())
        return true;
    QFile file(databasePath);
    // NewOnly: a file that appears meanwhile is not ours to change.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kPrivateFile) &&
        !QFileInfo::exists(databasePath)) {
        *error = QStringLiteral("Cannot create the event store %1: %2.")
                     .arg(QDir::toNativeSeparators(databasePath), file.errorString());
        return false;
    }
    return true;
}
