// hookscope-cli watch as a user runs it: a store that another process keeps
// writing to, the new events printed once each in id order, the filter
// applied (a text filter too, on rows just committed), lines that
// a terminal cannot be tricked by, and SIGTERM ending it with exit 0.
#include "commandline.h"
#include "records/exportrow.h"
#include "store/eventstore.h"
#include "store/pgeventstore.h"
#include "store/storelocation.h"
#include "testpostgres.h"
#include "watchcommand.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString kCli = QStringLiteral(HOOKSCOPE_CLI_PATH);

EventRecord message(int n, int channel, const QString &text)
{
    EventRecord r;
    r.receivedAtMs = 1764000000000 + n;
    r.lastReceivedAtMs = r.receivedAtMs;
    r.event = QStringLiteral("message");
    r.kind = EventKind::Message;
    r.channel = channel;
    r.chatUserId = QStringLiteral("cu%1").arg(n);
    r.chatSessionId = QStringLiteral("s%1").arg(n);
    r.sequenceId = QString::number(n);
    r.msgType = QStringLiteral("text");
    r.msg = text;
    r.verification = Verification::Verified;
    r.dedupeKey = QStringLiteral("m:cu%1:%1").arg(n);
    r.payload = QStringLiteral("{\"n\":%1}").arg(n).toUtf8();
    return r;
}

bool appendAll(EventStore &store, const QList<EventRecord> &records)
{
    if (!store.beginTransaction())
        return false;
    for (const EventRecord &r : records) {
        if (!store.append(r))
            return false;
    }
    return store.commit();
}

// Lines of standard output so far, each without its newline.
QList<QByteArray> linesOf(const QByteArray &out)
{
    QList<QByteArray> lines = out.split('\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

// Starts `hookscope-cli watch` with `arguments` and waits for the line that
// says from which event it watches: that line, empty on failure.
QByteArray startWatch(QProcess &watch, const QStringList &arguments)
{
    watch.start(kCli, QStringList{QStringLiteral("watch")} + arguments);
    if (!watch.waitForStarted())
        return {};
    watch.setReadChannel(QProcess::StandardError); // what waitForReadyRead waits for
    QByteArray err;
    while (!err.contains('\n') && watch.waitForReadyRead(30000))
        err += watch.readAllStandardError();
    watch.setReadChannel(QProcess::StandardOutput);
    return err.contains("watching") ? err : QByteArray();
}

} // namespace

class TestWatchCommand final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void parsesWatch();
    void printsEachNewEventOnceInIdOrder();
    void aTextFilterMatchesNewText();
    void textLinesAreSafeForATerminal();
    void aBadFilterExitsTwo_data();
    void aBadFilterExitsTwo();
    void aMissingStoreExitsOne();
    void onPostgresEachCommitIsPrintedOnceAcrossALostConnection();
    void onPostgresAMalformedUrlOrAnEmptyDatabaseExitsOne();
    void onPostgresARoleThatMayOnlyReadWatches();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<EventStore> m_store; // another process's view: the watch's own is read-only
};

void TestWatchCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("watch.db"));
    m_store = std::make_unique<EventStore>();
    QVERIFY(m_store->open(m_path));
}

void TestWatchCommand::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestWatchCommand::parsesWatch()
{
    const QString program = QStringLiteral("hookscope-cli");
    CommandLine cl = CommandLine::parse({program, QStringLiteral("watch")}, {});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.command, CommandLine::Command::Watch);
    QCOMPARE(cl.format, QStringLiteral("text"));
    QVERIFY(cl.database.isEmpty());

    cl = CommandLine::parse({program, QStringLiteral("watch"), QStringLiteral("--db"),
                             QStringLiteral("/tmp/a.db"), QStringLiteral("--format"),
                             QStringLiteral("JSONL"), QStringLiteral("--filter"),
                             QStringLiteral("channel:7 -verified:yes")},
                            {});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.database, QStringLiteral("/tmp/a.db"));
    QCOMPARE(cl.format, QStringLiteral("jsonl"));
    QCOMPARE(cl.filter, QStringLiteral("channel:7 -verified:yes"));

    cl = CommandLine::parse(
        {program, QStringLiteral("watch"), QStringLiteral("--format"), QStringLiteral("csv")}, {});
    QCOMPARE(cl.error, QStringLiteral("--format must be text or jsonl, not \"csv\""));

    QVERIFY(CommandLine::usage().contains(QLatin1String("  watch ")));
    cl = CommandLine::parse({program, QStringLiteral("watch"), QStringLiteral("--help")}, {});
    QCOMPARE(cl.command, CommandLine::Command::Help);
    QVERIFY(cl.helpText.contains(QLatin1String("--format")));
}

