#include "commandline.h"
#include "samplefactory.h"
#include "standinserver.h"
#include "webhooksender.h"

#include <QDateTime>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {

const QString kCli = QStringLiteral(HOOKSCOPE_CLI_PATH);
const QByteArray kSecret = "forward-secret";

QProcessEnvironment userEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    return env;
}

// Starts `serve --forward target` (record policy: bad signatures are stored,
// flagged) and returns its URL once it printed "listening on".
QString startServe(QProcess &serve, const QString &db, const QUrl &target)
{
    serve.setProcessEnvironment(userEnvironment());
    serve.start(
        kCli, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
               QStringLiteral("--db"), db, QStringLiteral("--secret"), QString::fromLatin1(kSecret),
               QStringLiteral("--policy"), QStringLiteral("record"), QStringLiteral("--forward"),
               target.toString(), QStringLiteral("--forward-retry"), QStringLiteral("0.05")});
    if (!serve.waitForStarted(10000))
        return {};
    QByteArray out;
    for (int i = 0; i < 300 && !out.contains('\n'); ++i) {
        QTest::qWait(20); // serves the stand-in's sockets meanwhile
        out += serve.readAllStandardOutput();
    }
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("^listening on (http://\\S+)\\n"))
            .match(QString::fromUtf8(out));
    return m.hasMatch() ? m.captured(1) : QString();
}

// SIGTERM, then the exit code (the stand-in keeps being served meanwhile).
int stopServe(QProcess &serve)
{
    serve.terminate();
    for (int i = 0; i < 1000 && serve.state() != QProcess::NotRunning; ++i)
        QTest::qWait(10);
    if (serve.state() != QProcess::NotRunning) {
        serve.kill();
        serve.waitForFinished();
        return -1;
    }
    return serve.exitStatus() == QProcess::NormalExit ? serve.exitCode() : -1;
}

// Sends bodies signed per `mode` and waits for every answer.
bool send(const QString &url, const QList<QByteArray> &bodies, WebhookSender::SignMode mode)
{
    QList<WebhookSender::Delivery> deliveries;
    for (const QByteArray &b : bodies)
        deliveries.append({b, QString()});
    WebhookSender sender;
    QSignalSpy finished(&sender, &WebhookSender::finished);
    sender.start(QUrl(url), kSecret, mode, deliveries, 2);
    return (finished.count() > 0 || finished.wait(20000)) &&
           sender.report().byStatus.value(200) == bodies.size();
}

struct Run {
    int exitCode = -1;
    QByteArray out;
};

// Runs the CLI while the test's event loop keeps serving the stand-in.
Run runCli(const QStringList &args)
{
    QProcess p;
    p.setProcessEnvironment(userEnvironment());
    p.start(kCli, args);
    for (int i = 0; i < 3000 && p.state() != QProcess::NotRunning; ++i)
        QTest::qWait(10);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput()};
}

} // namespace

class TestForwardServe final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesForwardOptions();
    void parsesReplayOptions();
    void forwardsEachVerifiedDeliveryOnceAcrossARestart();
    void replayPrintsAnswersByStatus();
};

void TestForwardServe::parsesForwardOptions()
{
    const auto parse = [](const QStringList &extra) {
        return CommandLine::parse(
            QStringList{QStringLiteral("hookscope-cli"), QStringLiteral("serve")} + extra, {});
    };
    CommandLine cl =
        parse({QStringLiteral("--forward"), QStringLiteral("http://127.0.0.1:9/a"),
               QStringLiteral("--forward"), QStringLiteral("https://team.example/b?x=1"),
               QStringLiteral("--forward"), QStringLiteral("http://127.0.0.1:9/a"),
               QStringLiteral("--forward-retry"), QStringLiteral("0.5"),
               QStringLiteral("--forward-give-up"), QStringLiteral("2")});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.receiver.forwardRules.size(), 2);
    QCOMPARE(cl.receiver.forwardRules.at(1).url, QStringLiteral("https://team.example/b?x=1"));
    QVERIFY(cl.receiver.forwardRules.at(1).filter.isEmpty());
    QVERIFY(!cl.receiver.forwardRules.at(1).includeUnverified);
    QCOMPARE(cl.forwardPolicy.firstRetryMs, 500);
    QCOMPARE(cl.forwardPolicy.giveUpAfterMs, 2 * 3600 * 1000);
    QVERIFY(parse({}).receiver.forwardRules.isEmpty());

    for (const QString &bad : {QStringLiteral("ftp://h/"), QStringLiteral("h/path"),
                               QStringLiteral("http:///nohost"), QStringLiteral("http://u:p@h/")}) {
        cl = parse({QStringLiteral("--forward"), bad});
        QVERIFY2(cl.error.startsWith(QLatin1String("--forward: ")), qPrintable(bad));
    }
    QVERIFY(!parse({QStringLiteral("--forward-retry"), QStringLiteral("-1")}).error.isEmpty());
    QVERIFY(!parse({QStringLiteral("--forward-give-up"), QStringLiteral("soon")}).error.isEmpty());
}

