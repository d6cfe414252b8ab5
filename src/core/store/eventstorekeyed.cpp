#include "store/eventstore.h"

#include "store/eventstore_p.h"
#include "store/sqlitehandle.h"
#include "store/storecolumns.h"
#include "store/storeschema.h"

// The message stream's keyed reads (docs/threads.md, "the stream model"): the
// rows of a view in key order, where the key is (received_at, id) for the
// Time column and the id for arrival order. A scan hands every key to the
// reader thread, which keeps one in 256; a page is then one short query from
// such a key, "key >= ? ORDER BY key LIMIT n", through the index that serves
// the order, never an OFFSET over millions of rows.

namespace {

using namespace StoreColumns;

// afterId < id <= upToId, with the unary + keeping SQLite off the rowid range
// for the Time order: left free it may read the table in rowid order and
// sort, instead of walking events(received_at).
QString keyedRange(EventStore::KeyOrder order)
{
    const QString id = order == EventStore::KeyOrder::Id ? QString(kId) : u'+' + kId;
    return id + QLatin1String(" > ? AND ") + id + QLatin1String(" <= ?");
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

// FROM events, steered for the Time order. Left alone, SQLite (which has no
// statistics here) takes any index that serves an equality or a range of the
// filter, then sorts: for event:add_user on a million events that meant
// sorting 100,000 rows for every page of 256. A customer, a session or a
// channel has an index that serves it well (few rows, or already in time
// order: events(channel, received_at)); any other filter walks the time
// index in order and stops after a page. A view of real events (the
// window's, unless the filter names tests: FilterExpression::toViewSql)
// walks events_view_time instead (schema 11), which holds only their times:
// the key scan then reads that index alone, not every row for its `test`.
QString fromEvents(EventStore::KeyOrder order, const QString &where, int schemaVersion)
{
    const bool planner = order == EventStore::KeyOrder::Id || where.contains(kChatUserId) ||
                         where.contains(kChatSessionId) || where.contains(kChannel);
    if (planner)
        return QLatin1String(" FROM ") + kEventsTable;
    const bool view = StoreSchema::hasViewTimeIndex(schemaVersion) &&
                      where.contains(StoreSchema::realEventsCondition());
    return QLatin1String(" FROM ") + kEventsTable +
           (view ? QStringLiteral(" INDEXED BY events_view_time")
                 : QStringLiteral(" INDEXED BY events_received_at"));
}

} // namespace

bool EventStore::scanEventKeys(qint64 afterId, qint64 upToId, const QString &where,
                               const QVariantList &binds, KeyOrder order, bool descending,
                               const std::function<bool(const EventKey &)> &sink)
{
    const QString doing = QStringLiteral("list the events of");
    const QString value = order == KeyOrder::Id ? QStringLiteral("0") : QString(kReceivedAt);
    const QString sql = QLatin1String("SELECT ") + value + QLatin1String(", ") + kId +
                        fromEvents(order, where, d->schemaVersion) + QLatin1String(" WHERE ") +
                        keyedRange(order) + andWhere(where) + QLatin1String(" ORDER BY ") +
                        keyOrderBy(order, descending);
    if (!d->ready(false))
        return false;
    // Every key of the view passes here (ten million for the whole store):
    // stepped on SQLite's own handle, without QtSql's per-row QVariants.
    SqlStatement query(d->db, SqliteHandle::of(d->db));
    if (!query.prepare(sql))
        return d->failSql(doing, query.lastError());
    int at = 0;
    for (const QVariant &bind : QVariantList{afterId, upToId} + binds)
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

QList<EventRecord> EventStore::eventsFromKey(qint64 afterId, qint64 upToId, const QString &where,
                                             const QVariantList &binds, KeyOrder order,
                                             bool descending, const EventKey &from, int limit)
{
    QVariantList all{afterId, upToId};
    all += binds;
    if (order == KeyOrder::Id) {
        all.append(from.id);
    } else {
        all.append(from.value);
        all.append(from.id);
    }
    all.append(limit);
    const QString sql =
        QLatin1String("SELECT ") + StoreSchema::eventSelectColumns(d->schemaVersion) +
        fromEvents(order, where, d->schemaVersion) + QLatin1String(" WHERE ") + keyedRange(order) +
        andWhere(where) + QLatin1String(" AND ") + fromKey(order, descending) +
        QLatin1String(" ORDER BY ") + keyOrderBy(order, descending) + QLatin1String(" LIMIT ?");
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
