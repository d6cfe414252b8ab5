#include "store/eventstore.h"

#include "records/exportrowencoder.h"
#include "store/dedupekey.h"
#include "store/eventstore_p.h"
#include "store/exportrowreader.h"
#include "store/storecolumns.h"
#include "store/storeschema.h"

#include <QUuid>

namespace {

using namespace StoreColumns;

// " AND (<where>)" or "": the filter compiler's expression is spliced as is;
// its values travel as binds.
QString andWhere(const QString &where)
{
    return where.isEmpty() ? QString() : QStringLiteral(" AND (") + where + u')';
}

QString whereOnly(const QString &where)
{
    return where.isEmpty() ? QString() : QStringLiteral(" WHERE (") + where + u')';
}

QString nonNull(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

// What a failure while appending was doing, for "Cannot <doing> <path>".
const QString kStoreEvent = QStringLiteral("store an event in");

// The sender's key of the row. A record without a key can never be a
// duplicate of another, so it gets one of its own.
QString senderKey(const EventRecord &r)
{
    return r.dedupeKey.isEmpty()
               ? QStringLiteral("u:") + QUuid::createUuid().toString(QUuid::WithoutBraces)
               : r.dedupeKey;
}

// "SELECT <every events column> FROM events"
QString selectEvents(int schemaVersion)
{
    return QLatin1String("SELECT ") + StoreSchema::eventSelectColumns(schemaVersion) +
           QLatin1String(" FROM ") + kEventsTable;
}

// " ORDER BY id", " ORDER BY id DESC"
QString orderById(const char *direction = "")
{
    return QLatin1String(" ORDER BY ") + kId + QLatin1String(direction);
}

QList<EventRecord> readEvents(QSqlQuery &query)
{
    QList<EventRecord> events;
    while (query.next()) {
        EventRecord record;
        StoreSchema::readEvent(query, record);
        events.append(std::move(record));
    }
    return events;
}

} // namespace

std::optional<QSqlQuery> EventStore::Private::select(const QString &sql, const QVariantList &binds,
                                                     const QString &doing)
{
    if (!ready(false))
        return std::nullopt;
    QSqlQuery query(db);
    // Forward-only: SQLite steps through the rows instead of caching them all.
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        failSql(doing, query.lastError());
        return std::nullopt;
    }
    for (const QVariant &value : binds)
        query.addBindValue(value);
    if (!query.exec()) {
        failSql(doing, query.lastError());
        return std::nullopt;
    }
    return query;
}

qint64 EventStore::Private::scalar(const QString &sql, const QVariantList &binds,
                                   const QString &doing)
{
    std::optional<QSqlQuery> query = select(sql, binds, doing);
    if (!query)
        return -1;
    if (!query->next()) {
        failSql(doing, query->lastError());
        return -1;
    }
    return query->value(0).toLongLong();
}

qint64 EventStore::Private::scalar(std::unique_ptr<SqlStatement> &statement, const QString &sql,
                                   const QString &doing)
{
    if (!ready(false))
        return -1;
    if (!statement) {
        statement = std::make_unique<SqlStatement>(db, nullptr);
        if (!statement->prepare(sql)) {
            failSql(doing, statement->lastError());
            statement.reset();
            return -1;
        }
    }
    if (!statement->exec() || !statement->next()) {
        failSql(doing, statement->lastError());
        statement->finish();
        return -1;
    }
    const qint64 value = statement->value(0).toLongLong();
    statement->finish();
    return value;
}

// Runs inside the caller's transaction: the event row (new or updated) and
// its delivery row stand or fall together. Only an identical body merges
// (DedupeKey); another body under the same sender key is a new event, and
// both are marked as a conflict.
std::optional<EventStore::AppendResult> EventStore::Private::appendOne(const EventRecord &r)
{
    const QString sender = senderKey(r);
    const QString key = DedupeKey::stored(sender, r.payload, r.payloadSha256);
    const std::optional<SameSender> same = findSameSender(sender, key);
    if (!same)
        return std::nullopt;
    AppendResult result;
    if (same->retryOf > 0) {
        // A retry of a stored event (byte-identical body): counted on it.
        result.eventId = same->retryOf;
        result.duplicate = true;
        if (!mergeDuplicate(result.eventId, r, same->old) ||
            !summarizeRetry(result.eventId, r, same->old))
            return std::nullopt;
    } else {
        // A new event: its row is inserted here, and only here.
        const std::optional<qint64> eventId = insertNew(r, key);
        if (!eventId)
            return std::nullopt;
        result.eventId = *eventId;
        if (!summarizeNew(*eventId, r))
            return std::nullopt;
        result.conflict = same->others && markConflicts(*eventId, sender);
        if (same->others && !result.conflict)
            return std::nullopt;
    }
    if (!recordDelivery(result.eventId, r))
        return std::nullopt;
    return result;
}

