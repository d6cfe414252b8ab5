#pragma once

#include <QtGlobal>

struct sqlite3;

// SQLite writes each WAL frame as two writes, its 24-byte header and its page,
// so a commit of 60 pages cost 120 pwrite calls: a third of the writer
// thread's time on this machine (docs/storage.md, "WAL frames in one write").
// This VFS wraps the default one and gathers the appends to a WAL file in
// memory, writing them in one call before anything can depend on them: a
// sync, a read, a size or truncate of that file, its close, and any use of
// the database's shared memory or locks (the WAL index header that makes
// frames visible to readers is written between two shared-memory barriers).
// Every other call, and every other file, goes straight through.
//
// Only for a connection that says it syncs every commit (setGathering):
// there the commit's sync of the WAL writes what was gathered, and a write
// error is that sync's error, which fails the commit. A connection that
// does not sync (synchronous=OFF or NORMAL) would first write at the shared
// memory barrier, which cannot report an error, so its WAL writes go
// straight through.
namespace WalAppendVfs {

// Makes the wrapper SQLite's default VFS, once per process, so every
// connection opened later uses it (Qt's SQLite plugin opens with the
// default). Does nothing if the default is already this wrapper. Returns
// false if SQLite refused to register it (connections then use the plain
// default, as before).
bool install();

// Gathers the WAL appends of this connection (opened while the wrapper was
// the default VFS) from now on, or stops (writing what was gathered).
// Returns false if the connection does not use the wrapper.
bool setGathering(sqlite3 *db, bool on);

// Counts since the process started, for tests and benchmarks.
struct Counts {
    quint64 appendsGathered = 0; // writes to a WAL file that were gathered
    quint64 walWrites = 0;       // writes of gathered bytes to the file
};
Counts counts();

} // namespace WalAppendVfs