void TestWatchCommand::printsEachNewEventOnceInIdOrder()
{
    // Before the watch: not printed.
    QVERIFY(appendAll(*m_store, {message(1, 7, QStringLiteral("old")),
                                 message(2, 7, QStringLiteral("old too"))}));

    QProcess watch;
    const QByteArray started = startWatch(
        watch, {QStringLiteral("--db"), m_path, QStringLiteral("--format"), QStringLiteral("jsonl"),
                QStringLiteral("--filter"), QStringLiteral("channel:7")});
    QVERIFY2(started.contains("after #2"), started.constData());

    // Three commits: two matching rows in one, one that does not match, one
    // more matching row later.
    QVERIFY(appendAll(*m_store, {message(3, 7, QStringLiteral("three")),
                                 message(4, 1, QStringLiteral("another channel")),
                                 message(5, 7, QStringLiteral("five"))}));
    QByteArray out;
    QTRY_COMPARE_WITH_TIMEOUT(linesOf(out += watch.readAllStandardOutput()).size(), 2, 30000);
    QVERIFY(appendAll(*m_store, {message(6, 7, QStringLiteral("six"))}));
    QTRY_COMPARE_WITH_TIMEOUT(linesOf(out += watch.readAllStandardOutput()).size(), 3, 30000);

    QList<qint64> ids;
    QStringList texts;
    for (const QByteArray &line : linesOf(out)) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        QVERIFY2(!object.isEmpty(), line.constData());
        ids << object.value(QStringLiteral("id")).toInteger();
        texts << object.value(QStringLiteral("msg")).toString();
        QCOMPARE(object.value(QStringLiteral("channel")).toInt(), 7);
    }
    QCOMPARE(ids, (QList<qint64>{3, 5, 6}));
    QCOMPARE(texts,
             (QStringList{QStringLiteral("three"), QStringLiteral("five"), QStringLiteral("six")}));

    watch.terminate(); // SIGTERM
    QVERIFY(watch.waitForFinished(30000));
    QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watch.exitCode(), 0);
    out += watch.readAllStandardOutput();
    QCOMPARE(linesOf(out).size(), 3); // nothing twice
}

void TestWatchCommand::aTextFilterMatchesNewText()
{
    QProcess watch;
    QVERIFY(!startWatch(watch, {QStringLiteral("--db"), m_path, QStringLiteral("--filter"),
                                QStringLiteral("\"blue one\"")})
                 .isEmpty());
    // Rows just committed, as the receiver's writer commits them (their
    // text is indexed later, when the writer is idle).
    QVERIFY(appendAll(*m_store, {message(1, 7, QStringLiteral("Is the blue one in stock?")),
                                 message(2, 7, QStringLiteral("the red one"))}));
    QByteArray out;
    QTRY_COMPARE_WITH_TIMEOUT(linesOf(out += watch.readAllStandardOutput()).size(), 1, 30000);
    QVERIFY2(out.contains("#1  "), out.constData());
    QVERIFY2(out.contains("Is the blue one in stock?"), out.constData());
    QVERIFY2(out.contains("verified"), out.constData());
    watch.terminate();
    QVERIFY(watch.waitForFinished(30000));
    QCOMPARE(watch.exitCode(), 0);
    out += watch.readAllStandardOutput();
    QVERIFY(!out.contains("red one"));
}

