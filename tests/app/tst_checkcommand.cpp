// hookscope-cli check as a user runs it: a sound store, a damaged copy, a
// missing file, and help that never checks; on PostgreSQL, sound and
// inconsistent counts and a database that cannot be checked; plus serve's
// warning when it is open to anyone.
#include "commandline.h"
#include "store/eventstore.h"
#include "store/pgeventstore.h"
#include "store/storelocation.h"
#include "storedamage.h"
#include "testpostgres.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kCli = QStringLiteral(HOOKSCOPE_CLI_PATH);

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(kCli, args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QByteArray sha1Of(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly)
               ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha1)
               : QByteArray();
}

} // namespace

class TestCheckCommand final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void parsesCheck();
    void soundStoreExitsZero();
    void damagedStoreExitsNonZeroAndIsUnchanged();
    void missingStoreExitsNonZero();
    void helpOnlyPrintsHelp_data();
    void helpOnlyPrintsHelp();
    void postgresSoundExitsZero();
    void postgresInconsistentExitsOne();
    void postgresThatCannotBeCheckedExitsTwo_data();
    void postgresThatCannotBeCheckedExitsTwo();
    void serveWarnsWhenOpenToAnyone();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
};

void TestCheckCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = m_dir->filePath(QStringLiteral("check.db"));
    EventStore store;
    QVERIFY(store.open(m_db));
    QVERIFY(store.beginTransaction());
    for (int i = 0; i < 200; ++i) {
        RefusedRecord r;
        r.reason = QStringLiteral("filler %1").arg(i);
        r.body = QByteArray(3000, 'f');
        QVERIFY(store.appendRefused(r));
    }
    QVERIFY(store.commit());
}

void TestCheckCommand::parsesCheck()
{
    const CommandLine cl = CommandLine::parse(
        {QStringLiteral("hookscope-cli"), QStringLiteral("check"), QStringLiteral("--db"), m_db},
        {});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.command, CommandLine::Command::Check);
    QCOMPARE(cl.database, m_db);
    QVERIFY(CommandLine::usage().contains(QLatin1String("check")));
}

void TestCheckCommand::soundStoreExitsZero()
{
    const Run run = runCli({QStringLiteral("check"), QStringLiteral("--db"), m_db});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("sound"), run.out.constData());
    QVERIFY(run.out.contains(m_db.toUtf8()));
}

void TestCheckCommand::damagedStoreExitsNonZeroAndIsUnchanged()
{
    QString error;
    QVERIFY2(damageStore(m_db, &error), qPrintable(error));
    const QByteArray before = sha1Of(m_db);
    const Run run = runCli({QStringLiteral("check"), QStringLiteral("--db"), m_db});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains("DAMAGED"), run.out.constData());
    QVERIFY(run.out.contains(m_db.toUtf8()));
    QCOMPARE(sha1Of(m_db), before);
}

void TestCheckCommand::missingStoreExitsNonZero()
{
    const QString missing = m_dir->filePath(QStringLiteral("none.db"));
    const Run run = runCli({QStringLiteral("check"), QStringLiteral("--db"), missing});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(missing.toUtf8()), run.err.constData());
    QVERIFY(!QFile::exists(missing)); // checking never creates a store
}

void TestCheckCommand::helpOnlyPrintsHelp_data()
{
    QTest::addColumn<QString>("option");
    QTest::newRow("--help") << QStringLiteral("--help");
    QTest::newRow("--help-all") << QStringLiteral("--help-all");
}

void TestCheckCommand::helpOnlyPrintsHelp()
{
    QFETCH(QString, option);
    QString error;
    QVERIFY2(damageStore(m_db, &error), qPrintable(error));
    const Run run = runCli({QStringLiteral("check"), QStringLiteral("--db"), m_db, option});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("--db"), run.out.constData());
    QVERIFY2(run.out.contains("A database file or a postgresql:// URL (default: the user's"),
             run.out.constData());
    QVERIFY(!run.out.contains("DAMAGED"));
}

namespace {

// A PostgreSQL store with 12 events (every third received twice) and 3
// refused deliveries.
bool fillPostgres(const QString &url)
{
    PgEventStore store;
    if (!store.open(*StoreLocation::parse(url)))
        return false;
    for (int n = 0; n < 12; ++n) {
        EventRecord r;
        r.event = QStringLiteral("message");
        r.receivedAtMs = 1764000000000 + n;
        r.chatUserId = QStringLiteral("cu%1").arg(n);
        r.dedupeKey = QStringLiteral("k:%1").arg(n);
        r.payload = "{}";
        if (!store.append(r) || (n % 3 == 0 && !store.append(r)))
            return false;
    }
    for (int n = 0; n < 3; ++n) {
        RefusedRecord r;
        r.status = 401;
        r.reason = QStringLiteral("bad signature");
        r.body = QByteArray(200, 'r');
        if (!store.appendRefused(r))
            return false;
    }
    return true;
}

} // namespace

