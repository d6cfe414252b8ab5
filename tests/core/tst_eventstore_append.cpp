// The leaner append path (docs/storage.md, "The write path"): one range read
// finds a retry and a conflict, the hot statements run on SQLite's handle
// (SqlStatement) with QtSql's behaviour, and a bulk load rebuilds exactly
// the indices it dropped.
#include "ingest/storewriter.h"
#include "store/dedupekey.h"
#include "store/eventstore.h"
#include "store/sqlitehandle.h"
#include "store/sqlstatement.h"
#include "store/walappendvfs.h"
#include "testsupport_store.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

namespace {

EventRecord message(int n, const QByteArray &text = "hello")
{
    EventRecord r;
    r.receivedAtMs = 1764000000000 + n;
    r.lastReceivedAtMs = r.receivedAtMs;
    r.event = QStringLiteral("message");
    r.chatUserId = QStringLiteral("cu1");
    r.sequenceId = QString::number(n);
    r.msg = QString::fromUtf8(text);
    r.verification = Verification::Verified;
    r.dedupeKey = QStringLiteral("m:cu1:%1").arg(n);
    r.payload = R"({"event":"message","data":{"sequence_id":")" + QByteArray::number(n) +
                R"(","msg":")" + text + R"("}})";
    return r;
}

QStringList indexSql(const QString &path)
{
    QStringList sql;
    const QString name = QStringLiteral("index-sql");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            query.exec(QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'index' AND "
                                      "sql IS NOT NULL ORDER BY name"));
            while (query.next())
                sql.append(query.value(0).toString());
        }
    }
    QSqlDatabase::removeDatabase(name);
    return sql;
}

} // namespace

class TestEventStoreAppend final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void concurrentRetriesCountEveryDelivery();
    void retryOfAConflictedEventIsCountedAndAThirdBodyMarksAll();
    void statementsSurviveAReopen();
    void theWriterCheckpointsEveryFourThousandPages();
    void aDigestWorkedOutBeforeGivesTheSameKey();
    void theWriterGathersItsWalAppendsButNotInABulkLoad();
    void writerStatementsSurviveAFaultAndRecovery();
    void sqlStatementBehavesAsQtSql_data();
    void sqlStatementBehavesAsQtSql();
    void bulkLoadRebuildsTheIndicesItDropped();
    void bulkLoadCutShortIsHealed();
};

// Two connections on two threads deliver the same bodies over and over, each
// delivery its own transaction: every receipt is counted, on one event per
// body, and none is taken for a conflict.
void TestEventStoreAppend::concurrentRetriesCountEveryDelivery()
{
    TestStore store;
    QVERIFY(store.isOpen());
    constexpr int kEvents = 20;
    constexpr int kRounds = 5;
    std::atomic<int> failures{0};
    const auto deliver = [&] {
        EventStore mine;
        if (!mine.open(store.path())) {
            ++failures;
            return;
        }
        for (int round = 0; round < kRounds; ++round) {
            for (int n = 0; n < kEvents; ++n) {
                if (!mine.append(message(n)))
                    ++failures;
            }
        }
    };
    std::thread a(deliver);
    std::thread b(deliver);
    a.join();
    b.join();
    QCOMPARE(failures.load(), 0);
    EventStore &s = store.writer();
    QCOMPARE(s.eventCount(), qint64(kEvents));
    QCOMPARE(rawValue(store.path(), QStringLiteral("SELECT COUNT(*) FROM deliveries")).toInt(),
             2 * kRounds * kEvents);
    QCOMPARE(rawValue(store.path(), QStringLiteral("SELECT MIN(deliveries) = MAX(deliveries) AND "
                                                   "MIN(deliveries) = %1 FROM events")
                                        .arg(2 * kRounds))
                 .toInt(),
             1);
    QCOMPARE(s.eventCount(QStringLiteral("conflict = 1")), qint64(0));
}

