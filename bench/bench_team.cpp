// Team mode's throughput: signed deliveries per second through one
// `hookscope-cli serve` on SQLite, one on PostgreSQL, and two on one
// PostgreSQL database, driven by the same client in one run, round after
// round, each configuration on a fresh store (bench/README.md, bench_team).
//
//   bench_team --postgres URL [--count N] [--concurrency C] [--rounds R] [--cli PATH]
//
// URL names a PostgreSQL server and a database to connect to, as `--db`
// takes it; its role needs CREATEDB: each PostgreSQL run gets a database of
// its own (hs_bench_<random>), dropped after it. The client is `hookscope-cli
// send` (C connections; for two receivers, two sends at once with N/2
// deliveries and C/2 connections each). A run's time is from its first
// request to its last answer: each send's own time, placed on this
// program's clock by the moment the send exited. A run counts only if every
// delivery was answered 200 and the store holds N events; otherwise the
// benchmark says why and exits 1.
//
// The bodies are those of `send --sample text`, written to a fixtures file
// first (send signs each one as it sends it, as for a sample): the sample's
// ids come from the millisecond the send started, so two sends started in
// the same millisecond would send the same messages, stored once.

#include "samplefactory.h"
#include "scratchpostgres.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

namespace {

// The hookscope-cli that serves and sends (--cli: another build's).
QString kCli = QStringLiteral(HOOKSCOPE_CLI_PATH);
const QString kSecret = QStringLiteral("bench-secret");
constexpr int kServeStartMs = 60000;
constexpr int kServeStopMs = 30000;

using Processes = std::vector<std::unique_ptr<QProcess>>;

enum class Backend { Sqlite, Postgres };

struct Configuration {
    QString name;
    Backend backend = Backend::Sqlite;
    int receivers = 1;
};

// What one send said, and when it exited on this program's clock.
struct Sent {
    qint64 ok = 0;      // answered 200
    qint64 other = 0;   // answered otherwise, or not at all
    double seconds = 0; // its first request to its last answer
    double p50 = 0;
    double p99 = 0;
    double exitedS = 0;
};

struct Run {
    double seconds = 0;
    double perSecond = 0;
    double p50 = 0; // the worse of the sends'
    double p99 = 0;
};

double capture(const QString &text, const QString &pattern)
{
    const QRegularExpressionMatch m = QRegularExpression(pattern).match(text);
    return m.hasMatch() ? m.captured(1).toDouble() : 0;
}

Sent parseSend(const QString &out)
{
    Sent s;
    const QRegularExpression status(QStringLiteral("(?m)^  (\\d{3}): (\\d+)$"));
    qint64 answered = 0;
    for (auto it = status.globalMatch(out); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        answered += m.captured(2).toLongLong();
        if (m.captured(1) == QLatin1String("200"))
            s.ok += m.captured(2).toLongLong();
    }
    s.other =
        answered - s.ok + qint64(capture(out, QStringLiteral("(?m)^  connection errors: (\\d+)$")));
    // The rate has more digits than the time (printed to 10 ms).
    const double rate = capture(out, QStringLiteral("\\(([\\d.]+) per second\\)"));
    s.seconds = rate > 0 ? double(answered) / rate
                         : capture(out, QStringLiteral("deliveries in ([\\d.]+) s"));
    s.p50 = capture(out, QStringLiteral("p50 ([\\d.]+) ms"));
    s.p99 = capture(out, QStringLiteral("p99 ([\\d.]+) ms"));
    return s;
}

bool writeBodies(const QString &path, qint64 runId, qint64 count, QString *error)
{
    const SampleFactory factory(SampleFactory::Kind::Text, runId);
    QJsonArray list;
    for (qint64 i = 0; i < count; ++i)
        list.append(QJsonObject{{QStringLiteral("body"), QString::fromUtf8(factory.body(i))}});
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) &&
        file.write(QJsonDocument(list).toJson(QJsonDocument::Compact)) >= 0 && file.commit())
        return true;
    *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return false;
}

void stop(Processes &processes)
{
    for (const auto &p : processes)
        p->terminate();
    for (const auto &p : processes) {
        if (p->state() != QProcess::NotRunning && !p->waitForFinished(kServeStopMs)) {
            QTextStream(stderr) << "bench_team: " << p->program() << " " << p->arguments().first()
                                << " did not stop within " << kServeStopMs / 1000
                                << " s of SIGTERM: killed" << Qt::endl;
            p->kill();
            p->waitForFinished(5000);
        }
    }
}

