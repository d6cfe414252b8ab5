#include "store/eventstore.h"

#include "store/dedupekey.h"
#include "store/eventsearchindex.h"
#include "store/eventstore_p.h"
#include "store/sqlitehandle.h"
#include "store/storecolumns.h"
#include "store/storefiles.h"
#include "store/storelocation.h"
#include "store/storeschema.h"
#include "store/walappendvfs.h"

#include <QAtomicInteger>
#include <QFileInfo>

namespace {

constexpr int kBusyTimeoutMs = 5000;

QString newConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("hookscope-store-%1").arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

bool EventStore::Private::connect(bool readOnlyMode)
{
    // Before the first connection: SQLite takes the default VFS at open.
    WalAppendVfs::install();
    connection = newConnectionName();
    owner = QThread::currentThread();
    db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    if (!db.isValid())
        return fail(QStringLiteral("Cannot open %1: the Qt SQLite driver (QSQLITE) is missing.")
                        .arg(shownPath()));
    db.setDatabaseName(path);
    if (readOnlyMode)
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    if (!db.open())
        return failSql(QStringLiteral("open the event store"), db.lastError());
    // A reader and the writer share the file; wait for locks rather than fail.
    return exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs),
                QStringLiteral("configure"));
}

std::optional<int> EventStore::Private::userVersion()
{
    QSqlQuery query(db);
    if (query.exec(QStringLiteral("PRAGMA user_version")) && query.next())
        return query.value(0).toInt();
    const QSqlError error = query.lastError();
    if (error.nativeErrorCode() == QLatin1String("26") || // SQLITE_NOTADB
        sqlText(error).contains(QLatin1String("not a database"))) {
        fail(QStringLiteral("Cannot open %1: the file is not an SQLite database, so it is not a "
                            "HookScope event store.")
                 .arg(shownPath()));
    } else {
        failSql(QStringLiteral("read the schema version of"), error);
    }
    return std::nullopt;
}

bool EventStore::Private::openFile(const QString &file, bool readOnlyMode)
{
    path = file;
    readOnly = readOnlyMode;
    if (file.isEmpty())
        return fail(QStringLiteral("No event store file was given."));
    // Never a file named "postgresql:" beside the user: the URL is a
    // PostgreSQL store (StoreLocation), shown without its password.
    if (StoreLocation::looksLikePostgres(file)) {
        const std::optional<StoreLocation> location = StoreLocation::parse(file);
        path.clear();
        return fail(QStringLiteral("%1 is a PostgreSQL store, which this command cannot open.")
                        .arg(location ? location->displayName()
                                      : QStringLiteral("The PostgreSQL URL given")));
    }
    const QFileInfo info(file);
    if (info.isDir())
        return fail(
            QStringLiteral("Cannot open the event store %1: it is a folder.").arg(shownPath()));
    if (readOnlyMode && !info.exists())
        return fail(QStringLiteral("The event store %1 does not exist.").arg(shownPath()));
    QString filesError;
    if (!readOnlyMode && !StoreFiles::prepare(file, &filesError))
        return fail(filesError);
    if (!connect(readOnlyMode))
        return false;

    const std::optional<int> version = userVersion();
    if (!version || !acceptVersion(*version))
        return false;
    // Checked before anything is written: a damaged file is never written to.
    if (!readOnlyMode && (!checkIntegrity() || !prepareForWriting(*version)))
        return false;
    schemaVersion = readOnlyMode ? *version : StoreSchema::kCurrentVersion;
    open = true;
    return readOnlyMode || loadTextIndexed();
}

bool EventStore::Private::acceptVersion(int version)
{
    const int current = StoreSchema::kCurrentVersion;
    if (version > current)
        return fail(QStringLiteral("%1 was written by a newer HookScope (schema %2); this "
                                   "version reads up to %3.")
                        .arg(shownPath())
                        .arg(version)
                        .arg(current));
    if (readOnly && version == 0)
        return fail(QStringLiteral("%1 is not a HookScope event store (it has no schema).")
                        .arg(shownPath()));
    if (readOnly && version < StoreSchema::kOldestReadableVersion)
        return fail(QStringLiteral("%1 has the older schema %2; open it for writing once to "
                                   "upgrade it to schema %3.")
                        .arg(shownPath())
                        .arg(version)
                        .arg(current));
    return true;
}

