#include "store/storeschema.h"

#include "records/deliveryrecord.h"
#include "records/eventrecord.h"
#include "records/refusedrecord.h"
#include "store/changerows.h"
#include "store/dedupekey.h"
#include "store/eventsearchindex.h"
#include "store/sqlstatement.h"
#include "store/storecolumns.h"
#include "store/summarytables.h"
#include "store/trustmigration.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <algorithm>
#include <iterator>

namespace {

using namespace StoreColumns;

const char *const kMetaDdl = "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)";

QString createIndex(const char *name, Name table, const QString &columns)
{
    return QStringLiteral("CREATE INDEX IF NOT EXISTS %1 ON %2(%3)")
        .arg(QLatin1String(name), table, columns);
}

// A channel in time order (the stream of one channel) without a sort.
QString channelTimeIndex()
{
    return createIndex("events_channel_time", kEventsTable,
                       kChannel + QLatin1String(", ") + kReceivedAt);
}

QStringList indices()
{
    const QString thenId = QLatin1String(", ") + kId;
    return {
        createIndex("events_received_at", kEventsTable, kReceivedAt),
        channelTimeIndex(),
        createIndex("events_chat_user", kEventsTable, kChatUserId + thenId),
        createIndex("events_chat_session", kEventsTable, kChatSessionId + thenId),
        createIndex("events_event", kEventsTable, kEvent + thenId),
        createIndex("deliveries_event", kDeliveriesTable, kEventId),
    };
}

// Version 1 -> 2. ADD COLUMN keeps the old rows; every old event counts as
// delivered once, at its first receipt.
QStringList migrate1to2()
{
    const QString addColumn = QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 %3");
    return {
        addColumn.arg(kEventsTable, kLastReceivedAt, QLatin1String("INTEGER NOT NULL DEFAULT 0")),
        QStringLiteral("UPDATE %1 SET %2 = %3").arg(kEventsTable, kLastReceivedAt, kReceivedAt),
        addColumn.arg(kEventsTable, kPresentFields, QLatin1String("TEXT NOT NULL DEFAULT ''")),
        addColumn.arg(kEventsTable, kDeliveries, QLatin1String("INTEGER NOT NULL DEFAULT 1")),
        createTable(kDeliveriesTable, kDeliveriesColumns),
        QStringLiteral("INSERT INTO %1(%2, %3, %4, %5) SELECT %6, %3, %4, %5 FROM %7 ORDER BY %6")
            .arg(kDeliveriesTable, kEventId, kReceivedAt, kVerification, kQuery, kId, kEventsTable),
    };
}

// Version 2 -> 3: the channel index also orders by time.
QStringList migrate2to3()
{
    return {QStringLiteral("DROP INDEX IF EXISTS events_channel"), channelTimeIndex()};
}

// ---- Schema step: the bounded refusal copy (docs/store-faults.md) -------
// Refused rows record the body's and query's sizes as received and the bytes
// the row keeps, which the refused table's cap adds up through the
// (id, kept_bytes) index, oldest first, without reading the bodies.
constexpr int kRefusedSizesVersion = 5;

QString refusedKeptIndex()
{
    return createIndex("refused_kept", kRefusedTable, kId + QLatin1String(", ") + kKeptBytes);
}

// Only the columns the table lacks are added, so the step also holds on a file
// whose refused table was made by a later layout (idempotent, merge-friendly).
// The names of a table's columns as the file has them (PRAGMA table_info).
QStringList columnsOf(QSqlDatabase &db, Name table)
{
    QStringList have;
    QSqlQuery info(db);
    if (info.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table))) {
        while (info.next())
            have.append(info.value(1).toString());
    }
    return have;
}

QStringList migrateRefusedSizes(QSqlDatabase &db)
{
    const QStringList have = columnsOf(db, kRefusedTable);
    QStringList steps;
    for (const Name column : {kBodySize, kQuerySize, kKeptBytes}) {
        if (!have.contains(column))
            steps.append(QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 INTEGER NOT NULL DEFAULT 0")
                             .arg(kRefusedTable, column));
    }
    return steps +
           QStringList{
               QStringLiteral(
                   "UPDATE %1 SET %2 = LENGTH(%3), %4 = LENGTH(CAST(%5 AS BLOB)), "
                   "%6 = LENGTH(%3) + LENGTH(CAST(%5 AS BLOB)) + LENGTH(CAST(%7 AS BLOB))")
                   .arg(kRefusedTable, kBodySize, kBody, kQuerySize, kQuery, kKeptBytes, kHeaders),
               refusedKeptIndex(),
           };
}
// ---- end of the refusal-copy step -----------------------------------------

