// hookscope-cli migrate as a user runs it: a SQLite store copied into
// PostgreSQL and back gives the same export byte for byte (every receipt,
// verification word, test mark, conflict and refused delivery); a second
// run goes on after what the first copied; a destination that holds other
// events, the same store twice or a missing option are refused.
#include "commandline.h"
#include "store/eventstore.h"
#include "store/pgeventstore.h"
#include "store/storelocation.h"
#include "testpostgres.h"

#include <QProcess>
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
    if (!p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

Run migrate(const QString &from, const QString &to, const QStringList &extra = {})
{
    return runCli(QStringList{QStringLiteral("migrate"), QStringLiteral("--from"), from,
                              QStringLiteral("--to"), to} +
                  extra);
}

QByteArray exported(const QString &db, const QString &table = QStringLiteral("events"))
{
    const Run run =
        runCli({QStringLiteral("export"), QStringLiteral("--db"), db, QStringLiteral("--format"),
                QStringLiteral("jsonl"), QStringLiteral("--table"), table});
    return run.exitCode == 0 ? run.out : QByteArray("export failed: ") + run.err;
}

EventRecord message(int n, Verification word, const QByteArray &body)
{
    EventRecord r;
    r.receivedAtMs = 1764000000000 + n * 1000;
    r.lastReceivedAtMs = r.receivedAtMs;
    r.event = QStringLiteral("message");
    r.kind = EventKind::Message;
    r.channel = n % 3 == 0 ? -1 : 7;
    r.chatUserId = QStringLiteral("cu%1").arg(n % 5);
    r.chatSessionId = QStringLiteral("s%1").arg(n % 4);
    r.sequenceId = QString::number(n);
    r.msgType = QStringLiteral("text");
    r.msg = n % 2 ? QStringLiteral("你好 %1 😀").arg(n) : QStringLiteral("hello\n%1").arg(n);
    r.verification = word;
    r.verificationDetail = QStringLiteral("detail of %1").arg(n);
    r.dedupeKey = QStringLiteral("m:cu%1:%2").arg(n % 5).arg(n);
    r.query = QStringLiteral("timestamp=%1&signature=x").arg(n);
    r.requestHeaders = QStringLiteral("content-type: application/json");
    r.peer = QStringLiteral("203.0.113.%1").arg(n % 200);
    r.payload = body;
    return r;
}

// Events with 1 to 3 receipts of varied words, test receipts, a conflict
// (another body under a sender key) and refused deliveries.
bool fill(EventStore &store, int from, int count)
{
    if (!store.beginTransaction())
        return false;
    for (int n = from; n < from + count; ++n) {
        const QByteArray body = QByteArray("{\"n\":") + QByteArray::number(n) + '}';
        EventRecord first =
            message(n, n % 4 == 0 ? Verification::NotChecked : Verification::Verified, body);
        first.test = n % 7 == 0;
        first.stale = n % 11 == 0;
        if (!store.append(first))
            return false;
        for (int retry = 1; retry <= n % 3; ++retry) {
            EventRecord again = first;
            again.receivedAtMs += retry * 10;
            again.verification =
                retry == 1 ? Verification::VerifiedTimestamp : Verification::BadSignature;
            again.verificationDetail = QStringLiteral("retry %1").arg(retry);
            again.test = first.test && retry == 1;
            if (!store.append(again))
                return false;
        }
        if (n % 10 == 5 && !store.append(message(n, Verification::Unsigned, body + " forged")))
            return false;
        RefusedRecord refused;
        refused.receivedAtMs = first.receivedAtMs + 1;
        refused.status = 401;
        refused.reason = QStringLiteral("bad signature");
        refused.method = QStringLiteral("POST");
        refused.path = QStringLiteral("/webhook");
        refused.peer = first.peer;
        refused.body = body;
        if (n % 4 == 1 && !store.appendRefused(refused))
            return false;
    }
    return store.commit();
}

} // namespace

class TestMigrateCommand final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesMigrate();
    void sqliteToPostgresAndBackKeepsEveryExportedByte();
    void aSecondRunGoesOnAfterTheFirst();
    void aDestinationWithOtherEventsIsRefused();
    void theSameStoreTwiceIsRefused();
};