// One read of the sender key's range of the unique index (DedupeKey) says
// both whether this very body is stored (a retry) and whether other bodies
// came under the same sender key (a conflict), where a lookup of the key and
// a conflict UPDATE over the same range took two statements.
std::optional<EventStore::Private::SameSender>
EventStore::Private::findSameSender(const QString &sender, const QString &key)
{
    SqlStatement &find = *findBySender;
    find.bind(0, key);
    find.bind(1, DedupeKey::lowerBound(sender));
    find.bind(2, DedupeKey::upperBound(sender));
    find.bind(3, sender);
    if (!find.exec()) {
        failSql(kStoreEvent, find.lastError());
        return std::nullopt;
    }
    SameSender same;
    while (find.next()) {
        if (find.value(1).toInt() == 0) {
            same.others = true;
            if (same.retryOf > 0)
                break; // both known
            continue;
        }
        same.retryOf = find.value(0).toLongLong();
        same.old.wordText = nonNull(find.value(2).toString());
        same.old.word = verificationFromWord(same.old.wordText).value_or(Verification::NotChecked);
        same.old.detail = nonNull(find.value(3).toString());
        same.old.stale = find.value(4).toInt() != 0;
        same.old.test = find.value(5).toInt() != 0;
        if (same.others)
            break;
    }
    const QSqlError error = find.lastError();
    find.finish(); // ends the read: the statement is reused for the next delivery
    if (error.type() != QSqlError::NoError) {
        failSql(kStoreEvent, error);
        return std::nullopt;
    }
    return same;
}

bool EventStore::Private::mergeDuplicate(qint64 eventId, const EventRecord &r, const Outcome &old)
{
    // The body is byte for byte the stored one, so any delivery's word is
    // true of the bytes shown: the event keeps the best outcome, with the
    // detail and staleness of the delivery that reached it.
    const bool stronger = verificationStrength(r.verification) > verificationStrength(old.word);
    SqlStatement &update = *updateDuplicate;
    update.bind(0, r.receivedAtMs);
    update.bind(1, verificationWord(stronger ? r.verification : old.word));
    update.bind(2, stronger ? nonNull(r.verificationDetail) : old.detail);
    update.bind(3, (stronger ? r.stale : old.stale) ? 1 : 0);
    update.bind(4, r.test ? 1 : 0);
    update.bind(5, eventId);
    return update.exec() || failSql(kStoreEvent, update.lastError());
}

// Marks the new event and every other event with its sender key as a
// conflict (findSameSender found others).
bool EventStore::Private::markConflicts(qint64 eventId, const QString &sender)
{
    QSqlQuery &others = *markOtherConflicts;
    others.bindValue(0, DedupeKey::lowerBound(sender));
    others.bindValue(1, DedupeKey::upperBound(sender));
    others.bindValue(2, sender);
    others.bindValue(3, eventId);
    if (!others.exec())
        return failSql(kStoreEvent, others.lastError());
    QSqlQuery &self = *markConflict;
    self.bindValue(0, eventId);
    return self.exec() || failSql(kStoreEvent, self.lastError());
}

std::optional<qint64> EventStore::Private::insertNew(const EventRecord &r, const QString &key)
{
    StoreSchema::bindEvent(*insertEvent, r, key);
    if (!insertEvent->exec()) {
        failSql(kStoreEvent, insertEvent->lastError());
        return std::nullopt;
    }
    const qint64 eventId = insertEvent->lastInsertId();
    lastInsertedId = std::max(lastInsertedId, eventId); // its text: EventStore::commit()
    return eventId;
}

bool EventStore::Private::recordDelivery(qint64 eventId, const EventRecord &r)
{
    StoreSchema::bindDelivery(*insertDelivery, eventId, r);
    return insertDelivery->exec() ||
           failSql(QStringLiteral("record a delivery in"), insertDelivery->lastError());
}

std::optional<EventStore::AppendResult> EventStore::append(const EventRecord &record)
{
    if (!d->ready(true))
        return std::nullopt;
    if (d->inTransaction)
        return d->appendOne(record);
    if (!beginTransaction())
        return std::nullopt;
    std::optional<AppendResult> result = d->appendOne(record);
    if (result && commit())
        return result;
    rollback();
    return std::nullopt;
}