void TestWatchCommand::textLinesAreSafeForATerminal()
{
    const QByteArray hostile = QStringLiteral("\x1b[2J\x1b]0;pwned\x07line\nbreak\ttab "
                                              "\u202eevil\u2066x\u2069 \u0085c1")
                                   .toUtf8();
    const QByteArray user = QByteArrayLiteral("cu\x1b[31m");
    ExportRow row;
    row.id = 42;
    row.receivedAtMs = 1764000000123;
    row.event = "message";
    row.channel = 7;
    row.msgType = "text";
    row.chatUserId = user;
    row.msg = hostile;
    row.verification = Verification::BadSignature;
    const QString line = WatchCommand::textLine(row);
    for (const QChar c : line) {
        QVERIFY2(c.category() != QChar::Other_Control, qPrintable(line));
        QVERIFY2(!(c.unicode() >= 0x202a && c.unicode() <= 0x202e), qPrintable(line));
        QVERIFY2(!(c.unicode() >= 0x2066 && c.unicode() <= 0x2069), qPrintable(line));
    }
    QVERIFY(line.startsWith(QLatin1String("2025-11-24T16:00:00.123Z  #42  ")));
    QVERIFY(line.contains(QLatin1String("message/text")));
    QVERIFY(line.contains(QLatin1String("bad-signature")));
    QVERIFY(line.contains(QLatin1String("line break tab")));

    // A long text is cut at kTextColumns characters, an emoji counting one.
    QString longText;
    for (int i = 0; i < WatchCommand::kTextColumns + 10; ++i)
        longText += QStringLiteral("🚚");
    const QByteArray longUtf8 = longText.toUtf8();
    row.msg = longUtf8;
    const QString cut = WatchCommand::textLine(row);
    QVERIFY(cut.endsWith(QChar(0x2026)));
    const QString tail = cut.mid(cut.lastIndexOf(QLatin1String("  ")) + 2);
    QCOMPARE(QStringView(tail).toUcs4().size(), WatchCommand::kTextColumns);
}

// The three commands that take --filter word a bad one alike (FilterOption):
// exit 2 before the store is touched, the character counted as a user
// counts it (the emoji is one), the term underlined.
void TestWatchCommand::aBadFilterExitsTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString bad = QStringLiteral("🚚 colour:blue");
    QTest::newRow("watch") << QStringList{QStringLiteral("watch"), QStringLiteral("--filter"), bad};
    QTest::newRow("export") << QStringList{QStringLiteral("export"), QStringLiteral("--filter"),
                                           bad};
    QTest::newRow("replay") << QStringList{QStringLiteral("replay"), QStringLiteral("--filter"),
                                           bad, QStringLiteral("--to"),
                                           QStringLiteral("http://127.0.0.1:9/hook")};
}

void TestWatchCommand::aBadFilterExitsTwo()
{
    QFETCH(QStringList, arguments);
    QProcess cli;
    cli.start(kCli, arguments + QStringList{QStringLiteral("--db"), m_path});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 2);
    const QList<QByteArray> lines = cli.readAllStandardError().split('\n');
    QVERIFY2(lines.size() >= 3, QByteArray::number(lines.size()).constData());
    const QByteArray expected = "hookscope-cli " + arguments.at(0).toUtf8() +
                                ": invalid filter at character 3: unknown field \"colour\"";
    QVERIFY2(lines.at(0).startsWith(expected), lines.at(0).constData());
    QCOMPARE(lines.at(1), QStringLiteral("  🚚 colour:blue").toUtf8());
    QCOMPARE(lines.at(2), QByteArray("     ^^^^^^^^^^^"));
    QVERIFY(cli.readAllStandardOutput().isEmpty());
}

void TestWatchCommand::aMissingStoreExitsOne()
{
    QProcess missing;
    missing.start(kCli, {QStringLiteral("watch"), QStringLiteral("--db"),
                         m_dir->filePath(QStringLiteral("no-such.db"))});
    QVERIFY(missing.waitForFinished(30000));
    QCOMPARE(missing.exitCode(), 1);
    QVERIFY(missing.readAllStandardError().contains("hookscope-cli watch: "));
}

