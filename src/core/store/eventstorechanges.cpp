#include "store/eventstore.h"

#include "store/changerows.h"
#include "store/eventstore_p.h"
#include "store/storeschema.h"

std::optional<QList<FieldChange>> EventStore::storedChanges(const EventRecord &event)
{
    if (event.kind != EventKind::AddUser && event.kind != EventKind::UpdateUser)
        return std::nullopt;
    if (!d->open || !StoreSchema::hasChangeRows(d->schemaVersion))
        return std::nullopt;
    std::optional<QSqlQuery> query =
        d->select(ChangeRows::selectSql(), {event.id}, QStringLiteral("read the change rows of"));
    if (!query || !query->next())
        return std::nullopt;
    return ChangeRows::decode(query->value(0).toByteArray(), event);
}