std::optional<qint64> EventStore::appendRefused(const RefusedRecord &record)
{
    if (!d->ready(true))
        return std::nullopt;
    StoreSchema::bindRefused(*d->insertRefused, record);
    if (!d->insertRefused->exec()) {
        d->failSql(QStringLiteral("record a refused delivery in"), d->insertRefused->lastError());
        return std::nullopt;
    }
    if (d->refusedRows >= 0) {
        ++d->refusedRows;
        d->refusedBytes += StoreSchema::refusedKeptBytes(record);
    }
    return d->insertRefused->lastInsertId().toLongLong();
}

qint64 EventStore::eventCount(const QString &where, const QVariantList &binds)
{
    return d->scalar(QStringLiteral("SELECT COUNT(*) FROM ") + kEventsTable + whereOnly(where),
                     binds, QStringLiteral("count the events in"));
}

qint64 EventStore::refusedCount()
{
    return d->scalar(QStringLiteral("SELECT COUNT(*) FROM ") + kRefusedTable, {},
                     QStringLiteral("count the refused deliveries in"));
}

// Prepared once per connection: the writer announces both after every commit.
qint64 EventStore::maxEventId()
{
    return d->scalar(d->lastEventId,
                     QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM %2").arg(kId, kEventsTable),
                     QStringLiteral("read the last event id from"));
}

qint64 EventStore::maxRefusedId()
{
    return d->scalar(d->lastRefusedId,
                     QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM %2").arg(kId, kRefusedTable),
                     QStringLiteral("read the last refused id from"));
}

QList<EventRecord> EventStore::eventsAfter(qint64 afterId, int limit, const QString &where,
                                           const QVariantList &binds)
{
    const QString sql = selectEvents(d->schemaVersion) + QLatin1String(" WHERE ") + kId +
                        QLatin1String(" > ?") + andWhere(where) + orderById() +
                        QLatin1String(" LIMIT ?");
    std::optional<QSqlQuery> query =
        d->select(sql, QVariantList{afterId} + binds + QVariantList{limit},
                  QStringLiteral("read events from"));
    return query ? readEvents(*query) : QList<EventRecord>();
}

QList<EventRecord> EventStore::eventsBefore(qint64 beforeId, int limit, const QString &where,
                                            const QVariantList &binds)
{
    const QString sql = selectEvents(d->schemaVersion) + QLatin1String(" WHERE ") + kId +
                        QLatin1String(" < ?") + andWhere(where) + orderById(" DESC") +
                        QLatin1String(" LIMIT ?");
    std::optional<QSqlQuery> query =
        d->select(sql, QVariantList{beforeId} + binds + QVariantList{limit},
                  QStringLiteral("read events from"));
    return query ? readEvents(*query) : QList<EventRecord>();
}

std::optional<EventRecord> EventStore::event(qint64 id)
{
    const QString sql =
        selectEvents(d->schemaVersion) + QLatin1String(" WHERE ") + kId + QLatin1String(" = ?");
    std::optional<QSqlQuery> query = d->select(sql, {id}, QStringLiteral("read an event from"));
    if (!query || !query->next())
        return std::nullopt;
    EventRecord record;
    StoreSchema::readEvent(*query, record);
    return record;
}

qint64 EventStore::eventIdOfStoredKey(const QString &storedKey)
{
    const QString sql = QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM %2 WHERE %3 = ?")
                            .arg(kId, kEventsTable, kDedupeKey);
    return d->scalar(sql, {storedKey}, QStringLiteral("look up an event in"));
}

qint64 EventStore::deliveryCount()
{
    return d->scalar(QStringLiteral("SELECT COUNT(*) FROM ") + kDeliveriesTable, {},
                     QStringLiteral("count the deliveries in"));
}

QList<DeliveryRecord> EventStore::deliveries(qint64 eventId)
{
    const QString sql =
        QStringLiteral("SELECT %1 FROM %2 WHERE %3 = ?")
            .arg(StoreSchema::deliverySelectColumns(d->schemaVersion), kDeliveriesTable, kEventId) +
        orderById();
    std::optional<QSqlQuery> query =
        d->select(sql, {eventId}, QStringLiteral("read deliveries from"));
    QList<DeliveryRecord> list;
    while (query && query->next())
        list.append(StoreSchema::readDelivery(*query));
    return list;
}

