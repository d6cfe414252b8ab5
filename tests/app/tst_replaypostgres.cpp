// hookscope-cli replay from a PostgreSQL store, as a user runs it: the same
// events in a SQLite file and in PostgreSQL (copied there by migrate) are
// re-sent as the same requests (target and query, body byte for byte,
// Content-Type, event id, test mark) with the same filter, and the answers
// are counted the same way; a store that cannot be read sends nothing,
// exits 1 and never prints the password.
#include "protocol/eventparser.h"
#include "samplefactory.h"
#include "standinserver.h"
#include "store/eventstore.h"
#include "testpostgres.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kCli = QStringLiteral(HOOKSCOPE_CLI_PATH);
constexpr qint64 kBaseMs = Q_INT64_C(1764000000000);

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the CLI while this event loop serves the stand-in, until it exits.
Run runCli(const QStringList &args)
{
    QProcess p;
    QSignalSpy finished(&p, &QProcess::finished);
    p.start(kCli, args);
    if (!finished.wait(120000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

// A delivery of `body` as the receiver stores it.
EventRecord received(const QByteArray &body, qint64 atMs, Verification word, int n)
{
    EventParser::Result parsed = EventParser::parse(body);
    EventRecord r = parsed.record;
    r.receivedAtMs = atMs;
    r.lastReceivedAtMs = atMs;
    r.verification = word;
    r.dedupeKey = EventParser::dedupeKey(r, parsed.dataText);
    r.query = QStringLiteral("timestamp=%1&signature=s%2").arg(atMs / 1000).arg(n);
    r.payload = body;
    r.requestHeaders = n % 4 == 0 ? QStringLiteral("Content-Type: application/json; charset=utf-8")
                                  : QStringLiteral("User-Agent: x");
    r.test = n % 5 == 0;
    return r;
}

// 40 messages and customers with every verification word; the last event
// received three times with other queries (only the last: PostgreSQL spends
// an id on each merged receipt, and the ids are sent).
bool fill(EventStore &store)
{
    const Verification words[] = {Verification::Verified, Verification::BadSignature,
                                  Verification::VerifiedTimestamp, Verification::Unsigned,
                                  Verification::NotChecked};
    const SampleFactory kinds[] = {SampleFactory(SampleFactory::Kind::Text, 1764000000),
                                   SampleFactory(SampleFactory::Kind::Image, 1764000000),
                                   SampleFactory(SampleFactory::Kind::AddUser, 1764000000)};
    if (!store.beginTransaction())
        return false;
    for (int n = 0; n < 40; ++n) {
        if (!store.append(received(kinds[n % 3].body(n), kBaseMs + n * 1000, words[n % 5], n)))
            return false;
    }
    const QByteArray body = kinds[0].body(100);
    for (int n = 100; n < 103; ++n) {
        if (!store.append(received(body, kBaseMs + n * 1000, words[n % 5], n)))
            return false;
    }
    return store.commit();
}

// What the stand-in saw, in a stable order (requests run concurrently).
QStringList seen(const StandInServer &server)
{
    QStringList lines;
    for (const StandInServer::Request &r : server.requests) {
        lines << QString::fromUtf8(r.method + ' ' + r.target +
                                   " id=" + r.headers.value("x-hookscope-event-id") +
                                   " type=" + r.headers.value("content-type") +
                                   " test=" + r.headers.value("x-hookscope-test") + ' ' + r.body);
    }
    lines.sort();
    return lines;
}

} // namespace

class TestReplayPostgres final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameRequestsAsFromSqlite_data();
    void sameRequestsAsFromSqlite();
    void aStoreThatCannotBeReadSendsNothing_data();
    void aStoreThatCannotBeReadSendsNothing();
};

void TestReplayPostgres::sameRequestsAsFromSqlite_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QByteArray>("summary"); // from either store
    QTest::addColumn<int>("exitCode");
    QTest::newRow("all") << QString() << QByteArray("200 40\n503 1\ntotal 41\n") << 1;
    QTest::newRow("verified, one channel")
        << QStringLiteral("verified:yes channel:7") << QByteArray("200 2\ntotal 2\n") << 0;
    QTest::newRow("text term OR unverified")
        << QStringLiteral("lisboa OR verified:no") << QByteArray("200 24\n503 1\ntotal 25\n") << 1;
    QTest::newRow("none") << QStringLiteral("type:video") << QByteArray("total 0\n") << 0;
}

