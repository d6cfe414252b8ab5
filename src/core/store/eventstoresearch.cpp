// EventStore: the text-search index (EventSearchIndex, docs/storage.md).

#include "store/eventsearchindex.h"
#include "store/eventstore.h"
#include "store/eventstore_p.h"

namespace {

// Decisions kept per connection; a filter bar's history stays far below it.
constexpr qsizetype kMaxTextPlans = 256;

} // namespace

bool EventStore::Private::indexText(qint64 eventId, const EventRecord &record)
{
    EventSearchIndex::bindEvent(*insertSearch, eventId, record);
    return insertSearch->exec() ||
           failSql(QStringLiteral("index the text of an event in"), insertSearch->lastError());
}

std::function<bool(const QString &)> EventStore::textIndex()
{
    if (!d->ready(false) || !EventSearchIndex::exists(d->db))
        return {};
    const qint64 rows = maxEventId();
    if (rows < 0)
        return {};
    const qint64 cap = EventSearchIndex::indexedCap(rows);
    // Both forms select the same rows; only their speed depends on the
    // decision, so it is kept (a model re-reads its condition at every batch
    // of new rows) until the store has grown enough to move the balance.
    return [this, cap](const QString &needle) {
        const auto known = d->textPlans.constFind(needle);
        if (known != d->textPlans.constEnd() && cap < 2 * known->first)
            return known->second;
        const QString query = EventSearchIndex::matchQuery(needle);
        if (query.isEmpty())
            return false;
        const qint64 candidates = EventSearchIndex::countCandidates(d->db, query, cap);
        const bool indexed = candidates >= 0 && candidates < cap;
        if (d->textPlans.size() >= kMaxTextPlans)
            d->textPlans.clear();
        d->textPlans.insert(needle, {cap, indexed});
        return indexed;
    };
}
