#include "samplefactory.h"
#include "webhooksender.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <csignal>

namespace {

const QString kCli = QStringLiteral(HOOKSCOPE_CLI_PATH);
const QString kSecret = QStringLiteral("e2e-secret");

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the CLI as a user would: without the test's logging rules.
Run runCli(const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    p.setProcessEnvironment(env);
    p.start(kCli, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

// Starts `serve` and returns its URL once it printed "listening on".
QString startServe(QProcess &serve, const QString &db, const QStringList &extra = {})
{
    serve.start(kCli, QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                                  QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"), db,
                                  QStringLiteral("--secret"), kSecret} +
                          extra);
    if (!serve.waitForStarted(10000))
        return {};
    QByteArray out;
    for (int i = 0; i < 100 && !out.contains('\n'); ++i) {
        serve.waitForReadyRead(100);
        out += serve.readAllStandardOutput();
    }
    const QRegularExpression re(
        QStringLiteral("^listening on (http://127\\.0\\.0\\.1:\\d+/webhook)\\n"));
    const QRegularExpressionMatch m = re.match(QString::fromUtf8(out));
    return m.hasMatch() ? m.captured(1) : QString();
}

// Starts sending `count` signed samples from this process (the same sender
// as `hookscope-cli send`), so the test can follow its answers.
void startSending(WebhookSender &sender, const QString &url, SampleFactory::Kind kind, int count,
                  int concurrency)
{
    const SampleFactory factory(kind, QDateTime::currentMSecsSinceEpoch());
    QList<WebhookSender::Delivery> deliveries;
    deliveries.reserve(count);
    for (int i = 0; i < count; ++i)
        deliveries.append({factory.body(i), QString()});
    sender.start(QUrl(url), kSecret.toUtf8(), WebhookSender::SignMode::Exact, deliveries,
                 concurrency);
}

// Waits on the sender's progress until n deliveries were answered 200 (a 200
// means committed), so that a signal lands in the middle of a run whatever
// the machine's speed.
bool waitForAnswered200(WebhookSender &sender, int n)
{
    QSignalSpy progress(&sender, &WebhookSender::progress);
    while (sender.report().byStatus.value(200) < n) {
        if (!progress.wait(10000))
            return false;
    }
    return true;
}

int statusCount(const QByteArray &sendOutput, int status)
{
    const QRegularExpression re(QStringLiteral("^  %1: (\\d+)$").arg(status),
                                QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = re.match(QString::fromUtf8(sendOutput));
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

// Records of a CSV export whose cells hold no line break (button samples
// and their compact JSON payloads have none): lines less the header.
int csvRecords(const QByteArray &csv)
{
    return int(csv.count("\r\n")) - 1;
}

} // namespace

class TestEndToEnd final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sendServeExport();
    void sigtermFinishesAndExitsZero();
    void sigkillLosesNothingAnswered();
    void portInUseExitsNonZero();
    void exportErrors();
    void sendsSharedFixtures();
    void exportsCustomerChangesAndFilters();
    void testDeliveriesAreMarkedAndApart();
    void exportBomAndFormulaGuardOptions();
};

void TestEndToEnd::sendServeExport()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("e2e.db"));
    QProcess serve;
    const QString url = startServe(serve, db);
    QVERIFY2(!url.isEmpty(), serve.readAllStandardError().constData());

    const Run send = runCli(
        {QStringLiteral("send"), QStringLiteral("--url"), url, QStringLiteral("--secret"), kSecret,
         QStringLiteral("--sample"), QStringLiteral("button"), QStringLiteral("--count"),
         QStringLiteral("200"), QStringLiteral("--concurrency"), QStringLiteral("8")});
    QCOMPARE(send.exitCode, 0);
    QCOMPARE(statusCount(send.out, 200), 200);
    QVERIFY(send.out.contains("per second"));

    const Run exported = runCli({QStringLiteral("export"), QStringLiteral("--db"), db});
    QCOMPARE(exported.exitCode, 0);
    const QList<QByteArray> lines = exported.out.split('\n');
    QVERIFY(lines.constFirst().startsWith("id,received_at,event,channel,channel_name,"));
    QCOMPARE(exported.out.count(",verified,"), 200);
    QCOMPARE(csvRecords(exported.out), 200);

