#include "store/changerows.h"

#include "records/eventrecord.h"
#include "store/sqlstatement.h"
#include "store/storecolumns.h"
#include "store/storeschema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace {

const QLatin1String kName("n");
const QLatin1String kRows("c");

// By the stored name, as readers see the row (StoreSchema::readEvent sets
// the kind from it): a record appended without its kind must give the rows
// a replay of the stored events gives.
EventKind storedKind(const EventRecord &r)
{
    return eventKindFromName(r.event);
}

QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace

namespace ChangeRows {

QStringList createSql()
{
    return {
        QStringLiteral("CREATE TABLE IF NOT EXISTS customer_state(chat_user_id TEXT PRIMARY "
                       "KEY, state TEXT NOT NULL) WITHOUT ROWID"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS event_changes(event_id INTEGER PRIMARY KEY, "
                       "changes TEXT NOT NULL)"),
    };
}

QString selectSql()
{
    return QStringLiteral("SELECT changes FROM event_changes WHERE event_id = ?");
}

QByteArray encode(const QList<FieldChange> &changes)
{
    QJsonArray rows;
    for (const FieldChange &c : changes)
        rows.append(QJsonArray{c.field, static_cast<int>(c.kind), c.oldValue, c.newValue});
    // Every row of one event carries the same name (the customer's, once the
    // event is applied): stored once.
    const QString name = changes.isEmpty() ? QString() : changes.first().name;
    return QJsonDocument(QJsonObject{{kName, name}, {kRows, rows}}).toJson(QJsonDocument::Compact);
}

std::optional<QList<FieldChange>> decode(const QByteArray &stored, const EventRecord &event)
{
    const QJsonDocument doc = QJsonDocument::fromJson(stored);
    if (!doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    const QJsonValue name = o.value(kName);
    const QJsonValue rows = o.value(kRows);
    if (!name.isString() || !rows.isArray())
        return std::nullopt;
    QList<FieldChange> changes;
    for (const QJsonValue &value : rows.toArray()) {
        const QJsonArray row = value.toArray();
        if (row.size() != 4 || !row.at(0).isString() || !row.at(1).isDouble() ||
            !row.at(2).isString() || !row.at(3).isString())
            return std::nullopt;
        const int kind = row.at(1).toInt(-1);
        if (kind < FieldChange::Created || kind > FieldChange::Removed)
            return std::nullopt;
        FieldChange c;
        c.timeMs = event.receivedAtMs;
        c.eventId = event.id;
        c.chatUserId = event.chatUserId;
        c.name = name.toString();
        c.field = row.at(0).toString();
        c.oldValue = row.at(2).toString();
        c.newValue = row.at(3).toString();
        c.kind = static_cast<FieldChange::Kind>(kind);
        c.event = event.event;
        c.unverified = CustomerTimeline::isUnverified(event);
        changes.append(std::move(c));
    }
    return changes;
}

bool backfill(QSqlDatabase &db, const Progress &progress, QString *error)
{
    const auto failed = [error](const QSqlQuery &q) {
        if (error)
            *error = q.lastError().text();
        return false;
    };
    QSqlQuery q(db);
    for (const QString &statement : createSql() + QStringList{
                                                      QStringLiteral("DELETE FROM customer_state"),
                                                      QStringLiteral("DELETE FROM event_changes"),
                                                  }) {
        if (!q.exec(statement))
            return failed(q);
    }
    using namespace StoreColumns;
    const QString inEvents = QStringLiteral("FROM %1 WHERE %2 = ?").arg(kEventsTable, kEvent);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2 IN ('add_user', 'update_user')")
                    .arg(kEventsTable, kEvent)) ||
        !q.next())
        return failed(q);
    const qint64 total = q.value(0).toLongLong();
    q.finish();
    ChangeRowWriter writer(db, nullptr, true);
    if (!writer.prepare(error))
        return false;
    // Each customer's events in id order: the two event names' ranges of
    // events(event, id), merged by id. One query over both names would sort.
    constexpr int kBatch = 5000;
    const QString select = QStringLiteral("SELECT %1 %2 AND %3 > ? ORDER BY %3 LIMIT %4")
                               .arg(StoreSchema::eventSelectColumns(), inEvents, kId)
                               .arg(kBatch);
    struct Range {
        QString event;
        QList<EventRecord> rows;
        qsizetype next = 0;
        qint64 after = 0;
        bool ended = false;
    };
    Range ranges[] = {{QStringLiteral("add_user"), {}, 0, 0, false},
                      {QStringLiteral("update_user"), {}, 0, 0, false}};
    QSqlQuery rows(db);
    rows.setForwardOnly(true);
    if (!rows.prepare(select))
        return failed(rows);
    const auto refill = [&rows, &failed](Range &range) {
        if (range.next < range.rows.size() || range.ended)
            return true;
        range.rows.clear();
        range.next = 0;
        rows.bindValue(0, range.event);
        rows.bindValue(1, range.after);
        if (!rows.exec())
            return failed(rows);
        while (rows.next()) {
            EventRecord r;
            StoreSchema::readEvent(rows, r);
            range.rows.append(std::move(r));
        }
        rows.finish();
        range.ended = range.rows.size() < kBatch;
        if (!range.rows.isEmpty())
            range.after = range.rows.last().id;
        return true;
    };
    qint64 done = 0;
    if (progress && !progress(0, total))
        return false;
    for (;;) {
        if (!refill(ranges[0]) || !refill(ranges[1]))
            return false;
        Range *pick = nullptr;
        for (Range &range : ranges) {
            if (range.next < range.rows.size() &&
                (!pick || range.rows.at(range.next).id < pick->rows.at(pick->next).id))
                pick = &range;
        }
        if (!pick)
            break;
        const EventRecord &r = pick->rows.at(pick->next++);
        if (!writer.added(r.id, r, error))
            return false;
        if (++done % kBatch == 0 && progress && !progress(done, total)) {
            if (error)
                *error = QStringLiteral("stopped");
            return false;
        }
    }
    if (!writer.flush(error))
        return false;
    return !progress || progress(total, total);
}

} // namespace ChangeRows

