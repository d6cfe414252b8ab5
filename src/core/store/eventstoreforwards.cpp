// The forwarding queue (the forwards table): what the store writer queues
// with each new event and what the forwarder takes, records and shows
// (docs/forwarding.md). Every value travels as a bind; nothing is spliced.
#include "store/eventstore.h"

#include "store/eventstore_p.h"
#include "store/storecolumns.h"

#include <QStringList>

namespace {

using namespace StoreColumns;

// The forwards table exists from schema 6 on; older files (read without
// being upgraded) have no queue: empty answers, no writes.
constexpr int kForwardsSchema = 6;
constexpr qint64 kMaxAnswerBytes = 1024;

// "id, event_id, target, ..." in ForwardRecord's order.
QString forwardColumns()
{
    return QStringList{kId,       kEventId,       kTarget,        kState,      kAttempts,
                       kQueuedAt, kNextAttemptAt, kLastAttemptAt, kLastStatus, kLastAnswer}
        .join(QLatin1String(", "));
}

QString selectForwards()
{
    return QLatin1String("SELECT ") + forwardColumns() + QLatin1String(" FROM ") + kForwardsTable;
}

ForwardRecord readForward(const QSqlQuery &q)
{
    ForwardRecord r;
    r.id = q.value(0).toLongLong();
    r.eventId = q.value(1).toLongLong();
    r.target = q.value(2).toString();
    r.state = forwardStateFromWord(q.value(3).toString()).value_or(ForwardState::Pending);
    r.attempts = q.value(4).toInt();
    r.queuedAtMs = q.value(5).toLongLong();
    r.nextAttemptAtMs = q.value(6).toLongLong();
    r.lastAttemptAtMs = q.value(7).toLongLong();
    r.lastStatus = q.value(8).toInt();
    r.lastAnswer = q.value(9).toString();
    return r;
}

// At most kMaxAnswerBytes of UTF-8, cut before a character, never inside one.
// Never null: QtSql binds a null QString as NULL, and last_answer is NOT
// NULL (an empty answer, such as a 204's, must still be recorded).
QString boundedAnswer(const QString &answer)
{
    if (answer.isEmpty())
        return QStringLiteral("");
    const QByteArray utf8 = answer.toUtf8();
    if (utf8.size() <= kMaxAnswerBytes)
        return answer;
    qsizetype end = kMaxAnswerBytes;
    while (end > 0 && (static_cast<unsigned char>(utf8.at(end)) & 0xC0) == 0x80)
        --end;
    return QString::fromUtf8(utf8.left(end));
}

QString pendingWord()
{
    return forwardStateWord(ForwardState::Pending);
}

// " AND target IN (?, ?)" for a non-empty list; binds appended.
QString targetsIn(const QStringList &targets, QVariantList *binds)
{
    if (targets.isEmpty())
        return {};
    QStringList marks;
    for (const QString &t : targets) {
        marks.append(QStringLiteral("?"));
        binds->append(t);
    }
    return QLatin1String(" AND ") + kTarget + QLatin1String(" IN (") +
           marks.join(QLatin1String(", ")) + u')';
}

// Runs a write statement with binds; the rows it changed, or -1. (A template
// so that it can take the store's private state, whose name is private.)
template<typename Private>
qint64 runWrite(Private &d, const QString &sql, const QVariantList &binds, const QString &doing)
{
    if (!d.ready(true))
        return -1;
    QSqlQuery query(d.db);
    if (!query.prepare(sql)) {
        d.failSql(doing, query.lastError());
        return -1;
    }
    for (const QVariant &value : binds)
        query.addBindValue(value);
    if (!query.exec()) {
        d.failSql(doing, query.lastError());
        return -1;
    }
    return query.numRowsAffected();
}

} // namespace

qint64 EventStore::enqueueForwards(qint64 eventId, const QStringList &targets, qint64 nowMs)
{
    if (targets.isEmpty())
        return 0;
    if (d->schemaVersion < kForwardsSchema) {
        d->fail(QStringLiteral("Cannot queue forwarding in %1: its schema has no queue.")
                    .arg(d->shownPath()));
        return -1;
    }
    const QString sql =
        QStringLiteral("INSERT OR IGNORE INTO %1(%2, %3, %4, %5, %6) "
                       "VALUES(?, ?, ?, ?, ?)")
            .arg(kForwardsTable, kEventId, kTarget, kState, kQueuedAt, kNextAttemptAt);
    qint64 added = 0;
    for (const QString &target : targets) {
        const qint64 n = runWrite(*d, sql, {eventId, target, pendingWord(), nowMs, nowMs},
                                  QStringLiteral("queue forwarding in"));
        if (n < 0)
            return -1;
        added += n;
    }
    return added;
}