// PostgreSQL: the watch LISTENs for each commit's NOTIFY; when the server
// drops its connection it says so, reconnects and goes on after the last
// event it printed, the events committed meanwhile included.
void TestWatchCommand::onPostgresEachCommitIsPrintedOnceAcrossALostConnection()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgEventStore writer;
    QVERIFY2(writer.open(*StoreLocation::parse(pg.url())), qPrintable(writer.lastError()));
    auto append = [&writer](const QList<EventRecord> &records) {
        if (!writer.beginTransaction())
            return false;
        for (const EventRecord &r : records) {
            if (!writer.append(r))
                return false;
        }
        return writer.commit();
    };
    QVERIFY(append({message(1, 7, QStringLiteral("old")), message(2, 7, QStringLiteral("old"))}));

    QProcess watch;
    const QByteArray started = startWatch(
        watch, {QStringLiteral("--db"), pg.url(), QStringLiteral("--format"),
                QStringLiteral("jsonl"), QStringLiteral("--filter"), QStringLiteral("channel:7")});
    QVERIFY2(started.contains("after #2"), started.constData());
    QVERIFY2(started.contains(pg.databaseName().toUtf8()), started.constData());

    // Anyone who may connect may NOTIFY on the channel: a forged "up to
    // 999999" must not make the watch skip the events below it.
    QSqlDatabase admin = pg.open();
    QSqlQuery kill(admin);
    QVERIFY(kill.exec(QStringLiteral("NOTIFY hookscope_events, '999999 999999'")));
    QVERIFY(append({message(3, 7, QStringLiteral("three")),
                    message(4, 1, QStringLiteral("another channel")),
                    message(5, 7, QStringLiteral("five"))}));
    QByteArray out;
    QTRY_COMPARE_WITH_TIMEOUT(linesOf(out += watch.readAllStandardOutput()).size(), 2, 30000);

    // The server ends the watch's session, as a restart or a network cut
    // would; two events are committed before it can be back.
    QVERIFY2(kill.exec(QStringLiteral("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                                      "FROM pg_stat_activity WHERE application_name = "
                                      "'hookscope-watch' AND datname = current_database()")),
             qPrintable(kill.lastError().text()));
    QVERIFY(kill.next());
    QCOMPARE(kill.value(0).toInt(), 1);
    QVERIFY(append({message(6, 7, QStringLiteral("six"))}));
    QVERIFY(append({message(7, 7, QStringLiteral("seven"))}));

    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += watch.readAllStandardError()).contains("reconnected"), 30000);
    QVERIFY2(err.contains("lost the connection to postgresql://"), err.constData());
    QTRY_COMPARE_WITH_TIMEOUT(linesOf(out += watch.readAllStandardOutput()).size(), 4, 30000);
    QVERIFY(append({message(8, 7, QStringLiteral("eight"))}));
    QTRY_COMPARE_WITH_TIMEOUT(linesOf(out += watch.readAllStandardOutput()).size(), 5, 30000);

    QList<qint64> ids;
    for (const QByteArray &line : linesOf(out))
        ids << QJsonDocument::fromJson(line).object().value(QStringLiteral("id")).toInteger();
    QCOMPARE(ids, (QList<qint64>{3, 5, 6, 7, 8}));
    watch.terminate();
    QVERIFY(watch.waitForFinished(30000));
    QCOMPARE(watch.exitCode(), 0);
    out += watch.readAllStandardOutput();
    QCOMPARE(linesOf(out).size(), 5); // nothing twice
}

void TestWatchCommand::onPostgresAMalformedUrlOrAnEmptyDatabaseExitsOne()
{
    QProcess watch;
    watch.start(kCli, {QStringLiteral("watch"), QStringLiteral("--db"),
                       QStringLiteral("postgresql://a:SeCrEt@h:99999/d")});
    QVERIFY(watch.waitForFinished(30000));
    QCOMPARE(watch.exitCode(), 1);
    QByteArray err = watch.readAllStandardError();
    QVERIFY2(err.contains("invalid port"), err.constData());
    QVERIFY2(!err.contains("SeCrEt"), err.constData());

    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    watch.start(kCli, {QStringLiteral("watch"), QStringLiteral("--db"), pg.url()});
    QVERIFY(watch.waitForFinished(30000));
    QCOMPARE(watch.exitCode(), 1);
    err = watch.readAllStandardError();
    QVERIFY2(err.contains("no HookScope tables yet"), err.constData());
}

// A desk's role with SELECT only: the watch works and says what it is.
void TestWatchCommand::onPostgresARoleThatMayOnlyReadWatches()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgEventStore writer;
    QVERIFY(writer.open(*StoreLocation::parse(pg.url())));
    const QString url = pg.addReadOnlyRole(QStringLiteral("desk-pw"));
    QVERIFY(!url.isEmpty());
    QProcess watch;
    const QByteArray started = startWatch(watch, {QStringLiteral("--db"), url});
    QVERIFY2(started.contains("as a role that may only read"), started.constData());
    QVERIFY2(!started.contains("desk-pw"), started.constData());
    QVERIFY(writer.append(message(1, 7, QStringLiteral("seen from the desk"))));
    QByteArray out;
    QTRY_COMPARE_WITH_TIMEOUT(linesOf(out += watch.readAllStandardOutput()).size(), 1, 30000);
    QVERIFY2(out.contains("seen from the desk"), out.constData());
    watch.terminate();
    QVERIFY(watch.waitForFinished(30000));
    QCOMPARE(watch.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestWatchCommand)
#include "tst_watchcommand.moc"
