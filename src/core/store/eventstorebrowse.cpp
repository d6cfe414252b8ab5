#include "store/eventstore.h"

#include "store/eventstore_p.h"
#include "store/storecolumns.h"
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

using namespace StoreColumns;

// "<column> > ? AND <column> <= ?": the afterId < id <= upToId of a read.
QString idRange(const QString &column)
{
    return column + QLatin1String(" > ? AND ") + column + QLatin1String(" <= ?");
}

QString eventsId()
{
    return kEventsTable + u'.' + kId;
}

// "event = 'message'"
QString isMessage(const QString &eventColumn)
{
    return eventColumn + QLatin1String(" = 'message'");
}

// " AND test = 0": channel counts and sparklines leave test deliveries out
// (docs/test-deliveries.md); a schema-5 file has no tests and no column.
QString notTest(int schemaVersion)
{
    constexpr int kTestVersion = 6;
    return schemaVersion >= kTestVersion ? QLatin1String(" AND ") + kTest + QLatin1String(" = 0")
                                         : QString();
}

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
QString latestNamesSelect(const QString &range)
{
    return QStringLiteral("SELECT %1, %2, MAX(%3) FROM %4 WHERE ")
               .arg(kChatUserId, kName, kId, kEventsTable) +
           StoreSchema::customerEventsCondition() + QLatin1String(" AND ") + kName +
           QLatin1String(" <> ''") + range + QLatin1String(" GROUP BY ") + kChatUserId;
}

QString customerNamesCte()
{
    return QStringLiteral("WITH customer_names(cn_user, %1, cn_id) AS (").arg(kCustomerName) +
           latestNamesSelect(QString()) + QStringLiteral(") ");
}

// SELECT events.id ... ORDER BY orderBy, with the customer_names join when
// the order uses it.
QString orderedIdsSql(qint64 afterId, const QString &where, const QString &orderBy)
{
    const bool names = orderBy.contains(kCustomerName);
    // A whole list leaves SQLite free to read through the index that serves
    // the filter or the order (events_received_at for the Time column)
    // instead of the rowid range, which would mean reading the whole table.
    // A batch of new rows is a short rowid range, read as such: left free,
    // SQLite would walk the filter's index (every row of a channel, say).
    const bool batch = afterId > 0;
    const QString range =
        QLatin1String(" WHERE ") + idRange(batch ? eventsId() : u'+' + eventsId());
    return (names ? customerNamesCte() : QString()) + QLatin1String("SELECT ") + eventsId() +
           QLatin1String(" FROM ") + kEventsTable +
           (batch ? QStringLiteral(" NOT INDEXED") : QString()) +
           (names ? QLatin1String(" LEFT JOIN customer_names ON cn_user = ") + kEventsTable + u'.' +
                        kChatUserId
                  : QString()) +
           range + andWhere(where) + QStringLiteral(" ORDER BY ") +
           (orderBy.isEmpty() ? eventsId() : orderBy);
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
        const QString sql =
            QStringLiteral("SELECT group_concat(%1) FROM %2 WHERE ").arg(kId, kEventsTable) +
            idRange(u'+' + kId) + andWhere(where);
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
    if (Private::provablyEmpty(*this, where, binds))
        return true;
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
        std::optional<QSqlQuery> query =
            select(selectFrom + QLatin1String(" WHERE ") + kId + QLatin1String(" IN (") +
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
        QStringLiteral("SELECT %1 FROM %2")
            .arg(StoreSchema::eventSelectColumns(d->schemaVersion), kEventsTable),
        QStringLiteral("read events from"), [](const QSqlQuery &query) {
            EventRecord record;
            StoreSchema::readEvent(query, record);
            return record;
        });
}

QList<qint64> EventStore::refusedIds(qint64 afterId, qint64 upToId)
{
    std::optional<QSqlQuery> query =
        d->select(QStringLiteral("SELECT %1 FROM %2 WHERE ").arg(kId, kRefusedTable) +
                      idRange(kId) + QLatin1String(" ORDER BY ") + kId,
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
        QStringLiteral("SELECT %1 FROM %2")
            .arg(StoreSchema::refusedSelectColumns(d->schemaVersion), kRefusedTable),
        QStringLiteral("read refused deliveries from"),
        [](const QSqlQuery &query) { return StoreSchema::readRefused(query); });
}

