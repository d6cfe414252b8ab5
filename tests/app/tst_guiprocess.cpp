#include "guiprocessenv.h"
#include "samplefactory.h"
#include "webhooksender.h"

#include <QDateTime>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <csignal>

// The window as a process, the way a desktop session ends it: SIGTERM while
// deliveries arrive. It must finish them (every 200 stored), exit 0, and
// leave no single-instance lock behind.
class TestGuiProcess final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sigtermDrainsAndReleasesTheLock();
};

namespace {

const QString kGui = QStringLiteral(HOOKSCOPE_GUI_PATH);
const QString kCli = QStringLiteral(HOOKSCOPE_CLI_PATH);
const QByteArray kSecret = "gui-process-secret";

// Reads the window's log (stdout and stderr merged) until it names the
// receiver's URL.
QString waitForUrl(QProcess &gui, QByteArray *log)
{
    const QRegularExpression re(
        QStringLiteral("receiver listening on (http://127\\.0\\.0\\.1:\\d+/webhook)"));
    while (gui.state() == QProcess::Running || gui.bytesAvailable() > 0) {
        const QRegularExpressionMatch m = re.match(QString::fromUtf8(*log));
        if (m.hasMatch())
            return m.captured(1);
        if (!gui.waitForReadyRead(30000))
            break;
        *log += gui.readAll();
    }
    return {};
}

} // namespace

void TestGuiProcess::sigtermDrainsAndReleasesTheLock()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QProcessEnvironment env = guiProcessEnvironment(home.path());
    QVERIFY(!env.isEmpty());
    const QString runtime = env.value(QStringLiteral("XDG_RUNTIME_DIR"));
    const QString db = home.filePath(QStringLiteral("window.db"));
    QProcess gui;
    gui.setProcessEnvironment(env);
    gui.setProcessChannelMode(QProcess::MergedChannels);
    gui.start(kGui,
              {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"),
               db, QStringLiteral("--secret"), QString::fromLatin1(kSecret)});
    QVERIFY(gui.waitForStarted(10000));
    QByteArray log;
    const QString url = waitForUrl(gui, &log);
    QVERIFY2(!url.isEmpty(), log.constData());
    QVERIFY(!QDir(runtime).entryList({QStringLiteral("hookscope-*.lock")}, QDir::Files).isEmpty());

    WebhookSender sender;
    QSignalSpy finished(&sender, &WebhookSender::finished);
    QSignalSpy progress(&sender, &WebhookSender::progress);
    const SampleFactory factory(SampleFactory::Kind::Text, QDateTime::currentMSecsSinceEpoch());
    QList<WebhookSender::Delivery> deliveries;
    for (int i = 0; i < 20000; ++i)
        deliveries.append({factory.body(i), QString()});
    sender.start(QUrl(url), kSecret, WebhookSender::SignMode::Exact, deliveries, 4);
    while (sender.report().byStatus.value(200) < 100)
        QVERIFY(progress.wait(10000));

    ::kill(static_cast<pid_t>(gui.processId()), SIGTERM);
    QVERIFY(gui.waitForFinished(30000));
    log += gui.readAll();
    QCOMPARE(gui.exitStatus(), QProcess::NormalExit);
    QVERIFY2(gui.exitCode() == 0, log.constData());
    QVERIFY(finished.wait(60000));
    QVERIFY(QDir(runtime)
                .entryList({QStringLiteral("hookscope-*")}, QDir::Files | QDir::System)
                .isEmpty());

    // Every delivery answered 200 is in the store.
    const qint64 answered200 = sender.report().byStatus.value(200);
    QVERIFY(answered200 < 20000);
    QProcess exported;
    exported.start(kCli, {QStringLiteral("export"), QStringLiteral("--db"), db,
                          QStringLiteral("--format"), QStringLiteral("jsonl")});
    QVERIFY(exported.waitForFinished(120000));
    QCOMPARE(exported.exitCode(), 0);
    QVERIFY2(exported.readAllStandardOutput().count('\n') >= answered200,
             qPrintable(sender.report().summary()));
}

QTEST_GUILESS_MAIN(TestGuiProcess)
#include "tst_guiprocess.moc"