void TestCheckCommand::postgresSoundExitsZero()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QVERIFY(fillPostgres(pg.url()));
    const Run run = runCli({QStringLiteral("check"), QStringLiteral("--db"), pg.url()});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out, pg.url().toUtf8() +
                          ": sound (layout 2; 12 events, 16 receipts and 3 refused deliveries "
                          "agree with their counts)\n");
    QVERIFY(run.err.isEmpty());
}

void TestCheckCommand::postgresInconsistentExitsOne()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QVERIFY(fillPostgres(pg.url()));
    QSqlDatabase db = pg.open();
    QSqlQuery query(db);
    QVERIFY(query.exec(QStringLiteral("UPDATE events SET deliveries = deliveries + 1 WHERE id = "
                                      "(SELECT MAX(id) FROM events) RETURNING id")));
    QVERIFY(query.next());
    const QByteArray lastId = query.value(0).toString().toUtf8();
    QVERIFY(query.exec(QStringLiteral("UPDATE refused_totals SET rows = rows - 1")));
    const QByteArray before =
        runCli({QStringLiteral("export"), QStringLiteral("--db"), pg.url()}).out;
    const Run run = runCli({QStringLiteral("check"), QStringLiteral("--db"), pg.url()});
    QCOMPARE(run.exitCode, 1);
    const QByteArray expected = pg.url().toUtf8() + ": INCONSISTENT: event #" + lastId +
                                " has a delivery count that differs from its receipts";
    QVERIFY2(run.out.startsWith(expected), run.out.constData());
    QVERIFY2(run.out.contains("; refused_totals counts 2 refused deliveries keeping "),
             run.out.constData());
    QVERIFY2(run.out.contains(" bytes, the refused table holds 3 keeping "), run.out.constData());
    QVERIFY2(run.out.contains("restore the whole database"), run.out.constData());
    // Read-only: nothing was repaired.
    QCOMPARE(runCli({QStringLiteral("export"), QStringLiteral("--db"), pg.url()}).out, before);
}

void TestCheckCommand::postgresThatCannotBeCheckedExitsTwo_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("said");
    QTest::newRow("malformed") << QStringLiteral("postgresql://ann:SeCrEt9@h:0/d")
                               << QByteArray("port");
    QTest::newRow("unreachable") << QStringLiteral("postgresql://ann:SeCrEt9@127.0.0.1:1/d")
                                 << QByteArray("postgresql://ann@127.0.0.1:1/d");
    QTest::newRow("no HookScope tables") << QString() << QByteArray("no HookScope tables");
}

void TestCheckCommand::postgresThatCannotBeCheckedExitsTwo()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, said);
    std::unique_ptr<TestPostgres> empty;
    if (url.isEmpty()) {
        empty = std::make_unique<TestPostgres>();
        HOOKSCOPE_REQUIRE_TEST_POSTGRES(*empty);
        url = empty->url();
    }
    const Run run = runCli({QStringLiteral("check"), QStringLiteral("--db"), url});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith("hookscope-cli check: "), run.err.constData());
    QVERIFY2(run.err.contains(said), run.err.constData());
    QVERIFY2(!run.err.contains("SeCrEt9"), run.err.constData());
    QVERIFY(run.out.isEmpty());
    if (empty) { // checking never creates the tables
        QSqlDatabase db = empty->open();
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 0);
    }
}

void TestCheckCommand::serveWarnsWhenOpenToAnyone()
{
    QProcess serve;
    serve.start(kCli, {QStringLiteral("serve"), QStringLiteral("--listen"),
                       QStringLiteral("0.0.0.0:0"), QStringLiteral("--db"), m_db});
    QVERIFY(serve.waitForStarted());
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += serve.readAllStandardError()).contains("anyone can post"),
                             20000);
    QVERIFY2(err.contains("with no secret: anyone can post here"), err.constData());
    serve.terminate();
    QVERIFY(serve.waitForFinished());
}

QTEST_GUILESS_MAIN(TestCheckCommand)
#include "tst_checkcommand.moc"
