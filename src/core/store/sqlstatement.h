#pragma once

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <memory>

class QSqlDatabase;
struct sqlite3;
struct sqlite3_stmt;

// A statement that the writer prepares once and runs for every delivery
// (EventStore's appends, docs/storage.md "The write path"). It runs straight
// on SQLite's own handle when this library may use it (SqliteHandle: the
// plugin runs the SQLite this code links), else through QSqlQuery, with the
// same behaviour. Why: Qt 6.4's QSqlQuery::bindValue(int) builds a
// placeholder name with QString::arg and looks it up in a hash on every
// call; for the 33 binds of an event row that was 14% of `serve`'s CPU.
//
// Binds are 0-based, as QSqlQuery's. exec() runs the statement; a query's
// rows are then read with next() and value(), and finish() ends the read
// (a statement that is not finished holds its read open). Errors come back
// as QSqlError with SQLite's extended result code as nativeErrorCode(), as
// QtSql reports them, so StoreFault classifies both alike.
class SqlStatement final {
    Q_DISABLE_COPY_MOVE(SqlStatement)

public:
    // `handle`: SqliteHandle::of(db), or null to go through QSqlQuery.
    SqlStatement(const QSqlDatabase &db, sqlite3 *handle);
    ~SqlStatement();

    bool prepare(const QString &sql);
    void bind(int index, const QVariant &value);
    bool exec();
    bool next();
    QVariant value(int column) const;
    void finish();
    qint64 lastInsertId() const;
    qint64 rowsAffected() const;
    QSqlError lastError() const;

private:
    bool fail();
    void rewind();

    sqlite3 *m_handle = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    std::unique_ptr<QSqlQuery> m_query; // the QtSql way, when m_handle is null
    QSqlError m_error;
    bool m_active = false;     // stepped and not reset
    bool m_rowPending = false; // exec() stepped onto a row that next() has not yet given
    qint64 m_lastInsertId = 0;
    qint64 m_rowsAffected = 0;
};