// ---- Schema step 5 -> 6: test mark, request of every receipt, forwarding --
constexpr int kTestAndForwardsVersion = 6;

QStringList forwardsTable()
{
    return {
        createTable(kForwardsTable, kForwardsColumns),
        // Nothing is queued twice for one target (docs/forwarding.md).
        QStringLiteral("CREATE UNIQUE INDEX IF NOT EXISTS forwards_event_target ON %1(%2, %3)")
            .arg(kForwardsTable, kEventId, kTarget),
        createIndex("forwards_due", kForwardsTable, kState + QLatin1String(", ") + kNextAttemptAt),
    };
}

QStringList migrateTestAndForwards(QSqlDatabase &db)
{
    QStringList steps;
    const QString addColumn = QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 %3");
    if (!columnsOf(db, kEventsTable).contains(kTest))
        steps.append(
            addColumn.arg(kEventsTable, kTest, QLatin1String("INTEGER NOT NULL DEFAULT 0")));
    const QStringList deliveries = columnsOf(db, kDeliveriesTable);
    for (const Name column : {kHeaders, kPeer}) {
        if (!deliveries.contains(column))
            steps.append(
                addColumn.arg(kDeliveriesTable, column, QLatin1String("TEXT NOT NULL DEFAULT ''")));
    }
    QSqlQuery exists(db);
    if (!exists.exec(
            QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '%1'")
                .arg(kForwardsTable)) ||
        !exists.next())
        steps += forwardsTable();
    return steps;
}
// ---- end of step 5 -> 6 ---------------------------------------------------

// ---- Schema step 6 -> 7: summary tables (docs/storage.md) -----------------
// Per channel, customer and session, what the windows open on; filled from
// the events in batches with progress, then kept by the writer. Idempotent:
// the tables are created if missing and refilled.
constexpr int kSummaryTablesVersion = 7;

bool migrateSummaryTables(QSqlDatabase &db, const StoreSchema::Progress &progress, QString *error)
{
    return SummaryTables::backfill(db, progress, error);
}
// ---- end of step 6 -> 7 ---------------------------------------------------

// ---- Schema step 7 -> 8: the text-search index (EventSearchIndex) ---------
// An FTS5 trigram table over msg, name, phone and email, filled from every
// existing event in batches with progress; a table that exists is kept.
constexpr int kSearchIndexVersion = 8;
// ---- end of step 7 -> 8 ---------------------------------------------------

// ---- Schema step 8 -> 9: the stream's customer names (docs/threads.md) ----
// The stream shows each row's customer by the latest non-empty name of their
// customer events, read per page of rows. Without this index, proving that a
// customer has no name meant reading every event of theirs (1.7 s for one
// page of 40 customers on a million events); with it, one seek each. Partial:
// only customer events with a name are in it, so a message costs the writer
// nothing more.
constexpr int kCustomerNamesVersion = 9;

QString customerNameIndex()
{
    return QStringLiteral("CREATE INDEX IF NOT EXISTS events_customer_name ON %1(%2, %3) WHERE ")
               .arg(kEventsTable, kChatUserId, kId) +
           StoreSchema::namedCustomerEventsCondition();
}
// ---- end of step 8 -> 9 ---------------------------------------------------

// ---- Schema step 9 -> 10: change rows (docs/storage.md) -------------------
// What each customer event changed, and each customer's state after their
// last one, filled by replaying the customer events in id order with
// progress; then kept by the writer. The stream's Text column of a customer
// event read them by replaying the customer's history (seconds per page at a
// million events).
constexpr int kChangeRowsVersion = 10;
// ---- end of step 9 -> 10 --------------------------------------------------

// ---- Schema step 10 -> 11: the view's time index (docs/storage.md) ---------
// The stream lists a view's keys in time order, and the view hides test
// deliveries: events(received_at) does not hold `test`, so the scan read
// every row of the table (7 s at ten million events); this partial index
// holds exactly the real events' times, and the scan reads only it. `test`
// leads although it is always 0 there: SQLite 3.40 still evaluates the
// view's `test = 0` per row, so the column must be in the index for the scan
// to stay in it, and as the leading, equal column it leaves the order
// (received_at, id) intact.
constexpr int kViewTimeVersion = 11;

QString viewTimeIndex()
{
    return QStringLiteral("CREATE INDEX IF NOT EXISTS events_view_time ON %1(%2, %3) WHERE ")
               .arg(kEventsTable, kTest, kReceivedAt) +
           StoreSchema::viewTimeIndexCondition();
}
// ---- end of step 10 -> 11 -------------------------------------------------

