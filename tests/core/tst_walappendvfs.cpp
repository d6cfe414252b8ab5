#include "store/sqlitehandle.h"
#include "store/walappendvfs.h"

#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <sys/resource.h>

// The writer's WAL appends gathered into one write per commit (issue 12):
// fewer calls, the same bytes, seen by readers as soon as they are committed.
namespace {

struct Connection {
    QString name;
    QSqlDatabase db;

    Connection(const QString &connection, const QString &path)
        : name(connection)
        , db(QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection))
    {
        db.setDatabaseName(path);
    }
    ~Connection()
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    // Opens the file as a WAL with a table t(id, x), gathering or not.
    bool openWal(const QString &synchronous, bool gather)
    {
        return db.open() && run(QStringLiteral("PRAGMA journal_mode = WAL")) &&
               run(QStringLiteral("PRAGMA synchronous = %1").arg(synchronous)) &&
               run(QStringLiteral(
                   "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, x TEXT)")) &&
               (!gather || WalAppendVfs::setGathering(SqliteHandle::of(db), true));
    }
    bool run(const QString &sql)
    {
        QSqlQuery query(db);
        if (query.exec(sql))
            return true;
        qWarning().noquote() << sql << query.lastError().text();
        return false;
    }
    QVariant value(const QString &sql)
    {
        QSqlQuery query(db);
        if (!query.exec(sql) || !query.next()) {
            qWarning().noquote() << sql << query.lastError().text();
            return {};
        }
        return query.value(0);
    }
};

// A row's text, distinct per row and a page or more long for some.
QString rowText(int i)
{
    return QStringLiteral("row %1 ").arg(i).repeated(1 + (i * 37) % 700);
}

} // namespace

class TestWalAppendVfs final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aCommitIsWrittenInFewCalls();
    void anotherConnectionSeesEachCommitAtOnce_data();
    void anotherConnectionSeesEachCommitAtOnce();
    void aTransactionReadsBackWhatItSpilled();
    void aConnectionThatDoesNotAskWritesStraightThrough();
    void aFailedWriteFailsTheCommit();
};

void TestWalAppendVfs::initTestCase()
{
    QVERIFY(WalAppendVfs::install());
    QVERIFY(WalAppendVfs::install()); // once per process; a second call is harmless
}

void TestWalAppendVfs::aCommitIsWrittenInFewCalls()
{
    QTemporaryDir dir;
    Connection writer(QStringLiteral("writer"), dir.filePath(QStringLiteral("a.db")));
    QVERIFY(writer.openWal(QStringLiteral("FULL"), true));

    const WalAppendVfs::Counts before = WalAppendVfs::counts();
    QVERIFY(writer.run(QStringLiteral("BEGIN")));
    for (int i = 0; i < 40; ++i)
        QVERIFY(writer.run(QStringLiteral("INSERT INTO t(x) VALUES('%1')").arg(rowText(i))));
    QVERIFY(writer.run(QStringLiteral("COMMIT")));
    const WalAppendVfs::Counts after = WalAppendVfs::counts();

    // Two writes per frame (its header, its page), and 40 rows of 2.4 KB on
    // average make some 25 pages: written at the commit's sync in pieces of
    // up to 120 KiB (about 30 frames).
    const quint64 appends = after.appendsGathered - before.appendsGathered;
    const quint64 writes = after.walWrites - before.walWrites;
    QVERIFY2(appends >= 40, qPrintable(QString::number(appends)));
    QVERIFY2(writes >= 1 && writes * 20 <= appends,
             qPrintable(QStringLiteral("%1 writes for %2 appends").arg(writes).arg(appends)));
    QCOMPARE(writer.value(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 40);
    QCOMPARE(writer.value(QStringLiteral("PRAGMA integrity_check")).toString(),
             QStringLiteral("ok"));
}

void TestWalAppendVfs::anotherConnectionSeesEachCommitAtOnce_data()
{
    QTest::addColumn<QString>("synchronous");
    QTest::newRow("synced commits") << QStringLiteral("FULL");
    // Not how the store runs (it gathers only with FULL), but the frames are
    // written before the commit ends (its use of the shared memory) even
    // where no sync would write them.
    QTest::newRow("no sync") << QStringLiteral("OFF");
}

void TestWalAppendVfs::anotherConnectionSeesEachCommitAtOnce()
{
    QFETCH(QString, synchronous);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b.db"));
    Connection writer(QStringLiteral("writer"), path);
    QVERIFY(writer.openWal(synchronous, true));
    Connection reader(QStringLiteral("reader"), path);
    QVERIFY(reader.db.open());

    qint64 length = 0;
    for (int i = 1; i <= 120; ++i) {
        QVERIFY(
            writer.run(QStringLiteral("INSERT INTO t VALUES(%1, '%2')").arg(i).arg(rowText(i))));
        length += rowText(i).size();
        QCOMPARE(reader.value(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), i);
        QCOMPARE(reader.value(QStringLiteral("SELECT SUM(LENGTH(x)) FROM t")).toLongLong(), length);
        QCOMPARE(reader.value(QStringLiteral("SELECT x FROM t WHERE id = %1").arg(i)).toString(),
                 rowText(i));
    }
    QCOMPARE(reader.value(QStringLiteral("PRAGMA integrity_check")).toString(),
             QStringLiteral("ok"));
}

// A transaction larger than the page cache writes pages to the WAL before
// its commit and reads them back from there; more than the 1 MiB gathered
// at most, and more than the 128 KiB the unix VFS writes in one call.
void TestWalAppendVfs::aTransactionReadsBackWhatItSpilled()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.db"));
    qint64 length = 0;
    {
        Connection writer(QStringLiteral("writer"), path);
        QVERIFY(writer.openWal(QStringLiteral("FULL"), true));
        QVERIFY(writer.run(QStringLiteral("PRAGMA cache_size = 10")));
        QVERIFY(writer.run(QStringLiteral("CREATE INDEX t_x ON t(x)")));
        QVERIFY(writer.run(QStringLiteral("BEGIN")));
        for (int i = 1; i <= 600; ++i) {
            QVERIFY(writer.run(
                QStringLiteral("INSERT INTO t VALUES(%1, '%2')").arg(i).arg(rowText(i))));
            length += rowText(i).size();
        }
        QCOMPARE(writer.value(QStringLiteral("SELECT SUM(LENGTH(x)) FROM t")).toLongLong(), length);
        QCOMPARE(writer.value(QStringLiteral("SELECT x FROM t WHERE id = 7")).toString(),
                 rowText(7));
        QVERIFY(writer.run(QStringLiteral("COMMIT")));
        QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() > (1 << 20));
    }
    // Reopened (the last close checkpointed the WAL into the file).
    Connection again(QStringLiteral("again"), path);
    QVERIFY(again.db.open());
    QCOMPARE(again.value(QStringLiteral("PRAGMA integrity_check")).toString(),
             QStringLiteral("ok"));
    QCOMPARE(again.value(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 600);
    QCOMPARE(again.value(QStringLiteral("SELECT SUM(LENGTH(x)) FROM t")).toLongLong(), length);
}

