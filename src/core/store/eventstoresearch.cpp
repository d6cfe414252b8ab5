// EventStore: the text-search index (EventSearchIndex, docs/storage.md).

#include "store/eventsearchindex.h"
#include "store/eventstore.h"
#include "store/eventstore_p.h"
#include "store/storecolumns.h"

#include <algorithm>

namespace {

// Decisions kept per connection; a filter bar's history stays far below it.
constexpr qsizetype kMaxTextPlans = 256;
// The newest events whose candidates are counted first (textIndex), on
// stores of more than kSampleMinRows.
constexpr qint64 kSampleIds = 65'536;
constexpr qint64 kSampleMinRows = 4 * kSampleIds;

} // namespace

// The meta row that says how far the index has come (-2: this connection
// does not index: read-only, or a file without the row).
bool EventStore::Private::loadTextIndexed()
{
    textIndexedThrough = -2;
    if (readOnly)
        return true;
    std::optional<QSqlQuery> row =
        select(QStringLiteral("SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?"),
               {QLatin1String(EventSearchIndex::kIndexedThroughKey)},
               QStringLiteral("read how far the text index has come in"));
    if (!row)
        return false;
    if (row->next())
        textIndexedThrough = std::max<qint64>(0, row->value(0).toLongLong());
    return true;
}

// How many of the newest events the index does not hold yet.
qint64 EventStore::Private::unindexedText()
{
    if (textIndexedThrough == -1 && !loadTextIndexed())
        return 0;
    if (textIndexedThrough < 0)
        return 0;
    if (lastInsertedId < 0) {
        const qint64 last = scalar(lastEventId,
                                   QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM %2")
                                       .arg(StoreColumns::kId, StoreColumns::kEventsTable),
                                   QStringLiteral("read the last event id from"));
        if (last < 0)
            return 0;
        lastInsertedId = last;
    }
    return std::max<qint64>(0, lastInsertedId - textIndexedThrough);
}

// Inside the open write transaction. The meta row is read again here: other
// connections of this process (a refused delivery promoted, a short-lived
// writer's open() or close()) may have indexed since this one last looked,
// and an event indexed twice would be two candidates.
bool EventStore::Private::indexTextThrough(qint64 upTo)
{
    const QString doing = QStringLiteral("index the text of the events in");
    SqlStatement &read = *readTextIndexed;
    if (!read.exec())
        return failSql(doing, read.lastError());
    const bool hasRow = read.next();
    const qint64 indexed = hasRow ? read.value(0).toLongLong() : -2;
    read.finish();
    if (!hasRow) { // a file without the row indexes nothing here
        textIndexedThrough = -2;
        return true;
    }
    if (upTo <= indexed) {
        textIndexedThrough = indexed;
        return true;
    }
    // The rows and the mark stand or fall together, and a failure leaves the
    // caller's transaction (its events) as it was.
    if (!exec(QStringLiteral("SAVEPOINT text_index"), doing))
        return false;
    SqlStatement &index = *indexTextRange;
    index.bind(0, indexed);
    index.bind(1, upTo);
    SqlStatement &record = *recordTextIndexed;
    record.bind(0, QString::number(upTo));
    if (!index.exec() || !record.exec()) {
        const QSqlError error =
            index.lastError().isValid() ? index.lastError() : record.lastError();
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK TO text_index"));
        QSqlQuery(db).exec(QStringLiteral("RELEASE text_index"));
        return failSql(doing, error);
    }
    if (!exec(QStringLiteral("RELEASE text_index"), doing))
        return false;
    textIndexedThrough = upTo; // EventStore::commit() takes it back if the commit fails
    return true;
}

qint64 EventStore::unindexedTextEvents()
{
    if (!d->ready(false))
        return 0;
    return d->unindexedText();
}

bool EventStore::indexPendingText()
{
    if (!d->ready(true))
        return false;
    if (d->unindexedText() == 0)
        return true;
    if (!beginTransaction())
        return false;
    // beginTransaction() may have waited for another writer: read again.
    d->lastInsertedId = -1;
    d->textIndexedThrough = -1;
    if (d->unindexedText() == 0) {
        rollback();
        return true;
    }
    if (d->indexTextThrough(d->lastInsertedId) && commit())
        return true;
    rollback();
    return false;
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
    return [this, cap, rows](const QString &needle) {
        const auto known = d->textPlans.constFind(needle);
        if (known != d->textPlans.constEnd() && cap < 2 * known->first)
            return known->second;
        const QString query = EventSearchIndex::matchQuery(needle);
        if (query.isEmpty())
            return false;
        // A needle common among the newest events is common: counting its
        // candidates in all of them up to the cap walked ~50,000 rowids at
        // ten million events (about 100 ms on the caller's thread, for a
        // decision to scan). The newest kSampleIds events are counted first,
        // up to their share of the cap; only a needle rare there is counted
        // in full (a rare one has few candidates to count).
        bool indexed = false;
        const qint64 sampleCap = cap * kSampleIds / std::max<qint64>(rows, 1) + 1;
        if (rows <= kSampleMinRows || EventSearchIndex::countCandidates(
                                          d->db, query, sampleCap, rows - kSampleIds) < sampleCap) {
            const qint64 candidates = EventSearchIndex::countCandidates(d->db, query, cap);
            indexed = candidates >= 0 && candidates < cap;
        }
        if (d->textPlans.size() >= kMaxTextPlans)
            d->textPlans.clear();
        d->textPlans.insert(needle, {cap, indexed});
        return indexed;
    };
}
