#include "store/summarytables.h"

#include "records/eventrecord.h"
#include "store/sqlstatement.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <limits>

// The summary tables' SQL lives here, apart from the events' (StoreSchema):
// the three tables are derived data, every row of them a fold of events
// that the recount statements below spell out (docs/storage.md).

namespace {

const QString kMessage = QStringLiteral("event = 'message'");
const QString kCustomerEvent = QStringLiteral("event IN ('add_user', 'update_user')");

// "('bad-signature', 'unsigned')"
QString unverifiedWords()
{
    return QStringLiteral("('%1', '%2')")
        .arg(verificationWord(Verification::BadSignature),
             verificationWord(Verification::Unsigned));
}

QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

bool failed(const QSqlQuery &query, QString *error)
{
    if (error)
        *error = query.lastError().text();
    return false;
}

bool isMessage(const EventRecord &r)
{
    return r.event == QLatin1String("message");
}

bool isCustomerEvent(const EventRecord &r)
{
    return r.event == QLatin1String("add_user") || r.event == QLatin1String("update_user");
}

// The events the inbox groups: real messages with a session or a customer.
// event_facets' key columns, and the same values of a new event's row as
// StoreSchema::bindEvent binds them (the row and its facet must agree).
const QString kFacetColumns =
    QStringLiteral("event, channel, msg_type, sender_type, verification, test");

QVariantList facetKey(const EventRecord &r)
{
    return {text(r.event),
            r.channel < 0 ? QVariant() : QVariant(r.channel),
            text(r.msgType),
            static_cast<int>(r.senderType),
            verificationWord(r.verification),
            r.test ? 1 : 0};
}

bool inInbox(const EventRecord &r)
{
    return isMessage(r) && !r.test && (!r.chatSessionId.isEmpty() || !r.chatUserId.isEmpty());
}

QString customerKey(const QString &chatSessionId, const QString &chatUserId)
{
    return chatSessionId.isEmpty() ? text(chatUserId) : QStringLiteral("");
}

// The latest non-empty `column` of a customer's customer events of one
// verification class (a correlated subquery of customerRecount).
QString latestOfClass(const QString &column, bool unverified, const QString &upTo)
{
    return QStringLiteral("COALESCE((SELECT x.%1 FROM events x WHERE x.chat_user_id = g.u AND "
                          "x.id <= %2 AND x.%3 AND x.verification %4 IN %5 AND x.%1 <> '' "
                          "ORDER BY x.id DESC LIMIT 1), '')")
        .arg(column, upTo, kCustomerEvent, unverified ? QString() : QStringLiteral("NOT"),
             unverifiedWords());
}

// The channel the customers list shows from the customer events: the last
// one that carries a channel and is verified, or that came before the first
// verified event (CustomerRows::fold: an unverified event never replaces a
// verified channel).
QString foldedChannel(const QString &column, const QString &fallback, const QString &upTo)
{
    return QStringLiteral(
               "COALESCE((SELECT %1 FROM events x WHERE x.chat_user_id = g.u AND "
               "x.id <= %2 AND x.event IN ('add_user', 'update_user') AND x.channel "
               "IS NOT NULL AND (x.verification NOT IN %3 OR x.id < "
               "COALESCE(g.first_verified_id, x.id + 1)) ORDER BY x.id DESC LIMIT 1), %4)")
        .arg(column, upTo, unverifiedWords(), fallback);
}

QString ofLastMessage(const QString &column, const QString &fallback)
{
    return QStringLiteral("COALESCE((SELECT %1 FROM events WHERE id = g.last_message_id), %2)")
        .arg(column, fallback);
}

} // namespace

