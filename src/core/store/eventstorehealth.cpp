// EventStore's faults and integrity: result codes, the open-time check, the
// writer's recovery probe and checkpoint, the refused table's cap
// (docs/store-faults.md).
#include "store/eventstore.h"

#include "store/eventstore_p.h"
#include "store/storecolumns.h"
#include "store/storeintegrity.h"

#include <utility>

namespace {

using namespace StoreColumns;

constexpr int kSqliteCorrupt = 11;

} // namespace

// A new file (schema 0) has nothing to check. A check that runs out of its
// budget lets the store open; the writer finishes it in the background.
bool EventStore::Private::checkIntegrity()
{
    integrityPending = false;
    const StoreIntegrity::Result result = StoreIntegrity::quickCheck(db, integrityBudgetMs);
    switch (result.outcome) {
    case StoreIntegrity::Outcome::Sound:
        return true;
    case StoreIntegrity::Outcome::Unfinished:
        integrityPending = true;
        return true;
    case StoreIntegrity::Outcome::Damaged:
        lastCode = kSqliteCorrupt;
        return fail(QStringLiteral("The event store %1 is damaged, so HookScope will not write to "
                                   "it (SQLite's check: %2). Run hookscope-cli check --db %1; "
                                   "restore a backup or start a new store.")
                        .arg(shownPath(), result.detail));
    case StoreIntegrity::Outcome::Failed:
        break;
    }
    return failSqlite(QStringLiteral("check the integrity of"), result.detail);
}

int EventStore::lastErrorCode() const
{
    return d->lastCode;
}

void EventStore::setQuiet(bool quiet)
{
    d->quiet = quiet;
}

void EventStore::setUpgradeProgress(UpgradeProgress progress)
{
    d->upgradeProgress = std::move(progress);
}

void EventStore::setIntegrityBudget(int milliseconds)
{
    d->integrityBudgetMs = milliseconds;
}

bool EventStore::integrityPending() const
{
    return d->integrityPending;
}

bool EventStore::setPageLimit(qint64 pages)
{
    if (!d->ready(true))
        return false;
    // 0 would mean "as small as possible"; SQLite's own maximum lifts the cap.
    const qint64 limit = pages > 0 ? pages : 0xfffffffeLL;
    return d->exec(QStringLiteral("PRAGMA max_page_count = %1").arg(limit),
                   QStringLiteral("limit the size of"));
}

bool EventStore::setQueryOnly(bool on)
{
    if (!d->ready(true))
        return false;
    return d->exec(QStringLiteral("PRAGMA query_only = %1").arg(on ? 1 : 0),
                   QStringLiteral("make read-only"));
}

bool EventStore::probeWrite()
{
    if (!beginTransaction())
        return false;
    const bool ok =
        d->exec(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES('write_probe', "
                               "zeroblob(65536))"),
                QStringLiteral("write a probe into")) &&
        commit() && beginTransaction() &&
        d->exec(QStringLiteral("DELETE FROM meta WHERE key = 'write_probe'"),
                QStringLiteral("remove the probe from")) &&
        commit();
    if (!ok)
        rollback();
    return ok;
}

bool EventStore::checkpoint(bool truncate)
{
    if (!d->ready(true))
        return false;
    QSqlQuery query(d->db);
    // The row says (busy, WAL frames, frames moved); busy = 1 when a reader
    // kept part of the WAL, which is fine: the next checkpoint moves the rest.
    const QString sql = truncate ? QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")
                                 : QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)");
    if (!query.exec(sql) || !query.next())
        return d->failSql(QStringLiteral("checkpoint"), query.lastError());
    return query.value(0).toInt() == 0;
}

bool EventStore::Private::knowRefusedTally()
{
    if (refusedRows >= 0)
        return true;
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COUNT(*), TOTAL(%1) FROM %2 INDEXED BY refused_kept")
                        .arg(kKeptBytes, kRefusedTable)) ||
        !query.next())
        return failSql(QStringLiteral("count the refused deliveries in"), query.lastError());
    refusedRows = query.value(0).toLongLong();
    refusedBytes = query.value(1).toLongLong();
    return true;
}

// The last id of the oldest rows to delete, walking the (id, kept_bytes)
// index from the oldest, at most `batch` rows; 0 when none. *rows and *bytes
// are what remains afterwards.
qint64 EventStore::Private::trimmedUpTo(qint64 maxRows, qint64 maxBytes, qint64 batch, qint64 *rows,
                                        qint64 *bytes)
{
    QSqlQuery oldest(db);
    oldest.setForwardOnly(true);
    if (!oldest.exec(QStringLiteral("SELECT %1, %2 FROM %3 INDEXED BY refused_kept ORDER BY %1 "
                                    "LIMIT %4")
                         .arg(kId, kKeptBytes, kRefusedTable)
                         .arg(batch))) {
        failSql(QStringLiteral("find the oldest refused deliveries in"), oldest.lastError());
        return -1;
    }
    qint64 upTo = 0;
    while ((*rows > maxRows || *bytes > maxBytes) && oldest.next()) {
        upTo = oldest.value(0).toLongLong();
        --*rows;
        *bytes -= oldest.value(1).toLongLong();
    }
    return upTo;
}

qint64 EventStore::trimRefused(qint64 maxRows, qint64 maxBytes, qint64 batch)
{
    if (!d->ready(true) || !d->knowRefusedTally())
        return -1;
    if (d->refusedRows <= maxRows && d->refusedBytes <= maxBytes)
        return 0;
    qint64 rows = d->refusedRows;
    qint64 bytes = d->refusedBytes;
    const qint64 upTo = d->trimmedUpTo(maxRows, maxBytes, batch, &rows, &bytes);
    if (upTo <= 0)
        return upTo;
    QSqlQuery remove(d->db);
    if (!remove.exec(
            QStringLiteral("DELETE FROM %1 WHERE %2 <= %3").arg(kRefusedTable, kId).arg(upTo)))
        return d->failSql(QStringLiteral("delete old refused deliveries from"), remove.lastError()),
               -1;
    const qint64 deleted = d->refusedRows - rows;
    d->refusedRows = rows;
    d->refusedBytes = bytes;
    return deleted;
}

QString EventStore::metaValue(const QString &key)
{
    if (!d->ready(false))
        return {};
    std::optional<QSqlQuery> query =
        d->select(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {key},
                  QStringLiteral("read a setting from"));
    return query && query->next() ? query->value(0).toString() : QString();
}

bool EventStore::setMetaValue(const QString &key, const QString &value)
{
    if (!d->ready(true))
        return false;
    QSqlQuery query(d->db);
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)"));
    query.addBindValue(key);
    query.addBindValue(value);
    return query.exec() || d->failSql(QStringLiteral("write a setting into"), query.lastError());
}