    const Run jsonl = runCli({QStringLiteral("export"), QStringLiteral("--db"), db,
                              QStringLiteral("--format"), QStringLiteral("jsonl")});
    QCOMPARE(jsonl.exitCode, 0);
    QCOMPARE(jsonl.out.count('\n'), 200);

    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitCode(), 0);
}

void TestEndToEnd::sigtermFinishesAndExitsZero()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("term.db"));
    QProcess serve;
    const QString url = startServe(serve, db);
    QVERIFY(!url.isEmpty());
    WebhookSender sender;
    QSignalSpy finished(&sender, &WebhookSender::finished);
    startSending(sender, url, SampleFactory::Kind::Text, 20000, 4);
    QVERIFY(waitForAnswered200(sender, 200));
    ::kill(static_cast<pid_t>(serve.processId()), SIGTERM);
    QVERIFY(serve.waitForFinished(15000));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);
    QVERIFY(serve.readAllStandardError().contains("stopped; stored "));
    QVERIFY(finished.wait(60000));
    const qint64 answered200 = sender.report().byStatus.value(200);
    QVERIFY(answered200 < 20000);
    const Run exported = runCli({QStringLiteral("export"), QStringLiteral("--db"), db,
                                 QStringLiteral("--format"), QStringLiteral("jsonl")});
    QCOMPARE(exported.exitCode, 0);
    QVERIFY2(exported.out.count('\n') >= answered200, qPrintable(sender.report().summary()));
}

void TestEndToEnd::sigkillLosesNothingAnswered()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("kill.db"));
    QProcess serve;
    const QString url = startServe(serve, db);
    QVERIFY(!url.isEmpty());
    WebhookSender sender;
    QSignalSpy finished(&sender, &WebhookSender::finished);
    startSending(sender, url, SampleFactory::Kind::Image, 20000, 8);
    QVERIFY(waitForAnswered200(sender, 300));
    serve.kill(); // SIGKILL: no chance to flush anything
    QVERIFY(serve.waitForFinished(10000));
    QVERIFY(finished.wait(60000));
    const qint64 answered200 = sender.report().byStatus.value(200);
    QVERIFY2(answered200 < 20000, "the kill came too late to test anything");

    // Restart on the same store: every delivery answered 200 is there.
    QProcess again;
    QVERIFY(!startServe(again, db).isEmpty());
    again.terminate();
    QVERIFY(again.waitForFinished(10000));
    const Run exported = runCli({QStringLiteral("export"), QStringLiteral("--db"), db,
                                 QStringLiteral("--format"), QStringLiteral("jsonl")});
    QCOMPARE(exported.exitCode, 0);
    QVERIFY2(exported.out.count('\n') >= answered200,
             qPrintable(QStringLiteral("%1 stored, %2 answered 200")
                            .arg(exported.out.count('\n'))
                            .arg(answered200)));
}

void TestEndToEnd::portInUseExitsNonZero()
{
    QTemporaryDir dir;
    QProcess first;
    const QString url = startServe(first, dir.filePath(QStringLiteral("a.db")));
    QVERIFY(!url.isEmpty());
    const QString port = url.section(u':', 2).section(u'/', 0, 0);
    const Run second = runCli({QStringLiteral("serve"), QStringLiteral("--listen"),
                               QStringLiteral("127.0.0.1:") + port, QStringLiteral("--db"),
                               dir.filePath(QStringLiteral("b.db"))},
                              15000);
    QVERIFY(second.exitCode != 0);
    QVERIFY2(second.err.contains("already in use"), second.err.constData());
    first.terminate();
    QVERIFY(first.waitForFinished(10000));
}

void TestEndToEnd::exportErrors()
{
    QTemporaryDir dir;
    const Run missing = runCli({QStringLiteral("export"), QStringLiteral("--db"),
                                dir.filePath(QStringLiteral("nope.db"))});
    QVERIFY(missing.exitCode != 0);
    QVERIFY2(missing.err.contains("nope.db"), missing.err.constData());
    const Run badOption = runCli({QStringLiteral("export"), QStringLiteral("--colour")});
    QCOMPARE(badOption.exitCode, 2);
    QVERIFY(badOption.err.contains("colour"));
}