// Starts `serve` on `db` and returns the URL it printed (empty, *error set).
QString startReceiver(QProcess &p, const QString &db, const QProcessEnvironment &env,
                      QString *error)
{
    p.setProcessEnvironment(env);
    p.start(kCli,
            {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
             QStringLiteral("--db"), db, QStringLiteral("--secret"), kSecret});
    const QDeadlineTimer deadline(kServeStartMs);
    while (!p.canReadLine() && p.waitForReadyRead(int(deadline.remainingTime()))) {
    }
    const QString line = QString::fromUtf8(p.readLine()).trimmed();
    if (line.startsWith(QLatin1String("listening on ")))
        return line.mid(13);
    const QString why = QString::fromUtf8(p.readAllStandardError()).trimmed();
    *error = QStringLiteral("serve --db %1 did not start: %2")
                 .arg(db, why.isEmpty() ? p.errorString() : why);
    return {};
}

// Runs one send per URL at once, each with its fixtures file and
// connections; false with *error set when one failed or timed out.
bool drive(const QStringList &urls, const QStringList &files, const QList<int> &connections,
           int timeoutMs, QList<Sent> *sent, QString *error)
{
    QElapsedTimer clock;
    QList<double> exitedS(urls.size(), -1);
    QEventLoop loop;
    Processes sends; // destroyed first: a finished() it emits still finds the rest
    clock.start();
    for (qsizetype i = 0; i < urls.size(); ++i) {
        auto &p = sends.emplace_back(std::make_unique<QProcess>());
        QObject::connect(p.get(), &QProcess::finished, &loop, [&loop, &clock, &exitedS, i] {
            exitedS[i] = double(clock.nsecsElapsed()) / 1e9;
            if (!exitedS.contains(-1))
                loop.quit();
        });
        p->start(kCli, {QStringLiteral("send"), QStringLiteral("--url"), urls.at(i),
                        QStringLiteral("--secret"), kSecret, QStringLiteral("--file"), files.at(i),
                        QStringLiteral("--count"), QStringLiteral("1"),
                        QStringLiteral("--concurrency"), QString::number(connections.at(i))});
    }
    for (qsizetype i = 0; i < urls.size(); ++i) {
        if (!sends.at(i)->waitForStarted(10000)) {
            stop(sends);
            *error = QStringLiteral("cannot run %1: %2").arg(kCli, sends.at(i)->errorString());
            return false;
        }
    }
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (exitedS.contains(-1))
        loop.exec();
    for (qsizetype i = 0; i < urls.size(); ++i) {
        QProcess &p = *sends.at(i);
        if (exitedS.at(i) < 0) {
            stop(sends);
            *error = QStringLiteral("send to %1 did not finish within %2 s")
                         .arg(urls.at(i))
                         .arg(timeoutMs / 1000);
            return false;
        }
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            *error = QStringLiteral("send to %1 failed: %2")
                         .arg(urls.at(i), QString::fromUtf8(p.readAllStandardError()).trimmed());
            return false;
        }
        Sent s = parseSend(QString::fromUtf8(p.readAllStandardOutput()));
        s.exitedS = exitedS.at(i);
        sent->append(s);
    }
    return true;
}

// The sends' span, from the earliest first request to the latest last answer.
Run combine(const QList<Sent> &sent, qint64 count)
{
    double first = sent.first().exitedS - sent.first().seconds;
    double last = sent.first().exitedS;
    Run r;
    for (const Sent &s : sent) {
        first = std::min(first, s.exitedS - s.seconds);
        last = std::max(last, s.exitedS);
        r.p50 = std::max(r.p50, s.p50);
        r.p99 = std::max(r.p99, s.p99);
    }
    r.seconds = last - first;
    r.perSecond = r.seconds > 0 ? double(count) / r.seconds : 0;
    return r;
}

