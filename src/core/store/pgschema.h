#pragma once

#include <QString>

class QSqlDatabase;

// Everything that knows the PostgreSQL layout of the event store
// (docs/team.md): the DDL and its migration steps. The tables and columns
// are StoreColumns', so rows read back through StoreSchema::readEvent() as
// from SQLite; the types are PostgreSQL's (BIGINT, BYTEA, TEXT in the "C"
// collation so that text compares and sorts by bytes, as SQLite's BINARY
// does). PgEventStore owns the connection and the transactions.
namespace PgSchema {

// PostgreSQL's layout has versions of its own, kept in meta.schema_version:
// 1 the events, deliveries and refused deliveries; 2 adds the summary
// tables (SQLite's, kept by triggers on events).
inline constexpr int kCurrentVersion = 2;

// Creates the current schema in a database without HookScope's tables, in
// the caller's transaction.
bool createCurrent(QSqlDatabase &db, QString *error);
// Upgrades from `fromVersion` to fromVersion + 1 in the caller's transaction.
bool migrateStep(QSqlDatabase &db, int fromVersion, QString *error);
bool stampVersion(QSqlDatabase &db, int version, QString *error);
// Runs one statement; false with *error set to the server's words.
bool run(QSqlDatabase &db, const QString &sql, QString *error);

// The summary tables (SummaryTables' names and columns) and the triggers on
// events that keep them, in the caller's transaction; with `fill`, filled
// from the events already stored (SummaryTables' recounts) first
// (pgsummarytables.cpp).
bool createSummaryTables(QSqlDatabase &db, bool fill, QString *error);

// A column definition of StoreColumns (SQLite's words) in PostgreSQL's:
// "INTEGER PRIMARY KEY" an identity, INTEGER a BIGINT, BLOB a BYTEA and
// TEXT a TEXT COLLATE "C".
QString columnDefinition(const char *sqliteDefinition);

// A text for a TEXT column: PostgreSQL's text cannot hold U+0000 (SQLite's
// can), so it becomes U+FFFD; the body itself is kept byte for byte in the
// payload's BYTEA.
QString text(const QString &value);

// `column` with only its ASCII letters folded, as FilterText folds:
// translate(), not lower(), which folds by the server's locale.
QString folded(const QString &column);
// What the trigram index (pg_trgm) holds: msg, name, phone and email folded
// and joined by U+0001; FilterSql's text terms test it first, so that the
// index can give the candidates.
QString textIndexExpression(const QString &columnPrefix = QString());

} // namespace PgSchema
