// hookscope-cli export on a PostgreSQL store, as a user runs it: the same
// events in a SQLite file and in PostgreSQL (copied there by migrate)
// export the same bytes, CSV and JSON Lines, with and without filters (text,
// channel:, verified: terms), with --bom, --no-formula-guard and --output,
// and so does the customer change table; a bad, unreachable or empty
// database exits 1 and never prints the password.
#include "csvreader.h"
#include "protocol/eventparser.h"
#include "samplefactory.h"
#include "store/eventstore.h"
#include "testpostgres.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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

Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(kCli, args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

// A delivery of `body` as the receiver stores it (DeliveryProcessor's accept()).
EventRecord received(const QByteArray &body, qint64 atMs, Verification word)
{
    EventParser::Result parsed = EventParser::parse(body);
    EventRecord r = parsed.record;
    r.receivedAtMs = atMs;
    r.lastReceivedAtMs = atMs;
    r.verification = word;
    r.verificationDetail = QStringLiteral("checked as %1").arg(verificationWord(word));
    r.dedupeKey = EventParser::dedupeKey(r, parsed.dataText);
    r.query = QStringLiteral("timestamp=%1&signature=abc").arg(atMs / 1000);
    r.payload = body;
    r.requestHeaders = QStringLiteral("Content-Type: application/json");
    r.peer = QStringLiteral("203.0.113.7");
    return r;
}

QByteArray messageBody(const QString &msg, int channel, const QString &user, int sequence)
{
    QJsonObject data{
        {QStringLiteral("msg_type"), QStringLiteral("text")},
        {QStringLiteral("chat_user_id"), user},
        {QStringLiteral("sequence_id"), QString::number(sequence)},
        {QStringLiteral("msg"), msg},
        {QStringLiteral("chat_session_id"), QString(QStringLiteral("s-") + user)},
        {QStringLiteral("sender_type"), QStringLiteral("1")},
    };
    if (channel >= 0)
        data.insert(QStringLiteral("channel"), channel);
    return QJsonDocument(QJsonObject{{QStringLiteral("event"), QStringLiteral("message")},
                                     {QStringLiteral("data"), data}})
        .toJson(QJsonDocument::Compact);
}

// Cells that a spreadsheet would run, quoting, line breaks, scripts,
// emoji, a non-character, an absent channel, a body that is not JSON.
QList<EventRecord> awkwardEvents()
{
    const QStringList texts{
        QStringLiteral("=SUM(A1:A9)"),
        QStringLiteral("+31 6 1234"),
        QStringLiteral("-minus first"),
        QStringLiteral("@mention"),
        QStringLiteral("\ttab first"),
        QStringLiteral("\rcarriage first"),
        QStringLiteral("say \"hi\", ok"),
        QStringLiteral("line one\r\nline two"),
        QStringLiteral("Refund 退款 😀"),
        QStringLiteral("non-character \uFFFE here"),
        QString(),
        QStringLiteral("ORDER in capitals"),
    };
    QList<EventRecord> list;
    for (int i = 0; i < texts.size(); ++i) {
        const int channel = i % 3 == 0 ? -1 : 7;
        list.append(
            received(messageBody(texts.at(i), channel, QStringLiteral("odd-%1").arg(i), 900000 + i),
                     kBaseMs + 5000000 + i * 1000,
                     i % 2 ? Verification::Unsigned : Verification::VerifiedLoose));
    }
    EventRecord raw = received(messageBody(QStringLiteral("raw"), 12, QStringLiteral("raw"), 1),
                               kBaseMs + 6000000, Verification::NotChecked);
    raw.payload = QByteArray("not JSON \xff\xfe bytes", 18);
    list.append(raw);
    return list;
}

// One event received three times (a test receipt, then verified, then
// bad), under a test mark only for the first: deliveries 3, the best word.
bool appendRetried(EventStore &store, const QByteArray &body, qint64 atMs)
{
    EventRecord r = received(body, atMs, Verification::VerifiedTimestamp);
    r.test = true;
    if (!store.append(r))
        return false;
    r.test = false;
    r.receivedAtMs += 250;
    r.verification = Verification::Verified;
    if (!store.append(r))
        return false;
    r.receivedAtMs += 250;
    r.verification = Verification::BadSignature;
    return store.append(r).has_value();
}

// Messages of every kind and channel with every verification word, test
// and stale marks, conflicts (a
// sender key with another body), customers added and then updated (so the
// change table has old values), the awkward cells, and last an event with
// three receipts. Only the last: PostgreSQL spends an id on every receipt
// that merges into an event (see idsAsideRetriesExportTheSame), so a retry
// earlier on would shift the ids of the events after it.
bool fill(EventStore &store)
{
    if (!store.beginTransaction())
        return false;
    const SampleFactory::Kind kinds[] = {SampleFactory::Kind::Text, SampleFactory::Kind::Button,
                                         SampleFactory::Kind::Image};
    const Verification words[] = {Verification::Verified,      Verification::VerifiedTimestamp,
                                  Verification::VerifiedLoose, Verification::BadSignature,
                                  Verification::Unsigned,      Verification::NotChecked};
    for (int i = 0; i < 240; ++i) {
        const SampleFactory factory(kinds[i % 3], 1764000000);
        EventRecord r = received(factory.body(i), kBaseMs + i * 1000, words[i % 6]);
        r.test = i % 9 == 0;
        r.stale = i % 13 == 0;
        if (!store.append(r))
            return false;
        if (i % 40 == 7) { // the same sender key, another body
            QJsonObject root = QJsonDocument::fromJson(r.payload).object();
            QJsonObject data = root.value(QStringLiteral("data")).toObject();
            data.insert(QStringLiteral("msg"), QString(QStringLiteral("edited: ") + r.msg));
            root.insert(QStringLiteral("data"), data);
            if (!store.append(received(QJsonDocument(root).toJson(QJsonDocument::Compact),
                                       r.receivedAtMs + 500, Verification::Verified)))
                return false;
        }
    }
    const SampleFactory added(SampleFactory::Kind::AddUser, 1764000000);
    const SampleFactory updated(SampleFactory::Kind::UpdateUser, 1764000000);
    for (int i = 0; i < 40; ++i) {
        if (!store.append(received(added.body(i), kBaseMs + 400000 + i * 1000, words[i % 6])))
            return false;
    }
    for (int i = 0; i < 40; i += 2) {
        if (!store.append(received(updated.body(i), kBaseMs + 500000 + i * 1000, words[i % 4])))
            return false;
    }
    for (const EventRecord &r : awkwardEvents()) {
        if (!store.append(r))
            return false;
    }
    return appendRetried(store, SampleFactory(SampleFactory::Kind::Text, 1764000000).body(999),
                         kBaseMs + 7000000) &&
           store.commit();
}

} // namespace