// Events in the store of `connection` (added by the caller, removed here);
// -1 with *error set.
qint64 countEvents(const QString &connection, QString *error)
{
    qint64 n = -1;
    {
        QSqlDatabase db = QSqlDatabase::database(connection, false);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT count(*) FROM events")) && query.next())
                n = query.value(0).toLongLong();
            else
                *error = query.lastError().text();
        } else {
            *error = db.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return n;
}

// The receivers on `db`, the sends, the stop; false with *error set unless
// every delivery was answered 200.
bool measure(const Configuration &config, const QString &db, const QProcessEnvironment &env,
             const QString &tmp, qint64 count, int concurrency, Run *run, QString *error)
{
    QStringList files;
    QList<int> connections;
    const qint64 runId = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < config.receivers; ++i) {
        const qint64 share = count / config.receivers + (i < count % config.receivers ? 1 : 0);
        files.append(QStringLiteral("%1/bodies-%2.json").arg(tmp).arg(i + 1));
        connections.append(concurrency / config.receivers +
                           (i < concurrency % config.receivers ? 1 : 0));
        if (!writeBodies(files.last(), runId + i, share, error))
            return false;
    }
    Processes receivers;
    QStringList urls;
    for (int i = 0; i < config.receivers; ++i) {
        urls.append(
            startReceiver(*receivers.emplace_back(std::make_unique<QProcess>()), db, env, error));
        if (urls.last().isEmpty()) {
            stop(receivers);
            return false;
        }
    }
    QList<Sent> sent;
    const bool driven = drive(urls, files, connections, int(60000 + count * 10), &sent, error);
    stop(receivers);
    if (!driven)
        return false;
    qint64 ok = 0;
    qint64 other = 0;
    for (const Sent &s : std::as_const(sent)) {
        ok += s.ok;
        other += s.other;
    }
    if (ok != count) {
        *error = QStringLiteral("%1: %2 of %3 deliveries answered 200 (%4 otherwise or not at all)")
                     .arg(config.name)
                     .arg(ok)
                     .arg(count)
                     .arg(other);
        return false;
    }
    *run = combine(sent, count);
    return true;
}

bool checkStored(const QString &name, const QString &connection, qint64 count, QString *error)
{
    QString why;
    const qint64 stored = countEvents(connection, &why);
    if (stored == count)
        return true;
    *error = stored < 0 ? QStringLiteral("%1: cannot count the stored events: %2").arg(name, why)
                        : QStringLiteral("%1: the store holds %2 events of %3 answered 200")
                              .arg(name)
                              .arg(stored)
                              .arg(count);
    return false;
}

bool runSqlite(const Configuration &config, qint64 count, int concurrency, Run *run, QString *error)
{
    QTemporaryDir tmp;
    const QString file = tmp.filePath(QStringLiteral("bench.db"));
    if (!measure(config, file, QProcessEnvironment::systemEnvironment(), tmp.path(), count,
                 concurrency, run, error))
        return false;
    const QString connection = QStringLiteral("bench-sqlite");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(file);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    }
    return checkStored(config.name, connection, count, error);
}

bool runPostgres(ScratchPostgres &server, const Configuration &config, qint64 count,
                 int concurrency, Run *run, QString *error)
{
    const QString database = server.create(error);
    if (database.isEmpty())
        return false;
    QTemporaryDir tmp;
    bool ok = measure(config, server.storeUrl(database), server.environment(), tmp.path(), count,
                      concurrency, run, error);
    if (ok) {
        const QString connection = QStringLiteral("bench-count");
        server.addConnection(connection, database);
        ok = checkStored(config.name, connection, count, error);
    }
    QString why;
    if (!server.drop(database, &why))
        QTextStream(stderr) << "bench_team: database " << database << " was not dropped: " << why
                            << Qt::endl;
    return ok;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n == 0 ? 0 : (values.at((n - 1) / 2) + values.at(n / 2)) / 2;
}

QString figures(const QList<double> &values, int precision)
{
    QStringList words;
    for (double v : values)
        words.append(QString::number(v, 'f', precision));
    return words.join(u' ');
}

