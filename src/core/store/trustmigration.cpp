#include "store/trustmigration.h"

#include "store/dedupekey.h"
#include "store/storecolumns.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace {

using namespace StoreColumns;

constexpr int kChunk = 2000;

bool failed(const QSqlQuery &query, QString *error)
{
    if (error)
        *error = query.lastError().text();
    return false;
}

bool addColumns(QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    for (const Name name : {kConflict, kStale}) {
        if (!query.exec(QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 INTEGER NOT NULL DEFAULT 0")
                            .arg(kEventsTable, name)))
            return failed(query, error);
    }
    return true;
}

// Runs `change` over the rows that `select` (id first, then the columns it
// needs, "WHERE id > ?" last) finds, a chunk at a time so that a million-row
// store is never held in memory at once.
template<typename Change>
bool forEachRow(QSqlDatabase &db, const QString &select, QString *error, Change change)
{
    qint64 after = 0;
    for (;;) {
        QSqlQuery rows(db);
        rows.setForwardOnly(true);
        if (!rows.prepare(select + QStringLiteral(" ORDER BY %1 LIMIT %2").arg(kId).arg(kChunk)))
            return failed(rows, error);
        rows.addBindValue(after);
        if (!rows.exec())
            return failed(rows, error);
        QList<QVariantList> chunk;
        while (rows.next())
            chunk.append({rows.value(0), rows.value(1), rows.value(2)});
        rows.finish();
        for (const QVariantList &row : chunk) {
            if (!change(row))
                return false;
        }
        if (chunk.size() < kChunk)
            return true;
        after = chunk.constLast().constFirst().toLongLong();
    }
}

bool update(QSqlDatabase &db, Name column, const QVariant &value, qint64 id, QString *error)
{
    QSqlQuery query(db);
    if (!query.prepare(
            QStringLiteral("UPDATE %1 SET %2 = ? WHERE %3 = ?").arg(kEventsTable, column, kId)))
        return failed(query, error);
    query.addBindValue(value);
    query.addBindValue(id);
    return query.exec() || failed(query, error);
}

bool execAll(QSqlDatabase &db, const QStringList &statements, QString *error)
{
    QSqlQuery query(db);
    for (const QString &statement : statements) {
        if (!query.exec(statement))
            return failed(query, error);
    }
    return true;
}

// A sender chose the old keys, so one may already read "<other key>#<hash
// of the other's body>": rewriting key by key would then break the UNIQUE
// constraint halfway and leave the store unopenable. So every key first
// becomes a BLOB (never equal to any TEXT key), then its final text; the
// final keys cannot collide, as their suffixes have one length.
bool hashKeys(QSqlDatabase &db, QString *error)
{
    if (!execAll(db,
                 {QStringLiteral("CREATE TEMP TABLE old_keys AS SELECT %1, %2 FROM %3")
                      .arg(kId, kDedupeKey, kEventsTable),
                  QStringLiteral("UPDATE %1 SET %2 = CAST(%3 AS BLOB)")
                      .arg(kEventsTable, kDedupeKey, kId)},
                 error))
        return false;
    const QString select = QStringLiteral("SELECT * FROM (SELECT o.%1 AS %1, o.%2, e.%3 FROM "
                                          "old_keys o JOIN %4 e ON e.%1 = o.%1) WHERE %1 > ?")
                               .arg(kId, kDedupeKey, kPayload, kEventsTable);
    const bool ok = forEachRow(db, select, error, [&db, error](const QVariantList &row) {
        const QString key = DedupeKey::stored(row.at(1).toString(), row.at(2).toByteArray());
        return update(db, kDedupeKey, key, row.at(0).toLongLong(), error);
    });
    return ok && execAll(db, {QStringLiteral("DROP TABLE old_keys")}, error);
}

bool eraseExpectedSignatures(QSqlDatabase &db, QString *error)
{
    // Schema 3 wrote "; expected <md5>, received <signature>".
    static const QRegularExpression expected(QStringLiteral("expected [0-9A-Fa-f]*,? ?"));
    const QString select =
        QStringLiteral("SELECT %1, %2, 0 FROM %3 WHERE %1 > ? AND instr(%2, 'expected') > 0")
            .arg(kId, kVerificationDetail, kEventsTable);
    return forEachRow(db, select, error, [&db, error](const QVariantList &row) {
        QString detail = row.at(1).toString();
        detail.replace(expected, QString());
        return update(db, kVerificationDetail, detail, row.at(0).toLongLong(), error);
    });
}

// The word of an event's first delivery, whose body is the one stored.
bool firstDeliveryWords(QSqlDatabase &db, QString *error)
{
    const QString first = QStringLiteral("(SELECT d.%1 FROM %2 d WHERE d.%3 = %4.%5 ORDER BY d.%5 "
                                         "LIMIT 1)")
                              .arg(kVerification, kDeliveriesTable, kEventId, kEventsTable, kId);
    QSqlQuery query(db);
    const QString sql =
        QStringLiteral("UPDATE %1 SET %2 = %3, %4 = 'schema 4 upgrade: the word of the first "
                       "delivery, whose body is the one stored' WHERE %5 > 1 AND %3 IS NOT NULL "
                       "AND %3 <> %2")
            .arg(kEventsTable, kVerification, first, kVerificationDetail, kDeliveries);
    return query.exec(sql) || failed(query, error);
}

} // namespace

namespace TrustMigration {

bool run(QSqlDatabase &db, QString *error)
{
    return addColumns(db, error) && hashKeys(db, error) && eraseExpectedSignatures(db, error) &&
           firstDeliveryWords(db, error);
}

} // namespace TrustMigration
