#include "store/eventstore.h"

#include "store/eventstore_p.h"
#include "store/sqlitehandle.h"
#include "store/sqlstatement.h"
#include "store/storeschema.h"
#include "store/summarytables.h"

// Counting a view from event_facets (schema 14, docs/storage.md "Event
// facets"): the facets' columns bear the events' names, so a WHERE that
// names only them runs on the facets as it is; SQLite refuses any other
// ("no such column"), which is how a filter that needs the events is told
// apart. The scans ask first: a view the facets prove empty is not read.

std::optional<qint64> EventStore::countFromFacets(const QString &where, const QVariantList &binds)
{
    if (!d->db.isOpen() || !StoreSchema::hasEventFacets(d->schemaVersion))
        return std::nullopt;
    SqlStatement query(d->db, SqliteHandle::of(d->db));
    QString sql = QStringLiteral("SELECT COALESCE(SUM(facet_events), 0) FROM ") +
                  QLatin1String(SummaryTables::kFacetTable);
    if (!where.isEmpty())
        sql += QLatin1String(" WHERE (") + where + u')';
    if (!query.prepare(sql))
        return std::nullopt; // names a column the facets do not have
    int at = 0;
    for (const QVariant &bind : binds)
        query.bind(at++, bind);
    if (!query.exec() || !query.next()) {
        query.finish();
        return std::nullopt;
    }
    const qint64 count = query.value(0).toLongLong();
    query.finish();
    return count;
}

bool EventStore::Private::provablyEmpty(EventStore &store, const QString &where,
                                        const QVariantList &binds)
{
    const std::optional<qint64> count = store.countFromFacets(where, binds);
    return count && *count == 0;
}
