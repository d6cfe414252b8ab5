// Signed deliveries per second through `hookscope-cli serve` (parse, verify,
// group commit to SQLite with synchronous=FULL, answer after the commit)
// against a raw QtHttpServer on this machine that answers 200 without doing
// anything. Each server runs in a process of its own, and both are driven in
// one run, round after round, by the same load generator (`hookscope-cli
// send`, a third process), so the ratio compares like with like.
//
//   bench_ingest [--count N] [--concurrency C] [--rounds R] [--cli PATH]
//   bench_ingest --raw-server      (internal: the ceiling server)
//
// After the table, one line per round with what the `serve` process spent on
// it, read from its /proc/PID/stat (user + system CPU) and /proc/PID/io
// (bytes it had written to the storage layer, the WAL and its checkpoints):
// CPU microseconds and 4 KiB pages written per delivery.

#include "webhookhttpserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTextStream>

#include <unistd.h>

namespace {

// The hookscope-cli that serves and sends (--cli: another build's, to compare).
QString kCli = QStringLiteral(HOOKSCOPE_CLI_PATH);

struct Result {
    double rate = 0;
    double p50 = 0;
    double p99 = 0;
    int ok = 0;
};

double capture(const QString &text, const QString &pattern)
{
    const QRegularExpressionMatch m = QRegularExpression(pattern).match(text);
    return m.hasMatch() ? m.captured(1).toDouble() : 0;
}

Result drive(const QString &url, int count, int concurrency)
{
    QProcess send;
    send.start(kCli,
               {QStringLiteral("send"), QStringLiteral("--url"), url, QStringLiteral("--secret"),
                QStringLiteral("bench-secret"), QStringLiteral("--sample"), QStringLiteral("text"),
                QStringLiteral("--count"), QString::number(count), QStringLiteral("--concurrency"),
                QString::number(concurrency)});
    send.waitForFinished(-1);
    const QString out = QString::fromUtf8(send.readAllStandardOutput());
    Result r;
    r.rate = capture(out, QStringLiteral("\\(([\\d.]+) per second\\)"));
    r.p50 = capture(out, QStringLiteral("p50 ([\\d.]+) ms"));
    r.p99 = capture(out, QStringLiteral("p99 ([\\d.]+) ms"));
    r.ok = static_cast<int>(capture(out, QStringLiteral("(?m)^  200: (\\d+)$")));
    return r;
}

// What a process has used so far: CPU (user and system) in microseconds and
// bytes written to storage; zeros where /proc does not say.
struct Usage {
    double userUs = 0;
    double systemUs = 0;
    double writtenBytes = 0;
};

Usage usageOf(qint64 pid)
{
    Usage u;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        // The command name may hold spaces: the fields after it start past ')'.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        const double tickUs = 1e6 / double(sysconf(_SC_CLK_TCK));
        if (fields.size() > 12) {
            u.userUs = fields.at(11).toDouble() * tickUs;   // utime, field 14
            u.systemUs = fields.at(12).toDouble() * tickUs; // stime, field 15
        }
    }
    QFile io(QStringLiteral("/proc/%1/io").arg(pid));
    if (io.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : io.readAll().split('\n')) {
            if (line.startsWith("write_bytes: "))
                u.writtenBytes = line.mid(13).toDouble();
        }
    }
    return u;
}

// The ceiling: QtHttpServer answering 200 at once, through the same adapter.
int runRawServer()
{
    WebhookHttpServer server([](IncomingRequest &&, HttpReply &&reply) {
        reply.send(200, QByteArrayLiteral(R"({"code":0,"msg":"success"})"));
    });
    auto *tcp = new QTcpServer(&server);
    if (!tcp->listen(QHostAddress::LocalHost, 0))
        return 1;
    server.bind(tcp);
    QTextStream(stdout) << "listening on http://127.0.0.1:" << tcp->serverPort() << "/webhook"
                        << Qt::endl;
    return QCoreApplication::exec();
}

