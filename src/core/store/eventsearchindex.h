#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>

class QSqlDatabase;
class QSqlQuery;
struct EventRecord;

// The text-search index (docs/storage.md, docs/filter-language.md): an FTS5
// table with the trigram tokenizer over the four searched columns (msg, name,
// phone, email), contentless, rowid = events.id. It holds every event up to
// the id in the meta row kIndexedThroughKey, which commits with it; the
// writer indexes the newer events a batch at a time (EventStore), so the
// candidates are the index's matches plus every event above that id.
// It is only ever a pre-filter: MATCH with every trigram of the needle finds a
// SUPERSET of the rows whose text contains it (the tokenizer folds more than
// ASCII), and the filter keeps its exact GLOB on the row, so the rows found
// are exactly the scan's.
namespace EventSearchIndex {

inline constexpr const char *kTable = "events_fts";

// done and total count events; returning false stops the step.
using Progress = std::function<bool(qint64 done, qint64 total)>;

// True when the file has the index (older files, opened read-only, do not).
bool exists(QSqlDatabase &db);
// Creates the table when it is missing and indexes every existing event, in
// batches of ids, calling progress after each (false from it stops: the step
// fails and the caller's transaction rolls back). Inside the caller's
// transaction; a table that exists already is left as it is.
bool create(QSqlDatabase &db, const Progress &progress, QString *error);

// The meta row holding the last event id whose text is in the index. A file
// that has the index but not the row (schema 8 to 12, read-only) indexed
// every event with its row.
inline constexpr const char *kIndexedThroughKey = "text_indexed_through";

// Indexes the events with ids in (after, upTo] and records upTo as indexed,
// inside the caller's transaction.
QString readIndexedSql();
QString indexRangeSql();
QString recordIndexedSql();
// Schema 12 -> 13: every event is indexed (they were, with their rows).
QString recordAllIndexedSql();

// The FTS5 query for a folded needle: each distinct trigram as a quoted
// string (a quote inside doubled), joined by spaces (AND), so no character
// of the needle is ever query syntax. Empty when the index cannot serve the
// needle: fewer than 3 characters, a NUL or a lone surrogate.
QString matchQuery(QStringView foldedNeedle);
// "<idColumn> IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?
// UNION ALL <the ids above the indexed one>)".
QString candidatesSql(const QString &idColumn);
// At most cap candidate rows for the query among the ids above afterId
// (FTS5 seeks the rowid range); -1 on an error.
qint64 countCandidates(QSqlDatabase &db, const QString &matchQuery, qint64 cap, qint64 afterId = 0);
// The candidate count under which reading the candidates by id beats a scan
// in the stream's order for a store of `rows` events (docs/storage.md).
qint64 indexedCap(qint64 rows);

} // namespace EventSearchIndex
