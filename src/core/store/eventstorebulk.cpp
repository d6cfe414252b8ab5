#include "store/eventstore.h"

#include "store/eventstore_p.h"
#include "store/sqlitehandle.h"
#include "store/storecolumns.h"
#include "store/walappendvfs.h"

#include <QJsonArray>
#include <QJsonDocument>

// Bulk loading (bench_store's generator; docs/storage.md, "Bulk loading"):
// a store that is being filled with millions of generated events keeps its
// secondary indices off and builds them once at the end, and does not sync.

namespace {

using namespace StoreColumns;

// The meta row that holds the dropped indices' DDL until they are rebuilt,
// so that a load that was cut short is healed by the next begin or end.
const QString kBulkIndicesKey = QStringLiteral("bulk_load_indices");
// The page cache while loading: the unique key index and the table grow
// with every row.
constexpr int kBulkCacheKiB = 256 * 1024;

} // namespace

bool EventStore::Private::restoreBulkIndices()
{
    std::optional<QSqlQuery> saved =
        select(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {kBulkIndicesKey},
               QStringLiteral("read the indices to rebuild in"));
    if (!saved)
        return false;
    if (!saved->next())
        return true;
    const QJsonArray statements =
        QJsonDocument::fromJson(saved->value(0).toString().toUtf8()).array();
    saved->finish();
    if (!exec(QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("rebuild the indices of")))
        return false;
    bool ok = true;
    for (const QJsonValue &statement : statements)
        ok = ok && exec(statement.toString(), QStringLiteral("rebuild the indices of"));
    ok = ok && exec(QStringLiteral("DELETE FROM meta WHERE key = '%1'").arg(kBulkIndicesKey),
                    QStringLiteral("rebuild the indices of"));
    ok = ok && exec(QStringLiteral("COMMIT"), QStringLiteral("rebuild the indices of"));
    if (!ok)
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
    return ok;
}

bool EventStore::beginBulkLoad()
{
    if (!d->ready(true))
        return false;
    if (d->inTransaction)
        return d->fail(QStringLiteral("A transaction is already open on %1.").arg(d->shownPath()));
    if (!d->restoreBulkIndices())
        return false;
    const QString doing = QStringLiteral("prepare a bulk load of");
    // Every index of the two tables an append writes, but the unique key's
    // own (it finds retries, and its DDL is the table's): rebuilt at the end.
    std::optional<QSqlQuery> found = d->select(
        QStringLiteral("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT "
                       "NULL AND tbl_name IN ('%1', '%2') ORDER BY name")
            .arg(kEventsTable, kDeliveriesTable),
        {}, doing);
    if (!found)
        return false;
    QStringList names;
    QJsonArray statements;
    while (found->next()) {
        names.append(found->value(0).toString());
        statements.append(found->value(1).toString());
    }
    found->finish();
    // No sync at commit: the WAL's frames go straight to the file (WalAppendVfs).
    WalAppendVfs::setGathering(SqliteHandle::of(d->db), false);
    if (!d->exec(QStringLiteral("PRAGMA synchronous = OFF"), doing) ||
        !d->exec(QStringLiteral("PRAGMA cache_size = -%1").arg(kBulkCacheKiB), doing) ||
        !d->exec(QStringLiteral("BEGIN IMMEDIATE"), doing))
        return false;
    QSqlQuery save(d->db);
    bool ok = save.prepare(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)"));
    save.addBindValue(kBulkIndicesKey);
    save.addBindValue(QString::fromUtf8(QJsonDocument(statements).toJson(QJsonDocument::Compact)));
    ok = (ok && save.exec()) || d->failSql(doing, save.lastError());
    for (const QString &name : std::as_const(names))
        ok = ok && d->exec(QStringLiteral("DROP INDEX \"%1\"").arg(name), doing);
    ok = ok && d->exec(QStringLiteral("COMMIT"), doing);
    if (!ok)
        QSqlQuery(d->db).exec(QStringLiteral("ROLLBACK"));
    return ok;
}

bool EventStore::endBulkLoad()
{
    if (!d->ready(true))
        return false;
    if (d->inTransaction)
        return d->fail(QStringLiteral("A transaction is still open on %1.").arg(d->shownPath()));
    const QString doing = QStringLiteral("end a bulk load of");
    if (!d->restoreBulkIndices() ||
        !d->exec(QStringLiteral("PRAGMA cache_size = -%1").arg(Private::kWriterCacheKiB), doing) ||
        !d->exec(QStringLiteral("PRAGMA synchronous = FULL"), doing))
        return false;
    WalAppendVfs::setGathering(SqliteHandle::of(d->db), true);
    return true;
}
