// PgEventStore's scans for the commands that read a whole store: export,
// replay and check (pgeventstorereads.cpp holds the reads of a few rows).
#include "store/pgeventstore.h"

#include "store/pgeventstore_p.h"

#include "store/storecolumns.h"
#include "store/storeschema.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <iterator>

namespace {

using namespace StoreColumns;

// Pages of events hold about kPageBytes of bodies (one row at least, however
// large), at most kMaxPage rows: a page is read whole (libpq keeps the result
// until the last row is read, the bodies as hex), so its size is what an
// export of any store holds at once.
constexpr int kMaxPage = 1000;
constexpr qint64 kPageBytes = Q_INT64_C(8) * 1024 * 1024;
constexpr qint64 kRowBytes = 512; // a row's columns besides the body, roughly

// The ids and body sizes of the next matching rows, for cutting pages by
// size before they are read (octet_length does not read a TOASTed body).
struct RowSize {
    qint64 id = 0;
    qint64 bytes = 0;
};

// The snapshot a scan's statements read together (see the header): a
// read-only REPEATABLE READ transaction, rolled back if the scan stops on
// an error. Nothing when the caller's transaction is open: that one is.
class Snapshot final {
    Q_DISABLE_COPY_MOVE(Snapshot)

public:
    Snapshot(const QString &connection, bool inCallersTransaction)
        : m_db(QSqlDatabase::database(connection, false))
        , m_own(!inCallersTransaction)
    {
    }
    ~Snapshot()
    {
        if (m_begun)
            m_db.rollback();
    }

