#include "store/eventsearchindex.h"

#include "records/eventrecord.h"
#include "store/storecolumns.h"

#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <optional>

namespace {

using namespace StoreColumns;

// Events indexed per statement of the backfill, between progress reports.
constexpr qint64 kBackfillBatch = 50'000;
// More trigrams narrow the candidates less and less while each costs a
// doclist walk; a long needle keeps an even spread of this many.
constexpr qsizetype kMaxTrigrams = 12;
// The rows a stream page asks for (the stream reads 256 at a time).
constexpr double kPageRows = 256.0;

QString table()
{
    return QLatin1String(EventSearchIndex::kTable);
}

// contentless (content=''): the text lives in events only, the index holds
// trigram -> rowids. detail='none' and columnsize=0 keep neither positions
// nor sizes, which a pre-filter of ANDed trigrams never needs (a third of
// the size of detail='full' on the benchmark store, docs/storage.md).
QString createSql()
{
    return QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS %1 USING fts5(%2, %3, %4, %5, "
                          "tokenize='trigram', content='', detail='none', columnsize=0)")
        .arg(table(), kMsg, kName, kPhone, kEmail);
}

QString fail(QSqlQuery &query)
{
    return query.lastError().text();
}

// The needle's characters as code points (UTF-16 pairs joined), as the
// tokenizer counts them; nothing when the text has a NUL or a lone surrogate,
// whose trigrams would not be the tokenizer's.
std::optional<QList<QStringView>> codePoints(QStringView text)
{
    QList<QStringView> points;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isNull() || c.isLowSurrogate())
            return std::nullopt;
        if (c.isHighSurrogate()) {
            if (i + 1 >= text.size() || !text.at(i + 1).isLowSurrogate())
                return std::nullopt;
            points.append(text.mid(i, 2));
            ++i;
        } else {
            points.append(text.mid(i, 1));
        }
    }
    return points;
}

} // namespace

namespace EventSearchIndex {

bool exists(QSqlDatabase &db)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
    query.addBindValue(table());
    return query.exec() && query.next();
}

bool create(QSqlDatabase &db, const Progress &progress, QString *error)
{
    if (exists(db))
        return true;
    QSqlQuery query(db);
    if (!query.exec(createSql()) ||
        !query.exec(QStringLiteral("SELECT max(%1) FROM %2").arg(kId, kEventsTable)) ||
        !query.next()) {
        if (error)
            *error = fail(query);
        return false;
    }
    const qint64 total = query.value(0).toLongLong();
    query.finish();
    if (!query.prepare(indexRangeSql())) {
        if (error)
            *error = fail(query);
        return false;
    }
    for (qint64 done = 0; done < total;) {
        const qint64 upTo = std::min(total, done + kBackfillBatch);
        query.bindValue(0, done);
        query.bindValue(1, upTo);
        if (!query.exec()) {
            if (error)
                *error = fail(query);
            return false;
        }
        done = upTo;
        if (progress && !progress(done, total)) {
            if (error)
                *error = QStringLiteral("stopped while indexing the text of the events");
            return false;
        }
    }
    query.finish();
    if (!query.prepare(recordIndexedSql())) {
        if (error)
            *error = fail(query);
        return false;
    }
    query.bindValue(0, total);
    if (!query.exec()) {
        if (error)
            *error = fail(query);
        return false;
    }
    return true;
}

QString readIndexedSql()
{
    return QStringLiteral("SELECT CAST(value AS INTEGER) FROM meta WHERE key = '%1'")
        .arg(QLatin1String(kIndexedThroughKey));
}

QString indexRangeSql()
{
    return QStringLiteral("INSERT INTO %1(rowid, %2, %3, %4, %5) SELECT %6, %2, %3, %4, %5 FROM "
                          "%7 WHERE %6 > ? AND %6 <= ? ORDER BY %6")
        .arg(table(), kMsg, kName, kPhone, kEmail, kId, kEventsTable);
}

QString recordIndexedSql()
{
    return QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES('%1', ?)")
        .arg(QLatin1String(kIndexedThroughKey));
}

QString recordAllIndexedSql()
{
    return QStringLiteral("INSERT OR IGNORE INTO meta(key, value) SELECT '%1', COALESCE(MAX(%2), "
                          "0) FROM %3")
        .arg(QLatin1String(kIndexedThroughKey), kId, kEventsTable);
}

QString matchQuery(QStringView foldedNeedle)
{
    const std::optional<QList<QStringView>> points = codePoints(foldedNeedle);
    if (!points || points->size() < 3)
        return {};
    QStringList trigrams;
    QSet<QString> seen;
    for (qsizetype i = 0; i + 3 <= points->size(); ++i) {
        const QString trigram =
            points->at(i).toString() + points->at(i + 1).toString() + points->at(i + 2).toString();
        if (!seen.contains(trigram)) {
            seen.insert(trigram);
            trigrams.append(trigram);
        }
    }
    QStringList kept = trigrams;
    if (trigrams.size() > kMaxTrigrams) {
        // An even spread, first and last included: any subset is a superset.
        kept.clear();
        for (qsizetype k = 0; k < kMaxTrigrams; ++k)
            kept.append(trigrams.at(k * (trigrams.size() - 1) / (kMaxTrigrams - 1)));
    }
    QString query;
    for (QString &trigram : kept) {
        if (!query.isEmpty())
            query += u' ';
        // Inside an FTS5 string only '"' is special, written twice.
        query += u'"' + trigram.replace(u'"', QLatin1String("\"\"")) + u'"';
    }
    return query;
}

QString candidatesSql(const QString &idColumn)
{
    // The meta row and the index commit together, so every snapshot sees
    // the index holding exactly the events up to its id. No row (an older
    // file): NULL, no event above it. The tail is a range of the table's own
    // key, a few hundred rows at most while the writer runs.
    return idColumn +
           QStringLiteral(" IN (SELECT rowid FROM %1 WHERE %1 MATCH ? UNION ALL SELECT %2 FROM %3 "
                          "WHERE %2 > (SELECT CAST(value AS INTEGER) FROM meta WHERE key = '%4'))")
               .arg(table(), kId, kEventsTable, QLatin1String(kIndexedThroughKey));
}

qint64 countCandidates(QSqlDatabase &db, const QString &matchQuery, qint64 cap, qint64 afterId)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM %1 WHERE %1 MATCH ? AND "
                                 "rowid > ? LIMIT ?)")
                      .arg(table()));
    query.addBindValue(matchQuery);
    query.addBindValue(afterId);
    query.addBindValue(cap);
    if (!query.exec() || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

qint64 indexedCap(qint64 rows)
{
    // Reading c candidates by id and sorting them costs about c row reads; a
    // scan in the stream's order reads about page * rows / c rows before it
    // has a page. They cost the same at c = sqrt(page * rows).
    const double balance = std::sqrt(kPageRows * double(std::max<qint64>(rows, 0)));
    return std::max<qint64>(2000, qint64(balance));
}

} // namespace EventSearchIndex