void TestEventStoreAppend::retryOfAConflictedEventIsCountedAndAThirdBodyMarksAll()
{
    TestStore store;
    EventStore &s = store.writer();
    const auto first = s.append(message(7, "one"));
    QVERIFY(first && !first->duplicate && !first->conflict);
    const auto second = s.append(message(7, "two")); // same sender key, other body
    QVERIFY(second && !second->duplicate && second->conflict);
    const auto retry = s.append(message(7, "one"));
    QVERIFY(retry && retry->duplicate && !retry->conflict);
    QCOMPARE(retry->eventId, first->eventId);
    QCOMPARE(s.event(first->eventId)->deliveries, 2);
    QVERIFY(s.event(first->eventId)->conflict);
    const auto third = s.append(message(7, "three"));
    QVERIFY(third && third->conflict);
    QCOMPARE(s.eventCount(QStringLiteral("conflict = 1")), qint64(3));
    QCOMPARE(s.sameKeyEvents(third->eventId), (QList<qint64>{first->eventId, second->eventId}));
    // An unrelated key (a prefix of this one) is neither merged nor marked.
    EventRecord other = message(70, "one");
    const auto unrelated = s.append(other);
    QVERIFY(unrelated && !unrelated->duplicate && !unrelated->conflict);
}

void TestEventStoreAppend::statementsSurviveAReopen()
{
    TestStore store;
    QVERIFY(store.writer().append(message(1)));
    store.writer().close();
    QVERIFY(store.writer().open(store.path()));
    const auto retry = store.writer().append(message(1));
    QVERIFY(retry && retry->duplicate);
    QCOMPARE(store.writer().event(retry->eventId)->deliveries, 2);
    QCOMPARE(store.writer().maxEventId(), retry->eventId);
}

// SQLite's default checkpoints (and so restarts the WAL) every 1,000 pages;
// the writer every 4,000 (EventStore::Private::kWriterCheckpointPages).
void TestEventStoreAppend::theWriterCheckpointsEveryFourThousandPages()
{
    TestStore store;
    const QString wal = store.path() + QStringLiteral("-wal");
    constexpr qint64 kFrameBytes = 24 + 4096;
    for (int n = 1; n <= 500; ++n) // a commit each, of six pages or more
        QVERIFY(store.writer().append(message(n, QByteArray(3000, char('a' + n % 26)))));
    QVERIFY2(QFileInfo(wal).size() > 1500 * kFrameBytes,
             qPrintable(QString::number(QFileInfo(wal).size() / kFrameBytes)));
    QVERIFY2(QFileInfo(wal).size() < 4100 * kFrameBytes,
             qPrintable(QString::number(QFileInfo(wal).size() / kFrameBytes)));
}

// The receiver works out the body's digest (EventRecord::payloadSha256);
// the key made from it is the one the store makes itself, so a retry that
// came either way is merged, and a malformed digest is not trusted.
void TestEventStoreAppend::aDigestWorkedOutBeforeGivesTheSameKey()
{
    TestStore store;
    EventRecord first = message(1);
    first.payloadSha256 = DedupeKey::digest(first.payload);
    QCOMPARE(first.payloadSha256.size(), DedupeKey::kSuffixLength - 1);
    const auto stored = store.writer().append(first);
    QVERIFY(stored && !stored->duplicate);

    const auto plain = store.writer().append(message(1)); // no digest: the store's own
    QVERIFY(plain && plain->duplicate);
    QCOMPARE(plain->eventId, stored->eventId);

    EventRecord upper = message(1);
    upper.payloadSha256 = first.payloadSha256.toUpper();
    const auto fromUpper = store.writer().append(upper); // not trusted: worked out again
    QVERIFY(fromUpper && fromUpper->duplicate);
    QCOMPARE(fromUpper->eventId, stored->eventId);
    QCOMPARE(store.writer().event(stored->eventId)->deliveries, 3);

    EventRecord other = message(1, "another body");
    other.payloadSha256 = DedupeKey::digest(other.payload);
    const auto conflict = store.writer().append(other);
    QVERIFY(conflict && !conflict->duplicate && conflict->conflict);
}

