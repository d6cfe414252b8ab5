#include "store/eventstore.h"

#include "store/eventstore_p.h"
#include "store/sqlitehandle.h"
#include "store/storecolumns.h"
#include "store/storeschema.h"

#include <sqlite3.h>

#include <limits>

// The message stream's keyed reads (docs/threads.md, "the stream model"): the
// rows of a view in key order, where the key is (received_at, id) for the
// Time column and the id for arrival order. A scan hands every key to the
// reader thread, which keeps one in 256; a page is then one short query from
// such a key, "key >= ? ORDER BY key LIMIT n", through the index that serves
// the order, never an OFFSET over millions of rows.

namespace {

using namespace StoreColumns;

// A read transaction on SQLite's handle while this lives, so that the
// queries in it read one snapshot; none when one is open already or there is
// no handle (isHeld() then says false).
class ReadSnapshot final {
    Q_DISABLE_COPY_MOVE(ReadSnapshot)

public:
    explicit ReadSnapshot(sqlite3 *handle)
    {
        if (handle && sqlite3_get_autocommit(handle) != 0 &&
            sqlite3_exec(handle, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK)
            m_handle = handle;
    }
    ~ReadSnapshot()
    {
        if (m_handle)
            sqlite3_exec(m_handle, "COMMIT", nullptr, nullptr, nullptr);
    }
    bool isHeld() const { return m_handle != nullptr; }

private:
    sqlite3 *m_handle = nullptr;
};

// Stands for "no upper bound" as an upToId of keyedRange and rangeBinds.
constexpr qint64 kUnbounded = std::numeric_limits<qint64>::max();

// afterId < id <= upToId, with the unary + keeping SQLite off the rowid range
// for the Time order: left free it may read the table in rowid order and
// sort, instead of walking events(received_at). Every term costs each row
// read (a view's key scan reads ten million), so a bound that holds for
// every row is left out: afterId = 0 (ids start at 1), upToId = kUnbounded;
// rangeBinds gives the binds.
QString keyedRange(EventStore::KeyOrder order, qint64 afterId, qint64 upToId)
{
    const QString id = order == EventStore::KeyOrder::Id ? QString(kId) : u'+' + kId;
    QStringList terms;
    if (afterId > 0)
        terms.append(id + QLatin1String(" > ?"));
    if (upToId != kUnbounded)
        terms.append(id + QLatin1String(" <= ?"));
    return terms.isEmpty() ? QStringLiteral("1") : terms.join(QLatin1String(" AND "));
}

QVariantList rangeBinds(qint64 afterId, qint64 upToId)
{
    QVariantList binds;
    if (afterId > 0)
        binds.append(afterId);
    if (upToId != kUnbounded)
        binds.append(upToId);
    return binds;
}

QString andWhere(const QString &where)
{
    return where.isEmpty() ? QString() : QStringLiteral(" AND (") + where + u')';
}

QString keyOrderBy(EventStore::KeyOrder order, bool descending)
{
    const QLatin1String direction = descending ? QLatin1String(" DESC") : QLatin1String(" ASC");
    if (order == EventStore::KeyOrder::Id)
        return kId + direction;
    return kReceivedAt + direction + QLatin1String(", ") + kId + direction;
}

// The rows from `from` on (inclusive), in the direction of the order.
QString fromKey(EventStore::KeyOrder order, bool descending)
{
    const QLatin1String cmp = descending ? QLatin1String(" <= ") : QLatin1String(" >= ");
    if (order == EventStore::KeyOrder::Id)
        return kId + cmp + u'?';
    return u'(' + kReceivedAt + QLatin1String(", ") + kId + u')' + cmp + QLatin1String("(?, ?)");
}

// The rows after `from` (exclusive), in the direction of the order.
QString afterKey(EventStore::KeyOrder order, bool descending)
{
    const QLatin1String cmp = descending ? QLatin1String(" < ") : QLatin1String(" > ");
    if (order == EventStore::KeyOrder::Id)
        return kId + cmp + u'?';
    return u'(' + kReceivedAt + QLatin1String(", ") + kId + u')' + cmp + QLatin1String("(?, ?)");
}

// The Time order's key compared as a pair does not steer SQLite's seek: with
// a filter that bounds received_at too (since:2d), it seeks to the filter's
// bound and walks every row up to the key, for each page and checkpoint (a
// checkpoint near the end of ten million rows read two days of them: 300 s
// for the whole load). This term, which the pair implies, states the key's
// time alone; SQLite takes the first bound it finds on the index's column,
// so it must come before the range and the filter (keyedWhere). None for
// arrival order, where the id is the rowid.
QString keySeek(EventStore::KeyOrder order, bool descending)
{
    if (order == EventStore::KeyOrder::Id)
        return {};
    return kReceivedAt + (descending ? QLatin1String(" <= ?") : QLatin1String(" >= ?"));
}

QVariantList keySeekBinds(EventStore::KeyOrder order, const EventStore::EventKey &key)
{
    if (order == EventStore::KeyOrder::Id)
        return {};
    return {key.value};
}

QVariantList keyBinds(EventStore::KeyOrder order, const EventStore::EventKey &key)
{
    if (order == EventStore::KeyOrder::Id)
        return {key.id};
    return {key.value, key.id};
}

// " FROM events ... WHERE <range> AND (<where>)" of a keyed read, steered
// for the Time order. Left alone, SQLite (which has no statistics here) takes
// any index that serves an equality or a range of the filter, then sorts: for
// event:add_user on a million events that meant sorting 100,000 rows for
// every page of 256. A customer, a session or a channel has an index that
// serves it well (few rows, or already in time order: events(channel,
// received_at)); any other filter walks the time index in order and stops
// after a page. A view of real events (the window's, unless the filter names
// tests: FilterExpression::toViewSql) walks events_view_time instead (schema
// 11), which holds only their times: the key scan then reads that index
// alone, not every row for its `test`. The index's own term is added to the
// condition only here: SQLite uses a partial index only for a query that
// holds it, and would otherwise take it for any view, arrival order too.
QString fromEventsWhere(EventStore::KeyOrder order, const QString &where, int schemaVersion,
                        qint64 afterId, qint64 upToId, const QString &seek = QString())
{
    const QString range = QLatin1String(" WHERE ") +
                          (seek.isEmpty() ? QString() : seek + QLatin1String(" AND ")) +
                          keyedRange(order, afterId, upToId);
    const bool planner = order == EventStore::KeyOrder::Id || where.contains(kChatUserId) ||
                         where.contains(kChatSessionId) || where.contains(kChannel);
    if (planner)
        return QLatin1String(" FROM ") + kEventsTable + range + andWhere(where);
    const QString real = StoreSchema::realEventsCondition();
    const bool view = StoreSchema::hasViewTimeIndex(schemaVersion) && where.contains(real);
    if (!view)
        return QLatin1String(" FROM ") + kEventsTable +
               QLatin1String(" INDEXED BY events_received_at") + range + andWhere(where);
    // The view's term as the index's own (the same rows: "+test = 0" is
    // "test = 0"), which the index then answers without a test per row.
    QString indexed = where;
    indexed.replace(real, StoreSchema::viewTimeIndexCondition());
    return QLatin1String(" FROM ") + kEventsTable + QLatin1String(" INDEXED BY events_view_time") +
           range + andWhere(indexed);
}

} // namespace

bool EventStore::scanEventKeys(qint64 afterId, qint64 upToId, const QString &where,
                               const QVariantList &binds, KeyOrder order, bool descending,
                               const std::function<bool(const EventKey &)> &sink)
{
    const QString doing = QStringLiteral("list the events of");
    const QString value = order == KeyOrder::Id ? QStringLiteral("0") : QString(kReceivedAt);
    const QString sql = QLatin1String("SELECT ") + value + QLatin1String(", ") + kId +
                        fromEventsWhere(order, where, d->schemaVersion, afterId, upToId) +
                        QLatin1String(" ORDER BY ") + keyOrderBy(order, descending);
    if (!d->ready(false))
        return false;
    if (Private::provablyEmpty(*this, where, binds))
        return true;
    // Every key of the view passes here (ten million for the whole store):
    // stepped on SQLite's own handle, without QtSql's per-row QVariants.
    SqlStatement query(d->db, SqliteHandle::of(d->db));
    if (!query.prepare(sql))
        return d->failSql(doing, query.lastError());
    int at = 0;
    for (const QVariant &bind : rangeBinds(afterId, upToId) + binds)
        query.bind(at++, bind);
    if (!query.exec())
        return d->failSql(doing, query.lastError());
    while (query.next()) {
        if (!sink({query.value(0).toLongLong(), query.value(1).toLongLong()})) {
            query.finish();
            return true;
        }
    }
    const QSqlError error = query.lastError();
    query.finish();
    return error.type() == QSqlError::NoError || d->failSql(doing, error);
}

bool EventStore::scanEventCheckpoints(qint64 afterId, qint64 upToId, const QString &where,
                                      const QVariantList &binds, KeyOrder order, bool descending,
                                      int stride, const std::function<bool(const EventKey &)> &sink,
                                      qint64 *count, bool *sorted)
{
    Q_ASSERT(stride >= 1);
    *count = 0;
    const QString doing = QStringLiteral("list the events of");
    if (!d->ready(false))
        return false;
    sqlite3 *handle = SqliteHandle::of(d->db);
    // One read transaction for every query below: one snapshot of the
    // table. When it holds no event past upToId, the bound is left out (a
    // term less for each of millions of rows).
    const ReadSnapshot snapshot(handle);
    if (Private::provablyEmpty(*this, where, binds))
        return true;
    qint64 bound = upToId;
    if (snapshot.isHeld()) {
        const qint64 last =
            d->scalar(QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM %2").arg(kId, kEventsTable),
                      {}, doing);
        if (last < 0)
            return false;
        if (last <= upToId)
            bound = kUnbounded;
    }
    const QString value = order == KeyOrder::Id ? QStringLiteral("0") : QString(kReceivedAt);
    const QString orderBy = QLatin1String(" ORDER BY ") + keyOrderBy(order, descending);
    const QString columns = QLatin1String("SELECT ") + value + QLatin1String(", ") + kId;
    const QString select =
        columns + fromEventsWhere(order, where, d->schemaVersion, afterId, bound);
    // The queries from a key: its time first (keySeek), then its pair.
    const QString fromKeyHead = fromEventsWhere(order, where, d->schemaVersion, afterId, bound,
                                                keySeek(order, descending)) +
                                QLatin1String(" AND ") + afterKey(order, descending);
    const QString step =
        columns + fromKeyHead + orderBy + QStringLiteral(" LIMIT 1 OFFSET %1").arg(stride - 1);

    // Skipping inside SQLite only pays where it walks an index in key order:
    // with a sort, every checkpoint would sort the rest of the view again.
    bool sorts = false;
    {
        SqlStatement plan(d->db, handle);
        if (!plan.prepare(QLatin1String("EXPLAIN QUERY PLAN ") + step) || !plan.exec())
            return d->failSql(doing, plan.lastError());
        while (plan.next())
            sorts = sorts || plan.value(3).toString().contains(QLatin1String("TEMP B-TREE"));
        plan.finish();
    }
    if (sorted)
        *sorted = sorts;
    if (sorts) {
        qint64 rows = 0;
        const bool ok = scanEventKeys(afterId, upToId, where, binds, order, descending,
                                      [&](const EventKey &key) {
                                          if (rows % stride == 0 && !sink(key))
                                              return false;
                                          ++rows;
                                          return true;
                                      });
        *count = rows;
        return ok;
    }

    const QVariantList range = rangeBinds(afterId, bound) + binds;
    // Runs `statement` with the range, the filter's binds and `key`'s; true
    // with *found set when it ran.
    const auto run = [&](SqlStatement &statement, const EventKey *key, bool *found) {
        int at = 0;
        const QVariantList all =
            key ? keySeekBinds(order, *key) + range + keyBinds(order, *key) : range;
        for (const QVariant &bind : all)
            statement.bind(at++, bind);
        if (!statement.exec())
            return false;
        *found = statement.next();
        return statement.lastError().type() == QSqlError::NoError;
    };
    SqlStatement first(d->db, handle);
    SqlStatement next(d->db, handle);
    SqlStatement tail(d->db, handle);
    if (!first.prepare(select + orderBy + QLatin1String(" LIMIT 1")))
        return d->failSql(doing, first.lastError());
    if (!next.prepare(step))
        return d->failSql(doing, next.lastError());
    // The rows after the last checkpoint: fewer than `stride`.
    if (!tail.prepare(QLatin1String("SELECT count(*) FROM (SELECT 1") + fromKeyHead + orderBy +
                      QStringLiteral(" LIMIT %1)").arg(stride)))
        return d->failSql(doing, tail.lastError());

    bool found = false;
    if (!run(first, nullptr, &found))
        return d->failSql(doing, first.lastError());
    if (!found) {
        first.finish();
        return true;
    }
    EventKey key{first.value(0).toLongLong(), first.value(1).toLongLong()};
    first.finish();
    *count = 1;
    if (!sink(key))
        return true;
    for (;;) {
        if (!run(next, &key, &found))
            return d->failSql(doing, next.lastError());
        if (!found)
            break;
        key = {next.value(0).toLongLong(), next.value(1).toLongLong()};
        next.finish();
        *count += stride;
        if (!sink(key))
            return true;
    }
    next.finish();
    if (!run(tail, &key, &found) || !found)
        return d->failSql(doing, tail.lastError());
    *count += tail.value(0).toLongLong();
    tail.finish();
    return true;
}

QList<EventRecord> EventStore::eventsFromKey(qint64 afterId, qint64 upToId, const QString &where,
                                             const QVariantList &binds, KeyOrder order,
                                             bool descending, const EventKey &from, int limit)
{
    QVariantList all =
        keySeekBinds(order, from) + rangeBinds(afterId, upToId) + binds + keyBinds(order, from);
    all.append(limit);
    const QString sql =
        QLatin1String("SELECT ") + StoreSchema::eventSelectColumns(d->schemaVersion) +
        fromEventsWhere(order, where, d->schemaVersion, afterId, upToId,
                        keySeek(order, descending)) +
        QLatin1String(" AND ") + fromKey(order, descending) + QLatin1String(" ORDER BY ") +
        keyOrderBy(order, descending) + QLatin1String(" LIMIT ?");
    std::optional<QSqlQuery> query = d->select(sql, all, QStringLiteral("read events from"));
    QList<EventRecord> records;
    if (!query)
        return records;
    query->setForwardOnly(true);
    while (query->next()) {
        EventRecord record;
        StoreSchema::readEvent(*query, record);
        records.append(std::move(record));
    }
    return records;
}

QHash<QString, QString> EventStore::customerNamesOf(const QStringList &chatUserIds)
{
    QHash<QString, QString> names;
    if (chatUserIds.isEmpty())
        return names;
    // One seek per customer in events_customer_name, newest first (a file
    // older than schema 7 has no such index: each customer's events are then
    // walked back through events(chat_user_id, id)).
    const bool indexed = StoreSchema::hasCustomerNameIndex(d->schemaVersion);
    const QString sql = QStringLiteral("SELECT %1 FROM %2").arg(kName, kEventsTable) +
                        (indexed ? QStringLiteral(" INDEXED BY events_customer_name") : QString()) +
                        QLatin1String(" WHERE ") + kChatUserId + QLatin1String(" = ? AND ") +
                        StoreSchema::namedCustomerEventsCondition() + QLatin1String(" ORDER BY ") +
                        kId + QLatin1String(" DESC LIMIT 1");
    const QString doing = QStringLiteral("read the customer names of");
    std::optional<QSqlQuery> query = d->select(sql, {chatUserIds.constFirst()}, doing);
    for (qsizetype i = 0; query && i < chatUserIds.size(); ++i) {
        if (i > 0) {
            query->bindValue(0, chatUserIds.at(i));
            if (!query->exec()) {
                d->failSql(doing, query->lastError());
                break;
            }
        }
        if (query->next())
            names.insert(chatUserIds.at(i), query->value(0).toString());
    }
    return names;
}
