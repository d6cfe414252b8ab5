// Signed deliveries per second through the real receiver (parse, verify,
// group commit to SQLite with synchronous=FULL, answer after commit) against
// a raw QtHttpServer on this machine that answers 200 without doing anything.
// Both are driven in one run by the same load generator (`hookscope-cli send`
// in a separate process), so the ratio compares like with like.
//
//   bench_ingest [--count N] [--concurrency C] [--rounds R]

#include "receiverservice.h"
#include "webhookhttpserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <memory>

namespace {

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
    send.start(QStringLiteral(HOOKSCOPE_CLI_PATH),
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

// The ceiling: QtHttpServer on a worker thread answering 200 at once.
class RawServer final {
public:
    RawServer()
    {
        m_thread.start();
        m_anchor.moveToThread(&m_thread);
        QMetaObject::invokeMethod(
            &m_anchor,
            [this] {
                m_server = new WebhookHttpServer([](IncomingRequest &&, HttpReply &&reply) {
                    reply.send(200, QByteArrayLiteral(R"({"code":0,"msg":"success"})"));
                });
                auto *tcp = new QTcpServer(m_server);
                tcp->listen(QHostAddress::LocalHost, 0);
                m_server->bind(tcp);
                m_port = tcp->serverPort();
            },
            Qt::BlockingQueuedConnection);
    }
    ~RawServer()
    {
        QMetaObject::invokeMethod(
            &m_anchor, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    quint16 port() const { return m_port; }

private:
    QThread m_thread;
    QObject m_anchor;
    WebhookHttpServer *m_server = nullptr;
    quint16 m_port = 0;
};

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
                        QStringLiteral("R"), QStringLiteral("3")}});
    parser.process(app);
    const int count = parser.value(QStringLiteral("count")).toInt();
    const int concurrency = parser.value(QStringLiteral("concurrency")).toInt();
    const int rounds = parser.value(QStringLiteral("rounds")).toInt();
    QTextStream out(stdout);

    QTemporaryDir dir;
    ReceiverService service;
    ReceiverConfig config;
    config.port = 0;
    config.secret = "bench-secret";
    QString error;
    if (!service.start(config, dir.filePath(QStringLiteral("bench.db")), &error)) {
        out << "cannot start the receiver: " << error << Qt::endl;
        return 1;
    }
    const QString url = service.url();
    auto rawServer = std::make_unique<RawServer>();
    const QString rawUrl = QStringLiteral("http://127.0.0.1:%1/webhook").arg(rawServer->port());
    out << "count " << count << ", concurrency " << concurrency << ", rounds " << rounds
        << ", signed 'text' samples, sender hookscope-cli send (separate process)" << Qt::endl;
    out << "round  raw req/s  hookscope req/s  ratio  hookscope p50 ms  p99 ms  200s" << Qt::endl;
    double sumRaw = 0;
    double sumHs = 0;
    for (int round = 1; round <= rounds; ++round) {
        const Result raw = drive(rawUrl, count, concurrency);
        const Result hs = drive(url, count, concurrency);
        sumRaw += raw.rate;
        sumHs += hs.rate;
        out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
                   .arg(round, 5)
                   .arg(raw.rate, 9, 'f', 0)
                   .arg(hs.rate, 15, 'f', 0)
                   .arg(raw.rate > 0 ? hs.rate / raw.rate : 0, 5, 'f', 2)
                   .arg(hs.p50, 16, 'f', 2)
                   .arg(hs.p99, 6, 'f', 2)
                   .arg(hs.ok)
            << Qt::endl;
    }
    out << QStringLiteral("mean ratio (sum hookscope / sum raw): %1").arg(sumHs / sumRaw, 0, 'f', 2)
        << Qt::endl;
    service.stop();
    rawServer.reset();
    return 0;
}