QList<ForwardRecord> EventStore::dueForwards(qint64 nowMs, int limit, const QString &target)
{
    QList<ForwardRecord> rows;
    if (d->schemaVersion < kForwardsSchema || limit == 0)
        return rows;
    QVariantList binds{pendingWord(), nowMs};
    QString sql =
        selectForwards() + QStringLiteral(" WHERE %1 = ? AND %2 <= ?").arg(kState, kNextAttemptAt);
    if (!target.isEmpty()) {
        sql += QLatin1String(" AND ") + kTarget + QLatin1String(" = ?");
        binds.append(target);
    }
    sql += QStringLiteral(" ORDER BY %1, %2 LIMIT ?").arg(kNextAttemptAt, kId);
    binds.append(limit < 0 ? -1 : limit);
    std::optional<QSqlQuery> query =
        d->select(sql, binds, QStringLiteral("read the forwarding queue of"));
    while (query && query->next())
        rows.append(readForward(*query));
    return rows;
}

std::optional<qint64> EventStore::nextForwardDue(qint64 afterMs, const QStringList &targets)
{
    if (d->schemaVersion < kForwardsSchema)
        return std::nullopt;
    QVariantList binds{pendingWord(), afterMs};
    const QString sql = QStringLiteral("SELECT MIN(%1) FROM %2 WHERE %3 = ? AND %1 > ?")
                            .arg(kNextAttemptAt, kForwardsTable, kState) +
                        targetsIn(targets, &binds);
    std::optional<QSqlQuery> query =
        d->select(sql, binds, QStringLiteral("read the forwarding queue of"));
    if (!query || !query->next() || query->value(0).isNull())
        return std::nullopt;
    return query->value(0).toLongLong();
}

bool EventStore::recordForwardAttempt(qint64 forwardId, ForwardState state, qint64 attemptAtMs,
                                      qint64 nextAttemptAtMs, int status, const QString &answer)
{
    if (d->schemaVersion < kForwardsSchema)
        return false;
    const QString sql =
        QStringLiteral("UPDATE %1 SET %2 = ?, %3 = %3 + 1, %4 = ?, %5 = ?, %6 = ?, %7 = ? "
                       "WHERE %8 = ? AND %2 = ?")
            .arg(kForwardsTable, kState, kAttempts, kLastAttemptAt, kNextAttemptAt, kLastStatus,
                 kLastAnswer, kId);
    const qint64 changed = runWrite(*d, sql,
                                    {forwardStateWord(state), attemptAtMs, nextAttemptAtMs, status,
                                     boundedAnswer(answer), forwardId, pendingWord()},
                                    QStringLiteral("record a forwarding attempt in"));
    return changed == 1;
}

bool EventStore::retryForward(qint64 forwardId, qint64 nowMs)
{
    if (d->schemaVersion < kForwardsSchema)
        return false;
    const QString sql =
        QStringLiteral("UPDATE %1 SET %2 = ?, %3 = ?, %4 = ? WHERE %5 = ? AND %2 = ?")
            .arg(kForwardsTable, kState, kQueuedAt, kNextAttemptAt, kId);
    return runWrite(
               *d, sql,
               {pendingWord(), nowMs, nowMs, forwardId, forwardStateWord(ForwardState::GivenUp)},
               QStringLiteral("retry forwarding in")) == 1;
}

QList<ForwardRecord> EventStore::forwards(qint64 eventId)
{
    QList<ForwardRecord> rows;
    if (d->schemaVersion < kForwardsSchema)
        return rows;
    std::optional<QSqlQuery> query =
        d->select(selectForwards() + QLatin1String(" WHERE ") + kEventId +
                      QLatin1String(" = ? ORDER BY ") + kId,
                  {eventId}, QStringLiteral("read the forwarding of an event from"));
    while (query && query->next())
        rows.append(readForward(*query));
    return rows;
}

std::optional<ForwardRecord> EventStore::forward(qint64 forwardId)
{
    if (d->schemaVersion < kForwardsSchema)
        return std::nullopt;
    std::optional<QSqlQuery> query =
        d->select(selectForwards() + QLatin1String(" WHERE ") + kId + QLatin1String(" = ?"),
                  {forwardId}, QStringLiteral("read the forwarding queue of"));
    if (!query || !query->next())
        return std::nullopt;
    return readForward(*query);
}

ForwardCounts EventStore::forwardCounts(const QString &target)
{
    ForwardCounts counts;
    if (d->schemaVersion < kForwardsSchema)
        return counts;
    QVariantList binds;
    QString sql = QStringLiteral("SELECT %1, COUNT(*) FROM %2").arg(kState, kForwardsTable);
    if (!target.isEmpty()) {
        sql += QLatin1String(" WHERE ") + kTarget + QLatin1String(" = ?");
        binds.append(target);
    }
    sql += QLatin1String(" GROUP BY ") + kState;
    std::optional<QSqlQuery> query =
        d->select(sql, binds, QStringLiteral("count the forwarding queue of"));
    while (query && query->next()) {
        const qint64 n = query->value(1).toLongLong();
        switch (forwardStateFromWord(query->value(0).toString()).value_or(ForwardState::Pending)) {
        case ForwardState::Pending:
            counts.pending += n;
            break;
        case ForwardState::Forwarded:
            counts.forwarded += n;
            break;
        case ForwardState::GivenUp:
            counts.givenUp += n;
            break;
        }
    }
    return counts;
}

QString EventStore::forwardSummary(qint64 eventId)
{
    QStringList cells;
    for (const ForwardRecord &row : forwards(eventId))
        cells.append(row.summary());
    return cells.join(QLatin1String("; "));
}
