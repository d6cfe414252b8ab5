#include "apppaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

void AppPaths::setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("HookScope"));
    QCoreApplication::setApplicationName(QStringLiteral("HookScope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HOOKSCOPE_VERSION));
}

QString AppPaths::defaultDatabasePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(folder).filePath(QStringLiteral("hookscope.db"));
}
