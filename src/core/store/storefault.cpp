#include "store/storefault.h"

namespace {

// SQLite's primary result codes (sqlite3.h), kept here so that callers that
// only see QSqlError::nativeErrorCode() need no SQLite header.
enum SqliteCode {
    kOk = 0,
    kError = 1, // an SQL error: a bug or a schema problem, not the disk
    kPerm = 3,
    kBusy = 5,
    kLocked = 6,
    kReadOnly = 8,
    kIoErr = 10,
    kCorrupt = 11,
    kFull = 13,
    kTooBig = 18,
    kConstraint = 19,
    kMismatch = 20,
    kRange = 25,
    kNotADb = 26,
};

} // namespace

QString StoreFault::word() const
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("ok");
    case Kind::DiskFull:
        return QStringLiteral("disk-full");
    case Kind::ReadOnly:
        return QStringLiteral("read-only");
    case Kind::Locked:
        return QStringLiteral("locked");
    case Kind::Damaged:
        return QStringLiteral("damaged");
    case Kind::Other:
        break;
    }
    return QStringLiteral("error");
}

StoreFault::Kind StoreFault::classify(int sqliteCode)
{
    switch (sqliteCode & 0xff) {
    case kOk:
    case kError:
    case kTooBig:
    case kConstraint:
    case kMismatch:
    case kRange:
        return Kind::None; // this batch's records, not the store
    case kFull:
        return Kind::DiskFull;
    case kReadOnly:
    case kPerm:
        return Kind::ReadOnly;
    case kBusy:
    case kLocked:
        return Kind::Locked;
    case kCorrupt:
    case kNotADb:
        return Kind::Damaged;
    case kIoErr:
    default:
        return Kind::Other;
    }
}

StoreFault::Kind StoreFault::classifyPostgres(const QString &sqlState, bool reachable)
{
    if (!reachable)
        return Kind::Other;
    if (sqlState == QLatin1String("53100"))
        return Kind::DiskFull;
    if (sqlState == QLatin1String("42501") || sqlState == QLatin1String("25006"))
        return Kind::ReadOnly; // insufficient privilege; a read-only transaction (a standby)
    if (sqlState == QLatin1String("40001") || sqlState == QLatin1String("40P01") ||
        sqlState == QLatin1String("55P03"))
        return Kind::Locked;
    // Connection exceptions, operator intervention (shutdown), resources,
    // system and internal errors.
    for (const char *klass : {"08", "57", "53", "58", "XX"}) {
        if (sqlState.startsWith(QLatin1String(klass)))
            return Kind::Other;
    }
    return Kind::None;
}
