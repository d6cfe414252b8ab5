#include "store/eventstore.h"

#include "store/eventstore_p.h"
#include "store/storeschema.h"

#include <QHash>

#include <algorithm>

// The read queries of the item models (EventTableModel, ChannelModel, ...):
// id lists for lazy tables, pages of records by id, and aggregates.

namespace {

// SQLite before 3.32 allows at most 999 binds per statement.
constexpr qsizetype kIdsPerQuery = 500;
// group_concat of ids below this stays far under SQLite's 1 GB string limit.
constexpr qint64 kMaxConcatenatedIds = 50'000'000;

const QLatin1String kCustomerEvents("event IN ('add_user', 'update_user')");

QString andWhere(const QString &where)
{
    return where.isEmpty() ? QString() : QStringLiteral(" AND (") + where + u')';
}

QString placeholders(qsizetype count)
{
    QString text;
    text.reserve(count * 3);
    for (qsizetype i = 0; i < count; ++i)
        text += i == 0 ? QLatin1String("?") : QLatin1String(", ?");
    return text;
}

QVariantList idBinds(const QList<qint64> &ids)
{
    QVariantList binds;
    binds.reserve(ids.size());
    for (const qint64 id : ids)
        binds.append(id);
    return binds;
}

// The latest non-empty name per customer: (chat_user_id, name, id). SQLite
// takes the bare column `name` from the row that holds MAX(id) (documented
// for a query with a single min/max aggregate).
QString latestNamesSelect(const QString &idRange)
{
    return QStringLiteral("SELECT chat_user_id, name, MAX(id) FROM events WHERE ") +
           kCustomerEvents + QStringLiteral(" AND name <> ''") + idRange +
           QStringLiteral(" GROUP BY chat_user_id");
}

QString customerNamesCte()
{
    return QStringLiteral("WITH customer_names(cn_user, customer_name, cn_id) AS (") +
           latestNamesSelect(QString()) + QStringLiteral(") ");
}

// SELECT events.id ... ORDER BY orderBy, with the customer_names join when
// the order uses it.
QString orderedIdsSql(qint64 afterId, const QString &where, const QString &orderBy)
{
    const bool names = orderBy.contains(QLatin1String("customer_name"));
    // A whole list leaves SQLite free to read through the index that serves
    // the filter or the order (events_received_at for the Time column)
    // instead of the rowid range, which would mean reading the whole table.
    // A batch of new rows is a short rowid range, read as such: left free,
    // SQLite would walk the filter's index (every row of a channel, say).
    const bool batch = afterId > 0;
    const QString range = batch ? QStringLiteral(" WHERE events.id > ? AND events.id <= ?")
                                : QStringLiteral(" WHERE +events.id > ? AND +events.id <= ?");
    return (names ? customerNamesCte() : QString()) +
           QStringLiteral("SELECT events.id FROM events") +
           (batch ? QStringLiteral(" NOT INDEXED") : QString()) +
           (names ? QStringLiteral(" LEFT JOIN customer_names ON cn_user = events.chat_user_id")
                  : QString()) +
           range + andWhere(where) + QStringLiteral(" ORDER BY ") +
           (orderBy.isEmpty() ? QStringLiteral("events.id") : orderBy);
}

// "3,1,2" -> {1, 2, 3}. The ids come from SQLite, so they are plain digits.
QList<qint64> parseIdList(const QString &text)
{
    QList<qint64> ids;
    if (text.isEmpty())
        return ids;
    ids.reserve(text.size() / 4 + 1);
    qint64 value = 0;
    for (const QChar c : text) {
        if (c == u',') {
            ids.append(value);
            value = 0;
        } else {
            value = value * 10 + (c.unicode() - u'0');
        }
    }
    ids.append(value);
    ids.squeeze();
    // Index order is not id order in general (and group_concat promises no
    // order): sort here, cheap when the index already gave id order.
    if (!std::is_sorted(ids.cbegin(), ids.cend()))
        std::sort(ids.begin(), ids.end());
    return ids;
}

// Puts records read in any order into the order of `ids`, skipping the
// missing ones.
template<typename Record>
QList<Record> inIdOrder(const QList<qint64> &ids, QHash<qint64, Record> &byId)
{
    QList<Record> ordered;
    ordered.reserve(byId.size());
    for (const qint64 id : ids) {
        const auto it = byId.find(id);
        if (it != byId.end())
            ordered.append(std::move(it.value()));
    }
    return ordered;
}

} // namespace