QList<EventStore::MessageTally> EventStore::messageTallyByChannel(qint64 afterId, qint64 upToId)
{
    if (afterId <= 0) {
        if (std::optional<QList<MessageTally>> fromSummary = summaryTallyByChannel(upToId))
            return *fromSummary;
    }
    std::optional<QSqlQuery> query =
        d->select(QStringLiteral("SELECT %1, COUNT(*), MAX(%2) FROM %3 WHERE ")
                          .arg(kChannel, kReceivedAt, kEventsTable) +
                      isMessage(kEvent) + notTest(d->schemaVersion) + QLatin1String(" AND ") +
                      idRange(kId) + QLatin1String(" GROUP BY ") + kChannel,
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
    const bool window = afterId <= 0;
    const QString from =
        QLatin1String(" FROM ") + kEventsTable +
        (window ? QStringLiteral(" INDEXED BY events_received_at") : QString()) +
        QLatin1String(" WHERE ") + isMessage(window ? u'+' + kEvent : QString(kEvent)) +
        QLatin1String(" AND ") + (window ? QString(kReceivedAt) : u'+' + kReceivedAt) +
        QLatin1String(" >= ? AND ") + idRange(window ? u'+' + kId : QString(kId)) +
        notTest(d->schemaVersion);
    const QString minute = kReceivedAt + QLatin1String(" / 60000");
    std::optional<QSqlQuery> query = d->select(
        QStringLiteral("SELECT %1, %2, COUNT(*), MAX(%3)").arg(kChannel, minute, kReceivedAt) +
            from + QStringLiteral(" GROUP BY %1, %2").arg(kChannel, minute),
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
    const QString test = notTest(d->schemaVersion).isEmpty() ? QStringLiteral("0") : QString(kTest);
    const QString sql = QStringLiteral("SELECT %1, %2, %3, %4, %5, %6, %7, %8, %9, ")
                            .arg(kId, kReceivedAt, kChatUserId, kName, kChannel, kChannelName,
                                 kVerification, kPhone, kEmail) +
                        test + QLatin1String(" FROM ") + kEventsTable + QLatin1String(" WHERE ") +
                        StoreSchema::customerEventsCondition() + QLatin1String(" AND ") +
                        idRange(kId) + andWhere(where) + QLatin1String(" ORDER BY ") + kId;
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
        s.verification =
            verificationFromWord(query->value(6).toString()).value_or(Verification::NotChecked);
        s.phone = query->value(7).toString();
        s.email = query->value(8).toString();
        s.test = query->value(9).toInt() != 0;
        list.append(std::move(s));
    }
    return list;
}

QStringList EventStore::customerIds(qint64 afterId, qint64 upToId, const QString &where,
                                    const QVariantList &binds)
{
    if (Private::provablyEmpty(*this, where, binds))
        return {};
    const QString sql =
        QStringLiteral("SELECT DISTINCT %1 FROM %2 WHERE ").arg(kChatUserId, kEventsTable) +
        StoreSchema::customerEventsCondition() + QLatin1String(" AND ") + idRange(kId) +
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
    if (afterId <= 0) {
        // A row per customer instead of every customer event.
        if (const std::optional<QList<CustomerSummary>> rows = customerSummaries(upToId)) {
            QHash<QString, QString> names;
            for (const CustomerSummary &c : *rows) {
                if (!c.latestName.isEmpty())
                    names.insert(c.chatUserId, c.latestName);
            }
            return names;
        }
    }
    std::optional<QSqlQuery> query =
        d->select(latestNamesSelect(QLatin1String(" AND ") + idRange(kId)), {afterId, upToId},
                  QStringLiteral("read the customer names of"));
    QHash<QString, QString> names;
    while (query && query->next())
        names.insert(query->value(0).toString(), query->value(1).toString());
    return names;
}

QList<EventRecord> EventStore::conversationMessages(const QString &chatSessionId,
                                                    const QString &chatUserId, qint64 afterId,
                                                    qint64 upToId, int limit)
{
    const bool bySession = !chatSessionId.isEmpty();
    const QString where = isMessage(kEvent) + QLatin1String(" AND ") +
                          (bySession ? kChatSessionId : kChatUserId) + QLatin1String(" = ? AND ") +
                          kId + QLatin1String(" > ?");
    // Read newest first so that the limit keeps the newest messages.
    QList<EventRecord> messages =
        eventsBefore(upToId + 1, limit, where, {bySession ? chatSessionId : chatUserId, afterId});
    std::reverse(messages.begin(), messages.end());
    return messages;
}