namespace SummaryTables {

bool isUnverified(Verification word)
{
    return word == Verification::BadSignature || word == Verification::Unsigned;
}

QStringList createSql()
{
    return {
        // Events per combination of six columns, named as in events; no
        // unique key (a NULL channel never equals another): the writer
        // updates by `channel IS ?`, inserting when no row was there.
        QStringLiteral("CREATE TABLE IF NOT EXISTS event_facets(event TEXT NOT NULL, channel "
                       "INTEGER, msg_type TEXT NOT NULL, sender_type INTEGER NOT NULL, "
                       "verification TEXT NOT NULL, test INTEGER NOT NULL, facet_events INTEGER "
                       "NOT NULL)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS event_facets_key ON event_facets(") +
            kFacetColumns + u')',
        // Real (not test) message events per channel; channel -1: none.
        QStringLiteral("CREATE TABLE IF NOT EXISTS channel_summary(channel INTEGER PRIMARY KEY, "
                       "messages INTEGER NOT NULL DEFAULT 0, last_received_at INTEGER NOT NULL "
                       "DEFAULT 0)"),
        QStringLiteral(
            "CREATE TABLE IF NOT EXISTS customer_summary(chat_user_id TEXT PRIMARY KEY, "
            "first_change_id INTEGER NOT NULL DEFAULT 0, changes INTEGER NOT NULL DEFAULT 0, "
            "unverified_changes INTEGER NOT NULL DEFAULT 0, test_changes INTEGER NOT NULL "
            "DEFAULT 0, last_change_at INTEGER NOT NULL DEFAULT 0, name TEXT NOT NULL DEFAULT "
            "'', unverified_name TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', "
            "unverified_phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', "
            "unverified_email TEXT NOT NULL DEFAULT '', channel INTEGER NOT NULL DEFAULT -1, "
            "channel_name TEXT NOT NULL DEFAULT '', messages INTEGER NOT NULL DEFAULT 0, "
            "test_messages INTEGER NOT NULL DEFAULT 0, last_message_id INTEGER NOT NULL "
            "DEFAULT 0, last_message_at INTEGER NOT NULL DEFAULT 0, message_channel INTEGER "
            "NOT NULL DEFAULT -1, message_channel_name TEXT NOT NULL DEFAULT '', message_name "
            "TEXT NOT NULL DEFAULT '', latest_name TEXT NOT NULL DEFAULT '') WITHOUT ROWID"),
        QStringLiteral(
            // The last message's columns are read from the events by id:
            // the writer rewrites four numbers per message, not its text.
            "CREATE TABLE IF NOT EXISTS session_summary(chat_session_id TEXT NOT NULL, "
            "customer_key TEXT NOT NULL, last_event_id INTEGER NOT NULL, messages INTEGER NOT "
            "NULL, agent_event_id INTEGER NOT NULL, PRIMARY KEY(chat_session_id, customer_key)) "
            "WITHOUT ROWID"),
        // The inbox opens on its newest sessions.
        QStringLiteral("CREATE INDEX IF NOT EXISTS session_summary_last ON "
                       "session_summary(last_event_id)"),
    };
}

QString channelRecount(qint64 maxId, bool oneKey)
{
    return QStringLiteral("SELECT COALESCE(channel, -1), COUNT(*), MAX(received_at) FROM events "
                          "WHERE %1 AND test = 0 AND id <= %2%3 GROUP BY channel")
        .arg(kMessage, QString::number(maxId),
             oneKey ? QStringLiteral(" AND channel IS ?") : QString());
}

QString customerRecount(qint64 maxId, bool oneKey)
{
    const QString upTo = QString::number(maxId);
    const QString groups =
        QStringLiteral(
            "SELECT chat_user_id AS u, MIN(CASE WHEN c = 1 THEN id END) AS first_change_id, "
            "SUM(c) AS changes, SUM(c * uv) AS unverified_changes, SUM(c * t) AS "
            "test_changes, MAX(CASE WHEN c = 1 THEN received_at ELSE 0 END) AS last_change_at, "
            "MIN(CASE WHEN c = 1 AND uv = 0 THEN id END) AS first_verified_id, SUM(1 - c) AS "
            "messages, SUM((1 - c) * t) AS test_messages, MAX(CASE WHEN c = 0 THEN id END) "
            "AS last_message_id FROM (SELECT chat_user_id, id, received_at, CASE WHEN test <> 0 "
            "THEN 1 ELSE 0 END AS t, CASE WHEN %1 THEN 1 ELSE 0 END AS c, CASE WHEN "
            "verification IN %2 THEN 1 ELSE 0 END AS uv FROM events WHERE id <= %3 AND (%1 OR "
            "(%4 AND chat_user_id <> ''))%5) AS e GROUP BY chat_user_id")
            .arg(kCustomerEvent, unverifiedWords(), upTo, kMessage,
                 oneKey ? QStringLiteral(" AND chat_user_id = ?") : QString());
    QStringList columns{QStringLiteral("g.u"),
                        QStringLiteral("COALESCE(g.first_change_id, 0)"),
                        QStringLiteral("g.changes"),
                        QStringLiteral("g.unverified_changes"),
                        QStringLiteral("g.test_changes"),
                        QStringLiteral("g.last_change_at")};
    for (const char *field : {"name", "phone", "email"}) {
        columns.append(latestOfClass(QLatin1String(field), false, upTo));
        columns.append(latestOfClass(QLatin1String(field), true, upTo));
    }
    columns += {
        foldedChannel(QStringLiteral("COALESCE(x.channel, -1)"), QStringLiteral("-1"), upTo),
        foldedChannel(QStringLiteral("x.channel_name"), QStringLiteral("''"), upTo),
        QStringLiteral("g.messages"),
        QStringLiteral("g.test_messages"),
        QStringLiteral("COALESCE(g.last_message_id, 0)"),
        ofLastMessage(QStringLiteral("received_at"), QStringLiteral("0")),
        ofLastMessage(QStringLiteral("COALESCE(channel, -1)"), QStringLiteral("-1")),
        ofLastMessage(QStringLiteral("channel_name"), QStringLiteral("''")),
        QStringLiteral(
            "COALESCE((SELECT x.name FROM events x WHERE g.u <> '' AND x.chat_user_id = "
            "g.u AND x.id <= %1 AND x.event = 'message' AND x.name <> '' ORDER BY x.id DESC LIMIT "
            "1), '')")
            .arg(upTo),
        // The latest non-empty name of any customer event (customerNames).
        QStringLiteral("COALESCE((SELECT x.name FROM events x WHERE x.chat_user_id = g.u AND x.id "
                       "<= %1 AND x.%2 AND x.name <> '' ORDER BY x.id DESC LIMIT 1), '')")
            .arg(upTo, kCustomerEvent),
    };
    return QLatin1String("SELECT ") + columns.join(QLatin1String(", ")) + QLatin1String(" FROM (") +
           groups + QLatin1String(") g");
}

QString sessionRecount(qint64 maxId, bool oneKey)
{
    const QString upTo = QString::number(maxId);
    // The serving agent: the last message that is an agent's or carries a
    // sys_user_id, through the session's index, or the customer's for the
    // messages without a session.
    const QString agent =
        QStringLiteral(
            "COALESCE((SELECT MAX(x.id) FROM events x WHERE m.s <> '' AND x.chat_session_id = "
            "m.s AND x.event = 'message' AND x.test = 0 AND x.id <= %1 AND (x.sender_type = 2 "
            "OR x.sys_user_id <> 0)), (SELECT MAX(x.id) FROM events x WHERE m.s = '' AND "
            "x.chat_user_id = m.k AND x.chat_session_id = '' AND x.event = 'message' AND x.test "
            "= 0 AND x.id <= %1 AND (x.sender_type = 2 OR x.sys_user_id <> 0)), 0)")
            .arg(upTo);
    const QString groups =
        QStringLiteral(
            "SELECT chat_session_id AS s, CASE WHEN chat_session_id = '' THEN chat_user_id ELSE "
            "'' END AS k, MAX(id) AS last_id, COUNT(*) AS n FROM events WHERE %1 AND test = 0 "
            "AND id <= %2 AND (chat_session_id <> '' OR chat_user_id <> '')%3 GROUP BY 1, 2")
            .arg(kMessage, upTo,
                 oneKey ? QStringLiteral(" AND chat_session_id = ? AND (chat_session_id <> '' OR "
                                         "chat_user_id = ?)")
                        : QString());
    return QStringLiteral("SELECT m.s AS chat_session_id, m.k AS customer_key, m.last_id AS "
                          "last_event_id, m.n AS messages, %1 AS agent_event_id FROM (%2) m")
        .arg(agent, groups);
}

QString facetRecount(qint64 maxId)
{
    return QStringLiteral("SELECT %1, COUNT(*) AS facet_events FROM events WHERE id <= %2 GROUP "
                          "BY %1")
        .arg(kFacetColumns)
        .arg(maxId);
}

bool backfillFacets(QSqlDatabase &db, const Progress &progress, QString *error)
{
    QSqlQuery q(db);
    for (const QString &statement : createSql() + QStringList{QStringLiteral("DELETE FROM "
                                                                             "event_facets")}) {
        if (!q.exec(statement))
            return failed(q, error);
    }
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM events")) || !q.next())
        return failed(q, error);
    const qint64 last = q.value(0).toLongLong();
    q.finish();
    // A range of ids at a time, grouped by SQLite, the groups added up here
    // (a few hundred facets); then written once.
    constexpr qint64 kBatch = 200000;
    QSqlQuery group(db);
    group.setForwardOnly(true);
    if (!group.prepare(QStringLiteral("SELECT %1, COUNT(*) FROM events WHERE id > ? AND id <= ? "
                                      "GROUP BY %1")
                           .arg(kFacetColumns)))
        return failed(group, error);
    QHash<QString, std::pair<QVariantList, qint64>> facets;
    if (progress && !progress(0, last))
        return false;
    for (qint64 after = 0; after < last; after += kBatch) {
        group.bindValue(0, after);
        group.bindValue(1, after + kBatch);
        if (!group.exec())
            return failed(group, error);
        while (group.next()) {
            QVariantList key;
            QString name;
            for (int i = 0; i < 6; ++i) {
                key.append(group.value(i));
                // Type and value: a NULL channel apart from any other.
                name += QString::number(group.value(i).typeId()) + u':' +
                        group.value(i).toString() + u'\x1f';
            }
            auto &facet = facets[name];
            facet.first = key;
            facet.second += group.value(6).toLongLong();
        }
        group.finish();
        if (progress && !progress(std::min(after + kBatch, last), last)) {
            if (error)
                *error = QStringLiteral("stopped");
            return false;
        }
    }
    QSqlQuery insert(db);
    if (!insert.prepare(QStringLiteral("INSERT INTO event_facets(%1, facet_events) VALUES(?, ?, "
                                       "?, ?, ?, ?, ?)")
                            .arg(kFacetColumns)))
        return failed(insert, error);
    for (const auto &[key, count] : std::as_const(facets)) {
        for (int i = 0; i < 6; ++i)
            insert.bindValue(i, key.at(i));
        insert.bindValue(6, count);
        if (!insert.exec())
            return failed(insert, error);
    }
    return true;
}

QString sessionRows(const QString &from)
{
    // The bare columns of the last message and the agent's sys_user_id, by id.
    return QStringLiteral(
               "SELECT s.chat_session_id, s.customer_key, e.chat_user_id, s.last_event_id, "
               "e.received_at, e.send_time, e.msg, e.msg_type, e.sender_type, IFNULL(e.channel, "
               "-1), e.channel_name, s.messages, s.agent_event_id, IFNULL(a.sys_user_id, 0) "
               "FROM ") +
           from +
           QStringLiteral(" s JOIN events e ON e.id = s.last_event_id LEFT JOIN events a ON a.id "
                          "= s.agent_event_id");
}

bool backfill(QSqlDatabase &db, const Progress &progress, QString *error)
{
    const auto failed = [error](const QSqlQuery &q) {
        if (error)
            *error = q.lastError().text();
        return false;
    };
    QSqlQuery q(db);
    for (const QString &statement :
         createSql() + QStringList{
                           QStringLiteral("DELETE FROM channel_summary"),
                           QStringLiteral("DELETE FROM customer_summary"),
                           QStringLiteral("DELETE FROM session_summary"),
                           QStringLiteral("DELETE FROM event_facets"),
                       }) {
        if (!q.exec(statement))
            return failed(q);
    }
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM events")) || !q.next())
        return failed(q);
    const qint64 total = q.value(0).toLongLong();
    q.finish();
    SummaryWriter writer(db);
    if (!writer.prepare(error))
        return false;
    // The rows in id order, replayed through the writer's own upserts: the
    // tables of a migrated store are those a writer would have kept.
    constexpr int kBatch = 20000;
    QSqlQuery rows(db);
    rows.setForwardOnly(true);
    if (!rows.prepare(
            QStringLiteral(
                "SELECT id, received_at, event, channel, channel_name, chat_user_id, "
                "chat_session_id, msg_type, sender_type, sys_user_id, send_time, msg, name, phone, "
                "email, verification, test FROM events WHERE id > ? ORDER BY id LIMIT %1")
                .arg(kBatch)))
        return failed(rows);
    qint64 after = 0;
    qint64 done = 0;
    if (progress && !progress(0, total))
        return false;
    for (;;) {
        rows.bindValue(0, after);
        if (!rows.exec())
            return failed(rows);
        QList<std::pair<qint64, EventRecord>> batch;
        while (rows.next()) {
            EventRecord r;
            int i = 0;
            const auto next = [&rows, &i]() { return rows.value(i++); };
            const qint64 id = next().toLongLong();
            r.receivedAtMs = next().toLongLong();
            r.event = next().toString();
            const QVariant channel = next();
            r.channel = channel.isNull() ? -1 : channel.toInt();
            r.channelName = next().toString();
            r.chatUserId = next().toString();
            r.chatSessionId = next().toString();
            r.msgType = next().toString();
            r.senderType = senderTypeFromCode(next().toInt());
            r.sysUserId = next().toLongLong();
            r.sendTimeMs = next().toLongLong();
            r.msg = next().toString();
            r.name = next().toString();
            r.phone = next().toString();
            r.email = next().toString();
            r.verification =
                verificationFromWord(next().toString()).value_or(Verification::NotChecked);
            r.test = next().toInt() != 0;
            batch.append({id, std::move(r)});
        }
        rows.finish();
        if (batch.isEmpty())
            break;
        for (const auto &[id, r] : std::as_const(batch)) {
            if (!writer.added(id, r, error))
                return false;
        }
        after = batch.last().first;
        done += batch.size();
        if (progress && !progress(done, total)) {
            if (error)
                *error = QStringLiteral("stopped");
            return false;
        }
    }
    return true;
}

} // namespace SummaryTables

