#pragma once

#include "store/changerows.h"
#include "store/eventstore.h"
#include "store/storeschema.h"
#include "store/summarytables.h"

#include "corelog.h"
#include "store/sqlstatement.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

// EventStore's state, shared by eventstore.cpp (opening, migrating,
// transactions) and eventstorequeries.cpp (appending and reading).
inline QString sqlText(const QSqlError &error)
{
    const QString text = error.databaseText();
    return text.isEmpty() ? error.text() : text;
}

struct EventStore::Private {
    // The writer connection's page cache (PRAGMA cache_size, KiB): the
    // indices' pages that each commit touches stay in memory on a large
    // store instead of being read back from the OS (docs/storage.md).
    static constexpr int kWriterCacheKiB = 16 * 1024;
    // The writer's automatic checkpoint, in WAL pages (SQLite's default is
    // 1,000): hot pages (summary rows, the ends of the time indices) are
    // copied into the file once per checkpoint, not four times (storage.md).
    static constexpr int kWriterCheckpointPages = 4000;

    QString connection;
    QString path;
    QSqlDatabase db;
    bool open = false;
    bool readOnly = false;
    bool inTransaction = false;
    int schemaVersion = 0;
    QString lastError;
    // SQLite's primary result code of the last failure; 0 when it was not SQLite's.
    int lastCode = 0;
    // Failures logged at debug level only: the store writer reports faults itself, once.
    bool quiet = false;
    // How long open() may spend on the integrity check (< 0: no limit), and
    // whether it ran out before the check finished.
    int integrityBudgetMs = 2000;
    EventStore::UpgradeProgress upgradeProgress;
    bool integrityPending = false;
    // The refused table's row count and kept bytes, read once and then kept
    // up to date by appendRefused() and trimRefused(); -1: not known (read
    // again after a rollback or a reopen).
    qint64 refusedRows = -1;
    qint64 refusedBytes = -1;
    // The thread that made the connection: a QSqlDatabase connection may only
    // be used by it (Qt's rule), so every call that touches the database
    // checks, in debug builds, that it runs there.
    QThread *owner = nullptr;
    // Prepared once per connection: append() runs thousands of times a second.
    // The appends' own (SqlStatement: on SQLite's handle where it may).
    std::unique_ptr<SqlStatement> findBySender;
    std::unique_ptr<SqlStatement> updateDuplicate;
    std::unique_ptr<SqlStatement> insertEvent;
    std::unique_ptr<SqlStatement> insertDelivery;
    // The ids that every commit announces, read on this connection.
    std::unique_ptr<SqlStatement> lastEventId;
    std::unique_ptr<SqlStatement> lastRefusedId;
    std::unique_ptr<QSqlQuery> insertRefused;
    std::unique_ptr<QSqlQuery> markOtherConflicts;
    std::unique_ptr<QSqlQuery> markConflict;
    // The summary tables' upserts (summarytables.cpp), run beside each append.
    std::unique_ptr<SummaryWriter> summaries;
    // Each customer event's change rows (changerows.cpp), beside the summaries.
    std::unique_ptr<ChangeRowWriter> changeRows;
    // Reads use the summary tables when the file has them (tests turn it off
    // to compare with the scans).
    bool useSummaries = true;
    // A long migration step's (done, total); false stops it (rolled back).
    StoreSchema::Progress migrationProgress;
    // Text search (eventstoresearch.cpp): the index trails the events. The
    // writer knows the last event id the index holds (-1: not known, or no
    // index) and the last id it inserted (-1: not known since a rollback),
    // and indexes the ids between in the transaction that commits a batch of
    // kTextBatch or more, or alone when the writer is idle
    // (EventStore::indexPendingText).
    static constexpr qint64 kTextBatch = 256;
    // After a failure to index (commit() still commits the events), the
    // next try waits for this many more events; 0: no failure.
    static constexpr qint64 kTextRetry = 4096;
    qint64 textRetryAt = 0;
    std::unique_ptr<SqlStatement> readTextIndexed;
    std::unique_ptr<SqlStatement> indexTextRange;
    std::unique_ptr<SqlStatement> recordTextIndexed;
    qint64 textIndexedThrough = -1;
    qint64 lastInsertedId = -1;
    // Per needle, whether the index serves it (with the candidate cap it
    // was decided under).
    QHash<QString, std::pair<qint64, bool>> textPlans;

    QString shownPath() const { return QDir::toNativeSeparators(path); }

