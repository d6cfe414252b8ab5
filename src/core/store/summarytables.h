#pragma once

#include "records/verification.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <memory>

class SqlStatement;
struct sqlite3;

class QSqlQuery;
struct EventRecord;

// The summary tables (docs/storage.md, "Summary tables"): per channel, per
// customer and per conversation, what the channel list, the customers list
// and the inbox show, kept by the writer in the transaction that stores each
// event, so that opening a window reads a row per channel, customer or
// session instead of every event.
namespace SummaryTables {

// (done, total); return false to stop (the step then fails and rolls back).
using Progress = std::function<bool(qint64 done, qint64 total)>;

inline constexpr char kChannelTable[] = "channel_summary";
inline constexpr char kCustomerTable[] = "customer_summary";
inline constexpr char kSessionTable[] = "session_summary";
// How many events share each combination of the columns that most filter
// terms name (event, channel, msg_type, sender_type, verification, test),
// under those very names: a filter's WHERE over only these columns runs on
// this table as it is, and says at once whether any event matches
// (EventStore::countFromFacets; schema 14).
inline constexpr char kFacetTable[] = "event_facets";

// CREATE TABLE / INDEX IF NOT EXISTS for the tables.
QStringList createSql();
// Empties the tables and fills them from the events, in batches of rows in
// id order through the writer's own upserts (SummaryWriter::added), calling
// `progress` after each batch. Runs inside the caller's transaction.
bool backfill(QSqlDatabase &db, const Progress &progress, QString *error);

// SELECTs over the events that give each table's rows, in its column order,
// as they are after the events with id <= maxId: the recount that the
// writer's upserts must equal (tests), and the exact rows of the keys that
// a reader's snapshot must see without the events after it. With oneKey the
// statement takes the key as binds: the channel (NULL for none); the
// chat_user_id; the chat_session_id and the customer key. Written in the SQL
// that SQLite and PostgreSQL both run (COALESCE, integer flags, aliased
// subqueries), so that the PostgreSQL store's tables (PgSchema) are held to
// the same definitions; only channelRecount's key (`channel IS ?`) is SQLite's.
QString channelRecount(qint64 maxId, bool oneKey);
QString customerRecount(qint64 maxId, bool oneKey);
QString sessionRecount(qint64 maxId, bool oneKey);
// event_facets' rows, in its column order (no key binds).
QString facetRecount(qint64 maxId);
// Empties event_facets and fills it from the events, a batch of ids at a
// time with progress (step 13 -> 14). Inside the caller's transaction.
bool backfillFacets(QSqlDatabase &db, const Progress &progress, QString *error);
// The inbox's columns (EventStore::SessionSummary's, in readSession's order)
// of the session rows `from` gives (session_summary or a recount in
// brackets), joined to their last message and agent message.
QString sessionRows(const QString &from);

// "bad-signature" and "unsigned": the values that never replace a verified one.
bool isUnverified(Verification word);

} // namespace SummaryTables

// The writer's side: prepared upserts run for every new event and the rare
// fix-ups of a retry that changes what an event counts as (a test receipt
// followed by a real one, a weaker word replaced by a stronger one).
class SummaryWriter final {
    Q_DISABLE_COPY_MOVE(SummaryWriter)

public:
    // `handle`: SqliteHandle::of(db), so that the upserts bind on SQLite's
    // own handle (SqlStatement), or null to go through QSqlQuery.
    explicit SummaryWriter(const QSqlDatabase &db, sqlite3 *handle = nullptr);
    ~SummaryWriter();

    bool prepare(QString *error);
    // A new event row `eventId` holding `record`.
    bool added(qint64 eventId, const EventRecord &record, QString *error);
    // Another receipt of event `eventId` merged into it; `oldTest` and
    // `oldWord` are the row's values before the merge, `oldWordText` the
    // word as it was stored.
    bool retried(qint64 eventId, bool oldTest, Verification oldWord, const QString &oldWordText,
                 const EventRecord &record, QString *error);

private:
    bool exec(SqlStatement &statement, QString *error);
    bool exec(QSqlQuery &query, QString *error);
    bool recountCustomer(const QString &chatUserId, QString *error);
    // Adds `delta` events to the facet `key` (the six columns' values, as
    // the event row holds them); a facet left with none is deleted.
    bool countFacet(const QVariantList &key, qint64 delta, QString *error);
    bool recountSession(const QString &chatSessionId, const QString &chatUserId, QString *error);

    QSqlDatabase m_db;
    sqlite3 *m_handle = nullptr;
    std::unique_ptr<SqlStatement> m_channel;
    std::unique_ptr<SqlStatement> m_messageCustomer;
    std::unique_ptr<SqlStatement> m_customerEvent;
    std::unique_ptr<SqlStatement> m_session;
    std::unique_ptr<SqlStatement> m_facetUpdate;
    std::unique_ptr<SqlStatement> m_facetInsert;
    std::unique_ptr<SqlStatement> m_facetPrune;
};