void TestMigrateCommand::parsesMigrate()
{
    const QString program = QStringLiteral("hookscope-cli");
    CommandLine cl = CommandLine::parse(
        {program, QStringLiteral("migrate"), QStringLiteral("--from"), QStringLiteral("a.db"),
         QStringLiteral("--to"), QStringLiteral("postgresql://u@h/d")},
        {});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.command, CommandLine::Command::Migrate);
    QCOMPARE(cl.database, QStringLiteral("a.db"));
    QCOMPARE(cl.output, QStringLiteral("postgresql://u@h/d"));
    QCOMPARE(cl.count, 500);
    cl = CommandLine::parse(
        {program, QStringLiteral("migrate"), QStringLiteral("--from"), QStringLiteral("a.db")}, {});
    QCOMPARE(cl.error, QStringLiteral("migrate needs both --from STORE and --to STORE"));
    cl = CommandLine::parse({program, QStringLiteral("migrate"), QStringLiteral("--from"),
                             QStringLiteral("a.db"), QStringLiteral("--to"), QStringLiteral("b.db"),
                             QStringLiteral("--batch"), QStringLiteral("0")},
                            {});
    QVERIFY(cl.error.startsWith(QLatin1String("--batch must be")));
    QVERIFY(CommandLine::usage().contains(QLatin1String("  migrate ")));
}

void TestMigrateCommand::sqliteToPostgresAndBackKeepsEveryExportedByte()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QTemporaryDir dir;
    const QString source = dir.filePath(QStringLiteral("source.db"));
    const QString back = dir.filePath(QStringLiteral("back.db"));
    {
        EventStore store;
        QVERIFY(store.open(source));
        QVERIFY(fill(store, 1, 240));
    }
    Run run = migrate(source, pg.url(), {QStringLiteral("--batch"), QStringLiteral("17")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.out.contains("the counts agree"), run.out.constData());
    QVERIFY2(run.err.contains("of 264 events (100%)"), run.err.constData());
    run = migrate(pg.url(), back);
    QVERIFY2(run.exitCode == 0, run.err.constData());

    const QByteArray before = exported(source);
    QVERIFY(before.count('\n') == 264);
    QCOMPARE(exported(back), before);
    QCOMPARE(exported(back, QStringLiteral("refused")),
             exported(source, QStringLiteral("refused")));
    // ... and PostgreSQL held the same receipts and flags on its way.
    PgEventStore middle;
    QVERIFY(middle.openReadOnly(*StoreLocation::parse(pg.url())));
    EventStore original;
    QVERIFY(original.openReadOnly(source));
    QCOMPARE(middle.deliveryCount(), original.deliveryCount());
    QCOMPARE(middle.eventCount(QStringLiteral("conflict = 1")),
             original.eventCount(QStringLiteral("conflict = 1")));
    QVERIFY(original.eventCount(QStringLiteral("conflict = 1")) > 0);
    QCOMPARE(middle.eventCount(QStringLiteral("test = 1")),
             original.eventCount(QStringLiteral("test = 1")));
}

void TestMigrateCommand::aSecondRunGoesOnAfterTheFirst()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QTemporaryDir dir;
    const QString source = dir.filePath(QStringLiteral("source.db"));
    EventStore store;
    QVERIFY(store.open(source));
    QVERIFY(fill(store, 1, 60));
    Run run = migrate(source, pg.url());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(fill(store, 61, 40));
    run = migrate(source, pg.url());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("went on after the 66 events"), run.err.constData());
    const QString back = dir.filePath(QStringLiteral("back.db"));
    QCOMPARE(migrate(pg.url(), back).exitCode, 0);
    QCOMPARE(exported(back), exported(source));
}

void TestMigrateCommand::aDestinationWithOtherEventsIsRefused()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QTemporaryDir dir;
    const QString source = dir.filePath(QStringLiteral("source.db"));
    {
        EventStore store;
        QVERIFY(store.open(source));
        QVERIFY(fill(store, 1, 10));
    }
    {
        PgEventStore other; // a receiver's own events
        QVERIFY(other.open(*StoreLocation::parse(pg.url())));
        QVERIFY(other.append(message(500, Verification::Verified, "{\"other\":1}")));
    }
    const Run run = migrate(source, pg.url());
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("already holds events that are not a copy"), run.err.constData());
    PgEventStore check;
    QVERIFY(check.openReadOnly(*StoreLocation::parse(pg.url())));
    QCOMPARE(check.eventCount(), 1); // nothing added
}

void TestMigrateCommand::theSameStoreTwiceIsRefused()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("a.db"));
    {
        EventStore store;
        QVERIFY(store.open(db));
    }
    Run run = migrate(db, dir.filePath(QStringLiteral("./a.db")));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("the same store"), run.err.constData());
    run = migrate(QStringLiteral("postgresql://a:SeCrEt@h/d"), QStringLiteral("postgres://b@h/d"));
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!run.err.contains("SeCrEt"));
    run = migrate(dir.filePath(QStringLiteral("missing.db")), db);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("does not exist"), run.err.constData());
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("missing.db"))));
}

QTEST_GUILESS_MAIN(TestMigrateCommand)
#include "tst_migratecommand.moc"