class TestExportPostgres final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void sameBytesAsSqlite_data();
    void sameBytesAsSqlite();
    void outputFileHasTheSameBytes();
    void idsAsideRetriesExportTheSame();
    void aStoreThatCannotBeReadExitsOne_data();
    void aStoreThatCannotBeReadExitsOne();

private:
    std::unique_ptr<TestPostgres> m_pg;
    QTemporaryDir m_dir;
    QString m_sqlite;
};

void TestExportPostgres::initTestCase()
{
    m_pg = std::make_unique<TestPostgres>();
    if (!TestPostgres::isConfigured() || !m_pg->isValid())
        return; // each test says why it cannot run
    m_sqlite = m_dir.filePath(QStringLiteral("events.db"));
    {
        EventStore store;
        QVERIFY(store.open(m_sqlite));
        QVERIFY(fill(store));
    }
    const Run run = runCli({QStringLiteral("migrate"), QStringLiteral("--from"), m_sqlite,
                            QStringLiteral("--to"), m_pg->url()});
    QVERIFY2(run.exitCode == 0, run.err.constData());
}

void TestExportPostgres::cleanupTestCase()
{
    m_pg.reset();
}

void TestExportPostgres::sameBytesAsSqlite_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("minRows"); // lines of output, header included
    QTest::addColumn<int>("maxRows");
    const auto row = [](const char *name, const QStringList &options, int minRows, int maxRows) {
        QTest::newRow(name) << options << minRows << maxRows;
    };
    const QString format = QStringLiteral("--format");
    const QString filter = QStringLiteral("--filter");
    const QString jsonl = QStringLiteral("jsonl");
    const QString changes = QStringLiteral("changes");
    const QString table = QStringLiteral("--table");
    // 240 messages, 6 conflicting edits, 60 customer events, 13 awkward
    // and one retried: 320 events.
    row("csv", {}, 321, 321);
    row("jsonl", {format, jsonl}, 320, 320);
    row("csv with a BOM", {QStringLiteral("--bom")}, 321, 321);
    row("csv without the formula guard", {QStringLiteral("--no-formula-guard")}, 321, 321);
    row("text term", {filter, QStringLiteral("order")}, 10, 200);
    row("text term, not ASCII", {format, jsonl, filter, QStringLiteral("价格")}, 10, 200);
    row("channel and verified", {filter, QStringLiteral("channel:7 verified:yes")}, 10, 200);
    row("channel by name OR unverified",
        {format, jsonl, filter, QStringLiteral("channel:\"WhatsApp App\" OR verified:no")}, 10,
        300);
    row("negated verified and text", {filter, QStringLiteral("-verified:yes first")}, 2, 100);
    row("no match", {filter, QStringLiteral("channel:18 type:video")}, 1, 1);
    row("changes", {table, changes}, 100, 2000);
    row("changes as JSON Lines with a BOM",
        {table, changes, format, jsonl, QStringLiteral("--bom")}, 100, 2000);
    row("changes, filtered", {table, changes, filter, QStringLiteral("verified:no OR channel:7")},
        10, 1000);
}

