// Team mode end to end (docs/team.md): two `hookscope-cli serve` processes on
// one PostgreSQL database behind one URL, SaleSmartly's retries of the same
// messages reaching both at once, one receiver killed with SIGKILL in the
// middle: every delivery answered 200 is in the store, each message once,
// with its deliveries counted, and a `watch` started before the load printed
// every event once, and a window started before it holds every event in
// the desk copy its panes read, with the same receipts.
#include "guiprocessenv.h"
#include "samplefactory.h"
#include "store/eventstore.h"
#include "store/pgeventstore.h"
#include "store/storelocation.h"
#include "testpostgres.h"
#include "webhooksender.h"

#include <QDateTime>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace {

const QString kCli = QStringLiteral(HOOKSCOPE_CLI_PATH);
const QString kGui = QStringLiteral(HOOKSCOPE_GUI_PATH);
const QString kSecret = QStringLiteral("team-secret");
constexpr int kMessages = 2500; // each sent to both receivers: 5,000 deliveries

void startServe(QProcess &serve, const QString &db)
{
    serve.start(kCli,
                {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                 QStringLiteral("--db"), db, QStringLiteral("--secret"), kSecret});
}

// The URL `serve` printed once it listens; empty if it did not.
QString waitListening(QProcess &serve)
{
    QByteArray out;
    while (!out.contains('\n') && serve.waitForReadyRead(30000))
        out += serve.readAllStandardOutput();
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:\\d+/webhook)\\n"))
            .match(QString::fromUtf8(out));
    return m.hasMatch() ? m.captured(1) : QString();
}

// The window's desk copy under `dataHome`, once the window has made it.
QString deskCopyIn(const QString &dataHome)
{
    QDirIterator it(dataHome, {QStringLiteral("team-*.sqlite")}, QDir::Files,
                    QDirIterator::Subdirectories);
    return it.hasNext() ? it.next() : QString();
}

// Dedupe keys and receipt counts, in id order: what the copy must equal.
QStringList eventsOf(const QList<EventRecord> &events)
{
    QStringList lines;
    for (const EventRecord &e : events)
        lines.append(e.dedupeKey + u' ' + QString::number(e.deliveries));
    return lines;
}

qint64 scalar(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        qFatal("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
    return query.value(0).toLongLong();
}

} // namespace

class TestTeamEndToEnd final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void twoReceiversOneDatabaseAndAKill();
};

