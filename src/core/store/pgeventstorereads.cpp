// PgEventStore's reads (pgeventstore.cpp holds the connection and writes).
#include "store/pgeventstore.h"

#include "store/pgeventstore_p.h"

#include "store/storecolumns.h"
#include "store/storeschema.h"

#include <QHash>
#include <QSqlQuery>
#include <QStringList>

#include <limits>

namespace {

using namespace StoreColumns;

QString selectEvents()
{
    return QLatin1String("SELECT ") + nameList(kEventsColumns) + QLatin1String(" FROM ") +
           kEventsTable;
}

QString andWhere(const QString &where)
{
    return where.isEmpty() ? QString() : QLatin1String(" AND (") + where + u')';
}

QList<EventRecord> readEvents(QSqlQuery &query)
{
    QList<EventRecord> list;
    while (query.next()) {
        EventRecord record;
        StoreSchema::readEvent(query, record);
        list.append(std::move(record));
    }
    return list;
}

} // namespace

qint64 PgEventStore::maxEventId()
{
    return d->scalar(QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM %2").arg(kId, kEventsTable),
                     {}, QStringLiteral("read the last event id from"));
}

qint64 PgEventStore::maxRefusedId()
{
    return d->scalar(QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM %2").arg(kId, kRefusedTable),
                     {}, QStringLiteral("read the last refused id from"));
}

qint64 PgEventStore::eventCount(const QString &where, const QVariantList &binds)
{
    return d->scalar(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE TRUE").arg(kEventsTable) +
                         andWhere(where),
                     binds, QStringLiteral("count the events in"));
}

qint64 PgEventStore::refusedCount()
{
    return d->scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(kRefusedTable), {},
                     QStringLiteral("count the refused deliveries in"));
}

QList<EventRecord> PgEventStore::eventsAfter(qint64 afterId, int limit, const QString &where,
                                             const QVariantList &binds, qint64 upToId)
{
    QVariantList all{afterId};
    QString sql = selectEvents() + QLatin1String(" WHERE ") + kId + QLatin1String(" > ?");
    if (upToId >= 0) {
        sql += QLatin1String(" AND ") + kId + QLatin1String(" <= ?");
        all.append(upToId);
    }
    sql += andWhere(where) + QLatin1String(" ORDER BY ") + kId;
    all += binds;
    if (limit >= 0) {
        sql += QLatin1String(" LIMIT ?");
        all.append(limit);
    }
    std::optional<QSqlQuery> query = d->select(sql, all, QStringLiteral("read events from"));
    return query ? readEvents(*query) : QList<EventRecord>();
}

std::optional<EventRecord> PgEventStore::event(qint64 id)
{
    std::optional<QSqlQuery> query =
        d->select(selectEvents() + QLatin1String(" WHERE ") + kId + QLatin1String(" = ?"), {id},
                  QStringLiteral("read an event from"));
    if (!query || !query->next())
        return std::nullopt;
    EventRecord record;
    StoreSchema::readEvent(*query, record);
    return record;
}

qint64 PgEventStore::eventIdOfStoredKey(const QString &storedKey)
{
    return d->scalar(QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM %2 WHERE %3 = ?")
                         .arg(kId, kEventsTable, kDedupeKey),
                     {storedKey}, QStringLiteral("look up an event in"));
}

qint64 PgEventStore::deliveryCount()
{
    return d->scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(kDeliveriesTable), {},
                     QStringLiteral("count the deliveries in"));
}

QList<DeliveryRecord> PgEventStore::deliveries(qint64 eventId)
{
    std::optional<QSqlQuery> query =
        d->select(QStringLiteral("SELECT %1 FROM %2 WHERE %3 = ? ORDER BY %4")
                      .arg(nameList(kDeliveriesColumns), kDeliveriesTable, kEventId, kId),
                  {eventId}, QStringLiteral("read deliveries from"));
    QList<DeliveryRecord> list;
    while (query && query->next())
        list.append(StoreSchema::readDelivery(*query));
    return list;
}

QList<RefusedRecord> PgEventStore::refusedAfter(qint64 afterId, int limit)
{
    std::optional<QSqlQuery> query =
        d->select(QStringLiteral("SELECT %1 FROM %2 WHERE %3 > ? ORDER BY %3 LIMIT ?")
                      .arg(nameList(kRefusedColumns), kRefusedTable, kId),
                  {afterId, limit < 0 ? std::numeric_limits<int>::max() : limit},
                  QStringLiteral("read refused deliveries from"));
    QList<RefusedRecord> list;
    while (query && query->next())
        list.append(StoreSchema::readRefused(*query));
    return list;
}

QList<PgEventStore::Receipt> PgEventStore::receiptsAfter(qint64 afterId, int limit)
{
    std::optional<QSqlQuery> query =
        d->select(QStringLiteral("SELECT %1 FROM %2 WHERE %3 > ? ORDER BY %3 LIMIT ?")
                      .arg(nameList(kDeliveriesColumns), kDeliveriesTable, kId),
                  {afterId, limit < 0 ? std::numeric_limits<int>::max() : limit},
                  QStringLiteral("read deliveries from"));
    if (!query)
        return {};
    QList<Receipt> receipts;
    QStringList ids;
    while (query->next()) {
        Receipt receipt;
        receipt.delivery = StoreSchema::readDelivery(*query);
        const QString id = QString::number(receipt.delivery.eventId);
        if (!ids.contains(id))
            ids.append(id);
        receipts.append(std::move(receipt));
    }
    query.reset(); // QPSQL reads a forward-only result row by row: end it first
    if (receipts.isEmpty())
        return {};
    // The events in one statement; the ids are numbers this code formatted.
    query = d->select(selectEvents() + QLatin1String(" WHERE ") + kId + QLatin1String(" IN (") +
                          ids.join(u',') + u')',
                      {}, QStringLiteral("read events from"));
    if (!query)
        return {};
    QHash<qint64, EventRecord> events;
    for (EventRecord &e : readEvents(*query))
        events.insert(e.id, std::move(e));
    for (Receipt &receipt : receipts) {
        const auto it = events.constFind(receipt.delivery.eventId);
        if (it == events.constEnd()) {
            d->failWith(QStringLiteral("The PostgreSQL store %1 has a delivery #%2 of an event "
                                       "#%3 it does not hold.")
                            .arg(d->shown)
                            .arg(receipt.delivery.id)
                            .arg(receipt.delivery.eventId));
            return {};
        }
        receipt.event = *it;
    }
    return receipts;
}

qint64 PgEventStore::maxDeliveryId()
{
    return d->scalar(
        QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM %2").arg(kId, kDeliveriesTable), {},
        QStringLiteral("read the last delivery id from"));
}

QString PgEventStore::tablesIdentity()
{
    std::optional<QSqlQuery> query =
        d->select(QStringLiteral("SELECT to_regclass('%1')::oid::bigint, "
                                 "to_regclass('%2')::oid::bigint")
                      .arg(kEventsTable, kDeliveriesTable),
                  {}, QStringLiteral("identify the tables of"));
    if (!query || !query->next())
        return {};
    return query->value(0).toString() + u'/' + query->value(1).toString();
}