QList<qint64> EventStore::eventIds(qint64 afterId, qint64 upToId, const QString &where,
                                   const QVariantList &binds, const QString &orderBy)
{
    const QString doing = QStringLiteral("list the events of");
    if (orderBy.isEmpty() && afterId <= 0 && upToId <= kMaxConcatenatedIds) {
        // Opening a view: one row of "1,2,3,..." read from the smallest
        // covering index (the unary + keeps SQLite off the table's rowid
        // range) costs half of a million QSqlQuery rows.
        const QString sql = QStringLiteral("SELECT group_concat(id) FROM events"
                                           " WHERE +id > ? AND +id <= ?") +
                            andWhere(where);
        std::optional<QSqlQuery> query =
            d->select(sql, QVariantList{afterId, upToId} + binds, doing);
        if (!query || !query->next())
            return {};
        return parseIdList(query->value(0).toString());
    }
    const QString sql = orderedIdsSql(afterId, where, orderBy);
    std::optional<QSqlQuery> query = d->select(sql, QVariantList{afterId, upToId} + binds, doing);
    QList<qint64> ids;
    if (!query)
        return ids;
    while (query->next())
        ids.append(query->value(0).toLongLong());
    if (query->lastError().type() != QSqlError::NoError) {
        d->failSql(doing, query->lastError());
        return {};
    }
    ids.squeeze();
    return ids;
}

bool EventStore::scanEventIds(qint64 afterId, qint64 upToId, const QString &where,
                              const QVariantList &binds, const QString &orderBy,
                              const std::function<bool(qint64)> &sink)
{
    const QString doing = QStringLiteral("list the events of");
    std::optional<QSqlQuery> query = d->select(orderedIdsSql(afterId, where, orderBy),
                                               QVariantList{afterId, upToId} + binds, doing);
    if (!query)
        return false;
    while (query->next()) {
        if (!sink(query->value(0).toLongLong()))
            return true;
    }
    return query->lastError().type() == QSqlError::NoError || d->failSql(doing, query->lastError());
}

template<typename Record, typename Read>
QList<Record> EventStore::Private::selectByIds(const QList<qint64> &ids, const QString &selectFrom,
                                               const QString &doing, Read read)
{
    QHash<qint64, Record> byId;
    for (qsizetype start = 0; start < ids.size(); start += kIdsPerQuery) {
        const QList<qint64> chunk = ids.mid(start, kIdsPerQuery);
        std::optional<QSqlQuery> query = select(selectFrom + QStringLiteral(" WHERE id IN (") +
                                                    placeholders(chunk.size()) + u')',
                                                idBinds(chunk), doing);
        if (!query)
            return {};
        while (query->next()) {
            Record record = read(*query);
            byId.insert(record.id, std::move(record));
        }
    }
    return inIdOrder(ids, byId);
}

QList<EventRecord> EventStore::eventsByIds(const QList<qint64> &ids)
{
    return d->selectByIds<EventRecord>(
        ids,
        QStringLiteral("SELECT ") + StoreSchema::eventSelectColumns() +
            QStringLiteral(" FROM events"),
        QStringLiteral("read events from"), [](const QSqlQuery &query) {
            EventRecord record;
            StoreSchema::readEvent(query, record);
            return record;
        });
}

QList<qint64> EventStore::refusedIds(qint64 afterId, qint64 upToId)
{
    std::optional<QSqlQuery> query =
        d->select(QStringLiteral("SELECT id FROM refused WHERE id > ? AND id <= ? ORDER BY id"),
                  {afterId, upToId}, QStringLiteral("list the refused deliveries of"));
    QList<qint64> ids;
    while (query && query->next())
        ids.append(query->value(0).toLongLong());
    return ids;
}

QList<RefusedRecord> EventStore::refusedByIds(const QList<qint64> &ids)
{
    return d->selectByIds<RefusedRecord>(
        ids,
        QStringLiteral("SELECT ") + StoreSchema::refusedSelectColumns() +
            QStringLiteral(" FROM refused"),
        QStringLiteral("read refused deliveries from"),
        [](const QSqlQuery &query) { return StoreSchema::readRefused(query); });
}