bool EventStore::Private::prepareForWriting(int version)
{
    // WAL lets readers work while the writer commits; FULL makes a commit
    // durable before the 200 goes out (docs/storage.md).
    QSqlQuery mode(db);
    if (!mode.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !mode.next())
        return failSql(QStringLiteral("switch to WAL mode"), mode.lastError());
    if (mode.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        qCWarning(lcCore).noquote() << QStringLiteral("%1 could not use WAL (journal mode %2)")
                                           .arg(shownPath(), mode.value(0).toString());
    mode.finish();
    if (!exec(QStringLiteral("PRAGMA synchronous = FULL"), QStringLiteral("configure")) ||
        !exec(QStringLiteral("PRAGMA wal_autocheckpoint = %1").arg(kWriterCheckpointPages),
              QStringLiteral("configure")))
        return false;
    // Each commit syncs the WAL, so its frames may be written in one call
    // (WalAppendVfs; without it, or with another SQLite than Qt's, as before).
    WalAppendVfs::setGathering(SqliteHandle::of(db), true);
    return exec(QStringLiteral("PRAGMA cache_size = -%1").arg(kWriterCacheKiB),
                QStringLiteral("configure")) &&
           migrate(version) && prepareStatements();
}

// All steps from the file's version to the current one run in one
// transaction, so a half-migrated file cannot exist.
bool EventStore::Private::migrate(int version)
{
    const int current = StoreSchema::kCurrentVersion;
    if (version == current)
        return true;
    if (!exec(QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("start upgrading")))
        return false;
    // Rolls back; `sentence` is logged unless it is lastError (logged already).
    const auto abort = [this](const QString &sentence) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return sentence == lastError ? false : fail(sentence);
    };
    // Another process may have upgraded the file while we waited for the lock.
    const std::optional<int> locked = userVersion();
    if (!locked || !acceptVersion(*locked))
        return abort(lastError);
    QString error;
    if (*locked == 0 && !createFresh())
        return abort(lastError);
    for (int step = *locked; step > 0 && step < current; ++step) {
        const StoreSchema::Progress progress = [this, step](qint64 done, qint64 total) {
            if (upgradeProgress)
                upgradeProgress(step, StoreSchema::kCurrentVersion, done, total);
            return !migrationProgress || migrationProgress(done, total);
        };
        if (!StoreSchema::migrateStep(db, step, &error, progress))
            return abort(QStringLiteral("Cannot upgrade %1 from schema %2 to %3: %4.")
                             .arg(shownPath())
                             .arg(step)
                             .arg(step + 1)
                             .arg(error));
        if (upgradeProgress)
            upgradeProgress(step, current, 1, 1); // every step says it is done, long or not
    }
    if (*locked != current && !StoreSchema::stampVersion(db, current, &error))
        return abort(
            QStringLiteral("Cannot record the schema version in %1: %2.").arg(shownPath(), error));
    if (!exec(QStringLiteral("COMMIT"), QStringLiteral("finish upgrading")))
        return abort(lastError);
    if (*locked > 0 && *locked < current)
        qCInfo(lcCore).noquote() << QStringLiteral("Upgraded %1 from schema %2 to %3")
                                        .arg(shownPath())
                                        .arg(*locked)
                                        .arg(current);
    return true;
}