SummaryWriter::SummaryWriter(const QSqlDatabase &db, sqlite3 *handle)
    : m_db(db)
    , m_handle(handle)
{
}

SummaryWriter::~SummaryWriter() = default;

bool SummaryWriter::prepare(QString *error)
{
    const auto prepared = [this, error](std::unique_ptr<SqlStatement> &query, const QString &sql) {
        query = std::make_unique<SqlStatement>(m_db, m_handle);
        if (query->prepare(sql))
            return true;
        if (error)
            *error = query->lastError().text();
        return false;
    };
    return prepared(m_channel,
                    QStringLiteral("INSERT INTO channel_summary(channel, messages, "
                                   "last_received_at) VALUES(?, 1, ?) ON CONFLICT(channel) DO "
                                   "UPDATE SET messages = messages + 1, last_received_at = "
                                   "MAX(last_received_at, excluded.last_received_at)")) &&
           prepared(m_messageCustomer,
                    QStringLiteral(
                        "INSERT INTO customer_summary(chat_user_id, messages, test_messages, "
                        "last_message_id, last_message_at, message_channel, "
                        "message_channel_name, message_name) VALUES(?, 1, ?, ?, ?, ?, ?, ?) ON "
                        "CONFLICT(chat_user_id) DO UPDATE SET messages = messages + 1, "
                        "test_messages = test_messages + excluded.test_messages, "
                        "last_message_id = excluded.last_message_id, last_message_at = "
                        "excluded.last_message_at, message_channel = excluded.message_channel, "
                        "message_channel_name = excluded.message_channel_name, message_name = "
                        "CASE WHEN excluded.message_name <> '' THEN excluded.message_name ELSE "
                        "message_name END")) &&
           prepared(m_customerEvent,
                    QStringLiteral(
                        "INSERT INTO customer_summary(chat_user_id, first_change_id, changes, "
                        "unverified_changes, test_changes, last_change_at, name, "
                        "unverified_name, phone, unverified_phone, email, unverified_email, "
                        "channel, channel_name, latest_name) VALUES(?, ?, 1, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?, ?, ?) ON CONFLICT(chat_user_id) DO UPDATE SET latest_name = "
                        "CASE WHEN excluded.latest_name <> '' THEN excluded.latest_name ELSE "
                        "latest_name END, first_change_id = CASE WHEN "
                        "first_change_id = 0 THEN excluded.first_change_id ELSE first_change_id "
                        "END, changes = changes + 1, unverified_changes = unverified_changes + "
                        "excluded.unverified_changes, test_changes = test_changes + "
                        "excluded.test_changes, last_change_at = MAX(last_change_at, "
                        "excluded.last_change_at), name = CASE WHEN excluded.name <> '' THEN "
                        "excluded.name ELSE name END, unverified_name = CASE WHEN "
                        "excluded.unverified_name <> '' THEN excluded.unverified_name ELSE "
                        "unverified_name END, phone = CASE WHEN excluded.phone <> '' THEN "
                        "excluded.phone ELSE phone END, unverified_phone = CASE WHEN "
                        "excluded.unverified_phone <> '' THEN excluded.unverified_phone ELSE "
                        "unverified_phone END, email = CASE WHEN excluded.email <> '' THEN "
                        "excluded.email ELSE email END, unverified_email = CASE WHEN "
                        "excluded.unverified_email <> '' THEN excluded.unverified_email ELSE "
                        "unverified_email END, channel = CASE WHEN excluded.channel >= 0 AND "
                        "(excluded.unverified_changes = 0 OR changes = unverified_changes) THEN "
                        "excluded.channel ELSE channel END, channel_name = CASE WHEN "
                        "excluded.channel >= 0 AND (excluded.unverified_changes = 0 OR changes "
                        "= unverified_changes) THEN excluded.channel_name ELSE channel_name "
                        "END")) &&
           prepared(m_facetUpdate,
                    QStringLiteral("UPDATE event_facets SET facet_events = facet_events + ? "
                                   "WHERE event = ? AND channel IS ? AND msg_type = ? AND "
                                   "sender_type = ? AND verification = ? AND test = ?")) &&
           prepared(m_facetInsert, QStringLiteral("INSERT INTO event_facets(facet_events, ") +
                                       kFacetColumns +
                                       QLatin1String(") VALUES(?, ?, ?, ?, ?, ?, ?)")) &&
           prepared(m_facetPrune,
                    QStringLiteral("DELETE FROM event_facets WHERE facet_events <= 0 AND event = "
                                   "? AND channel IS ? AND msg_type = ? AND sender_type = ? AND "
                                   "verification = ? AND test = ?")) &&
           prepared(m_session,
                    QStringLiteral(
                        "INSERT INTO session_summary(chat_session_id, customer_key, "
                        "last_event_id, messages, agent_event_id) VALUES(?, ?, ?, 1, ?) ON "
                        "CONFLICT(chat_session_id, customer_key) DO UPDATE SET last_event_id = "
                        "excluded.last_event_id, messages = messages + 1, agent_event_id = CASE "
                        "WHEN excluded.agent_event_id <> 0 THEN excluded.agent_event_id ELSE "
                        "agent_event_id END"));
}