void TestEndToEnd::sendsSharedFixtures()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("fx.db"));
    QProcess serve;
    serve.start(kCli, {QStringLiteral("serve"), QStringLiteral("--listen"),
                       QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"), db,
                       QStringLiteral("--secret"), QStringLiteral("test-secret-123")});
    QVERIFY(serve.waitForReadyRead(10000));
    const QString url = QString::fromUtf8(serve.readLine()).trimmed().section(u' ', 2);
    const Run send =
        runCli({QStringLiteral("send"), QStringLiteral("--url"), url, QStringLiteral("--file"),
                QStringLiteral(HOOKSCOPE_FIXTURES_DIR "/signature-vectors.json")});
    QCOMPARE(send.exitCode, 0);
    // Two vectors are refused under the strict policy: the bad and the unsigned one.
    QCOMPARE(statusCount(send.out, 401), 2);
    QCOMPARE(statusCount(send.out, 200), 8);
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
}

void TestEndToEnd::exportsCustomerChangesAndFilters()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("changes.db"));
    QProcess serve;
    const QString url = startServe(serve, db);
    QVERIFY(!url.isEmpty());
    for (const QString &kind :
         {QStringLiteral("add_user"), QStringLiteral("update_user"), QStringLiteral("text")}) {
        const Run send = runCli({QStringLiteral("send"), QStringLiteral("--url"), url,
                                 QStringLiteral("--secret"), kSecret, QStringLiteral("--sample"),
                                 kind, QStringLiteral("--count"), QStringLiteral("10")});
        QCOMPARE(statusCount(send.out, 200), 10);
    }
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));

    const Run changes = runCli({QStringLiteral("export"), QStringLiteral("--db"), db,
                                QStringLiteral("--table"), QStringLiteral("changes")});
    QCOMPARE(changes.exitCode, 0);
    QVERIFY(changes.out.startsWith("time,chat_user_id,name,field,old,new,event_id\r\n"));
    // Each update renames "X" to "X (VIP)": one name change per customer.
    const QRegularExpression rename(
        QStringLiteral("^[^,]+,cust-\\d+,[^,]+,name,([^,]+),\\1 \\(VIP\\),\\d+\r$"),
        QRegularExpression::MultilineOption);
    QCOMPARE(QString::fromUtf8(changes.out).count(rename), 10);

    const Run filtered = runCli({QStringLiteral("export"), QStringLiteral("--db"), db,
                                 QStringLiteral("--format"), QStringLiteral("jsonl"),
                                 QStringLiteral("--filter"), QStringLiteral("event:add_user")});
    QCOMPARE(filtered.exitCode, 0);
    QCOMPARE(filtered.out.count('\n'), 10);

    const Run invalid =
        runCli({QStringLiteral("export"), QStringLiteral("--db"), db, QStringLiteral("--filter"),
                QStringLiteral("type:text colour:red")});
    QCOMPARE(invalid.exitCode, 2);
    QVERIFY2(invalid.err.contains("colour"), invalid.err.constData());
    // Said once, by the command, not again by the core's debug log.
    QVERIFY2(invalid.err.count("unknown field") == 1, invalid.err.constData());

    // After wide characters the caret still points at the bad term.
    const Run wide = runCli({QStringLiteral("export"), QStringLiteral("--db"), db,
                             QStringLiteral("--filter"), QStringLiteral("价格 😀 colour:red")});
    QCOMPARE(wide.exitCode, 2);
    const QStringList lines = QString::fromUtf8(wide.err).split(u'\n');
    QVERIFY2(lines.size() >= 3, wide.err.constData());
    QVERIFY2(lines.at(0).contains(QLatin1String("at character 6:")), wide.err.constData());
    QCOMPARE(lines.at(2), QStringLiteral("  ") + QString(8, u' ') + QString(10, u'^'));
    QVERIFY(invalid.out.isEmpty());
}

