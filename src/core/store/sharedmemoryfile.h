#pragma once

#include <QString>

// SQLite's "-shm" file beside a WAL store (docs/store-faults.md). SQLite
// maps it into memory; if it cannot be written, or another program truncates
// it while the store is open, touching the mapping raises SIGBUS and kills
// the process with no log line. These checks keep the writer away from that.
class SharedMemoryFile final {
public:
    // The -shm path of a store.
    static QString pathOf(const QString &storePath);
    // Before opening for writing: the -shm, if there is one, can be opened
    // for writing and its pages allocated (so that a full disk fails here
    // with an error rather than later with SIGBUS). False with *error
    // naming the file otherwise.
    static bool prepare(const QString &storePath, QString *error);
    // While the store is open: the -shm still holds the 32 KiB SQLite
    // mapped. False once another program has truncated or removed it, after
    // which the store's connection must not be touched again.
    static bool isIntact(const QString &storePath);
};