bool SummaryWriter::exec(SqlStatement &statement, QString *error)
{
    const bool ok = statement.exec();
    if (!ok && error)
        *error = statement.lastError().text();
    statement.finish();
    return ok;
}

bool SummaryWriter::exec(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

bool SummaryWriter::countFacet(const QVariantList &key, qint64 delta, QString *error)
{
    m_facetUpdate->bind(0, delta);
    for (int i = 0; i < 6; ++i)
        m_facetUpdate->bind(i + 1, key.at(i));
    if (!m_facetUpdate->exec()) {
        if (error)
            *error = m_facetUpdate->lastError().text();
        m_facetUpdate->finish();
        return false;
    }
    const qint64 updated = m_facetUpdate->rowsAffected();
    m_facetUpdate->finish();
    if (updated == 0 && delta > 0) {
        m_facetInsert->bind(0, delta);
        for (int i = 0; i < 6; ++i)
            m_facetInsert->bind(i + 1, key.at(i));
        return exec(*m_facetInsert, error);
    }
    if (delta >= 0)
        return true;
    for (int i = 0; i < 6; ++i)
        m_facetPrune->bind(i, key.at(i));
    return exec(*m_facetPrune, error);
}

bool SummaryWriter::added(qint64 eventId, const EventRecord &r, QString *error)
{
    if (!countFacet(facetKey(r), 1, error))
        return false;
    const int channel = r.channel < 0 ? -1 : r.channel;
    if (isMessage(r) && !r.test) {
        m_channel->bind(0, channel);
        m_channel->bind(1, r.receivedAtMs);
        if (!exec(*m_channel, error))
            return false;
    }
    if (isMessage(r) && !r.chatUserId.isEmpty()) {
        const QVariant values[] = {r.chatUserId, r.test ? 1 : 0,      eventId,     r.receivedAtMs,
                                   channel,      text(r.channelName), text(r.name)};
        int i = 0;
        for (const QVariant &v : values)
            m_messageCustomer->bind(i++, v);
        if (!exec(*m_messageCustomer, error))
            return false;
    }
    if (isCustomerEvent(r)) {
        const bool unverified = SummaryTables::isUnverified(r.verification);
        const QString none = QStringLiteral("");
        const QVariant values[] = {
            text(r.chatUserId),
            eventId,
            unverified ? 1 : 0,
            r.test ? 1 : 0,
            r.receivedAtMs,
            unverified ? none : text(r.name),
            unverified ? text(r.name) : none,
            unverified ? none : text(r.phone),
            unverified ? text(r.phone) : none,
            unverified ? none : text(r.email),
            unverified ? text(r.email) : none,
            channel,
            channel >= 0 ? text(r.channelName) : none,
            text(r.name),
        };
        int i = 0;
        for (const QVariant &v : values)
            m_customerEvent->bind(i++, v);
        if (!exec(*m_customerEvent, error))
            return false;
    }
    if (inInbox(r)) {
        const bool agent = r.senderType == SenderType::Agent || r.sysUserId != 0;
        const QVariant values[] = {
            text(r.chatSessionId),
            customerKey(r.chatSessionId, r.chatUserId),
            eventId,
            agent ? eventId : 0,
        };
        int i = 0;
        for (const QVariant &v : values)
            m_session->bind(i++, v);
        if (!exec(*m_session, error))
            return false;
    }
    return true;
}

bool SummaryWriter::retried(qint64 eventId, bool oldTest, Verification oldWord,
                            const QString &oldWordText, const EventRecord &r, QString *error)
{
    // mergeDuplicate keeps the stronger word and clears the test mark on a
    // real receipt; only those two change what an event counts as.
    const bool stronger = verificationStrength(r.verification) > verificationStrength(oldWord);
    const Verification word = stronger ? r.verification : oldWord;
    const bool becameReal = oldTest && !r.test;
    // The facet moves when the stored word or the test mark does (the merge
    // writes the word of the enum: one this build did not know becomes
    // another): the row's other four columns, read back, with the old and
    // the new two.
    if (verificationWord(word) != oldWordText || becameReal) {
        QSqlQuery row(m_db);
        if (!row.prepare(QStringLiteral("SELECT event, channel, msg_type, sender_type FROM events "
                                        "WHERE id = ?")))
            return failed(row, error);
        row.addBindValue(eventId);
        if (!exec(row, error))
            return false;
        if (row.next()) {
            QVariantList key{row.value(0), row.value(1), row.value(2),
                             row.value(3), oldWordText,  oldTest ? 1 : 0};
            row.finish();
            if (!countFacet(key, -1, error))
                return false;
            key[4] = verificationWord(word);
            key[5] = oldTest && r.test ? 1 : 0;
            if (!countFacet(key, 1, error))
                return false;
        }
    }
    const bool classChanged =
        SummaryTables::isUnverified(word) != SummaryTables::isUnverified(oldWord);
    if (!becameReal && !classChanged)
        return true;
    QSqlQuery row(m_db);
    if (!row.prepare(QStringLiteral("SELECT event, channel, chat_user_id, chat_session_id, "
                                    "received_at FROM events WHERE id = ?")))
        return failed(row, error);
    row.addBindValue(eventId);
    if (!exec(row, error))
        return false;
    if (!row.next())
        return true;
    const QString event = row.value(0).toString();
    const int channel = row.value(1).isNull() ? -1 : row.value(1).toInt();
    const QString user = row.value(2).toString();
    const QString session = row.value(3).toString();
    const qint64 receivedAt = row.value(4).toLongLong();
    row.finish();
    if (event == QLatin1String("message")) {
        if (!becameReal)
            return true;
        m_channel->bind(0, channel);
        m_channel->bind(1, receivedAt);
        if (!exec(*m_channel, error))
            return false;
        if (!user.isEmpty()) {
            QSqlQuery update(m_db);
            if (!update.prepare(QStringLiteral("UPDATE customer_summary SET test_messages = "
                                               "test_messages - 1 WHERE chat_user_id = ?")))
                return failed(update, error);
            update.addBindValue(user);
            if (!exec(update, error))
                return false;
        }
        if (session.isEmpty() && user.isEmpty())
            return true;
        return recountSession(session, user, error);
    }
    if (event == QLatin1String("add_user") || event == QLatin1String("update_user"))
        return recountCustomer(user, error);
    return true;
}

bool SummaryWriter::recountCustomer(const QString &chatUserId, QString *error)
{
    QSqlQuery remove(m_db);
    QSqlQuery insert(m_db);
    if (!remove.prepare(QStringLiteral("DELETE FROM customer_summary WHERE chat_user_id = ?")) ||
        !insert.prepare(QStringLiteral("INSERT INTO customer_summary ") +
                        SummaryTables::customerRecount(std::numeric_limits<qint64>::max(), true)))
        return failed(remove.lastError().isValid() ? remove : insert, error);
    remove.addBindValue(text(chatUserId));
    insert.addBindValue(text(chatUserId));
    return exec(remove, error) && exec(insert, error);
}

bool SummaryWriter::recountSession(const QString &chatSessionId, const QString &chatUserId,
                                   QString *error)
{
    const QString key = customerKey(chatSessionId, chatUserId);
    QSqlQuery remove(m_db);
    QSqlQuery insert(m_db);
    if (!remove.prepare(QStringLiteral(
            "DELETE FROM session_summary WHERE chat_session_id = ? AND customer_key = ?")) ||
        !insert.prepare(QStringLiteral("INSERT INTO session_summary ") +
                        SummaryTables::sessionRecount(std::numeric_limits<qint64>::max(), true)))
        return failed(remove.lastError().isValid() ? remove : insert, error);
    remove.addBindValue(text(chatSessionId));
    remove.addBindValue(key);
    insert.addBindValue(text(chatSessionId));
    insert.addBindValue(text(chatUserId));
    return exec(remove, error) && exec(insert, error);
}