void TestWalAppendVfs::aConnectionThatDoesNotAskWritesStraightThrough()
{
    QTemporaryDir dir;
    Connection writer(QStringLiteral("writer"), dir.filePath(QStringLiteral("d.db")));
    QVERIFY(writer.openWal(QStringLiteral("FULL"), false));
    const WalAppendVfs::Counts before = WalAppendVfs::counts();
    for (int i = 0; i < 10; ++i)
        QVERIFY(writer.run(QStringLiteral("INSERT INTO t(x) VALUES('%1')").arg(rowText(i))));
    const WalAppendVfs::Counts after = WalAppendVfs::counts();
    QCOMPARE(after.appendsGathered, before.appendsGathered);
    QCOMPARE(after.walWrites, before.walWrites);
    QCOMPARE(writer.value(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 10);
}

// A gathered write that fails (here: past the process's file size limit,
// EFBIG) fails the commit at its sync; what was committed before stays, and
// the connection commits again once the file may grow.
void TestWalAppendVfs::aFailedWriteFailsTheCommit()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("e.db"));
    Connection writer(QStringLiteral("writer"), path);
    QVERIFY(writer.openWal(QStringLiteral("FULL"), true));
    for (int i = 1; i <= 5; ++i)
        QVERIFY(
            writer.run(QStringLiteral("INSERT INTO t VALUES(%1, '%2')").arg(i).arg(rowText(i))));
    const qint64 walSize = QFileInfo(path + QStringLiteral("-wal")).size();
    QVERIFY(walSize > 0);

    rlimit was{};
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &was), 0);
    const auto restore = qScopeGuard([&] {
        ::setrlimit(RLIMIT_FSIZE, &was);
        std::signal(SIGXFSZ, SIG_DFL);
    });
    std::signal(SIGXFSZ, SIG_IGN); // the write fails with EFBIG instead
    rlimit small = was;
    small.rlim_cur = rlim_t(walSize + 8192);
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
    QVERIFY(writer.run(QStringLiteral("BEGIN")));
    for (int i = 6; i <= 40; ++i)
        QVERIFY(
            writer.run(QStringLiteral("INSERT INTO t VALUES(%1, '%2')").arg(i).arg(rowText(i))));
    QSqlQuery commit(writer.db);
    QVERIFY(!commit.exec(QStringLiteral("COMMIT")));
    writer.run(QStringLiteral("ROLLBACK"));
    ::setrlimit(RLIMIT_FSIZE, &was);

    Connection reader(QStringLiteral("reader"), path);
    QVERIFY(reader.db.open());
    QCOMPARE(reader.value(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 5);
    QVERIFY(writer.run(QStringLiteral("INSERT INTO t VALUES(6, '%1')").arg(rowText(6))));
    QCOMPARE(reader.value(QStringLiteral("SELECT x FROM t WHERE id = 6")).toString(), rowText(6));
    QCOMPARE(reader.value(QStringLiteral("PRAGMA integrity_check")).toString(),
             QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(TestWalAppendVfs)
#include "tst_walappendvfs.moc"
