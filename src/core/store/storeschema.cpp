#include "store/storeschema.h"

#include "records/deliveryrecord.h"
#include "records/eventrecord.h"
#include "records/refusedrecord.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace {

const char *const kRefusedDdl =
    "CREATE TABLE refused(id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL,"
    " status INTEGER NOT NULL, reason TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,"
    " query TEXT NOT NULL, headers TEXT NOT NULL, peer TEXT NOT NULL, body BLOB NOT NULL)";

const char *const kMetaDdl = "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)";

// Version 2 as created fresh: the column order of docs/storage.md.
const char *const kEventsV2 =
    "CREATE TABLE events("
    " id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL,"
    " last_received_at INTEGER NOT NULL, event TEXT NOT NULL, channel INTEGER,"
    " channel_name TEXT NOT NULL DEFAULT '', chat_user_id TEXT NOT NULL DEFAULT '',"
    " chat_session_id TEXT NOT NULL DEFAULT '', sequence_id TEXT NOT NULL DEFAULT '',"
    " msg_type TEXT NOT NULL DEFAULT '', sender_type INTEGER NOT NULL DEFAULT 0,"
    " sender TEXT NOT NULL DEFAULT '', sys_user_id INTEGER NOT NULL DEFAULT 0,"
    " send_time INTEGER NOT NULL DEFAULT 0, msg TEXT NOT NULL DEFAULT '',"
    " quote_chat TEXT NOT NULL DEFAULT '', channel_uid TEXT NOT NULL DEFAULT '',"
    " name TEXT NOT NULL DEFAULT '', remark_name TEXT NOT NULL DEFAULT '',"
    " phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',"
    " remark TEXT NOT NULL DEFAULT '', labels TEXT NOT NULL DEFAULT '',"
    " custom_field TEXT NOT NULL DEFAULT '', ad_referral TEXT NOT NULL DEFAULT '',"
    " present_fields TEXT NOT NULL DEFAULT '', verification TEXT NOT NULL,"
    " verification_detail TEXT NOT NULL DEFAULT '', deliveries INTEGER NOT NULL DEFAULT 1,"
    " dedupe_key TEXT NOT NULL UNIQUE, query TEXT NOT NULL DEFAULT '', payload BLOB NOT NULL)";

const char *const kDeliveriesDdl =
    "CREATE TABLE deliveries(id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL,"
    " received_at INTEGER NOT NULL, verification TEXT NOT NULL, query TEXT NOT NULL DEFAULT '')";

const char *const kIndices[] = {
    "CREATE INDEX IF NOT EXISTS events_received_at ON events(received_at)",
    // A channel in time order (the stream of one channel) without a sort.
    "CREATE INDEX IF NOT EXISTS events_channel_time ON events(channel, received_at)",
    "CREATE INDEX IF NOT EXISTS events_chat_user ON events(chat_user_id, id)",
    "CREATE INDEX IF NOT EXISTS events_chat_session ON events(chat_session_id, id)",
    "CREATE INDEX IF NOT EXISTS events_event ON events(event, id)",
    "CREATE INDEX IF NOT EXISTS deliveries_event ON deliveries(event_id)",
};

// Version 1 -> 2. ADD COLUMN keeps the old rows; every old event counts as
// delivered once, at its first receipt.
const char *const kMigrate1to2[] = {
    "ALTER TABLE events ADD COLUMN last_received_at INTEGER NOT NULL DEFAULT 0",
    "UPDATE events SET last_received_at = received_at",
    "ALTER TABLE events ADD COLUMN present_fields TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE events ADD COLUMN deliveries INTEGER NOT NULL DEFAULT 1",
    kDeliveriesDdl,
    "INSERT INTO deliveries(event_id, received_at, verification, query)"
    " SELECT id, received_at, verification, query FROM events ORDER BY id",
};