// The writer's connection syncs every commit, so it gathers its WAL appends
// (WalAppendVfs); a bulk load does not sync, so it writes them at once, and
// the writer gathers again once the load has ended.
void TestEventStoreAppend::theWriterGathersItsWalAppendsButNotInABulkLoad()
{
    TestStore store;
    EventStore &s = store.writer();
    const auto gathered = [] { return WalAppendVfs::counts().appendsGathered; };

    quint64 before = gathered();
    QVERIFY(s.append(message(1)));
    QVERIFY(gathered() > before);

    QVERIFY(s.beginBulkLoad());
    before = gathered();
    QVERIFY(s.beginTransaction());
    for (int n = 2; n < 40; ++n)
        QVERIFY(s.append(message(n, QByteArray(2000, 'b'))));
    QVERIFY(s.commit());
    QCOMPARE(gathered(), before);
    QVERIFY(s.endBulkLoad());

    before = gathered();
    QVERIFY(s.append(message(40)));
    QVERIFY(gathered() > before);
    QCOMPARE(s.eventCount(), qint64(40));
}

// A read-only fault closes nothing the writer cannot make again: after the
// recovery a retry of an event stored before it is merged, a new one stored.
void TestEventStoreAppend::writerStatementsSurviveAFaultAndRecovery()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.db"));
    StoreWriter writer;
    writer.setProbeInterval(20);
    QSignalSpy opened(&writer, &StoreWriter::opened);
    writer.start(path);
    QVERIFY(opened.wait());
    QVERIFY(opened.first().at(0).toBool());
    QSignalSpy committed(&writer, &StoreWriter::committed);
    QSignalSpy faults(&writer, &StoreWriter::faultChanged);
    writer.submit(1, message(1));
    writer.flush();
    QVERIFY(committed.last().at(1).toBool());
    writer.setReadOnly(true);
    writer.submit(2, message(2));
    writer.flush();
    QVERIFY(!committed.last().at(1).toBool());
    QCOMPARE(faults.size(), 1);
    writer.setReadOnly(false);
    QTRY_COMPARE(faults.size(), 2);
    QCOMPARE(faults.last().at(0).value<StoreFault>().kind, StoreFault::Kind::None);
    writer.submit(3, message(1));
    writer.submit(4, message(2));
    writer.flush();
    QVERIFY(committed.last().at(1).toBool());
    QCOMPARE(rawValue(path, QStringLiteral("SELECT COUNT(*) FROM events")).toInt(), 2);
    QCOMPARE(rawValue(path, QStringLiteral("SELECT deliveries FROM events WHERE sequence_id = '1'"))
                 .toInt(),
             2);
}

void TestEventStoreAppend::sqlStatementBehavesAsQtSql_data()
{
    QTest::addColumn<bool>("onHandle");
    QTest::newRow("SQLite's handle") << true;
    QTest::newRow("QSqlQuery") << false;
}