// ---- Schema step 11 -> 12: a customer's events by time (docs/storage.md) --
// user: is the support desk's most common filter, and the stream shows it
// in time order: events(chat_user_id, id) made SQLite read every event of
// the customer and sort them before the first row (150 ms and more for a
// customer with 10,000 events at ten million); this index walks them in
// order, a page at a time.
constexpr int kChatUserTimeVersion = 12;

QString chatUserTimeIndex()
{
    return QStringLiteral("CREATE INDEX IF NOT EXISTS events_chat_user_time ON %1(%2, %3)")
        .arg(kEventsTable, kChatUserId, kReceivedAt);
}
// ---- end of step 11 -> 12 -------------------------------------------------

// ---- Schema step 12 -> 13: the text index trails the events ----------------
// The writer indexes new events' text a batch at a time instead of with each
// event (EventSearchIndex: an index flush per commit was a fifth of the
// writer's work), and the meta row says how far it has come; until then
// every event had been indexed with its row. Older builds would miss the
// newest events in a search, hence the version.
constexpr int kTrailingTextIndexVersion = 13;
// ---- end of step 12 -> 13 -------------------------------------------------

// ---- Schema step 13 -> 14: event facets (docs/storage.md) -----------------
// How many events share each combination of event, channel, msg_type,
// sender_type, verification and test: a filter over only those columns
// that matches nothing read every row of an index range to prove it (3-5 s
// at ten million events); the facets prove it from a few hundred rows.
// Filled from the events in batches of ids with progress, then kept by the
// writer (SummaryWriter).
constexpr int kEventFacetsVersion = 14;
// ---- end of step 13 -> 14 -------------------------------------------------

// "INSERT INTO <table>(<every column but id>) VALUES(?, ...)", binds in
// table order (bindEvent, bindDelivery, bindRefused).
template<std::size_t N>
QString insertInto(Name table, const Column (&columns)[N])
{
    QString values;
    for (const Column &column : columns) {
        if (column.name == kId)
            continue;
        if (!values.isEmpty())
            values += QLatin1String(", ");
        // A new event has been delivered once; the count is no bind.
        const bool one = table == kEventsTable && column.name == kDeliveries;
        values += one ? u'1' : u'?';
    }
    return QStringLiteral("INSERT INTO %1(%2) VALUES(%3)")
        .arg(table, nameList(columns, kId), values);
}

// Every text column is NOT NULL; QtSql binds a null QString as SQL NULL.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QVariant nullableChannel(int channel)
{
    return channel < 0 ? QVariant() : QVariant(channel);
}

Verification verificationOf(const QVariant &word)
{
    return verificationFromWord(word.toString()).value_or(Verification::NotChecked);
}

bool execAll(QSqlDatabase &db, const QStringList &statements, QString *error)
{
    QSqlQuery query(db);
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            if (error)
                *error = query.lastError().text();
            return false;
        }
    }
    return true;
}

} // namespace

