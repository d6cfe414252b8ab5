#include "store/walappendvfs.h"

#include <QAtomicInteger>

#include <sqlite3.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

namespace {

const char kVfsName[] = "hookscope-wal-append";
constexpr int kMaxGathered = 1 << 20; // bytes held at most; more is written at once
// The unix VFS writes at most 128 KiB - 1 in one call (it masks the length
// with 0x1ffff in seekAndWrite), so gathered bytes go out in pieces below it.
constexpr int kWritePiece = 120 * 1024;
// A file control of this wrapper's own ("HS" and 1), sent to a connection's
// main database file: gather its WAL's appends (1) or not (0).
constexpr int kGatherOp = 0x48530001;

sqlite3_vfs *g_base = nullptr; // the default VFS this one wraps
sqlite3_vfs g_vfs;
QAtomicInteger<quint64> g_appendsGathered;
QAtomicInteger<quint64> g_walWrites;

// What SQLite sees as the file; the wrapped VFS's own file follows it in the
// same allocation (szOsFile covers both). Plain data: SQLite allocates it.
struct WrappedFile {
    sqlite3_file base; // first, so SQLite's pointer is this struct's
    sqlite3_file *real;
    const char *databaseName; // the pager's name pointer, shared by its db and WAL files
    bool isWal;
    bool isMainDb;
    bool gather;          // on a database file: its connection syncs each commit (setGathering)
    WrappedFile *partner; // a database's WAL, or a WAL's database (same connection)
    char *gathered;
    int used;
    int capacity;
    sqlite3_int64 gatheredAt; // file offset of gathered[0]
};

constexpr int kRealOffset = int((sizeof(WrappedFile) + 15) & ~std::size_t(15));

// The main database files open in this process, so that a WAL finds the
// database file of its own connection (same name pointer: one pager).
std::mutex g_registryMutex;
std::vector<WrappedFile *> &openDatabases()
{
    static std::vector<WrappedFile *> files;
    return files;
}

WrappedFile *wrapped(sqlite3_file *file)
{
    return reinterpret_cast<WrappedFile *>(file);
}

// Writes what a WAL file gathered; the first error is returned and the
// bytes are dropped (SQLite fails the transaction that wrote them).
int writeGathered(WrappedFile *wal)
{
    if (!wal || wal->used == 0)
        return SQLITE_OK;
    const int amount = wal->used;
    wal->used = 0;
    for (int done = 0; done < amount; done += kWritePiece) {
        const int piece = amount - done < kWritePiece ? amount - done : kWritePiece;
        g_walWrites.fetchAndAddRelaxed(1);
        const int rc = wal->real->pMethods->xWrite(wal->real, wal->gathered + done, piece,
                                                   wal->gatheredAt + done);
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

// Before a call that may depend on what the file's WAL gathered.
int settle(WrappedFile *file)
{
    return writeGathered(file->isWal ? file : file->partner);
}

// Settles the file, then makes the call on the wrapped file.
template<typename Call>
int settled(sqlite3_file *file, Call call)
{
    WrappedFile *f = wrapped(file);
    const int rc = settle(f);
    return rc != SQLITE_OK ? rc : call(f->real);
}

int wrappedClose(sqlite3_file *file)
{
    WrappedFile *f = wrapped(file);
    int rc = settle(f);
    if (f->isWal) {
        if (f->partner)
            f->partner->partner = nullptr;
        std::free(f->gathered);
        f->gathered = nullptr;
    } else if (f->isMainDb) {
        if (f->partner)
            f->partner->partner = nullptr; // its WAL writes through from now on
        std::lock_guard<std::mutex> lock(g_registryMutex);
        std::vector<WrappedFile *> &files = openDatabases();
        for (auto it = files.begin(); it != files.end(); ++it) {
            if (*it == f) {
                files.erase(it);
                break;
            }
        }
    }
    f->partner = nullptr;
    const int closed = f->real->pMethods->xClose(f->real);
    return rc != SQLITE_OK ? rc : closed;
}

int wrappedRead(sqlite3_file *file, void *data, int amount, sqlite3_int64 offset)
{
    WrappedFile *f = wrapped(file);
    if (f->isWal) {
        const int rc = settle(f);
        if (rc != SQLITE_OK)
            return rc;
    }
    return f->real->pMethods->xRead(f->real, data, amount, offset);
}

// Gathers an append to a WAL whose database file is known (so the shared
// memory barrier can write it out); anything else is written at once.
int wrappedWrite(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset)
{
    WrappedFile *f = wrapped(file);
    if (!f->isWal || !f->partner || !f->partner->gather || amount > kWritePiece) {
        const int rc = settle(f);
        return rc != SQLITE_OK ? rc : f->real->pMethods->xWrite(f->real, data, amount, offset);
    }
    if (f->used > 0 && (f->gatheredAt + f->used != offset || f->used + amount > kMaxGathered)) {
        const int rc = writeGathered(f);
        if (rc != SQLITE_OK)
            return rc;
    }
    if (f->used + amount > f->capacity) {
        int capacity = f->capacity > 0 ? f->capacity : 64 * 1024;
        while (capacity < f->used + amount)
            capacity *= 2;
        capacity = capacity > kMaxGathered ? kMaxGathered : capacity;
        char *grown = static_cast<char *>(std::realloc(f->gathered, std::size_t(capacity)));
        if (!grown) {
            const int rc = writeGathered(f);
            return rc != SQLITE_OK ? rc : f->real->pMethods->xWrite(f->real, data, amount, offset);
        }
        f->gathered = grown;
        f->capacity = capacity;
    }
    if (f->used == 0)
        f->gatheredAt = offset;
    std::memcpy(f->gathered + f->used, data, std::size_t(amount));
    f->used += amount;
    g_appendsGathered.fetchAndAddRelaxed(1);
    return SQLITE_OK;
}

int wrappedTruncate(sqlite3_file *file, sqlite3_int64 size)
{
    return settled(file, [&](sqlite3_file *real) { return real->pMethods->xTruncate(real, size); });
}

int wrappedSync(sqlite3_file *file, int flags)
{
    return settled(file, [&](sqlite3_file *real) { return real->pMethods->xSync(real, flags); });
}

int wrappedFileSize(sqlite3_file *file, sqlite3_int64 *size)
{
    return settled(file, [&](sqlite3_file *real) { return real->pMethods->xFileSize(real, size); });
}

int wrappedLock(sqlite3_file *file, int level)
{
    return settled(file, [&](sqlite3_file *real) { return real->pMethods->xLock(real, level); });
}

int wrappedUnlock(sqlite3_file *file, int level)
{
    return settled(file, [&](sqlite3_file *real) { return real->pMethods->xUnlock(real, level); });
}

int wrappedCheckReservedLock(sqlite3_file *file, int *out)
{
    WrappedFile *f = wrapped(file);
    return f->real->pMethods->xCheckReservedLock(f->real, out);
}

int wrappedFileControl(sqlite3_file *file, int op, void *arg)
{
    WrappedFile *f = wrapped(file);
    if (op == kGatherOp) {
        if (!f->isMainDb || !arg)
            return SQLITE_NOTFOUND;
        const int rc = settle(f);
        f->gather = *static_cast<int *>(arg) != 0;
        return rc;
    }
    return settled(file,
                   [&](sqlite3_file *real) { return real->pMethods->xFileControl(real, op, arg); });
}

int wrappedSectorSize(sqlite3_file *file)
{
    WrappedFile *f = wrapped(file);
    return f->real->pMethods->xSectorSize(f->real);
}

int wrappedDeviceCharacteristics(sqlite3_file *file)
{
    WrappedFile *f = wrapped(file);
    return f->real->pMethods->xDeviceCharacteristics(f->real);
}

// The shared-memory calls come on the database file. The WAL index header
// that makes new frames visible is written around xShmBarrier, and the
// locks order writers and checkpoints: the WAL's frames are in the file
// before any of them.
int wrappedShmMap(sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
    return settled(file, [&](sqlite3_file *real) {
        return real->pMethods->xShmMap(real, region, size, extend, out);
    });
}

int wrappedShmLock(sqlite3_file *file, int offset, int n, int flags)
{
    return settled(
        file, [&](sqlite3_file *real) { return real->pMethods->xShmLock(real, offset, n, flags); });
}

void wrappedShmBarrier(sqlite3_file *file)
{
    WrappedFile *f = wrapped(file);
    // No way to report an error here: the bytes are dropped
    // (writeGathered), and what reads them or syncs them fails instead.
    settle(f);
    f->real->pMethods->xShmBarrier(f->real);
}

int wrappedShmUnmap(sqlite3_file *file, int deleteFlag)
{
    WrappedFile *f = wrapped(file);
    const int rc = settle(f);
    const int unmapped = f->real->pMethods->xShmUnmap(f->real, deleteFlag);
    return rc != SQLITE_OK ? rc : unmapped;
}

int wrappedFetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
    return settled(file, [&](sqlite3_file *real) {
        return real->pMethods->xFetch(real, offset, amount, out);
    });
}

int wrappedUnfetch(sqlite3_file *file, sqlite3_int64 offset, void *page)
{
    WrappedFile *f = wrapped(file);
    return f->real->pMethods->xUnfetch(f->real, offset, page);
}

const sqlite3_io_methods kMethods = {
    3,
    wrappedClose,
    wrappedRead,
    wrappedWrite,
    wrappedTruncate,
    wrappedSync,
    wrappedFileSize,
    wrappedLock,
    wrappedUnlock,
    wrappedCheckReservedLock,
    wrappedFileControl,
    wrappedSectorSize,
    wrappedDeviceCharacteristics,
    wrappedShmMap,
    wrappedShmLock,
    wrappedShmBarrier,
    wrappedShmUnmap,
    wrappedFetch,
    wrappedUnfetch,
};

int wrappedOpen(sqlite3_vfs *, const char *name, sqlite3_file *file, int flags, int *outFlags)
{
    WrappedFile *f = wrapped(file);
    std::memset(f, 0, sizeof(WrappedFile));
    f->real = reinterpret_cast<sqlite3_file *>(reinterpret_cast<char *>(f) + kRealOffset);
    const int rc = g_base->xOpen(g_base, name, f->real, flags, outFlags);
    if (!f->real->pMethods) {
        file->pMethods = nullptr; // nothing to close
        return rc;
    }
    // Only a wrapped VFS with every method of version 3 is wrapped as a
    // whole; the default VFS on Linux ("unix") is.
    file->pMethods = &kMethods;
    if (rc != SQLITE_OK || f->real->pMethods->iVersion < 3 || !name)
        return rc;
    if (flags & SQLITE_OPEN_MAIN_DB) {
        f->isMainDb = true;
        f->databaseName = name;
        std::lock_guard<std::mutex> lock(g_registryMutex);
        openDatabases().push_back(f);
    } else if (flags & SQLITE_OPEN_WAL) {
        f->isWal = true;
        f->databaseName = sqlite3_filename_database(name);
        std::lock_guard<std::mutex> lock(g_registryMutex);
        for (WrappedFile *db : openDatabases()) {
            if (db->databaseName == f->databaseName && !db->partner) {
                db->partner = f;
                f->partner = db;
                break;
            }
        }
    }
    return rc;
}

int baseDelete(sqlite3_vfs *, const char *name, int syncDir)
{
    return g_base->xDelete(g_base, name, syncDir);
}

int baseAccess(sqlite3_vfs *, const char *name, int flags, int *out)
{
    return g_base->xAccess(g_base, name, flags, out);
}

int baseFullPathname(sqlite3_vfs *, const char *name, int size, char *out)
{
    return g_base->xFullPathname(g_base, name, size, out);
}

void *baseDlOpen(sqlite3_vfs *, const char *name)
{
    return g_base->xDlOpen(g_base, name);
}

void baseDlError(sqlite3_vfs *, int size, char *out)
{
    g_base->xDlError(g_base, size, out);
}

void (*baseDlSym(sqlite3_vfs *, void *handle, const char *symbol))(void)
{
    return g_base->xDlSym(g_base, handle, symbol);
}

void baseDlClose(sqlite3_vfs *, void *handle)
{
    g_base->xDlClose(g_base, handle);
}

int baseRandomness(sqlite3_vfs *, int size, char *out)
{
    return g_base->xRandomness(g_base, size, out);
}

int baseSleep(sqlite3_vfs *, int microseconds)
{
    return g_base->xSleep(g_base, microseconds);
}

int baseCurrentTime(sqlite3_vfs *, double *out)
{
    return g_base->xCurrentTime(g_base, out);
}

int baseGetLastError(sqlite3_vfs *, int size, char *out)
{
    return g_base->xGetLastError(g_base, size, out);
}

int baseCurrentTimeInt64(sqlite3_vfs *, sqlite3_int64 *out)
{
    return g_base->xCurrentTimeInt64(g_base, out);
}

int baseSetSystemCall(sqlite3_vfs *, const char *name, sqlite3_syscall_ptr call)
{
    return g_base->xSetSystemCall(g_base, name, call);
}

sqlite3_syscall_ptr baseGetSystemCall(sqlite3_vfs *, const char *name)
{
    return g_base->xGetSystemCall(g_base, name);
}

const char *baseNextSystemCall(sqlite3_vfs *, const char *name)
{
    return g_base->xNextSystemCall(g_base, name);
}

bool registerWrapper()
{
    sqlite3_vfs *base = sqlite3_vfs_find(nullptr);
    if (!base)
        return false;
    if (std::strcmp(base->zName, kVfsName) == 0)
        return true;
    if (base->iVersion < 3 || !base->xCurrentTimeInt64 || !base->xSetSystemCall)
        return false; // not the unix VFS this was written for: left alone
    g_base = base;
    g_vfs = sqlite3_vfs{};
    g_vfs.iVersion = 3;
    g_vfs.szOsFile = kRealOffset + base->szOsFile;
    g_vfs.mxPathname = base->mxPathname;
    g_vfs.zName = kVfsName;
    g_vfs.xOpen = wrappedOpen;
    g_vfs.xDelete = baseDelete;
    g_vfs.xAccess = baseAccess;
    g_vfs.xFullPathname = baseFullPathname;
    g_vfs.xDlOpen = baseDlOpen;
    g_vfs.xDlError = baseDlError;
    g_vfs.xDlSym = baseDlSym;
    g_vfs.xDlClose = baseDlClose;
    g_vfs.xRandomness = baseRandomness;
    g_vfs.xSleep = baseSleep;
    g_vfs.xCurrentTime = baseCurrentTime;
    g_vfs.xGetLastError = baseGetLastError;
    g_vfs.xCurrentTimeInt64 = baseCurrentTimeInt64;
    g_vfs.xSetSystemCall = baseSetSystemCall;
    g_vfs.xGetSystemCall = baseGetSystemCall;
    g_vfs.xNextSystemCall = baseNextSystemCall;
    return sqlite3_vfs_register(&g_vfs, 1) == SQLITE_OK;
}

} // namespace

bool WalAppendVfs::install()
{
    static std::once_flag once;
    static bool installed = false;
    std::call_once(once, [] { installed = registerWrapper(); });
    return installed;
}

bool WalAppendVfs::setGathering(sqlite3 *db, bool on)
{
    int value = on ? 1 : 0;
    return db && sqlite3_file_control(db, "main", kGatherOp, &value) == SQLITE_OK;
}

WalAppendVfs::Counts WalAppendVfs::counts()
{
    Counts c;
    c.appendsGathered = g_appendsGathered.loadRelaxed();
    c.walWrites = g_walWrites.loadRelaxed();
    return c;
}
