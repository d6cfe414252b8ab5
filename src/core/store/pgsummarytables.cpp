#include "store/pgschema.h"

#include "records/verification.h"
#include "store/summarytables.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <limits>

// The summary tables in PostgreSQL (layout 2; docs/storage.md, "Summary
// tables" and "Event facets"; docs/team.md). SQLite's SummaryWriter runs its
// upserts from the writer, statement by statement; here the same upserts
// run in triggers on events, so that a delivery costs no round trip more
// than before (the upsert's own), and every path that writes events (a
// receiver, migrate, an older receiver still running) keeps them. The
// triggers rely on the write lock (PgEventStore's advisory lock, held by
// every writer's transaction) as SummaryWriter relies on SQLite's single
// writer: ids grow in commit order, and a facet's UPDATE-then-INSERT is
// not raced.

namespace {

constexpr qint64 kAll = std::numeric_limits<qint64>::max();

// SummaryTables::createSql() in PostgreSQL's types, as columnDefinition
// maps the events' columns: INTEGER a BIGINT (a plain key, not an
// identity), TEXT a TEXT COLLATE "C"; no WITHOUT ROWID.
QStringList tableDdl()
{
    static const QRegularExpression integer(QStringLiteral("\\bINTEGER\\b"));
    static const QRegularExpression text(QStringLiteral("\\bTEXT\\b"));
    QStringList out;
    for (QString sql : SummaryTables::createSql()) {
        sql.replace(integer, QStringLiteral("BIGINT"));
        sql.replace(text, QStringLiteral("TEXT COLLATE \"C\""));
        sql.remove(QStringLiteral(" WITHOUT ROWID"));
        out.append(sql);
    }
    return out;
}

// `sql` with its `?` binds replaced, in order, by `values` (plpgsql
// expressions).
QString inlined(QString sql, const QStringList &values)
{
    for (const QString &value : values) {
        const qsizetype at = sql.indexOf(u'?');
        Q_ASSERT(at >= 0);
        sql.replace(at, 1, value);
    }
    Q_ASSERT(!sql.contains(u'?'));
    return sql;
}

QString unverifiedWords()
{
    return QStringLiteral("('%1', '%2')")
        .arg(verificationWord(Verification::BadSignature),
             verificationWord(Verification::Unsigned));
}

// Adds `delta` to the facet of `row` (NEW or OLD) with `word` and `test`;
// a facet left with none is deleted (SummaryWriter::countFacet).
QString countFacet(const QString &row, const QString &word, const QString &test, int delta)
{
    const QString where =
        QStringLiteral("event = %1.event AND channel IS NOT DISTINCT FROM %1.channel AND "
                       "msg_type = %1.msg_type AND sender_type = %1.sender_type AND "
                       "verification = %2 AND test = %3")
            .arg(row, word, test);
    QString out = QStringLiteral("UPDATE event_facets SET facet_events = facet_events + (%1) "
                                 "WHERE %2;\n")
                      .arg(delta)
                      .arg(where);
    if (delta > 0)
        out += QStringLiteral("IF NOT FOUND THEN INSERT INTO event_facets(event, channel, "
                              "msg_type, sender_type, verification, test, facet_events) "
                              "VALUES(%1.event, %1.channel, %1.msg_type, %1.sender_type, %2, "
                              "%3, %4); END IF;\n")
                   .arg(row, word, test)
                   .arg(delta);
    else
        out +=
            QStringLiteral("DELETE FROM event_facets WHERE facet_events <= 0 AND %1;\n").arg(where);
    return out;
}

// A real message counted in its channel and conversation: the ids grow
// under the write lock, so GREATEST gives the recount's MAX(id) both for a
// new message and for a test message that a real receipt made real
// (SQLite's writer recounts the session then).
QString countRealMessage()
{
    return QStringLiteral(
        "INSERT INTO channel_summary AS s(channel, messages, last_received_at) "
        "VALUES(COALESCE(NEW.channel, -1), 1, NEW.received_at) ON CONFLICT (channel) DO UPDATE "
        "SET messages = s.messages + 1, last_received_at = GREATEST(s.last_received_at, "
        "EXCLUDED.last_received_at);\n"
        "IF NEW.chat_session_id <> '' OR NEW.chat_user_id <> '' THEN\n"
        "INSERT INTO session_summary AS s(chat_session_id, customer_key, last_event_id, "
        "messages, agent_event_id) VALUES(NEW.chat_session_id, CASE WHEN NEW.chat_session_id = "
        "'' THEN NEW.chat_user_id ELSE '' END, NEW.id, 1, CASE WHEN NEW.sender_type = 2 OR "
        "NEW.sys_user_id <> 0 THEN NEW.id ELSE 0 END) ON CONFLICT (chat_session_id, "
        "customer_key) DO UPDATE SET last_event_id = GREATEST(s.last_event_id, "
        "EXCLUDED.last_event_id), messages = s.messages + 1, agent_event_id = "
        "GREATEST(s.agent_event_id, EXCLUDED.agent_event_id);\n"
        "END IF;\n");
}

// SummaryWriter::added's upserts for the new row NEW.
QString addedFunction()
{
    const QString customerEvent = QStringLiteral(
        "INSERT INTO customer_summary AS s(chat_user_id, first_change_id, changes, "
        "unverified_changes, test_changes, last_change_at, name, unverified_name, phone, "
        "unverified_phone, email, unverified_email, channel, channel_name, latest_name) "
        "VALUES(NEW.chat_user_id, NEW.id, 1, hs_unverified, CASE WHEN NEW.test <> 0 THEN 1 "
        "ELSE 0 END, NEW.received_at, CASE WHEN hs_unverified = 1 THEN '' ELSE NEW.name END, "
        "CASE WHEN hs_unverified = 1 THEN NEW.name ELSE '' END, CASE WHEN hs_unverified = 1 "
        "THEN '' ELSE NEW.phone END, CASE WHEN hs_unverified = 1 THEN NEW.phone ELSE '' END, "
        "CASE WHEN hs_unverified = 1 THEN '' ELSE NEW.email END, CASE WHEN hs_unverified = 1 "
        "THEN NEW.email ELSE '' END, COALESCE(NEW.channel, -1), CASE WHEN NEW.channel IS NULL "
        "THEN '' ELSE NEW.channel_name END, NEW.name) "
        "ON CONFLICT (chat_user_id) DO UPDATE SET latest_name = CASE WHEN "
        "EXCLUDED.latest_name <> '' THEN EXCLUDED.latest_name ELSE s.latest_name END, "
        "first_change_id = CASE WHEN s.first_change_id = 0 THEN EXCLUDED.first_change_id ELSE "
        "s.first_change_id END, changes = s.changes + 1, unverified_changes = "
        "s.unverified_changes + EXCLUDED.unverified_changes, test_changes = s.test_changes + "
        "EXCLUDED.test_changes, last_change_at = GREATEST(s.last_change_at, "
        "EXCLUDED.last_change_at), name = CASE WHEN EXCLUDED.name <> '' THEN EXCLUDED.name ELSE "
        "s.name END, unverified_name = CASE WHEN EXCLUDED.unverified_name <> '' THEN "
        "EXCLUDED.unverified_name ELSE s.unverified_name END, phone = CASE WHEN EXCLUDED.phone "
        "<> '' THEN EXCLUDED.phone ELSE s.phone END, unverified_phone = CASE WHEN "
        "EXCLUDED.unverified_phone <> '' THEN EXCLUDED.unverified_phone ELSE s.unverified_phone "
        "END, email = CASE WHEN EXCLUDED.email <> '' THEN EXCLUDED.email ELSE s.email END, "
        "unverified_email = CASE WHEN EXCLUDED.unverified_email <> '' THEN "
        "EXCLUDED.unverified_email ELSE s.unverified_email END, channel = CASE WHEN "
        "EXCLUDED.channel >= 0 AND (EXCLUDED.unverified_changes = 0 OR s.changes = "
        "s.unverified_changes) THEN EXCLUDED.channel ELSE s.channel END, channel_name = CASE "
        "WHEN EXCLUDED.channel >= 0 AND (EXCLUDED.unverified_changes = 0 OR s.changes = "
        "s.unverified_changes) THEN EXCLUDED.channel_name ELSE s.channel_name END;\n");
    const QString messageCustomer = QStringLiteral(
        "INSERT INTO customer_summary AS s(chat_user_id, messages, test_messages, "
        "last_message_id, last_message_at, message_channel, message_channel_name, "
        "message_name) VALUES(NEW.chat_user_id, 1, CASE WHEN NEW.test <> 0 THEN 1 ELSE 0 END, "
        "NEW.id, NEW.received_at, COALESCE(NEW.channel, -1), NEW.channel_name, NEW.name) ON "
        "CONFLICT (chat_user_id) DO UPDATE SET messages = s.messages + 1, test_messages = "
        "s.test_messages + EXCLUDED.test_messages, last_message_id = EXCLUDED.last_message_id, "
        "last_message_at = EXCLUDED.last_message_at, message_channel = "
        "EXCLUDED.message_channel, message_channel_name = EXCLUDED.message_channel_name, "
        "message_name = CASE WHEN EXCLUDED.message_name <> '' THEN EXCLUDED.message_name ELSE "
        "s.message_name END;\n");
    return QStringLiteral("CREATE OR REPLACE FUNCTION hookscope_summaries_added() RETURNS "
                          "trigger LANGUAGE plpgsql AS $body$\n"
                          "DECLARE hs_unverified BIGINT := CASE WHEN NEW.verification IN %1 "
                          "THEN 1 ELSE 0 END;\n"
                          "BEGIN\n")
               .arg(unverifiedWords()) +
           countFacet(QStringLiteral("NEW"), QStringLiteral("NEW.verification"),
                      QStringLiteral("NEW.test"), 1) +
           QStringLiteral("IF NEW.event = 'message' THEN\n"
                          "IF NEW.test = 0 THEN\n") +
           countRealMessage() +
           QStringLiteral("END IF;\n"
                          "IF NEW.chat_user_id <> '' THEN\n") +
           messageCustomer +
           QStringLiteral("END IF;\n"
                          "ELSIF NEW.event IN ('add_user', 'update_user') THEN\n") +
           customerEvent +
           QStringLiteral("END IF;\n"
                          "RETURN NULL;\n"
                          "END\n"
                          "$body$");
}

// SummaryWriter::retried's fix-ups, for an UPDATE that changed the stored
// word or cleared the test mark (the trigger's WHEN): the facet moves; a
// message that became real is counted as one; a customer event that became
// real or changed verification class has its customer's row recounted
// (SummaryTables::customerRecount, through the events_chat_user index).
QString retriedFunction()
{
    const QString recount =
        inlined(SummaryTables::customerRecount(kAll, true), {QStringLiteral("NEW.chat_user_id")});
    return QStringLiteral("CREATE OR REPLACE FUNCTION hookscope_summaries_retried() RETURNS "
                          "trigger LANGUAGE plpgsql AS $body$\n"
                          "DECLARE hs_became_real BOOLEAN := OLD.test <> 0 AND NEW.test = 0;\n"
                          "BEGIN\n") +
           countFacet(QStringLiteral("OLD"), QStringLiteral("OLD.verification"),
                      QStringLiteral("OLD.test"), -1) +
           countFacet(QStringLiteral("NEW"), QStringLiteral("NEW.verification"),
                      QStringLiteral("NEW.test"), 1) +
           QStringLiteral("IF NOT hs_became_real AND (OLD.verification IN %1) = "
                          "(NEW.verification IN %1) THEN RETURN NULL; END IF;\n"
                          "IF NEW.event = 'message' THEN\n"
                          "IF NOT hs_became_real THEN RETURN NULL; END IF;\n")
               .arg(unverifiedWords()) +
           countRealMessage() +
           QStringLiteral("IF NEW.chat_user_id <> '' THEN\n"
                          "UPDATE customer_summary SET test_messages = test_messages - 1 WHERE "
                          "chat_user_id = NEW.chat_user_id;\n"
                          "END IF;\n"
                          "ELSIF NEW.event IN ('add_user', 'update_user') THEN\n"
                          "DELETE FROM customer_summary WHERE chat_user_id = NEW.chat_user_id;\n"
                          "INSERT INTO customer_summary ") +
           recount +
           QStringLiteral(";\n"
                          "END IF;\n"
                          "RETURN NULL;\n"
                          "END\n"
                          "$body$");
}

QStringList triggerDdl()
{
    return {
        addedFunction(),
        retriedFunction(),
        QStringLiteral("CREATE TRIGGER events_summaries_added AFTER INSERT ON events FOR EACH "
                       "ROW EXECUTE FUNCTION hookscope_summaries_added()"),
        // The merge of a retry names both columns; the conflict marks name
        // neither, and cost no call.
        QStringLiteral("CREATE TRIGGER events_summaries_retried AFTER UPDATE OF verification, "
                       "test ON events FOR EACH ROW WHEN (OLD.verification IS DISTINCT FROM "
                       "NEW.verification OR OLD.test IS DISTINCT FROM NEW.test) EXECUTE FUNCTION "
                       "hookscope_summaries_retried()"),
    };
}

} // namespace

namespace PgSchema {

bool createSummaryTables(QSqlDatabase &db, bool fill, QString *error)
{
    QStringList statements = tableDdl();
    if (fill) {
        // The recounts are the tables' definition: a filled table is what
        // the triggers would have kept (tst_pgsummaries).
        statements += {
            QStringLiteral("INSERT INTO channel_summary ") +
                SummaryTables::channelRecount(kAll, false),
            QStringLiteral("INSERT INTO customer_summary ") +
                SummaryTables::customerRecount(kAll, false),
            QStringLiteral("INSERT INTO session_summary ") +
                SummaryTables::sessionRecount(kAll, false),
            QStringLiteral("INSERT INTO event_facets(event, channel, msg_type, sender_type, "
                           "verification, test, facet_events) ") +
                SummaryTables::facetRecount(kAll),
        };
    }
    statements += triggerDdl();
    for (const QString &sql : std::as_const(statements)) {
        if (!PgSchema::run(db, sql, error))
            return false;
    }
    return true;
}

} // namespace PgSchema