void TestTeamEndToEnd::twoReceiversOneDatabaseAndAKill()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    // Both start at once on an empty database: one makes the tables, the
    // other waits for it and finds them.
    QProcess a;
    QProcess b;
    startServe(a, pg.url());
    startServe(b, pg.url());
    const QString urlA = waitListening(a);
    const QString urlB = waitListening(b);
    QVERIFY2(!urlA.isEmpty(), a.readAllStandardError().constData());
    QVERIFY2(!urlB.isEmpty(), b.readAllStandardError().constData());

    QProcess watch;
    watch.start(kCli, {QStringLiteral("watch"), QStringLiteral("--db"), pg.url(),
                       QStringLiteral("--format"), QStringLiteral("jsonl")});
    watch.setReadChannel(QProcess::StandardError);
    QByteArray watchErr;
    while (!watchErr.contains('\n') && watch.waitForReadyRead(30000))
        watchErr += watch.readAllStandardError();
    QVERIFY2(watchErr.contains("after #0"), watchErr.constData());
    watch.setReadChannel(QProcess::StandardOutput);

    // A desk's window on the same database, live before the load (its own
    // receiver on a free port takes nothing).
    QTemporaryDir home;
    const QProcessEnvironment env = guiProcessEnvironment(home.path());
    QVERIFY(!env.isEmpty());
    QProcess window;
    window.setProcessEnvironment(env);
    window.setProcessChannelMode(QProcess::MergedChannels);
    window.start(kGui, {QStringLiteral("--db"), pg.url(), QStringLiteral("--listen"),
                        QStringLiteral("127.0.0.1:0"), QStringLiteral("--secret"), kSecret});
    QVERIFY(window.waitForStarted(30000));
    QString copyPath;
    QTRY_VERIFY_WITH_TIMEOUT(
        !(copyPath = deskCopyIn(home.filePath(QStringLiteral("data")))).isEmpty(), 30000);
    const auto copyIsLive = [&copyPath] {
        EventStore copy;
        return copy.openReadOnly(copyPath) &&
               !copy.metaValue(QStringLiteral("desk_copy_tables")).isEmpty();
    };
    QTRY_VERIFY_WITH_TIMEOUT(copyIsLive(), 30000);

    // The same signed bodies to both receivers at once: every message is a
    // retry racing its twin on the other receiver.
    const SampleFactory factory(SampleFactory::Kind::Text, QDateTime::currentMSecsSinceEpoch());
    QList<WebhookSender::Delivery> deliveries;
    for (int i = 0; i < kMessages; ++i)
        deliveries.append({factory.body(i), QString()});
    WebhookSender toA;
    WebhookSender toB;
    QSignalSpy finishedA(&toA, &WebhookSender::finished);
    QSignalSpy finishedB(&toB, &WebhookSender::finished);
    QSignalSpy progressB(&toB, &WebhookSender::progress);
    toA.start(QUrl(urlA), kSecret.toUtf8(), WebhookSender::SignMode::Exact, deliveries, 8);
    toB.start(QUrl(urlB), kSecret.toUtf8(), WebhookSender::SignMode::Exact, deliveries, 8);
    while (toB.report().byStatus.value(200) < 300)
        QVERIFY(progressB.wait(30000));
    b.kill(); // SIGKILL, mid-load: its open transaction is rolled back by the server
    QVERIFY(b.waitForFinished(30000));
    QVERIFY(finishedB.count() == 1 || finishedB.wait(120000));
    QVERIFY(finishedA.count() == 1 || finishedA.wait(120000));

    const qint64 answeredA = toA.report().byStatus.value(200);
    const qint64 answeredB = toB.report().byStatus.value(200);
    QCOMPARE(answeredA, kMessages); // the receiver that lived answered everything
    QVERIFY2(answeredB < kMessages, "the kill came too late to test anything");

    QSqlDatabase db = pg.open();
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM events")), kMessages);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(DISTINCT sequence_id) FROM events")),
             kMessages);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM events WHERE conflict <> 0")), 0);
    // Each event's count is its receipts, and the receipts are A's 200s,
    // B's 200s and at most what B took before it died.
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM events e WHERE deliveries <> (SELECT "
                                       "count(*) FROM deliveries d WHERE d.event_id = e.id)")),
             0);
    const qint64 receipts = scalar(db, QStringLiteral("SELECT sum(deliveries) FROM events"));
    QVERIFY2(receipts >= answeredA + answeredB,
             qPrintable(QStringLiteral("%1 receipts, %2 + %3 answered 200")
                            .arg(receipts)
                            .arg(answeredA)
                            .arg(answeredB)));
    QVERIFY(receipts <= answeredA + toB.report().sent);
    qInfo("A answered %lld 200s, B %lld of %lld sent before the kill; %lld receipts stored",
          answeredA, answeredB, toB.report().sent, receipts);

    // The watch printed every event once.
    QByteArray out;
    QTRY_COMPARE_WITH_TIMEOUT((out += watch.readAllStandardOutput()).count('\n'),
                              qsizetype(kMessages), 60000);
    QSet<qint64> printed;
    for (const QByteArray &line : out.split('\n')) {
        if (!line.isEmpty())
            printed.insert(
                QJsonDocument::fromJson(line).object().value(QStringLiteral("id")).toInteger());
    }
    QCOMPARE(printed.size(), kMessages);
    QSqlQuery ids(db);
    QVERIFY(ids.exec(QStringLiteral("SELECT id FROM events")));
    QSet<qint64> stored;
    while (ids.next())
        stored.insert(ids.value(0).toLongLong());
    QCOMPARE(printed, stored);

    // The window's copy holds every event with its receipts, in order.
    PgEventStore server;
    QVERIFY(server.openReadOnly(*StoreLocation::parse(pg.url())));
    const QStringList expected = eventsOf(server.eventsAfter(0, -1));
    const auto copied = [&copyPath] {
        EventStore copy;
        return copy.openReadOnly(copyPath) ? eventsOf(copy.eventsAfter(0, kMessages + 1))
                                           : QStringList();
    };
    QTRY_COMPARE_WITH_TIMEOUT(copied(), expected, 60000);
    window.terminate();
    QVERIFY(window.waitForFinished(30000));
    QVERIFY2(window.exitCode() == 0, window.readAll().constData());

    watch.terminate();
    a.terminate();
    QVERIFY(watch.waitForFinished(30000));
    QVERIFY(a.waitForFinished(30000));
    QCOMPARE(watch.exitCode(), 0);
    QCOMPARE(a.exitCode(), 0);
    QCOMPARE((out += watch.readAllStandardOutput()).count('\n'), qsizetype(kMessages));
}

QTEST_GUILESS_MAIN(TestTeamEndToEnd)
#include "tst_teamendtoend.moc"
