#pragma once

#include <QMetaType>
#include <QString>

// Why the store cannot take writes right now (docs/store-faults.md). Made by
// the store writer from SQLite's result code, shown by GET /health, the
// window's banner and `hookscope-cli serve`'s log.
struct StoreFault {
    enum class Kind {
        None,     // the store commits
        DiskFull, // SQLITE_FULL: no room for the WAL or the file
        ReadOnly, // SQLITE_READONLY, SQLITE_PERM: the file or its folder cannot be written
        Locked,   // SQLITE_BUSY, SQLITE_LOCKED: another program holds the write lock
        Damaged,  // SQLITE_CORRUPT, SQLITE_NOTADB, or a failed integrity check
        Other,    // any other failure to commit (I/O error, file gone...)
    };

    Kind kind = Kind::None;
    QString reason; // a sentence naming the file

    bool isFault() const { return kind != Kind::None; }
    // The word /health reports: "disk-full", "read-only", "locked", "damaged", "error".
    QString word() const;
    // The fault a failed SQLite call means, from its primary result code
    // (an extended code is reduced to its primary one). None for errors of
    // the records or the SQL (constraint, too big, SQLITE_ERROR): those fail
    // one batch, not the store.
    static Kind classify(int sqliteCode);
    // The same from a PostgreSQL SQLSTATE (PgEventStore::lastSqlState()):
    // the server's disk full, a role or server that may not write, a lock
    // or serialization failure, a lost connection or a server shutting
    // down; None for the records' errors (data, constraint, syntax).
    // `reachable`: the connection still answers (an empty state with a
    // connection gone is Other).
    static Kind classifyPostgres(const QString &sqlState, bool reachable);

    friend bool operator==(const StoreFault &a, const StoreFault &b)
    {
        return a.kind == b.kind && a.reason == b.reason;
    }
    friend bool operator!=(const StoreFault &a, const StoreFault &b) { return !(a == b); }
};

Q_DECLARE_METATYPE(StoreFault)