ChangeRowWriter::ChangeRowWriter(const QSqlDatabase &db, sqlite3 *handle, bool holdStates)
    : m_db(db)
    , m_handle(handle)
    , m_holdStates(holdStates)
{
}

ChangeRowWriter::~ChangeRowWriter() = default;

bool ChangeRowWriter::prepare(QString *error)
{
    const auto prepared = [this, error](std::unique_ptr<SqlStatement> &statement,
                                        const QString &sql) {
        statement = std::make_unique<SqlStatement>(m_db, m_handle);
        return statement->prepare(sql) || fail(*statement, error);
    };
    return prepared(m_readState,
                    QStringLiteral("SELECT state FROM customer_state WHERE chat_user_id = ?")) &&
           prepared(m_writeState, QStringLiteral("INSERT OR REPLACE INTO customer_state("
                                                 "chat_user_id, state) VALUES(?, ?)")) &&
           prepared(m_writeChanges, QStringLiteral("INSERT OR REPLACE INTO event_changes("
                                                   "event_id, changes) VALUES(?, ?)"));
}

bool ChangeRowWriter::fail(const SqlStatement &statement, QString *error)
{
    if (error)
        *error = statement.lastError().text();
    return false;
}

std::optional<CustomerTimeline> ChangeRowWriter::load(const QString &chatUserId, QString *error)
{
    if (m_holdStates) {
        if (const auto it = m_held.constFind(chatUserId); it != m_held.cend())
            return *it;
    }
    SqlStatement &read = *m_readState;
    read.bind(0, text(chatUserId));
    if (!read.exec()) {
        fail(read, error);
        return std::nullopt;
    }
    CustomerTimeline timeline;
    const bool found = read.next();
    const QByteArray state = found ? read.value(0).toByteArray() : QByteArray();
    read.finish();
    if (found && !timeline.restoreRowState(state)) {
        if (error)
            *error = QStringLiteral("the stored state of customer %1 is not valid").arg(chatUserId);
        return std::nullopt;
    }
    return timeline;
}

bool ChangeRowWriter::save(const QString &chatUserId, const CustomerTimeline &timeline,
                           QString *error)
{
    if (m_holdStates) {
        if (m_held.size() >= kHeldStates && !m_held.contains(chatUserId) && !flush(error))
            return false;
        m_held.insert(chatUserId, timeline);
        return true;
    }
    SqlStatement &write = *m_writeState;
    write.bind(0, text(chatUserId));
    write.bind(1, QString::fromUtf8(timeline.rowState()));
    return write.exec() || fail(write, error);
}

bool ChangeRowWriter::added(qint64 eventId, const EventRecord &record, QString *error)
{
    const EventKind kind = storedKind(record);
    if (kind != EventKind::AddUser && kind != EventKind::UpdateUser)
        return true;
    std::optional<CustomerTimeline> timeline = load(record.chatUserId, error);
    if (!timeline)
        return false;
    // The rows' id, time and verification are not stored (decode): the
    // record applies as it came, with the kind its stored name gives.
    QList<FieldChange> changes;
    if (record.kind == kind) {
        changes = timeline->apply(record);
    } else {
        EventRecord named = record;
        named.kind = kind;
        changes = timeline->apply(named);
    }
    SqlStatement &write = *m_writeChanges;
    write.bind(0, eventId);
    write.bind(1, QString::fromUtf8(ChangeRows::encode(changes)));
    return (write.exec() || fail(write, error)) && save(record.chatUserId, *timeline, error);
}

bool ChangeRowWriter::flush(QString *error)
{
    const bool held = m_holdStates;
    m_holdStates = false; // save() writes through while flushing
    bool ok = true;
    for (auto it = m_held.cbegin(); ok && it != m_held.cend(); ++it)
        ok = save(it.key(), it.value(), error);
    m_holdStates = held;
    if (ok)
        m_held.clear();
    return ok;
}