QList<qint64> EventStore::sameKeyEvents(qint64 eventId)
{
    // The sender key is read from the row: never spliced, always bound.
    const QString sql =
        QStringLiteral("SELECT o.%1 FROM %2 e JOIN %2 o ON o.%3 >= substr(e.%3, 1, length(e.%3) - "
                       "%4) || '#' AND o.%3 < substr(e.%3, 1, length(e.%3) - %4) || '$' AND "
                       "length(o.%3) = length(e.%3) WHERE e.%1 = ? AND o.%1 <> e.%1 ORDER BY o.%1")
            .arg(kId, kEventsTable, kDedupeKey)
            .arg(DedupeKey::kSuffixLength);
    std::optional<QSqlQuery> query =
        d->select(sql, {eventId}, QStringLiteral("read the events with the same key from"));
    QList<qint64> ids;
    while (query && query->next())
        ids.append(query->value(0).toLongLong());
    return ids;
}

QList<RefusedRecord> EventStore::refusedAfter(qint64 afterId, int limit)
{
    const QString sql =
        QStringLiteral("SELECT %1 FROM %2 WHERE %3 > ?")
            .arg(StoreSchema::refusedSelectColumns(d->schemaVersion), kRefusedTable, kId) +
        orderById() + QLatin1String(" LIMIT ?");
    std::optional<QSqlQuery> query =
        d->select(sql, {afterId, limit}, QStringLiteral("read refused deliveries from"));
    QList<RefusedRecord> list;
    while (query && query->next())
        list.append(StoreSchema::readRefused(*query));
    return list;
}

std::optional<RefusedRecord> EventStore::refused(qint64 id)
{
    const QString sql =
        QStringLiteral("SELECT %1 FROM %2 WHERE %3 = ?")
            .arg(StoreSchema::refusedSelectColumns(d->schemaVersion), kRefusedTable, kId);
    std::optional<QSqlQuery> query =
        d->select(sql, {id}, QStringLiteral("read a refused delivery from"));
    if (!query || !query->next())
        return std::nullopt;
    return StoreSchema::readRefused(*query);
}

QList<EventRecord> EventStore::customerEventsOf(const QString &chatUserId, qint64 afterId,
                                                int limit)
{
    // The id is bound, never spliced: it is whatever the sender put there.
    const QString sql = selectEvents(d->schemaVersion) + QLatin1String(" WHERE ") + kChatUserId +
                        QLatin1String(" = ? AND ") + StoreSchema::customerEventsCondition() +
                        QLatin1String(" AND ") + kId + QLatin1String(" > ?") + orderById() +
                        QLatin1String(" LIMIT ?");
    std::optional<QSqlQuery> query =
        d->select(sql, {chatUserId, afterId, limit}, QStringLiteral("read the customer events of"));
    return query ? readEvents(*query) : QList<EventRecord>();
}

bool EventStore::forEachCustomerEvent(const std::function<bool(const EventRecord &)> &sink)
{
    return scanEvents(StoreSchema::customerEventsCondition(), {}, sink);
}

bool EventStore::scanEvents(const QString &where, const QVariantList &binds,
                            const std::function<bool(const EventRecord &)> &sink)
{
    const QString sql = selectEvents(d->schemaVersion) + whereOnly(where) + orderById();
    std::optional<QSqlQuery> query = d->select(sql, binds, QStringLiteral("read events from"));
    if (!query)
        return false;
    // One record reused for every row: a million-row export allocates only
    // the field strings, never a list of rows.
    EventRecord record;
    while (query->next()) {
        StoreSchema::readEvent(*query, record);
        if (!sink(record))
            return true;
    }
    if (query->lastError().type() != QSqlError::NoError)
        return d->failSql(QStringLiteral("read events from"), query->lastError());
    return true;
}

bool EventStore::scanExportRows(const QString &where, const QVariantList &binds,
                                const std::function<bool(const ExportRow &)> &sink)
{
    if (!d->ready(false))
        return false;
    const QString doing = QStringLiteral("read events from");
    ExportRowReader reader(d->db, d->schemaVersion);
    if (!reader.isUsable()) {
        ExportRowEncoder encoder;
        QByteArray forward;
        return scanEvents(where, binds, [&](const EventRecord &r) {
            ExportRow row = encoder.rowOf(r);
            forward = forwardSummary(r.id).toUtf8();
            row.forward = forward;
            return sink(row);
        });
    }
    if (!reader.prepare(whereOnly(where) + orderById(), binds))
        return d->failSqlite(doing, reader.errorText());
    while (reader.next()) {
        if (!sink(reader.row()))
            return true;
    }
    return reader.errorText().isEmpty() || d->failSqlite(doing, reader.errorText());
}
