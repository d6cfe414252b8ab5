// EventStore: a refused delivery that verifies now becomes an event (issue 11).

#include "store/eventstore.h"
#include "store/eventstore_p.h"
#include "store/storecolumns.h"

using namespace StoreColumns;

std::optional<EventStore::AppendResult> EventStore::promoteRefused(qint64 refusedId,
                                                                   const EventRecord &event)
{
    if (!d->ready(true) || !beginTransaction())
        return std::nullopt;
    QSqlQuery remove(d->db);
    remove.prepare(QStringLiteral("DELETE FROM %1 WHERE %2 = ?").arg(kRefusedTable, kId));
    remove.addBindValue(refusedId);
    if (!remove.exec()) {
        d->failSql(QStringLiteral("delete a refused delivery from"), remove.lastError());
        rollback();
        return std::nullopt;
    }
    if (remove.numRowsAffected() != 1) {
        rollback();
        d->fail(QStringLiteral("Refused delivery #%1 is no longer in %2.")
                    .arg(refusedId)
                    .arg(d->shownPath()));
        return std::nullopt;
    }
    const std::optional<AppendResult> appended = append(event);
    if (!appended || !commit()) {
        const QString error = d->lastError;
        rollback();
        d->lastError = error;
        return std::nullopt;
    }
    // The refused tally is read again when next needed.
    d->refusedRows = -1;
    d->refusedBytes = -1;
    return appended;
}