void TestForwardServe::parsesReplayOptions()
{
    const auto parse = [](const QStringList &extra) {
        return CommandLine::parse(
            QStringList{QStringLiteral("hookscope-cli"), QStringLiteral("replay")} + extra, {});
    };
    CommandLine cl = parse({QStringLiteral("--db"), QStringLiteral("s.db"),
                            QStringLiteral("--filter"), QStringLiteral("channel:7"),
                            QStringLiteral("--to"), QStringLiteral("http://127.0.0.1:9/r")});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.command, CommandLine::Command::Replay);
    QCOMPARE(cl.database, QStringLiteral("s.db"));
    QCOMPARE(cl.filter, QStringLiteral("channel:7"));
    QCOMPARE(cl.url, QUrl(QStringLiteral("http://127.0.0.1:9/r")));
    QCOMPARE(cl.concurrency, 4);
    QVERIFY(parse({QStringLiteral("--db"), QStringLiteral("s.db")})
                .error.contains(QLatin1String("--to")));
    QVERIFY(!parse({QStringLiteral("--to"), QStringLiteral("mailto:x@y")}).error.isEmpty());
    QVERIFY(!parse({QStringLiteral("--to"), QStringLiteral("http://h/"),
                    QStringLiteral("--concurrency"), QStringLiteral("0")})
                 .error.isEmpty());
    QVERIFY(CommandLine::usage().contains(QLatin1String("replay")));
}

// The check: the team's system fails the first attempts, is down
// for a while (serve is restarted meanwhile), then accepts. Every verified
// delivery arrives exactly once with its original bytes and query plus its
// id; the bad-signature one never does.
void TestForwardServe::forwardsEachVerifiedDeliveryOnceAcrossARestart()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("fwd.db"));
    StandInServer team;
    QVERIFY(team.listen());
    const QUrl target = team.url(QStringLiteral("/salesmartly"));
    int seen = 0;
    team.answer = [&](const StandInServer::Request &) {
        if (++seen <= 3)
            return 503;
        QTimer::singleShot(0, [&team] { team.close(); }); // down
        return 0;
    };

    QProcess serve;
    const QString url = startServe(serve, db, target);
    QVERIFY2(!url.isEmpty(), serve.readAllStandardError().constData());
    const SampleFactory factory(SampleFactory::Kind::Text, QDateTime::currentMSecsSinceEpoch());
    QList<QByteArray> verified;
    for (int i = 0; i < 5; ++i)
        verified.append(factory.body(i));
    QVERIFY(send(url, verified, WebhookSender::SignMode::Exact));
    QVERIFY(send(url, {factory.body(99)}, WebhookSender::SignMode::Bad));
    // Failed, then down: restart serve while the team's system is down.
    QTRY_VERIFY_WITH_TIMEOUT(seen >= 4, 20000);
    QCOMPARE(stopServe(serve), 0);

    team.answer = [](const StandInServer::Request &) { return 200; };
    QVERIFY(team.listen(team.port()));
    QProcess again;
    QVERIFY(!startServe(again, db, target).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(team.answered(200).size(), 5, 30000);
    QCOMPARE(stopServe(again), 0);

    const QList<StandInServer::Request> accepted = team.answered(200);
    QCOMPARE(accepted.size(), 5); // nothing more came before serve stopped
    QSet<QByteArray> ids;
    QSet<QByteArray> bodies;
    for (const StandInServer::Request &r : accepted) {
        ids.insert(r.headers.value("x-hookscope-event-id"));
        bodies.insert(r.body);
        QVERIFY(r.target.startsWith("/salesmartly?timestamp="));
        QVERIFY(r.target.contains("&signature="));
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
    }
    QCOMPARE(ids.size(), 5);
    QCOMPARE(bodies, QSet<QByteArray>(verified.begin(), verified.end()));
    for (const StandInServer::Request &r : std::as_const(team.requests))
        QVERIFY(r.body != factory.body(99));
}

void TestForwardServe::replayPrintsAnswersByStatus()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("replay.db"));
    StandInServer team;
    QVERIFY(team.listen());
    team.answer = [](const StandInServer::Request &) { return 204; };
    // A store with three verified events and one bad-signature one.
    {
        QProcess serve;
        const QString url = startServe(serve, db, team.url(QStringLiteral("/unused")));
        QVERIFY(!url.isEmpty());
        team.close(); // nothing is forwarded while the store is filled
        const SampleFactory factory(SampleFactory::Kind::Button,
                                    QDateTime::currentMSecsSinceEpoch());
        QVERIFY(send(url, {factory.body(0), factory.body(1), factory.body(2)},
                     WebhookSender::SignMode::Exact));
        QVERIFY(send(url, {factory.body(3)}, WebhookSender::SignMode::Bad));
        QCOMPARE(stopServe(serve), 0);
        QVERIFY(team.listen(team.port()));
    }
    const QString to = team.url(QStringLiteral("/replay")).toString();
    Run run =
        runCli({QStringLiteral("replay"), QStringLiteral("--db"), db, QStringLiteral("--filter"),
                QStringLiteral("verified:yes"), QStringLiteral("--to"), to});
    QCOMPARE(run.out, QByteArray("204 3\ntotal 3\n"));
    QCOMPARE(run.exitCode, 0);

    team.answer = [](const StandInServer::Request &r) {
        return r.headers.value("x-hookscope-event-id") == "2" ? 503 : 200;
    };
    run =
        runCli({QStringLiteral("replay"), QStringLiteral("--db"), db, QStringLiteral("--to"), to});
    QCOMPARE(run.out, QByteArray("200 3\n503 1\ntotal 4\n"));
    QCOMPARE(run.exitCode, 1);

    team.close();
    run =
        runCli({QStringLiteral("replay"), QStringLiteral("--db"), db, QStringLiteral("--to"), to});
    QCOMPARE(run.out, QByteArray("no answer 4\ntotal 4\n"));
    QCOMPARE(run.exitCode, 1);
}

QTEST_GUILESS_MAIN(TestForwardServe)
#include "tst_forwardserve.moc"
