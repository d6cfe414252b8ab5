#pragma once

#include "records/customertimeline.h"
#include "records/fieldchange.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class SqlStatement;
struct EventRecord;
struct sqlite3;

// What each customer event (add_user / update_user) changed, kept by the
// writer (docs/storage.md, "Change rows"): `event_changes` holds each
// customer event's rows (CustomerTimeline::apply) and `customer_state` each
// customer's merged fields and labels after their last customer event, so a
// new event costs one apply() and a reader one lookup by id, where a replay
// of the customer's history cost seconds on a customer with 50,000 events.
//
// The stored rows leave out what a later receipt may change: the event's
// time, id, customer and name come from its row, and whether it is
// unverified from its current word (a retry may raise it), so the rows a
// reader decodes equal a replay of the history at any time.
namespace ChangeRows {

using Progress = std::function<bool(qint64 done, qint64 total)>;

inline constexpr char kStateTable[] = "customer_state";
inline constexpr char kChangesTable[] = "event_changes";

QStringList createSql();
// Empties both tables and fills them from the customer events in id order,
// through the writer's own code, calling `progress` every batch. Runs inside
// the caller's transaction.
bool backfill(QSqlDatabase &db, const Progress &progress, QString *error);

// The stored form of `changes` (one event's rows) and back. decode() takes
// what is not stored from `event`; nullopt when `stored` is not one.
QByteArray encode(const QList<FieldChange> &changes);
std::optional<QList<FieldChange>> decode(const QByteArray &stored, const EventRecord &event);

// "SELECT changes FROM event_changes WHERE event_id = ?"
QString selectSql();

} // namespace ChangeRows

// The writer's side: run for every new event row (other events than
// add_user / update_user cost nothing).
class ChangeRowWriter final {
    Q_DISABLE_COPY_MOVE(ChangeRowWriter)

public:
    // `handle`: SqliteHandle::of(db), or null to go through QtSql.
    // `holdStates`: keep customers' states in memory (up to kHeldStates, then
    // written) until flush(), for a backfill; a live writer writes each one
    // in the event's transaction.
    ChangeRowWriter(const QSqlDatabase &db, sqlite3 *handle, bool holdStates = false);
    ~ChangeRowWriter();

    static constexpr qsizetype kHeldStates = 20'000;

    bool prepare(QString *error);
    bool added(qint64 eventId, const EventRecord &record, QString *error);
    // Writes the held states (holdStates only).
    bool flush(QString *error);

private:
    std::optional<CustomerTimeline> load(const QString &chatUserId, QString *error);
    bool save(const QString &chatUserId, const CustomerTimeline &timeline, QString *error);
    bool fail(const SqlStatement &statement, QString *error);

    QSqlDatabase m_db;
    sqlite3 *m_handle = nullptr;
    bool m_holdStates = false;
    std::unique_ptr<SqlStatement> m_readState;
    std::unique_ptr<SqlStatement> m_writeState;
    std::unique_ptr<SqlStatement> m_writeChanges;
    QHash<QString, CustomerTimeline> m_held; // holdStates only
};
