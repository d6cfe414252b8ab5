// The window under load: HookScope's main window with its own receiver and a
// fresh store, while `hookscope-cli send` delivers signed messages as fast as
// it can (well above 2,000 per second on the development machine). A 5 ms
// timer on the GUI thread measures how late it fires: the largest lateness is
// the longest stall of the GUI thread during the run.
//
//   bench_gui [--count N] [--concurrency C]
// Runs offscreen unless QT_QPA_PLATFORM says otherwise.

#include "mainwindow.h"
#include "receivercontroller.h"
#include "settings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("count"), QStringLiteral("Deliveries."), QStringLiteral("N"),
                        QStringLiteral("30000")},
                       {QStringLiteral("concurrency"), QStringLiteral("Connections."),
                        QStringLiteral("C"), QStringLiteral("4")}});
    parser.process(app);
    QTextStream out(stdout);

    QTemporaryDir dir;
    Settings settings(dir.path());
    GuiCommandLine options;
    options.database = dir.filePath(QStringLiteral("gui-bench.db"));
    options.host = QStringLiteral("127.0.0.1");
    options.port = 0;
    options.secret = QByteArray("bench-secret");
    MainWindow window(&settings, options);
    window.resize(1400, 900);
    window.startUp();
    window.show();

    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worst = 0;
    QList<qint64> gaps;
    QTimer probe;
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, &probe, [&] {
        const qint64 now = clock.elapsed();
        gaps.append(now - last);
        worst = std::max(worst, now - last);
        last = now;
    });

    QProcess send;
    QObject::connect(&send, &QProcess::finished, &app, [&] {
        // Let the last batches reach the models before stopping the probe.
        QTimer::singleShot(1000, &app, &QCoreApplication::quit);
    });
    QTimer::singleShot(500, &app, [&] {
        clock.start();
        probe.start();
        send.start(QStringLiteral(HOOKSCOPE_CLI_PATH),
                   {QStringLiteral("send"), QStringLiteral("--url"), window.receiver()->url(),
                    QStringLiteral("--secret"), QStringLiteral("bench-secret"),
                    QStringLiteral("--sample"), QStringLiteral("text"), QStringLiteral("--count"),
                    parser.value(QStringLiteral("count")), QStringLiteral("--concurrency"),
                    parser.value(QStringLiteral("concurrency"))});
    });
    QApplication::exec();
    std::sort(gaps.begin(), gaps.end());
    out << send.readAllStandardOutput();
    out << QStringLiteral("GUI thread: %1 probe ticks, lateness p50 %2 ms, p99 %3 ms, "
                          "longest stall %4 ms (timer interval 5 ms)")
               .arg(gaps.size())
               .arg(gaps.isEmpty() ? 0 : gaps.at(gaps.size() / 2) - 5)
               .arg(gaps.isEmpty() ? 0 : gaps.at(gaps.size() * 99 / 100) - 5)
               .arg(worst - 5)
        << Qt::endl;
    return 0;
}
