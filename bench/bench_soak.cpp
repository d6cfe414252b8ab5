// The edge under attack: `hookscope-cli serve` takes a steady signed load
// while slow-loris clients and a 1 GB chunked upload try to starve it.
//
//   bench_soak [--seconds 60] [--rate 2000] [--connections 64] [--loris 200]
//              [--stream-bytes 1073741824]
//
// Three kinds of client, each from its own loopback address so that the
// guard's per-address cap sees three senders: the load (127.0.0.1) sends
// signed deliveries at a fixed total rate over keep-alive connections and
// times each answer; the slow-loris clients (127.0.0.2) dribble a request
// head one byte a second and reconnect when the server closes them; the
// streamer (127.0.0.3) posts one endless chunked body, again after each
// refusal, until it has offered --stream-bytes. At the end the store is
// opened and every acknowledged delivery must be in it.

#include "soak/soakclients.h"
#include "store/eventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>

#include <csignal>
#include <thread>

namespace {

const QString kCli = QStringLiteral(HOOKSCOPE_CLI_PATH);

// A /proc/<pid>/status field in kB ("VmRSS", "VmHWM"); -1 if unreadable.
qint64 statusKb(qint64 pid, const char *field)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QRegularExpression re(QStringLiteral("(?m)^%1:\\s+(\\d+) kB").arg(QLatin1String(field)));
    const QRegularExpressionMatch m = re.match(QString::fromLatin1(file.readAll()));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

quint16 startServer(QProcess &serve, const QString &db)
{
    serve.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    serve.start(kCli, {QStringLiteral("serve"), QStringLiteral("--listen"),
                       QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"), db,
                       QStringLiteral("--secret"), QString::fromLatin1(SoakClients::kSecret)});
    if (!serve.waitForReadyRead(20000))
        return 0;
    const QString line = QString::fromUtf8(serve.readLine());
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)/"))
            .match(line);
    return m.hasMatch() ? static_cast<quint16>(m.captured(1).toUInt()) : 0;
}

qint64 storedEvents(const QString &db)
{
    EventStore store;
    QString error;
    if (!store.openReadOnly(db, &error)) {
        QTextStream(stderr) << "cannot open the store: " << error << Qt::endl;
        return -1;
    }
    return store.eventCount();
}

void printReport(const SoakOptions &o, const SoakResult &r, const qint64 rss[3], qint64 stored)
{
    QTextStream out(stdout);
    out << "soak: seconds " << o.seconds << " rate " << o.rate << " connections " << o.connections
        << " loris " << o.loris << " stream_bytes " << o.streamBytes << Qt::endl;
    out << "deliveries: sent " << r.load.sent << " ok " << r.load.ok << " other " << r.load.other
        << " errors " << r.load.errors << Qt::endl;
    out << "rate_per_s: " << QString::number(r.load.ok / double(o.seconds), 'f', 1) << Qt::endl;
    out << "latency_ms: p50 " << QString::number(r.load.percentileMs(50), 'f', 2) << " p99 "
        << QString::number(r.load.percentileMs(99), 'f', 2) << " max "
        << QString::number(r.load.percentileMs(100), 'f', 2) << Qt::endl;
    out << "stored: " << stored << " of " << r.load.ok << " acknowledged (missing "
        << qMax<qint64>(0, r.load.ok - stored) << ")" << Qt::endl;
    out << "loris: opened " << r.loris.opened << " closed_by_server " << r.loris.closedByServer
        << " answered_408 " << r.loris.answered408 << " refused_at_accept "
        << r.loris.refusedAtAccept << Qt::endl;
    out << "stream: offered_bytes " << r.stream.offeredBytes << " answered_413 "
        << r.stream.answered413 << " other_closes " << r.stream.otherCloses << Qt::endl;
    out << "rss_kb: start " << rss[0] << " end " << rss[1] << " peak " << rss[2] << Qt::endl;
}

SoakOptions parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Soak the receiver under attack."));
    parser.addHelpOption();
    const auto opt = [&parser](const char *name, const char *def) {
        parser.addOption({QString::fromLatin1(name), QString::fromLatin1(name), QStringLiteral("N"),
                          QString::fromLatin1(def)});
    };
    opt("seconds", "60");
    opt("rate", "2000");
    opt("connections", "64");
    opt("loris", "200");
    opt("stream-bytes", "1073741824");
    parser.process(app);
    SoakOptions o;
    o.seconds = parser.value(QStringLiteral("seconds")).toInt();
    o.rate = parser.value(QStringLiteral("rate")).toInt();
    o.connections = parser.value(QStringLiteral("connections")).toInt();
    o.loris = parser.value(QStringLiteral("loris")).toInt();
    o.streamBytes = parser.value(QStringLiteral("stream-bytes")).toLongLong();
    return o;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    SoakOptions options = parseOptions(app);
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("soak.db"));
    QProcess serve;
    options.port = startServer(serve, db);
    if (options.port == 0) {
        QTextStream(stderr) << "the server did not start" << Qt::endl;
        return 1;
    }
    qint64 rss[3] = {statusKb(serve.processId(), "VmRSS"), 0, 0};
    const SoakResult result = SoakClients(options).run();
    rss[1] = statusKb(serve.processId(), "VmRSS");
    rss[2] = statusKb(serve.processId(), "VmHWM");
    ::kill(static_cast<pid_t>(serve.processId()), SIGTERM);
    serve.waitForFinished(60000);
    const qint64 stored = storedEvents(db);
    printReport(options, result, rss, stored);
    return stored == result.load.ok && serve.exitCode() == 0 ? 0 : 1;
}