void printSummary(const QList<Configuration> &configs, const QList<QList<Run>> &runs)
{
    QTextStream out(stdout);
    out << "configuration  median per second  per second in each round  p50 ms  p99 ms" << Qt::endl;
    QList<double> medians;
    for (qsizetype c = 0; c < configs.size(); ++c) {
        QList<double> rates;
        QList<double> p50s;
        QList<double> p99s;
        for (const Run &r : runs.at(c)) {
            rates.append(r.perSecond);
            p50s.append(r.p50);
            p99s.append(r.p99);
        }
        medians.append(median(rates));
        out << QStringLiteral("%1  %2  %3  %4  %5")
                   .arg(configs.at(c).name, -13)
                   .arg(medians.last(), 17, 'f', 0)
                   .arg(figures(rates, 0), -25)
                   .arg(figures(p50s, 2), -6)
                   .arg(figures(p99s, 2))
            << Qt::endl;
    }
    for (qsizetype c = 1; c < configs.size(); ++c)
        out << QStringLiteral("ratio %1/%2 %3")
                   .arg(configs.at(c).name, configs.first().name)
                   .arg(medians.first() > 0 ? medians.at(c) / medians.first() : 0, 0, 'f', 2)
            << Qt::endl;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Deliveries per second: one receiver on SQLite, one and two on "
                       "PostgreSQL, in alternating runs."));
    parser.addHelpOption();
    parser.addOptions(
        {{QStringLiteral("count"), QStringLiteral("Deliveries per configuration and round."),
          QStringLiteral("N"), QStringLiteral("10000")},
         {QStringLiteral("concurrency"), QStringLiteral("The client's connections, in all."),
          QStringLiteral("C"), QStringLiteral("16")},
         {QStringLiteral("rounds"), QStringLiteral("Rounds."), QStringLiteral("R"),
          QStringLiteral("2")},
         {QStringLiteral("postgres"),
          QStringLiteral("A PostgreSQL server whose role may CREATE DATABASE."),
          QStringLiteral("URL")},
         {QStringLiteral("cli"), QStringLiteral("The hookscope-cli to run."),
          QStringLiteral("PATH"), kCli}});
    parser.process(app);
    kCli = parser.value(QStringLiteral("cli"));
    const qint64 count = parser.value(QStringLiteral("count")).toLongLong();
    const int concurrency = parser.value(QStringLiteral("concurrency")).toInt();
    const int rounds = parser.value(QStringLiteral("rounds")).toInt();
    QTextStream out(stdout);
    QTextStream err(stderr);
    // A sample's sequence id is run id * 1,000,000 + index: a send's share
    // must stay below a million to keep the two sends' ids apart.
    if (count < 2 || count > 1'000'000 || concurrency < 2 || rounds < 1) {
        err << "bench_team: needs --count 2..1000000, --concurrency >= 2, --rounds >= 1"
            << Qt::endl;
        return 1;
    }
    ScratchPostgres server;
    QString error;
    const QString url = parser.value(QStringLiteral("postgres"));
    if (url.isEmpty() || !server.open(url, &error)) {
        if (url.isEmpty())
            error = QStringLiteral("--postgres URL is needed: a PostgreSQL server whose role may "
                                   "CREATE DATABASE");
        err << "bench_team: " << error << Qt::endl;
        return 1;
    }
    const QList<Configuration> configs{{QStringLiteral("sqlite-1"), Backend::Sqlite, 1},
                                       {QStringLiteral("postgres-1"), Backend::Postgres, 1},
                                       {QStringLiteral("postgres-2"), Backend::Postgres, 2}};
    out << "count " << count << ", concurrency " << concurrency << ", rounds " << rounds
        << ", signed 'text' samples; each run on a fresh store" << Qt::endl;
    QList<QList<Run>> runs(configs.size());
    for (int round = 1; round <= rounds; ++round) {
        // Each round starts with the next configuration: none is always first.
        for (qsizetype k = 0; k < configs.size(); ++k) {
            const qsizetype c = (round - 1 + k) % configs.size();
            const Configuration &config = configs.at(c);
            Run run;
            const bool ok = config.backend == Backend::Sqlite
                                ? runSqlite(config, count, concurrency, &run, &error)
                                : runPostgres(server, config, count, concurrency, &run, &error);
            if (!ok) {
                err << "bench_team: round " << round << ", " << error << Qt::endl;
                return 1;
            }
            runs[c].append(run);
            out << QStringLiteral("round %1 %2: %3 deliveries in %4 s, %5 per second, p50 %6 ms, "
                                  "p99 %7 ms")
                       .arg(round)
                       .arg(config.name)
                       .arg(count)
                       .arg(run.seconds, 0, 'f', 2)
                       .arg(run.perSecond, 0, 'f', 0)
                       .arg(run.p50, 0, 'f', 2)
                       .arg(run.p99, 0, 'f', 2)
                << Qt::endl;
        }
    }
    printSummary(configs, runs);
    return 0;
}