namespace StoreSchema {

bool createCurrent(QSqlDatabase &db, QString *error)
{
    // Fresh files get the column order of docs/storage.md.
    const QStringList tables{createTable(kEventsTable, kEventsColumns),
                             createTable(kDeliveriesTable, kDeliveriesColumns),
                             createTable(kRefusedTable, kRefusedColumns), QLatin1String(kMetaDdl)};
    return execAll(db, tables, error) && execAll(db, indices(), error) &&
           execAll(db, {refusedKeptIndex()}, error) && execAll(db, forwardsTable(), error) &&
           execAll(db, SummaryTables::createSql(), error) &&
           EventSearchIndex::create(db, {}, error) && execAll(db, {customerNameIndex()}, error) &&
           execAll(db, ChangeRows::createSql(), error) &&
           execAll(db, {viewTimeIndex(), chatUserTimeIndex()}, error);
}

bool migrateStep(QSqlDatabase &db, int fromVersion, QString *error, const Progress &progress)
{
    // Version 1 (the first layout) had events without last_received_at,
    // present_fields and deliveries, plus refused and meta. An empty file is
    // created at the current version directly, never migrated from 0.
    switch (fromVersion) {
    case 1:
        return execAll(db, migrate1to2(), error) && execAll(db, indices(), error);
    case 2:
        return execAll(db, migrate2to3(), error);
    case 3:
        return TrustMigration::run(db, error);
    case kRefusedSizesVersion - 1:
        return execAll(db, migrateRefusedSizes(db), error);
    case kTestAndForwardsVersion - 1:
        return execAll(db, migrateTestAndForwards(db), error);
    case kSummaryTablesVersion - 1:
        return migrateSummaryTables(db, progress, error);
    case kSearchIndexVersion - 1:
        return EventSearchIndex::create(db, progress, error);
    case kCustomerNamesVersion - 1:
        return execAll(db, {customerNameIndex()}, error);
    case kChangeRowsVersion - 1:
        return ChangeRows::backfill(db, progress, error);
    case kViewTimeVersion - 1:
        return execAll(db, {viewTimeIndex()}, error);
    case kChatUserTimeVersion - 1:
        return execAll(db, {chatUserTimeIndex()}, error);
    case kTrailingTextIndexVersion - 1:
        return execAll(db, {EventSearchIndex::recordAllIndexedSql()}, error);
    case kEventFacetsVersion - 1:
        return SummaryTables::backfillFacets(db, progress, error);
    default:
        if (error)
            *error = QStringLiteral("no migration from schema %1").arg(fromVersion);
        return false;
    }
}

bool stampVersion(QSqlDatabase &db, int version, QString *error)
{
    QSqlQuery query(db);
    const bool ok = query.prepare(QStringLiteral(
                        "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', ?)")) &&
                    (query.addBindValue(QString::number(version)), query.exec()) &&
                    query.exec(QStringLiteral("PRAGMA user_version = %1").arg(version));
    if (!ok && error)
        *error = query.lastError().text();
    return ok;
}

int summaryTablesVersion()
{
    return kSummaryTablesVersion;
}

bool hasSummaryTables(int schemaVersion)
{
    return schemaVersion >= kSummaryTablesVersion;
}

bool hasChangeRows(int schemaVersion)
{
    return schemaVersion >= kChangeRowsVersion;
}

bool hasEventFacets(int schemaVersion)
{
    return schemaVersion >= kEventFacetsVersion;
}

bool hasViewTimeIndex(int schemaVersion)
{
    return schemaVersion >= kViewTimeVersion;
}

QString realEventsCondition(const QString &columnPrefix)
{
    return u'+' + columnPrefix + viewTimeIndexCondition();
}

QString viewTimeIndexCondition()
{
    return QString(kTest) + QLatin1String(" = 0");
}

QString eventSelectColumns(int schemaVersion)
{
    if (schemaVersion >= kTestAndForwardsVersion)
        return nameList(kEventsColumns);
    // A schema-5 file read without upgrading it: no test mark.
    return nameList(kEventsColumns, std::size(kEventsColumns) - 1) + QLatin1String(", 0");
}

QString deliverySelectColumns(int schemaVersion)
{
    if (schemaVersion >= kTestAndForwardsVersion)
        return nameList(kDeliveriesColumns);
    return nameList(kDeliveriesColumns, std::size(kDeliveriesColumns) - 2) +
           QLatin1String(", '', ''");
}

QString refusedSelectColumns(int schemaVersion)
{
    if (schemaVersion >= kRefusedSizesVersion)
        return nameList(kRefusedColumns);
    return nameList(kRefusedColumns, std::size(kRefusedColumns) - 3) +
           QStringLiteral(", LENGTH(%1), LENGTH(%2), 0").arg(kBody, kQuery);
}

QString customerEventsCondition()
{
    return kEvent + QLatin1String(" IN ('add_user', 'update_user')");
}

QString namedCustomerEventsCondition()
{
    return customerEventsCondition() + QLatin1String(" AND ") + kName + QLatin1String(" <> ''");
}

bool hasCustomerNameIndex(int schemaVersion)
{
    return schemaVersion >= kCustomerNamesVersion;
}

QString insertEventSql()
{
    return insertInto(kEventsTable, kEventsColumns);
}

QString insertDeliverySql()
{
    return insertInto(kDeliveriesTable, kDeliveriesColumns);
}

QString insertRefusedSql()
{
    return insertInto(kRefusedTable, kRefusedColumns);
}

void bindEvent(SqlStatement &query, const EventRecord &r, const QString &dedupeKey)
{
    const QVariant values[] = {
        r.receivedAtMs,
        r.receivedAtMs,
        text(r.event),
        nullableChannel(r.channel),
        text(r.channelName),
        text(r.chatUserId),
        text(r.chatSessionId),
        text(r.sequenceId),
        text(r.msgType),
        static_cast<int>(r.senderType),
        text(r.sender),
        r.sysUserId,
        r.sendTimeMs,
        text(r.msg),
        text(r.quoteChat),
        text(r.channelUid),
        text(r.name),
        text(r.remarkName),
        text(r.phone),
        text(r.email),
        text(r.remark),
        text(r.labels),
        text(r.customField),
        text(r.adReferral),
        text(r.presentFields.join(QLatin1Char(','))),
        verificationWord(r.verification),
        text(r.verificationDetail),
        dedupeKey,
        text(r.query),
        r.payload.isNull() ? QByteArray("") : r.payload,
        r.conflict ? 1 : 0,
        r.stale ? 1 : 0,
        r.test ? 1 : 0,
    };
    int i = 0;
    for (const QVariant &v : values)
        query.bind(i++, v);
}

void bindDelivery(SqlStatement &query, qint64 eventId, const EventRecord &r)
{
    query.bind(0, eventId);
    query.bind(1, r.receivedAtMs);
    query.bind(2, verificationWord(r.verification));
    query.bind(3, text(r.query));
    query.bind(4, text(r.requestHeaders));
    query.bind(5, text(r.peer));
}

qint64 refusedKeptBytes(const RefusedRecord &r)
{
    // Close enough for a cap: UTF-16 units stand for bytes of the short fields.
    return r.body.size() + r.query.size() + r.headers.size() + r.reason.size() + r.path.size() +
           r.peer.size() + r.method.size();
}

void bindRefused(QSqlQuery &query, const RefusedRecord &r)
{
    const QVariant values[] = {
        r.receivedAtMs,
        r.status,
        text(r.reason),
        text(r.method),
        text(r.path),
        text(r.query),
        text(r.headers),
        text(r.peer),
        r.body.isNull() ? QByteArray("") : r.body,
        std::max<qint64>(r.bodyBytes, r.body.size()),
        std::max<qint64>(r.queryBytes, r.query.toUtf8().size()),
        refusedKeptBytes(r),
    };
    int i = 0;
    for (const QVariant &v : values)
        query.bindValue(i++, v);
}

void readEvent(const QSqlQuery &q, EventRecord &r)
{
    int i = 0;
    const auto next = [&q, &i]() { return q.value(i++); };
    r.id = next().toLongLong();
    r.receivedAtMs = next().toLongLong();
    r.lastReceivedAtMs = next().toLongLong();
    r.event = next().toString();
    r.kind = eventKindFromName(r.event);
    const QVariant channel = next();
    r.channel = channel.isNull() ? -1 : channel.toInt();
    r.channelName = next().toString();
    r.chatUserId = next().toString();
    r.chatSessionId = next().toString();
    r.sequenceId = next().toString();
    r.msgType = next().toString();
    r.senderType = senderTypeFromCode(next().toInt());
    r.sender = next().toString();
    r.sysUserId = next().toLongLong();
    r.sendTimeMs = next().toLongLong();
    r.msg = next().toString();
    r.quoteChat = next().toString();
    r.channelUid = next().toString();
    r.name = next().toString();
    r.remarkName = next().toString();
    r.phone = next().toString();
    r.email = next().toString();
    r.remark = next().toString();
    r.labels = next().toString();
    r.customField = next().toString();
    r.adReferral = next().toString();
    r.presentFields = next().toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    r.verification = verificationOf(next());
    r.verificationDetail = next().toString();
    r.deliveries = next().toInt();
    r.dedupeKey = DedupeKey::senderKey(next().toString());
    r.query = next().toString();
    r.payload = next().toByteArray();
    r.conflict = next().toInt() != 0;
    r.stale = next().toInt() != 0;
    r.test = next().toInt() != 0;
}

DeliveryRecord readDelivery(const QSqlQuery &q)
{
    DeliveryRecord d;
    d.id = q.value(0).toLongLong();
    d.eventId = q.value(1).toLongLong();
    d.receivedAtMs = q.value(2).toLongLong();
    d.verification = verificationOf(q.value(3));
    d.query = q.value(4).toString();
    d.headers = q.value(5).toString();
    d.peer = q.value(6).toString();
    return d;
}

RefusedRecord readRefused(const QSqlQuery &q)
{
    RefusedRecord r;
    r.id = q.value(0).toLongLong();
    r.receivedAtMs = q.value(1).toLongLong();
    r.status = q.value(2).toInt();
    r.reason = q.value(3).toString();
    r.method = q.value(4).toString();
    r.path = q.value(5).toString();
    r.query = q.value(6).toString();
    r.headers = q.value(7).toString();
    r.peer = q.value(8).toString();
    r.body = q.value(9).toByteArray();
    r.bodyBytes = q.value(10).toLongLong();
    r.queryBytes = q.value(11).toLongLong();
    return r;
}

} // namespace StoreSchema