QList<EventStore::MessageTally> EventStore::messageTallyByChannel(qint64 afterId, qint64 upToId)
{
    std::optional<QSqlQuery> query =
        d->select(QStringLiteral("SELECT channel, COUNT(*), MAX(received_at) FROM events"
                                 " WHERE event = 'message' AND id > ? AND id <= ?"
                                 " GROUP BY channel"),
                  {afterId, upToId}, QStringLiteral("count the messages of"));
    QList<MessageTally> tallies;
    while (query && query->next()) {
        MessageTally tally;
        tally.channel = query->value(0).isNull() ? -1 : query->value(0).toInt();
        tally.count = query->value(1).toLongLong();
        tally.lastReceivedAtMs = query->value(2).toLongLong();
        tallies.append(tally);
    }
    return tallies;
}

QList<EventStore::MessageTally> EventStore::messageTallyByMinute(qint64 sinceMs, qint64 afterId,
                                                                 qint64 upToId)
{
    // The window goes through events(received_at) (left alone, SQLite walks
    // events(channel) for the GROUP BY and reads every row); a batch goes
    // through the id range. A unary + keeps SQLite off a column's index.
    const QString from =
        afterId <= 0
            ? QStringLiteral(" FROM events INDEXED BY events_received_at WHERE +event = 'message'"
                             " AND received_at >= ? AND +id > ? AND +id <= ?")
            : QStringLiteral(" FROM events WHERE event = 'message' AND +received_at >= ?"
                             " AND id > ? AND id <= ?");
    std::optional<QSqlQuery> query = d->select(
        QStringLiteral("SELECT channel, received_at / 60000, COUNT(*), MAX(received_at)") + from +
            QStringLiteral(" GROUP BY channel, received_at / 60000"),
        {sinceMs, afterId, upToId}, QStringLiteral("count the recent messages of"));
    QList<MessageTally> tallies;
    while (query && query->next()) {
        MessageTally tally;
        tally.channel = query->value(0).isNull() ? -1 : query->value(0).toInt();
        tally.minute = query->value(1).toLongLong();
        tally.count = query->value(2).toLongLong();
        tally.lastReceivedAtMs = query->value(3).toLongLong();
        tallies.append(tally);
    }
    return tallies;
}

QList<EventStore::CustomerEventSummary> EventStore::customerEvents(qint64 afterId, qint64 upToId,
                                                                   const QString &where,
                                                                   const QVariantList &binds)
{
    const QString sql =
        QStringLiteral("SELECT id, received_at, chat_user_id, name, channel, channel_name"
                       " FROM events WHERE ") +
        kCustomerEvents + QStringLiteral(" AND id > ? AND id <= ?") + andWhere(where) +
        QStringLiteral(" ORDER BY id");
    std::optional<QSqlQuery> query = d->select(sql, QVariantList{afterId, upToId} + binds,
                                               QStringLiteral("read the customer events of"));
    QList<CustomerEventSummary> list;
    while (query && query->next()) {
        CustomerEventSummary s;
        s.id = query->value(0).toLongLong();
        s.receivedAtMs = query->value(1).toLongLong();
        s.chatUserId = query->value(2).toString();
        s.name = query->value(3).toString();
        s.channel = query->value(4).isNull() ? -1 : query->value(4).toInt();
        s.channelName = query->value(5).toString();
        list.append(std::move(s));
    }
    return list;
}

QStringList EventStore::customerIds(qint64 afterId, qint64 upToId, const QString &where,
                                    const QVariantList &binds)
{
    const QString sql = QStringLiteral("SELECT DISTINCT chat_user_id FROM events WHERE ") +
                        kCustomerEvents + QStringLiteral(" AND id > ? AND id <= ?") +
                        andWhere(where);
    std::optional<QSqlQuery> query = d->select(sql, QVariantList{afterId, upToId} + binds,
                                               QStringLiteral("list the customers of"));
    QStringList ids;
    while (query && query->next())
        ids.append(query->value(0).toString());
    return ids;
}

QHash<QString, QString> EventStore::customerNames(qint64 afterId, qint64 upToId)
{
    std::optional<QSqlQuery> query =
        d->select(latestNamesSelect(QStringLiteral(" AND id > ? AND id <= ?")), {afterId, upToId},
                  QStringLiteral("read the customer names of"));
    QHash<QString, QString> names;
    while (query && query->next())
        names.insert(query->value(0).toString(), query->value(1).toString());
    return names;
}
