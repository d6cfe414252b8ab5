#include "store/sqlitehandle.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>

#include <sqlite3.h>

sqlite3 *SqliteHandle::of(const QSqlDatabase &db)
{
    const QVariant handle = db.isOpen() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    QSqlQuery source(db);
    if (!source.exec(QStringLiteral("SELECT sqlite_source_id()")) || !source.next() ||
        source.value(0).toString().toUtf8() != QByteArrayView(sqlite3_sourceid()))
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}