// Version 2 -> 3: the channel index also orders by time.
const char *const kMigrate2to3[] = {
    "DROP INDEX IF EXISTS events_channel",
    "CREATE INDEX IF NOT EXISTS events_channel_time ON events(channel, received_at)",
};

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

template<typename List>
bool execAll(QSqlDatabase &db, const List &statements, QString *error)
{
    QSqlQuery query(db);
    for (const char *statement : statements) {
        if (!query.exec(QString::fromLatin1(statement))) {
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
    const char *const tables[] = {kEventsV2, kDeliveriesDdl, kRefusedDdl, kMetaDdl};
    return execAll(db, tables, error) && execAll(db, kIndices, error);
}

bool migrateStep(QSqlDatabase &db, int fromVersion, QString *error)
{
    // Version 1 (the first layout) had events without last_received_at,
    // present_fields and deliveries, plus refused and meta. An empty file is
    // created at the current version directly, never migrated from 0.
    switch (fromVersion) {
    case 1:
        return execAll(db, kMigrate1to2, error) && execAll(db, kIndices, error);
    case 2:
        return execAll(db, kMigrate2to3, error);
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

QString eventSelectColumns()
{
    return QStringLiteral(
        "id, received_at, last_received_at, event, channel, channel_name, chat_user_id,"
        " chat_session_id, sequence_id, msg_type, sender_type, sender, sys_user_id, send_time,"
        " msg, quote_chat, channel_uid, name, remark_name, phone, email, remark, labels,"
        " custom_field, ad_referral, present_fields, verification, verification_detail,"
        " deliveries, dedupe_key, query, payload");
}

QString deliverySelectColumns()
{
    return QStringLiteral("id, event_id, received_at, verification, query");
}

QString refusedSelectColumns()
{
    return QStringLiteral(
        "id, received_at, status, reason, method, path, query, headers, peer, body");
}

QString insertEventSql()
{
    return QStringLiteral(
        "INSERT INTO events(received_at, last_received_at, event, channel, channel_name,"
        " chat_user_id, chat_session_id, sequence_id, msg_type, sender_type, sender,"
        " sys_user_id, send_time, msg, quote_chat, channel_uid, name, remark_name, phone,"
        " email, remark, labels, custom_field, ad_referral, present_fields, verification,"
        " verification_detail, deliveries, dedupe_key, query, payload)"
        " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, 1, ?, ?, ?)");
}

QString insertDeliverySql()
{
    return QStringLiteral(
        "INSERT INTO deliveries(event_id, received_at, verification, query) VALUES(?, ?, ?, ?)");
}

QString insertRefusedSql()
{
    return QStringLiteral("INSERT INTO refused(received_at, status, reason, method, path, query,"
                          " headers, peer, body) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
}

void bindEvent(QSqlQuery &query, const EventRecord &r, const QString &dedupeKey)
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
    };
    int i = 0;
    for (const QVariant &v : values)
        query.bindValue(i++, v);
}

void bindDelivery(QSqlQuery &query, qint64 eventId, const EventRecord &r)
{
    query.bindValue(0, eventId);
    query.bindValue(1, r.receivedAtMs);
    query.bindValue(2, verificationWord(r.verification));
    query.bindValue(3, text(r.query));
}

void bindRefused(QSqlQuery &query, const RefusedRecord &r)
{
    const QVariant values[] = {
        r.receivedAtMs,  r.status,     text(r.reason),
        text(r.method),  text(r.path), text(r.query),
        text(r.headers), text(r.peer), r.body.isNull() ? QByteArray("") : r.body,
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
    r.dedupeKey = next().toString();
    r.query = next().toString();
    r.payload = next().toByteArray();
}

DeliveryRecord readDelivery(const QSqlQuery &q)
{
    DeliveryRecord d;
    d.id = q.value(0).toLongLong();
    d.eventId = q.value(1).toLongLong();
    d.receivedAtMs = q.value(2).toLongLong();
    d.verification = verificationOf(q.value(3));
    d.query = q.value(4).toString();
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
    return r;
}

} // namespace StoreSchema