    bool fail(const QString &sentence)
    {
        lastError = sentence;
        if (quiet)
            qCDebug(lcCore).noquote() << sentence;
        else
            qCWarning(lcCore).noquote() << sentence;
        return false;
    }
    bool failSql(const QString &doing, const QSqlError &error)
    {
        lastCode = error.nativeErrorCode().toInt();
        return failSqlite(doing, sqlText(error));
    }
    // The same sentence from SQLite's own message (ExportRowReader).
    bool failSqlite(const QString &doing, const QString &message)
    {
        return fail(QStringLiteral("Cannot %1 %2: %3.").arg(doing, shownPath(), message));
    }
    void assertOwnThread() const
    {
        Q_ASSERT_X(!db.isValid() || owner == QThread::currentThread(), "EventStore",
                   "used on a thread other than the one that opened it");
    }
    // countFromFacets() says no event matches (the scans' shortcut).
    static bool provablyEmpty(EventStore &store, const QString &where, const QVariantList &binds);

    bool ready(bool forWriting)
    {
        assertOwnThread();
        if (!open) {
            // A caller's mistake rather than an incident: no warning per call.
            lastError = QStringLiteral("The event store is not open.");
            qCDebug(lcCore) << lastError;
            return false;
        }
        if (forWriting && readOnly)
            return fail(QStringLiteral("The event store %1 is open read-only.").arg(shownPath()));
        // Each call starts clean: lastError describes this call's failure,
        // not one a long-lived reader connection had an hour ago.
        lastError.clear();
        lastCode = 0;
        return true;
    }

    bool exec(const QString &sql, const QString &doing)
    {
        QSqlQuery query(db);
        return query.exec(sql) || failSql(doing, query.lastError());
    }

    // Runs a read; on failure sets lastError and returns nothing.
    std::optional<QSqlQuery> select(const QString &sql, const QVariantList &binds,
                                    const QString &doing);
    // "<selectFrom> WHERE id IN (...)" in chunks of ids, each row made a
    // Record by `read`; in the order of `ids`, missing ones skipped
    // (eventstorebrowse.cpp).
    template<typename Record, typename Read>
    QList<Record> selectByIds(const QList<qint64> &ids, const QString &selectFrom,
                              const QString &doing, Read read);
    // The first column of the first row, or -1 on an error.
    qint64 scalar(const QString &sql, const QVariantList &binds, const QString &doing);
    std::unique_ptr<SqlStatement> preparedStatement(const QString &sql, sqlite3 *handle)
    {
        auto statement = std::make_unique<SqlStatement>(db, handle);
        if (!statement->prepare(sql)) {
            failSql(QStringLiteral("prepare statements for"), statement->lastError());
            return nullptr;
        }
        return statement;
    }
    // The first column of a prepared one-row query (lastEventId), or -1.
    qint64 scalar(std::unique_ptr<SqlStatement> &statement, const QString &sql,
                  const QString &doing);
    std::unique_ptr<QSqlQuery> prepared(const QString &sql)
    {
        auto query = std::make_unique<QSqlQuery>(db);
        if (!query->prepare(sql)) {
            failSql(QStringLiteral("prepare statements for"), query->lastError());
            return nullptr;
        }
        return query;
    }

    bool openFile(const QString &file, bool readOnlyMode);
    bool connect(bool readOnlyMode);
    std::optional<int> userVersion();
    bool acceptVersion(int version);
    bool checkIntegrity();
    bool knowRefusedTally();
    qint64 trimmedUpTo(qint64 maxRows, qint64 maxBytes, qint64 batch, qint64 *rows, qint64 *bytes);
    bool prepareForWriting(int version);
    bool migrate(int version);
    bool createFresh();
    bool prepareStatements();
    bool restoreBulkIndices();
    bool prepareConflictStatements();
    void reset();
    std::optional<AppendResult> appendOne(const EventRecord &record);
    // appendOne's steps (eventstorequeries.cpp): update the event a retry
    // repeats, insert a new one, record this delivery of either.
    struct Outcome {
        Verification word = Verification::NotChecked;
        QString wordText; // as stored (event_facets keys on it)
        QString detail;
        bool stale = false;
        bool test = false;
    };
    // What the events under one sender key say of a new delivery.
    struct SameSender {
        qint64 retryOf = 0;  // the event with this very body, 0: none
        Outcome old;         // that event's outcome so far
        bool others = false; // other bodies under the sender key
    };
    std::optional<SameSender> findSameSender(const QString &senderKey, const QString &storedKey);
    bool mergeDuplicate(qint64 eventId, const EventRecord &record, const Outcome &old);
    bool markConflicts(qint64 eventId, const QString &senderKey);
    std::optional<qint64> insertNew(const EventRecord &record, const QString &key);
    // The text index (eventstoresearch.cpp): reads the meta row; indexes
    // every event above it up to upTo inside the open transaction.
    bool loadTextIndexed();
    qint64 unindexedText();
    bool indexTextThrough(qint64 upTo);
    bool recordDelivery(qint64 eventId, const EventRecord &record);
    // The summary tables' side of an append (eventstoresummaries.cpp).
    bool summarizeNew(qint64 eventId, const EventRecord &record);
    bool summarizeRetry(qint64 eventId, const EventRecord &record, const Outcome &old);
    // Summary reads see one snapshot: a read transaction unless one is open.
    bool beginSnapshot();
    void endSnapshot(bool began);
};