// Starts a server process and returns the URL it printed.
QString startServer(QProcess &process, const QString &program, const QStringList &args)
{
    process.start(program, args);
    if (!process.waitForReadyRead(10000))
        return {};
    const QString line = QString::fromUtf8(process.readLine()).trimmed();
    return line.startsWith(QLatin1String("listening on ")) ? line.mid(13) : QString();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("count"), QStringLiteral("Deliveries per round."),
                        QStringLiteral("N"), QStringLiteral("20000")},
                       {QStringLiteral("concurrency"), QStringLiteral("Connections."),
                        QStringLiteral("C"), QStringLiteral("16")},
                       {QStringLiteral("rounds"), QStringLiteral("Alternating rounds."),
                        QStringLiteral("R"), QStringLiteral("3")},
                       {QStringLiteral("cli"), QStringLiteral("The hookscope-cli to run."),
                        QStringLiteral("PATH"), kCli},
                       {QStringLiteral("raw-server"), QStringLiteral("Run the ceiling server.")}});
    parser.process(app);
    if (parser.isSet(QStringLiteral("raw-server")))
        return runRawServer();
    kCli = parser.value(QStringLiteral("cli"));
    const int count = parser.value(QStringLiteral("count")).toInt();
    const int concurrency = parser.value(QStringLiteral("concurrency")).toInt();
    const int rounds = parser.value(QStringLiteral("rounds")).toInt();
    QTextStream out(stdout);

    QTemporaryDir dir;
    QProcess raw;
    QProcess serve;
    const QString rawUrl =
        startServer(raw, QCoreApplication::applicationFilePath(), {QStringLiteral("--raw-server")});
    const QString url = startServer(serve, kCli,
                                    {QStringLiteral("serve"), QStringLiteral("--listen"),
                                     QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"),
                                     dir.filePath(QStringLiteral("bench.db")),
                                     QStringLiteral("--secret"), QStringLiteral("bench-secret")});
    if (rawUrl.isEmpty() || url.isEmpty()) {
        out << "could not start the servers" << Qt::endl;
        return 1;
    }
    out << "count " << count << ", concurrency " << concurrency << ", rounds " << rounds
        << ", signed 'text' samples; servers and sender in separate processes" << Qt::endl;
    out << "round  raw req/s  hookscope req/s  ratio  hookscope p50 ms  p99 ms  200s" << Qt::endl;
    double sumRaw = 0;
    double sumHs = 0;
    QStringList usageLines;
    for (int round = 1; round <= rounds; ++round) {
        const Result r = drive(rawUrl, count, concurrency);
        const Usage before = usageOf(serve.processId());
        const Result hs = drive(url, count, concurrency);
        const Usage after = usageOf(serve.processId());
        const double n = hs.ok > 0 ? hs.ok : 1;
        usageLines.append(
            QStringLiteral("round %1 hookscope serve: cpu %2 us per delivery (user %3, system "
                           "%4), %5 pages of 4 KiB written per delivery")
                .arg(round)
                .arg((after.userUs + after.systemUs - before.userUs - before.systemUs) / n, 0, 'f',
                     1)
                .arg((after.userUs - before.userUs) / n, 0, 'f', 1)
                .arg((after.systemUs - before.systemUs) / n, 0, 'f', 1)
                .arg((after.writtenBytes - before.writtenBytes) / 4096.0 / n, 0, 'f', 2));
        sumRaw += r.rate;
        sumHs += hs.rate;
        out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
                   .arg(round, 5)
                   .arg(r.rate, 9, 'f', 0)
                   .arg(hs.rate, 15, 'f', 0)
                   .arg(r.rate > 0 ? hs.rate / r.rate : 0, 5, 'f', 2)
                   .arg(hs.p50, 16, 'f', 2)
                   .arg(hs.p99, 6, 'f', 2)
                   .arg(hs.ok)
            << Qt::endl;
    }
    out << QStringLiteral("mean ratio (sum hookscope / sum raw): %1").arg(sumHs / sumRaw, 0, 'f', 2)
        << Qt::endl;
    for (const QString &line : std::as_const(usageLines))
        out << line << Qt::endl;
    serve.terminate();
    serve.waitForFinished();
    raw.kill();
    raw.waitForFinished();
    return 0;
}
