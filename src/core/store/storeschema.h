#pragma once

#include <QString>

#include <functional>

class QSqlDatabase;
class QSqlQuery;
class SqlStatement;
struct DeliveryRecord;
struct EventRecord;
struct RefusedRecord;

// Everything that knows the SQLite layout of the event store (docs/storage.md):
// the DDL, the migration steps, and the mapping between rows and records
// (except the exports' narrow read of the export columns: ExportRowReader).
// EventStore owns the connection and the transactions; this only issues SQL.
namespace StoreSchema {

inline constexpr int kCurrentVersion = 14;
// Schema 4 added the conflict and stale columns that every read selects, so
// an older file must be opened for writing once (docs/storage.md). Schema 5
// added only the refused table's size columns, which readers of a schema-4
// file compute instead; schema 6 added events.test (read as 0), the
// deliveries' headers and peer (read as '') and the forwards table; schema 7
// only the index events_customer_name (a reader of an older file walks a
// customer's events instead).
inline constexpr int kOldestReadableVersion = 4;

// Creates the current schema in an empty database. The caller holds the
// transaction and sets PRAGMA user_version afterwards.
bool createCurrent(QSqlDatabase &db, QString *error);
// Upgrades from `fromVersion` to `fromVersion + 1` inside the caller's
// transaction. Returns false with *error set when the step fails. A long
// step (a backfill) reports (done, total) through `progress`; false stops it.
using Progress = std::function<bool(qint64 done, qint64 total)>;
bool migrateStep(QSqlDatabase &db, int fromVersion, QString *error, const Progress &progress = {});
// The file has the summary tables (docs/storage.md); older files are read
// by scanning the events.
bool hasSummaryTables(int schemaVersion);
// The file keeps each customer event's change rows (docs/storage.md,
// "Change rows"); older files replay the customer's history.
bool hasChangeRows(int schemaVersion);
// The version whose step adds them (tests build the layout just before it).
int summaryTablesVersion();
// Writes schema_version into the meta table and PRAGMA user_version.
bool stampVersion(QSqlDatabase &db, int version, QString *error);

// The events columns in the order readEvent() expects, "id, received_at, ...";
// for an older file (read-only) the columns it lacks are constants.
QString eventSelectColumns(int schemaVersion = kCurrentVersion);
QString deliverySelectColumns(int schemaVersion = kCurrentVersion);
// The refused columns in readRefused()'s order; a file older than schema 4
// has no size columns, so they are computed from the row (schemaVersion).
QString refusedSelectColumns(int schemaVersion = kCurrentVersion);

// "event IN ('add_user', 'update_user')": the customer events, whose
// fields make a customer's profile (CustomerTimeline).
QString customerEventsCondition();
// The customer events that carry a name: the condition of the partial index
// events_customer_name, spelled the same in a query so SQLite can use it.
QString namedCustomerEventsCondition();
// "+test = 0": the window's view of real deliveries (FilterExpression::
// toViewSql appends it to every view's condition). The unary + keeps SQLite
// from taking events_view_time on its own: without statistics it would walk
// that index for any view, and sort (arrival order, an export) or read every
// real event for a customer's few; the keyed reader names the index itself
// where it serves (eventstorekeyed.cpp).
QString realEventsCondition(const QString &columnPrefix = {});
// "test = 0": the WHERE of the partial index events_view_time (schema 11); a
// query must hold this very term for SQLite to use the index.
QString viewTimeIndexCondition();
// The file has events_view_time.
bool hasViewTimeIndex(int schemaVersion);
// event_facets (SummaryTables::kFacetTable) is kept from schema 14.
bool hasEventFacets(int schemaVersion);
// Whether a file of this schema has that index (schema 7 on).
bool hasCustomerNameIndex(int schemaVersion);

// The INSERT statements, with positional binds filled by the bind functions.
QString insertEventSql();
QString insertDeliverySql();
QString insertRefusedSql();
void bindEvent(SqlStatement &query, const EventRecord &record, const QString &dedupeKey);
void bindDelivery(SqlStatement &query, qint64 eventId, const EventRecord &record);
void bindRefused(QSqlQuery &query, const RefusedRecord &record);
// What a refused row adds to the table's byte count (its kept_bytes).
qint64 refusedKeptBytes(const RefusedRecord &record);

// Fill a record from the current row of a query over the matching columns.
// readEvent overwrites every field, so one record can be reused per row.
void readEvent(const QSqlQuery &query, EventRecord &record);
DeliveryRecord readDelivery(const QSqlQuery &query);
RefusedRecord readRefused(const QSqlQuery &query);

} // namespace StoreSchema
