// A team desk's copy of a PostgreSQL store (docs/team.md, DeskMirror): how
// long the first open of a window on a team store takes to copy N events,
// and how long after a receiver's commit the copy announces it to the panes
// (bench/README.md, bench_deskcopy).
//
//   bench_deskcopy --postgres URL [--count N] [--commits M] [--rounds R]
//
// URL names a PostgreSQL server whose role may CREATE DATABASE; each round
// fills a fresh database (hs_bench_<random>) with N message events in
// transactions of 500, as receivers would have stored them, a tenth of them
// retried once, then times a DeskMirror from an empty copy until it says
// live. Then M single-event commits are made one after the other, each
// waiting for the copy's announcement of it: the time from the commit's
// return to the announcement, p50 and p99 (the panes' feed coalesces over
// 250 ms, as the receiver's does).

#include "ingest/appendfeed.h"
#include "ingest/deskmirror.h"
#include "scratchpostgres.h"
#include "store/eventstore.h"
#include "store/pgeventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

namespace {

EventRecord message(qint64 n)
{
    EventRecord r;
    r.receivedAtMs = 1764000000000 + n;
    r.event = QStringLiteral("message");
    r.channel = int(n % 8);
    r.chatUserId = QStringLiteral("cu-%1").arg(n % 500);
    r.chatSessionId = QStringLiteral("s-%1").arg(n % 500);
    r.sequenceId = QString::number(n);
    r.senderType = n % 3 == 0 ? SenderType::Agent : SenderType::Customer;
    r.msgType = QStringLiteral("text");
    r.msg = QStringLiteral("message %1 of the benchmark, a line of ordinary length").arg(n);
    r.verification = Verification::Verified;
    r.dedupeKey = QStringLiteral("m:cu:%1").arg(n);
    r.payload = QByteArray(600, 'x') + QByteArray::number(n);
    return r;
}

bool fill(PgEventStore &pg, qint64 count, QString *error)
{
    for (qint64 from = 0; from < count; from += 500) {
        if (!pg.beginTransaction())
            break;
        bool ok = true;
        for (qint64 n = from; ok && n < std::min(count, from + 500); ++n) {
            ok = pg.append(message(n)).has_value();
            if (ok && n % 10 == 0) { // a retry: one more receipt
                EventRecord again = message(n);
                again.receivedAtMs += 2000;
                ok = pg.append(again).has_value();
            }
        }
        if (!ok || !pg.commit()) {
            *error = pg.lastError();
            pg.rollback();
            return false;
        }
    }
    *error = pg.lastError();
    return error->isEmpty();
}

// Runs the event loop until `done` or a minute has passed.
bool waitFor(const std::function<bool()> &done)
{
    QDeadlineTimer deadline(60000);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QEventLoop loop;
        QTimer::singleShot(1, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype i = std::min(values.size() - 1, qsizetype(p * double(values.size())));
    return values.at(i);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A desk copy of a PostgreSQL store: first copy and follow latency."));
    parser.addHelpOption();
    parser.addOptions({{QStringLiteral("count"), QStringLiteral("Events in the store."),
                        QStringLiteral("N"), QStringLiteral("20000")},
                       {QStringLiteral("commits"), QStringLiteral("Single-event commits followed."),
                        QStringLiteral("M"), QStringLiteral("50")},
                       {QStringLiteral("rounds"), QStringLiteral("Rounds."), QStringLiteral("R"),
                        QStringLiteral("2")},
                       {QStringLiteral("postgres"),
                        QStringLiteral("A PostgreSQL server whose role may CREATE DATABASE."),
                        QStringLiteral("URL")}});
    parser.process(app);
    const qint64 count = parser.value(QStringLiteral("count")).toLongLong();
    const int commits = parser.value(QStringLiteral("commits")).toInt();
    const int rounds = parser.value(QStringLiteral("rounds")).toInt();
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (count < 1 || commits < 1 || rounds < 1) {
        err << "bench_deskcopy: needs --count, --commits and --rounds >= 1" << Qt::endl;
        return 1;
    }
    ScratchPostgres server;
    QString error;
    const QString url = parser.value(QStringLiteral("postgres"));
    if (url.isEmpty() || !server.open(url, &error)) {
        err << "bench_deskcopy: "
            << (url.isEmpty() ? QStringLiteral("--postgres URL is needed") : error) << Qt::endl;
        return 1;
    }
    const QProcessEnvironment env = server.environment();
    if (env.contains(QStringLiteral("PGPASSWORD")))
        qputenv("PGPASSWORD", env.value(QStringLiteral("PGPASSWORD")).toUtf8());
    out << "count " << count << " events (" << (count + 9) / 10 << " retried), commits " << commits
        << ", rounds " << rounds << Qt::endl;
    for (int round = 1; round <= rounds; ++round) {
        const QString database = server.create(&error);
        if (database.isEmpty()) {
            err << "bench_deskcopy: " << error << Qt::endl;
            return 1;
        }
        const std::optional<StoreLocation> location =
            StoreLocation::parse(server.storeUrl(database), &error);
        PgEventStore pg;
        if (!location || !pg.open(*location, &error) || !fill(pg, count, &error)) {
            err << "bench_deskcopy: " << error << Qt::endl;
            return 1;
        }
        const qint64 receipts = pg.deliveryCount();
        QTemporaryDir dir;
        const QString copyPath = dir.filePath(QStringLiteral("copy.sqlite"));
        qint64 announced = 0;
        {
            DeskMirror mirror;
            QObject::connect(mirror.feed(), &AppendFeed::appended,
                             [&announced](qint64 lastEventId, qint64) { announced = lastEventId; });
            QElapsedTimer clock;
            clock.start();
            mirror.start(*location, copyPath);
            if (!waitFor([&mirror] { return mirror.status().state == DeskMirror::State::Live; })) {
                err << "bench_deskcopy: the copy did not catch up: " << mirror.status().detail
                    << Qt::endl;
                return 1;
            }
            const double seconds = double(clock.nsecsElapsed()) / 1e9;
            out << QStringLiteral("round %1 first copy: %2 events, %3 receipts in %4 s, %5 "
                                  "receipts per second")
                       .arg(round)
                       .arg(count)
                       .arg(receipts)
                       .arg(seconds, 0, 'f', 2)
                       .arg(double(receipts) / seconds, 0, 'f', 0)
                << Qt::endl;

            QList<double> latencies;
            for (int i = 0; i < commits; ++i) {
                if (!pg.beginTransaction() || !pg.append(message(count + i)) || !pg.commit()) {
                    err << "bench_deskcopy: " << pg.lastError() << Qt::endl;
                    return 1;
                }
                clock.restart();
                // The copy's ids are its own, one per event: it announces its count.
                if (!waitFor([&announced, count, i] { return announced >= count + i + 1; })) {
                    err << "bench_deskcopy: a commit was not announced" << Qt::endl;
                    return 1;
                }
                latencies.append(double(clock.nsecsElapsed()) / 1e6);
            }
            out << QStringLiteral("round %1 follow: %2 commits, commit to announcement p50 %3 ms, "
                                  "p99 %4 ms, max %5 ms")
                       .arg(round)
                       .arg(commits)
                       .arg(percentile(latencies, 0.5), 0, 'f', 1)
                       .arg(percentile(latencies, 0.99), 0, 'f', 1)
                       .arg(*std::max_element(latencies.cbegin(), latencies.cend()), 0, 'f', 1)
                << Qt::endl;
        }
        pg.close();
        QString why;
        if (!server.drop(database, &why))
            err << "bench_deskcopy: database " << database << " was not dropped: " << why
                << Qt::endl;
    }
    return 0;
}