// An empty file gets the current schema directly; a file with tables but no
// schema version belongs to some other program and is left alone.
bool EventStore::Private::createFresh()
{
    QSqlQuery tables(db);
    if (!tables.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master")) || !tables.next())
        return failSql(QStringLiteral("inspect"), tables.lastError());
    if (tables.value(0).toLongLong() > 0)
        return fail(QStringLiteral("%1 is an SQLite database but not a HookScope event store; "
                                   "refusing to add tables to it.")
                        .arg(shownPath()));
    tables.finish();
    QString error;
    if (!StoreSchema::createCurrent(db, &error))
        return fail(
            QStringLiteral("Cannot create the event store %1: %2.").arg(shownPath(), error));
    return true;
}

bool EventStore::Private::prepareStatements()
{
    sqlite3 *const handle = SqliteHandle::of(db);
    const auto prepare = [this, handle](std::unique_ptr<SqlStatement> &statement,
                                        const QString &sql) {
        statement = preparedStatement(sql, handle);
        return statement != nullptr;
    };
    using namespace StoreColumns;
    summaries = std::make_unique<SummaryWriter>(db, handle);
    QString summaryError;
    changeRows = std::make_unique<ChangeRowWriter>(db, handle);
    if (!summaries->prepare(&summaryError) || !changeRows->prepare(&summaryError))
        return fail(
            QStringLiteral("Cannot prepare statements for %1: %2.").arg(shownPath(), summaryError));
    // The events under a sender key (the range of prepareConflictStatements)
    // and, in the second column, whether each is this very body.
    return prepare(
               findBySender,
               QStringLiteral("SELECT %1, %2 = ?, %3, %4, %5, %8 FROM %6 WHERE %2 >= ? AND %2 < ? "
                              "AND length(%2) = length(?) + %7")
                   .arg(kId, kDedupeKey, kVerification, kVerificationDetail, kStale, kEventsTable)
                   .arg(DedupeKey::kSuffixLength)
                   .arg(kTest)) &&
           prepare(updateDuplicate,
                   // A test stays one only while every receipt was a test:
                   // MIN(test, ?) clears it on a real receipt, never sets it.
                   QStringLiteral("UPDATE %1 SET %2 = %2 + 1, %3 = MAX(%3, ?), %4 = ?, %5 = ?,"
                                  " %6 = ?, %7 = MIN(%7, ?) WHERE %8 = ?")
                       .arg(kEventsTable, kDeliveries, kLastReceivedAt, kVerification,
                            kVerificationDetail, kStale, kTest, kId)) &&
           prepareConflictStatements() && prepare(insertEvent, StoreSchema::insertEventSql()) &&
           prepare(insertDelivery, StoreSchema::insertDeliverySql()) &&
           (insertRefused = prepared(StoreSchema::insertRefusedSql())) != nullptr &&
           prepare(readTextIndexed, EventSearchIndex::readIndexedSql()) &&
           prepare(indexTextRange, EventSearchIndex::indexRangeSql()) &&
           prepare(recordTextIndexed, EventSearchIndex::recordIndexedSql());
}

// The events that share a sender key (DedupeKey): its range of the unique
// index, and the same length (a sender key may itself contain '#').
bool EventStore::Private::prepareConflictStatements()
{
    using namespace StoreColumns;
    markOtherConflicts =
        prepared(QStringLiteral("UPDATE %1 SET %2 = 1 WHERE %3 >= ? AND %3 < ? AND length(%3) = "
                                "length(?) + %4 AND %5 <> ?")
                     .arg(kEventsTable, kConflict, kDedupeKey)
                     .arg(DedupeKey::kSuffixLength)
                     .arg(kId));
    markConflict = prepared(
        QStringLiteral("UPDATE %1 SET %2 = 1 WHERE %3 = ?").arg(kEventsTable, kConflict, kId));
    return markOtherConflicts && markConflict;
}

void EventStore::Private::reset()
{
    assertOwnThread();
    if (open && inTransaction)
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
    findBySender.reset();
    updateDuplicate.reset();
    insertEvent.reset();
    insertDelivery.reset();
    insertRefused.reset();
    lastEventId.reset();
    lastRefusedId.reset();
    markOtherConflicts.reset();
    markConflict.reset();
    summaries.reset();
    changeRows.reset();
    readTextIndexed.reset();
    indexTextRange.reset();
    recordTextIndexed.reset();
    textIndexedThrough = -1;
    lastInsertedId = -1;
    textRetryAt = 0;
    textPlans.clear();
    if (db.isValid())
        db.close();
    db = QSqlDatabase();
    if (!connection.isEmpty())
        QSqlDatabase::removeDatabase(connection);
    connection.clear();
    owner = nullptr;
    open = false;
    inTransaction = false;
    schemaVersion = 0;
    refusedRows = -1;
    refusedBytes = -1;
}

EventStore::EventStore()
    : d(std::make_unique<Private>())
{
}

EventStore::~EventStore()
{
    d->reset();
}

int EventStore::currentSchemaVersion()
{
    return StoreSchema::kCurrentVersion;
}

bool EventStore::ensureExists(const QString &path, QString *error)
{
    if (QFileInfo::exists(path))
        return true;
    EventStore store;
    return store.open(path, error);
}

bool EventStore::open(const QString &path, QString *error)
{
    d->reset();
    if (d->openFile(path, false)) {
        // Events a writer committed before it stopped (a crash, a kill) and
        // had not yet indexed (EventSearchIndex): indexed now. A failure
        // does not keep deliveries out: searches find those events by their
        // ids, and the next commit of a batch tries again.
        if (d->unindexedText() > 0 && !indexPendingText() && d->quiet)
            qCWarning(lcCore).noquote() << lastError(); // fail() said it unless quiet
        d->lastError.clear();
        return true;
    }
    d->reset();
    if (error)
        *error = d->lastError;
    return false;
}

std::optional<qint64> EventStore::openForReading(const QString &path, QString *error)
{
    if (!openReadOnly(path, error))
        return std::nullopt;
    const qint64 lastId = maxEventId();
    if (lastId >= 0)
        return lastId;
    if (error)
        *error = lastError();
    close();
    return std::nullopt;
}

bool EventStore::openReadOnly(const QString &path, QString *error)
{
    d->reset();
    if (d->openFile(path, true)) {
        d->lastError.clear();
        return true;
    }
    d->reset();
    if (error)
        *error = d->lastError;
    return false;
}

void EventStore::close()
{
    // The events not yet in the text index go in now; on a failure the
    // next writer to open the file indexes them.
    if (d->open && !d->readOnly && !d->inTransaction && d->unindexedText() > 0)
        indexPendingText();
    d->reset();
}

bool EventStore::isOpen() const
{
    return d->open;
}

QString EventStore::path() const
{
    return d->path;
}

int EventStore::schemaVersion() const
{
    return d->schemaVersion;
}

QString EventStore::lastError() const
{
    return d->lastError;
}

bool EventStore::beginTransaction()
{
    if (!d->ready(true))
        return false;
    if (d->inTransaction)
        return d->fail(QStringLiteral("A transaction is already open on %1.").arg(d->shownPath()));
    // IMMEDIATE takes the write lock now, so the busy timeout applies here and
    // not to a lock upgrade halfway through the batch.
    if (!d->exec(QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("start a transaction in")))
        return false;
    d->inTransaction = true;
    return true;
}

bool EventStore::commit()
{
    if (!d->ready(true))
        return false;
    if (!d->inTransaction)
        return d->fail(QStringLiteral("No transaction is open on %1.").arg(d->shownPath()));
    // A batch's worth of new events is indexed in this transaction: one
    // index flush for them all instead of one per commit. If that fails, the
    // events still commit (SQLite undid the failed statement alone): their
    // text waits, found by id, for the next batch. A failure that ended the
    // transaction fails the COMMIT below.
    const qint64 indexedBefore = d->textIndexedThrough;
    if (d->unindexedText() >= Private::kTextBatch && d->lastInsertedId >= d->textRetryAt) {
        if (d->indexTextThrough(d->lastInsertedId)) {
            d->textRetryAt = 0;
        } else {
            // Said once (fail() said it unless quiet), then tried again
            // every kTextRetry events.
            if (d->textRetryAt == 0 && d->quiet)
                qCWarning(lcCore).noquote() << d->lastError;
            d->textRetryAt = d->lastInsertedId + Private::kTextRetry;
            d->textIndexedThrough = indexedBefore;
            d->lastError.clear();
        }
    }
    if (!d->exec(QStringLiteral("COMMIT"), QStringLiteral("commit to"))) {
        d->textIndexedThrough = indexedBefore;
        return false; // still counted as open: the caller rolls back
    }
    d->inTransaction = false;
    return true;
}

void EventStore::rollback()
{
    d->assertOwnThread();
    if (!d->open || !d->inTransaction)
        return;
    d->inTransaction = false;
    d->refusedRows = -1;        // the rolled-back rows were counted
    d->lastInsertedId = -1;     // and the events
    d->textIndexedThrough = -1; // read again: a failed commit may have indexed
    QSqlQuery query(d->db);
    // Fails harmlessly when SQLite already rolled back by itself (disk full).
    if (!query.exec(QStringLiteral("ROLLBACK")))
        qCDebug(lcCore) << "rollback:" << query.lastError().text();
}
