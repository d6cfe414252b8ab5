#pragma once

class QSqlDatabase;
struct sqlite3;

namespace SqliteHandle {

// The connection's sqlite3 handle, if this code may use it: only when Qt's
// SQLite plugin runs the very SQLite library this code links (Debian's
// libsqlite3 for both). A Qt built with its own copy of SQLite gives a handle
// of that copy, which this library must not touch: the source ids then
// differ, and callers fall back to QtSql. Null otherwise.
sqlite3 *of(const QSqlDatabase &db);

} // namespace SqliteHandle