// Nulls, empty and non-ASCII text, blobs, integers, a constraint's error
// code, rows read and finished, last insert id: alike both ways.
void TestEventStoreAppend::sqlStatementBehavesAsQtSql()
{
    QFETCH(bool, onHandle);
    QTemporaryDir dir;
    const QString name = QStringLiteral("sqlstatement");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(dir.filePath(QStringLiteral("s.db")));
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b BLOB, c INTEGER, d TEXT NOT NULL)")));
        sqlite3 *handle = onHandle ? SqliteHandle::of(db) : nullptr;
        QCOMPARE(handle != nullptr, onHandle);
        SqlStatement insert(db, handle);
        QVERIFY(insert.prepare(QStringLiteral("INSERT INTO t(a, b, c, d) VALUES(?, ?, ?, ?)")));
        const QVariantList rows[] = {
            {QString(), QByteArray(), QVariant(), QStringLiteral("")},
            {QStringLiteral("价格 😀 'q'"), QByteArray("\0x\xff", 3), qint64(1) << 40,
             QStringLiteral("d")},
            {QStringLiteral(""), QByteArray(""), true, QStringLiteral("e")},
        };
        for (const QVariantList &row : rows) {
            for (int i = 0; i < row.size(); ++i)
                insert.bind(i, row.at(i));
            QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
            QCOMPARE(insert.rowsAffected(), qint64(1));
        }
        QCOMPARE(insert.lastInsertId(), qint64(3));
        insert.bind(3, QString()); // NULL into NOT NULL
        QVERIFY(!insert.exec());
        QCOMPARE(insert.lastError().nativeErrorCode(),
                 QStringLiteral("1299")); // CONSTRAINT_NOTNULL
        QVERIFY(!insert.lastError().databaseText().isEmpty());

        SqlStatement read(db, handle);
        QVERIFY(read.prepare(QStringLiteral(
            "SELECT a IS NULL, b IS NULL, c IS NULL, a, b, c, length(b) FROM t ORDER BY id")));
        QVERIFY(read.exec());
        QVERIFY(read.next());
        QCOMPARE(read.value(0).toInt(), 1);
        QCOMPARE(read.value(1).toInt(), 1);
        QCOMPARE(read.value(2).toInt(), 1);
        QVERIFY(read.next());
        QCOMPARE(read.value(3).toString(), QStringLiteral("价格 😀 'q'"));
        QCOMPARE(read.value(4).toByteArray(), QByteArray("\0x\xff", 3));
        QCOMPARE(read.value(5).toLongLong(), qint64(1) << 40);
        QVERIFY(read.next());
        QCOMPARE(read.value(0).toInt(), 0); // '' is not NULL
        QCOMPARE(read.value(1).toInt(), 0);
        QCOMPARE(read.value(5).toLongLong(), qint64(1));
        QVERIFY(!read.next());
        // Run again after a finish() mid-read: from the first row.
        QVERIFY(read.exec() && read.next());
        read.finish();
        QVERIFY(read.exec() && read.next());
        QCOMPARE(read.value(0).toInt(), 1);
        read.finish();
    }
    QSqlDatabase::removeDatabase(name);
}

void TestEventStoreAppend::bulkLoadRebuildsTheIndicesItDropped()
{
    TestStore store;
    const QStringList before = indexSql(store.path());
    QVERIFY(before.size() >= 6);
    EventStore &s = store.writer();
    QVERIFY(s.beginBulkLoad());
    QVERIFY(indexSql(store.path()).size() < before.size());
    QVERIFY(s.beginTransaction());
    for (int n = 0; n < 50; ++n)
        QVERIFY(s.append(message(n)));
    QVERIFY(s.append(message(3))); // a retry is still found (the unique key's own index)
    QVERIFY(s.commit());
    QVERIFY(s.endBulkLoad());
    QCOMPARE(indexSql(store.path()), before);
    QCOMPARE(s.eventCount(), qint64(50));
    QCOMPARE(rawValue(store.path(), QStringLiteral("PRAGMA integrity_check")).toString(),
             QStringLiteral("ok"));
    QVERIFY(!rawValue(store.path(),
                      QStringLiteral("SELECT COUNT(*) FROM meta WHERE key = 'bulk_load_indices'"))
                 .toInt());
}

void TestEventStoreAppend::bulkLoadCutShortIsHealed()
{
    TestStore store;
    const QStringList before = indexSql(store.path());
    QVERIFY(store.writer().beginBulkLoad());
    QVERIFY(store.writer().append(message(1)));
    store.writer().close(); // as if the generator had been stopped
    QVERIFY(indexSql(store.path()) != before);
    EventStore again;
    QVERIFY(again.open(store.path()));
    QVERIFY(again.endBulkLoad());
    QCOMPARE(indexSql(store.path()), before);
}

QTEST_GUILESS_MAIN(TestEventStoreAppend)
#include "tst_eventstore_append.moc"