void TestExportPostgres::sameBytesAsSqlite()
{
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(*m_pg);
    QFETCH(QStringList, options);
    QFETCH(int, minRows);
    QFETCH(int, maxRows);
    const QStringList command{QStringLiteral("export"), QStringLiteral("--db")};
    const Run sqlite = runCli(command + QStringList{m_sqlite} + options);
    QVERIFY2(sqlite.exitCode == 0, sqlite.err.constData());
    const Run postgres = runCli(command + QStringList{m_pg->url()} + options);
    QVERIFY2(postgres.exitCode == 0, postgres.err.constData());
    QVERIFY2(postgres.err.isEmpty(), postgres.err.constData());
    // Records, not lines: a CSV cell may hold a line break.
    qsizetype rows = sqlite.out.count('\n');
    if (!options.contains(QLatin1String("jsonl"))) {
        QByteArray text = sqlite.out;
        if (text.startsWith("\xEF\xBB\xBF"))
            text.remove(0, 3);
        const std::optional<QList<QStringList>> csv = parseCsv(QString::fromUtf8(text));
        QVERIFY(csv.has_value());
        rows = csv->size();
    }
    QVERIFY2(rows >= minRows && rows <= maxRows, qPrintable(QString::number(rows)));
    QCOMPARE(postgres.out.size(), sqlite.out.size());
    QVERIFY(postgres.out == sqlite.out);
}

void TestExportPostgres::outputFileHasTheSameBytes()
{
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(*m_pg);
    const QString fromSqlite = m_dir.filePath(QStringLiteral("sqlite.csv"));
    const QString fromPostgres = m_dir.filePath(QStringLiteral("postgres.csv"));
    const QStringList options{QStringLiteral("--filter"), QStringLiteral("verified:yes"),
                              QStringLiteral("--output")};
    const Run sqlite =
        runCli(QStringList{QStringLiteral("export"), QStringLiteral("--db"), m_sqlite} + options +
               QStringList{fromSqlite});
    QVERIFY2(sqlite.exitCode == 0, sqlite.err.constData());
    const Run postgres =
        runCli(QStringList{QStringLiteral("export"), QStringLiteral("--db"), m_pg->url()} +
               options + QStringList{fromPostgres});
    QVERIFY2(postgres.exitCode == 0, postgres.err.constData());
    QVERIFY(postgres.out.isEmpty());
    QVERIFY2(postgres.err.startsWith("exported "), postgres.err.constData());
    QCOMPARE(postgres.err.left(postgres.err.indexOf(" to ")),
             sqlite.err.left(sqlite.err.indexOf(" to ")));
    QFile a(fromSqlite);
    QFile b(fromPostgres);
    QVERIFY(a.open(QIODevice::ReadOnly));
    QVERIFY(b.open(QIODevice::ReadOnly));
    const QByteArray expected = a.readAll();
    QVERIFY(expected.size() > 1000);
    QVERIFY(b.readAll() == expected);
}