// Issue 11: `send --test` marks its deliveries (stored, exported, filtered)
// and uses ids and names of its own; real sends beside them stay real.
void TestEndToEnd::testDeliveriesAreMarkedAndApart()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("tests.db"));
    QProcess serve;
    const QString url = startServe(serve, db);
    QVERIFY(!url.isEmpty());
    const auto send = [&url](const QString &kind, int count, bool test) {
        QStringList args{QStringLiteral("send"),
                         QStringLiteral("--url"),
                         url,
                         QStringLiteral("--secret"),
                         kSecret,
                         QStringLiteral("--sample"),
                         kind,
                         QStringLiteral("--count"),
                         QString::number(count)};
        if (test)
            args.append(QStringLiteral("--test"));
        return statusCount(runCli(args).out, 200);
    };
    QCOMPARE(send(QStringLiteral("add_user"), 3, false), 3);
    QCOMPARE(send(QStringLiteral("add_user"), 3, true), 3);
    QCOMPARE(send(QStringLiteral("text"), 4, true), 4);
    QCOMPARE(send(QStringLiteral("text"), 4, true), 4); // another run: other ids
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));

    // The CLI exports everything, each row saying whether it is a test.
    const Run all = runCli({QStringLiteral("export"), QStringLiteral("--db"), db,
                            QStringLiteral("--format"), QStringLiteral("jsonl")});
    QCOMPARE(all.exitCode, 0);
    QCOMPARE(all.out.count('\n'), 14);
    QCOMPARE(all.out.count("\"test\":true"), 11);
    QCOMPARE(all.out.count("\"test\":false"), 3);

    const Run tests =
        runCli({QStringLiteral("export"), QStringLiteral("--db"), db, QStringLiteral("--format"),
                QStringLiteral("jsonl"), QStringLiteral("--filter"), QStringLiteral("test:yes")});
    QCOMPARE(tests.exitCode, 0);
    QSet<QString> tags;
    for (const QByteArray &line : tests.out.trimmed().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        QCOMPARE(o.value(QLatin1String("test")), QJsonValue(true));
        const QString user = o.value(QLatin1String("chat_user_id")).toString();
        QVERIFY2(user.startsWith(QLatin1String("hookscope-test-")), qPrintable(user));
        tags.insert(user.section(u'-', 2, 2));
        if (o.value(QLatin1String("event")).toString() == QLatin1String("message")) {
            QVERIFY(o.value(QLatin1String("chat_session_id"))
                        .toString()
                        .startsWith(QLatin1String("hookscope-test-")));
            QVERIFY(o.value(QLatin1String("sequence_id"))
                        .toString()
                        .startsWith(QLatin1String("hookscope-test-")));
        } else {
            QVERIFY(o.value(QLatin1String("name")).toString().endsWith(QLatin1String(" [test]")));
        }
    }
    QCOMPARE(tags.size(), 3); // one random tag per run

    const Run real = runCli({QStringLiteral("export"), QStringLiteral("--db"), db,
                             QStringLiteral("--filter"), QStringLiteral("test:no")});
    QCOMPARE(real.exitCode, 0);
    QCOMPARE(csvRecords(real.out), 3);
    QVERIFY(!real.out.contains("hookscope-test-"));
    QVERIFY(!real.out.contains("[test]"));
}

void TestEndToEnd::exportBomAndFormulaGuardOptions()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("guard.db"));
    QProcess serve;
    const QString url = startServe(serve, db);
    QVERIFY(!url.isEmpty());
    // Eight text samples: the fifth is "=HYPERLINK(...) is what I see".
    const Run send =
        runCli({QStringLiteral("send"), QStringLiteral("--url"), url, QStringLiteral("--secret"),
                kSecret, QStringLiteral("--sample"), QStringLiteral("text"),
                QStringLiteral("--count"), QStringLiteral("8")});
    QCOMPARE(statusCount(send.out, 200), 8);
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));

    const Run plain = runCli({QStringLiteral("export"), QStringLiteral("--db"), db});
    QCOMPARE(plain.exitCode, 0);
    QVERIFY(plain.out.startsWith("id,received_at,")); // no BOM unless asked
    QVERIFY(plain.out.contains(",\"'=HYPERLINK("));   // guarded, then quoted
    const Run bom =
        runCli({QStringLiteral("export"), QStringLiteral("--db"), db, QStringLiteral("--bom")});
    QCOMPARE(bom.out, "\xEF\xBB\xBF" + plain.out);
    const Run data = runCli({QStringLiteral("export"), QStringLiteral("--db"), db,
                             QStringLiteral("--no-formula-guard")});
    QCOMPARE(data.exitCode, 0);
    QVERIFY(data.out.contains(",\"=HYPERLINK("));
    QVERIFY(!data.out.contains("'=HYPERLINK("));
    QCOMPARE(csvRecords(data.out), csvRecords(plain.out));
}

QTEST_GUILESS_MAIN(TestEndToEnd)
#include "tst_endtoend.moc"