    bool begin()
    {
        if (!m_own)
            return true;
        if (!m_db.transaction()) {
            m_error = m_db.lastError();
            return false;
        }
        m_begun = true;
        QSqlQuery query(m_db);
        if (query.exec(
                QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")))
            return true;
        m_error = query.lastError();
        return false;
    }
    bool end()
    {
        if (!m_begun)
            return true;
        m_begun = false;
        if (m_db.commit())
            return true;
        m_error = m_db.lastError();
        return false;
    }
    QSqlError error() const { return m_error; }

private:
    QSqlDatabase m_db;
    bool m_own;
    bool m_begun = false;
    QSqlError m_error;
};

QString andWhere(const QString &where)
{
    return where.isEmpty() ? QString() : QLatin1String(" AND (") + where + u')';
}

} // namespace

bool PgEventStore::forEachEvent(const QString &where, const QVariantList &binds,
                                const std::function<bool(const EventRecord &)> &sink)
{
    if (!d->open)
        return d->failWith(QStringLiteral("The PostgreSQL store is not open."));
    Snapshot snapshot(d->connection, d->inTransaction);
    if (!snapshot.begin())
        return d->fail(QStringLiteral("begin reading"), snapshot.error());
    const QString sizesSql = QStringLiteral("SELECT %1, octet_length(%2) FROM %3 WHERE %1 > ?")
                                 .arg(kId, kPayload, kEventsTable) +
                             andWhere(where) + QLatin1String(" ORDER BY ") + kId +
                             QLatin1String(" LIMIT ?");
    const QString doing = QStringLiteral("read events from");
    qint64 lastId = 0;
    for (;;) {
        std::optional<QSqlQuery> query =
            d->select(sizesSql, QVariantList{lastId} + binds + QVariantList{kMaxPage}, doing);
        if (!query)
            return false;
        QList<RowSize> sizes;
        while (query->next())
            sizes.append({query->value(0).toLongLong(), query->value(1).toLongLong() + kRowBytes});
        if (query->lastError().isValid())
            return d->fail(doing, query->lastError());
        query.reset();
        for (qsizetype first = 0; first < sizes.size();) {
            qsizetype end = first + 1;
            qint64 bytes = sizes.at(first).bytes;
            while (end < sizes.size() && bytes + sizes.at(end).bytes <= kPageBytes)
                bytes += sizes.at(end++).bytes;
            const qint64 upToId = sizes.at(end - 1).id;
            const QList<EventRecord> page =
                eventsAfter(lastId, static_cast<int>(end - first), where, binds, upToId);
            if (!d->lastError.isEmpty())
                return false;
            for (const EventRecord &record : page) {
                if (!sink(record))
                    return snapshot.end() ||
                           d->fail(QStringLiteral("end reading"), snapshot.error());
            }
            lastId = upToId;
            first = end;
        }
        if (sizes.size() < kMaxPage)
            break;
    }
    return snapshot.end() || d->fail(QStringLiteral("end reading"), snapshot.error());
}

bool PgEventStore::forEachCustomerEvent(const std::function<bool(const EventRecord &)> &sink)
{
    return forEachEvent(StoreSchema::customerEventsCondition(), {}, sink);
}

QList<qint64> PgEventStore::eventIds(qint64 afterId, qint64 upToId, const QString &where,
                                     const QVariantList &binds)
{
    const QString sql =
        QStringLiteral("SELECT %1 FROM %2 WHERE %1 > ? AND %1 <= ?").arg(kId, kEventsTable) +
        andWhere(where) + QLatin1String(" ORDER BY ") + kId;
    std::optional<QSqlQuery> query =
        d->select(sql, QVariantList{afterId, upToId} + binds, QStringLiteral("read events from"));
    QList<qint64> ids;
    while (query && query->next())
        ids.append(query->value(0).toLongLong());
    if (query && query->lastError().isValid()) {
        d->fail(QStringLiteral("read events from"), query->lastError());
        ids.clear();
    }
    return ids;
}

std::optional<PgEventStore::Consistency> PgEventStore::consistency()
{
    if (!d->open) {
        d->failWith(QStringLiteral("The PostgreSQL store is not open."));
        return std::nullopt;
    }
    Snapshot snapshot(d->connection, d->inTransaction);
    if (!snapshot.begin()) {
        d->fail(QStringLiteral("begin reading"), snapshot.error());
        return std::nullopt;
    }
    const QString doing = QStringLiteral("check");
    const QString statements[] = {
        QStringLiteral("SELECT (SELECT COUNT(*) FROM %1), (SELECT COUNT(*) FROM %2), "
                       "(SELECT COUNT(*) FROM %3), (SELECT COALESCE(SUM(%4), 0) FROM %3)")
            .arg(kEventsTable, kDeliveriesTable, kRefusedTable, kKeptBytes),
        // Each event's receipts against its count (one pass over each table).
        QStringLiteral("SELECT COUNT(*), COALESCE(MIN(e.%1), 0) FROM %2 e LEFT JOIN "
                       "(SELECT %3, COUNT(*) AS n FROM %4 GROUP BY %3) r ON r.%3 = e.%1 "
                       "WHERE e.%5 <> COALESCE(r.n, 0)")
            .arg(kId, kEventsTable, kEventId, kDeliveriesTable, kDeliveries),
        QStringLiteral("SELECT COUNT(*), COALESCE(MIN(r.%1), 0) FROM %2 r WHERE NOT EXISTS "
                       "(SELECT 1 FROM %3 e WHERE e.%1 = r.%4)")
            .arg(kId, kDeliveriesTable, kEventsTable, kEventId),
        QStringLiteral("SELECT COUNT(*), COALESCE(SUM(rows), 0), COALESCE(SUM(bytes), 0) "
                       "FROM refused_totals"),
    };
    // Where each statement's columns go.
    Consistency c;
    const QList<qint64 *> targets[] = {
        {&c.events, &c.deliveries, &c.refused, &c.refusedKeptBytes},
        {&c.miscountedEvents, &c.firstMiscountedEvent},
        {&c.orphanDeliveries, &c.firstOrphanDelivery},
        {&c.totalsRows, &c.totalsRefused, &c.totalsBytes},
    };
    for (std::size_t i = 0; i < std::size(statements); ++i) {
        std::optional<QSqlQuery> query = d->select(statements[i], {}, doing);
        if (!query)
            return std::nullopt;
        if (!query->next()) {
            d->fail(doing, query->lastError());
            return std::nullopt;
        }
        for (int column = 0; column < targets[i].size(); ++column)
            *targets[i].at(column) = query->value(column).toLongLong();
    }
    if (!snapshot.end()) {
        d->fail(QStringLiteral("end reading"), snapshot.error());
        return std::nullopt;
    }
    return c;
}