// PostgreSQL's upsert draws an id before it finds the event a retry merges
// into, so after an event with several receipts its ids run ahead of the
// SQLite file's. Everything else is the same, row for row.
void TestExportPostgres::idsAsideRetriesExportTheSame()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    const QString sqlite = m_dir.filePath(QStringLiteral("retries.db"));
    {
        EventStore store;
        QVERIFY(store.open(sqlite));
        QVERIFY(store.beginTransaction());
        const SampleFactory text(SampleFactory::Kind::Text, 1764000000);
        const SampleFactory added(SampleFactory::Kind::AddUser, 1764000000);
        const SampleFactory updated(SampleFactory::Kind::UpdateUser, 1764000000);
        for (int i = 0; i < 30; ++i) {
            const qint64 at = kBaseMs + i * 10000;
            QVERIFY(
                i % 3 == 0
                    ? appendRetried(store, text.body(i), at)
                    : store.append(received(text.body(i), at, Verification::Verified)).has_value());
            QVERIFY(
                i % 4 == 0
                    ? appendRetried(store, added.body(i), at + 1000)
                    : store.append(received(updated.body(i % 8), at + 1000, Verification::Unsigned))
                          .has_value());
        }
        QVERIFY(store.commit());
    }
    const Run migrated = runCli({QStringLiteral("migrate"), QStringLiteral("--from"), sqlite,
                                 QStringLiteral("--to"), pg.url()});
    QVERIFY2(migrated.exitCode == 0, migrated.err.constData());
    for (const QString &table : {QStringLiteral("events"), QStringLiteral("changes")}) {
        QList<QStringList> rows[2];
        const QString stores[] = {sqlite, pg.url()};
        for (int i = 0; i < 2; ++i) {
            const Run run = runCli({QStringLiteral("export"), QStringLiteral("--db"), stores[i],
                                    QStringLiteral("--table"), table, QStringLiteral("--filter"),
                                    QStringLiteral("-channel:4")});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            const std::optional<QList<QStringList>> csv = parseCsv(QString::fromUtf8(run.out));
            QVERIFY(csv.has_value());
            rows[i] = *csv;
        }
        const qsizetype idColumn = rows[0].constFirst().indexOf(
            table == QLatin1String("events") ? QLatin1String("id") : QLatin1String("event_id"));
        QVERIFY(idColumn >= 0);
        QVERIFY(rows[0].size() > 30);
        QCOMPARE(rows[1].size(), rows[0].size());
        bool idsDiffer = false;
        for (qsizetype r = 1; r < rows[0].size(); ++r) {
            idsDiffer = idsDiffer || rows[0][r].at(idColumn) != rows[1][r].at(idColumn);
            rows[0][r].removeAt(idColumn);
            rows[1][r].removeAt(idColumn);
            QCOMPARE(rows[1].at(r), rows[0].at(r));
        }
        if (!idsDiffer)
            qInfo("%s: the ids are the same too", qPrintable(table));
    }
}

void TestExportPostgres::aStoreThatCannotBeReadExitsOne_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<QByteArray>("said");
    QTest::newRow("malformed") << QStringLiteral("postgresql://ann:SeCrEt9@h:0/d")
                               << QByteArray("port");
    // Port 1 on the loopback: refused at once.
    QTest::newRow("unreachable") << QStringLiteral("postgresql://ann:SeCrEt9@127.0.0.1:1/d")
                                 << QByteArray("postgresql://ann@127.0.0.1:1/d");
    QTest::newRow("no HookScope tables") << QString() << QByteArray("no HookScope tables");
}

void TestExportPostgres::aStoreThatCannotBeReadExitsOne()
{
    QFETCH(QString, database);
    QFETCH(QByteArray, said);
    std::unique_ptr<TestPostgres> empty;
    if (database.isEmpty()) {
        empty = std::make_unique<TestPostgres>();
        HOOKSCOPE_REQUIRE_TEST_POSTGRES(*empty);
        database = empty->url();
    }
    for (const QString &table : {QStringLiteral("events"), QStringLiteral("changes")}) {
        const QString output = m_dir.filePath(QStringLiteral("never.csv"));
        const Run run =
            runCli({QStringLiteral("export"), QStringLiteral("--db"), database,
                    QStringLiteral("--table"), table, QStringLiteral("--output"), output});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith("hookscope-cli export: "), run.err.constData());
        QVERIFY2(run.err.contains(said), run.err.constData());
        QVERIFY2(!run.err.contains("SeCrEt9"), run.err.constData());
        QVERIFY(run.out.isEmpty());
        QVERIFY(!QFile::exists(output));
    }
}

QTEST_GUILESS_MAIN(TestExportPostgres)
#include "tst_exportpostgres.moc"
