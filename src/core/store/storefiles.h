#pragma once

#include <QString>

// The event store's files are private to the user: the database, its -wal
// and its -shm hold every customer message. A new store is created 0600
// (SQLite gives -wal and -shm the database file's mode) in folders created
// 0700. Folders that already exist are left as they are, unless it is
// HookScope's own default data folder: a folder the user chose may be
// shared on purpose.
class StoreFiles final {
public:
    // Creates the missing folders of `databasePath` and, when the file does
    // not exist yet, an empty database file with owner-only permissions.
    // False with *error set (a sentence) when that fails.
    static bool prepare(const QString &databasePath, QString *error);
};