void TestReplayPostgres::sameRequestsAsFromSqlite()
{
    QFETCH(QString, filter);
    QFETCH(QByteArray, summary);
    QFETCH(int, exitCode);
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QTemporaryDir dir;
    const QString sqlite = dir.filePath(QStringLiteral("replay.db"));
    {
        EventStore store;
        QVERIFY(store.open(sqlite));
        QVERIFY(fill(store));
    }
    const Run migrated = runCli({QStringLiteral("migrate"), QStringLiteral("--from"), sqlite,
                                 QStringLiteral("--to"), pg.url()});
    QVERIFY2(migrated.exitCode == 0, migrated.err.constData());

    StandInServer team;
    QVERIFY(team.listen());
    team.answer = [](const StandInServer::Request &r) {
        return r.headers.value("x-hookscope-event-id") == "7" ? 503 : 200;
    };
    QStringList requests[2];
    const QString stores[] = {sqlite, pg.url()};
    for (int i = 0; i < 2; ++i) {
        team.requests.clear();
        QStringList args{QStringLiteral("replay"),
                         QStringLiteral("--db"),
                         stores[i],
                         QStringLiteral("--to"),
                         team.url(QStringLiteral("/in?team=1")).toString(),
                         QStringLiteral("--concurrency"),
                         QStringLiteral("3")};
        if (!filter.isEmpty())
            args << QStringLiteral("--filter") << filter;
        const Run run = runCli(args);
        QCOMPARE(run.out, summary);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.isEmpty(), run.err.constData());
        requests[i] = seen(team);
    }
    QCOMPARE(requests[1].size(), requests[0].size());
    QCOMPARE(requests[1], requests[0]);
    if (!requests[0].isEmpty())
        QVERIFY(requests[0].constFirst().startsWith(QLatin1String("POST /in?team=1&timestamp=")));
    if (filter.isEmpty()) { // the cases the comparison covers are there
        QVERIFY(!requests[0].filter(QStringLiteral(" test=1 ")).isEmpty());
        QVERIFY(
            !requests[0].filter(QStringLiteral("type=application/json; charset=utf-8")).isEmpty());
        QVERIFY(!requests[0].filter(QStringLiteral("\"event\":\"add_user\"")).isEmpty());
    }
}

void TestReplayPostgres::aStoreThatCannotBeReadSendsNothing_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<QByteArray>("said");
    QTest::newRow("malformed") << QStringLiteral("postgresql://ann:SeCrEt9@h:0/d")
                               << QByteArray("port");
    QTest::newRow("unreachable") << QStringLiteral("postgresql://ann:SeCrEt9@127.0.0.1:1/d")
                                 << QByteArray("postgresql://ann@127.0.0.1:1/d");
    QTest::newRow("no HookScope tables") << QString() << QByteArray("no HookScope tables");
}

void TestReplayPostgres::aStoreThatCannotBeReadSendsNothing()
{
    QFETCH(QString, database);
    QFETCH(QByteArray, said);
    std::unique_ptr<TestPostgres> empty;
    if (database.isEmpty()) {
        empty = std::make_unique<TestPostgres>();
        HOOKSCOPE_REQUIRE_TEST_POSTGRES(*empty);
        database = empty->url();
    }
    StandInServer team;
    QVERIFY(team.listen());
    const Run run = runCli({QStringLiteral("replay"), QStringLiteral("--db"), database,
                            QStringLiteral("--to"), team.url().toString()});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.startsWith("hookscope-cli replay: "), run.err.constData());
    QVERIFY2(run.err.contains(said), run.err.constData());
    QVERIFY2(!run.err.contains("SeCrEt9"), run.err.constData());
    QVERIFY(run.out.isEmpty());
    QVERIFY(team.requests.isEmpty());
}

QTEST_GUILESS_MAIN(TestReplayPostgres)
#include "tst_replaypostgres.moc"
