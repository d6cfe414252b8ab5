// The store at scale: a million events. Measures, in one run,
//  1. opening the stream model and reading its first rows (window open),
//  2. applying filters: time until the first rows are shown,
//  3. exporting every event as CSV, against `sqlite3 -csv` selecting the same
//     columns from the same file (the ratio is what the issue asks for).
//
//   bench_store [--db FILE] [--events N] [--no-bulk] [--generate-only]
// The database is generated once (a bulk load: EventStore::beginBulkLoad)
// and reused when FILE already holds N events.

#include "export/eventexporter.h"
#include "filter/filterexpression.h"
#include "models/eventtablemodel.h"
#include "protocol/eventparser.h"
#include "samplefactory.h"
#include "store/eventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTextStream>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include <sys/resource.h>

namespace {

// CPU seconds (user + system) this process has used so far.
double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &t) { return double(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// The generated event number i (the same for every run: the payloads come
// from SampleFactory, 80% messages across the channels, 20% customer events).
EventRecord generatedRecord(qint64 i, qint64 start, qint64 step)
{
    static const QList<SampleFactory::Kind> kinds{
        SampleFactory::Kind::Text,      SampleFactory::Kind::Text, SampleFactory::Kind::Button,
        SampleFactory::Kind::Image,     SampleFactory::Kind::Text, SampleFactory::Kind::Text,
        SampleFactory::Kind::Text,      SampleFactory::Kind::Text, SampleFactory::Kind::AddUser,
        SampleFactory::Kind::UpdateUser};
    const SampleFactory factory(kinds.at(i % kinds.size()), 1000 + i / 200);
    const QByteArray body = factory.body(i);
    EventParser::Result parsed = EventParser::parse(body);
    EventRecord r = std::move(parsed.record);
    r.receivedAtMs = r.lastReceivedAtMs = start + i * step;
    r.verification = i % 50 == 0 ? Verification::BadSignature : Verification::Verified;
    r.dedupeKey = QStringLiteral("bench:%1").arg(i);
    r.payload = body;
    return r;
}

// Batches of generated records from the generator's thread to the store's,
// at most a few in flight.
class RecordQueue final {
public:
    static constexpr qint64 kBatch = 1000;

    void push(QList<EventRecord> batch)
    {
        std::unique_lock lock(m_mutex);
        m_space.wait(lock, [this] { return m_batches.size() < 8 || m_stopped; });
        m_batches.push_back(std::move(batch));
        m_ready.notify_one();
    }
    QList<EventRecord> pop()
    {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [this] { return !m_batches.empty(); });
        QList<EventRecord> batch = std::move(m_batches.front());
        m_batches.pop_front();
        m_space.notify_one();
        return batch;
    }
    void stop()
    {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
        m_space.notify_all();
    }
    bool stopped()
    {
        std::lock_guard lock(m_mutex);
        return m_stopped;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_space;
    std::deque<QList<EventRecord>> m_batches;
    bool m_stopped = false;
};

// `bulk` false: rows appended as the receiver's writer would (indices kept
// up to date, commits every 10,000 rows, synced), to compare.
bool generate(const QString &path, qint64 events, bool bulk)
{
    EventStore store;
    QString error;
    QElapsedTimer opening;
    opening.start();
    if (!store.open(path, &error)) {
        out() << error << Qt::endl;
        return false;
    }
    // An older file is upgraded here, as the receiver would on its start.
    out() << QStringLiteral("store opened for writing in %1 ms").arg(opening.elapsed()) << Qt::endl;
    const qint64 existing = store.eventCount();
    if (existing >= events)
        return true;
    out() << "generating " << events - existing << " events in " << path << " ..." << Qt::endl;
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - 20LL * 24 * 3600 * 1000;
    const qint64 step = 20LL * 24 * 3600 * 1000 / events;
    // A bulk load (EventStore::beginBulkLoad): the secondary indices are
    // built once at the end, large transactions, no syncing. The rows are
    // the ones append() has always made, with the same generator, which runs
    // on a thread of its own (the bodies and their parse cost more than the
    // appends) and hands over records in order, a batch at a time.
    QElapsedTimer loading;
    loading.start();
    const double cpuBefore = cpuSeconds();
    if ((bulk && !store.beginBulkLoad()) || !store.beginTransaction()) {
        out() << store.lastError() << Qt::endl;
        return false;
    }
    RecordQueue queue;
    std::thread producer([&queue, existing, events, start, step] {
        for (qint64 first = existing; first < events && !queue.stopped();
             first += RecordQueue::kBatch) {
            QList<EventRecord> batch;
            for (qint64 i = first; i < std::min(events, first + RecordQueue::kBatch); ++i)
                batch.append(generatedRecord(i, start, step));
            queue.push(std::move(batch));
        }
        queue.push({}); // the end
    });
    bool ok = true;
    for (qint64 i = existing; ok;) {
        const QList<EventRecord> batch = queue.pop();
        if (batch.isEmpty())
            break;
        for (const EventRecord &r : batch) {
            ok = ok && store.append(r).has_value();
            if (ok && i % (bulk ? 100000 : 10000) == (bulk ? 99999 : 9999))
                ok = store.commit() && store.beginTransaction();
            ++i;
        }
    }
    queue.stop();
    producer.join();
    if (!ok) {
        out() << store.lastError() << Qt::endl;
        return false;
    }
    if (!store.commit()) {
        out() << store.lastError() << Qt::endl;
        return false;
    }
    const qint64 rowsMs = loading.elapsed();
    const bool indexed = !bulk || store.endBulkLoad();
    out() << QStringLiteral("generated %1 events in %2 s (rows %3 s, indices %4 s; CPU %5 s)")
                 .arg(events - existing)
                 .arg(double(loading.elapsed()) / 1000.0, 0, 'f', 1)
                 .arg(double(rowsMs) / 1000.0, 0, 'f', 1)
                 .arg(double(loading.elapsed() - rowsMs) / 1000.0, 0, 'f', 1)
                 .arg(cpuSeconds() - cpuBefore, 0, 'f', 1)
          << Qt::endl;
    return indexed || (out() << store.lastError() << Qt::endl, false);
}

// The stream model reads large stores on its reader thread and posts the
// rows here in chunks: run the event loop until `done` holds.
template<typename Done>
void spinUntil(const Done &done)
{
    while (!done())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

// Reads the first 50 rows as a view would, once they are there.
QString readFirstRows(const EventTableModel &model)
{
    spinUntil([&model] { return model.rowCount() >= 50 || !model.isLoading(); });
    QString sink;
    for (int row = 0; row < 50 && row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column)
            sink += model.index(row, column).data().toString();
    }
    return sink;
}

void measureOpen(const QString &path)
{
    QElapsedTimer timer;
    timer.start();
    EventTableModel model;
    model.openStore(path);
    const qint64 returned = timer.elapsed();
    readFirstRows(model);
    const qint64 firstRows = timer.elapsed();
    spinUntil([&model] { return !model.isLoading(); });
    out() << QStringLiteral("open stream model: openStore returned after %1 ms, first 50 rows "
                            "read after %2 ms, all %3 rows after %4 ms")
                 .arg(returned)
                 .arg(firstRows)
                 .arg(model.rowCount())
                 .arg(timer.elapsed())
          << Qt::endl;
}

void measureFilters(const QString &path)
{
    EventTableModel model;
    model.openStore(path);
    model.sort(EventTableModel::Time); // as the stream pane shows it
    spinUntil([&model] { return !model.isLoading(); });
    const QStringList filters{
        QStringLiteral("channel:7"),
        QStringLiteral("type:image"),
        QStringLiteral("verified:no"),
        QStringLiteral("sender:agent channel:\"WhatsApp App\""),
        QStringLiteral("since:2d"),
        QStringLiteral("user:cu7-3"),
        QStringLiteral("delivery"),
        QStringLiteral("\"blue one\" OR 价格"),
        QStringLiteral("event:add_user -verified:yes"),
    };
    for (const QString &text : filters) {
        QElapsedTimer timer;
        timer.start();
        model.setFilter(FilterExpression::parse(text));
        const qint64 returned = timer.elapsed();
        readFirstRows(model);
        const qint64 firstRows = timer.elapsed();
        spinUntil([&model] { return !model.isLoading(); });
        out() << QStringLiteral("filter %1: %2 rows; setFilter returned %3 ms, first rows shown "
                                "%4 ms, all rows %5 ms")
                     .arg(text, -40)
                     .arg(model.rowCount(), 8)
                     .arg(returned, 3)
                     .arg(firstRows, 4)
                     .arg(timer.elapsed(), 5)
              << Qt::endl;
    }
}

// Text search (docs/storage.md): one stream page (256 rows in time order)
// from the start and from the middle of the store, and the count of every
// match, through the scan (schema 6 and before) and through the store's
// choice (the trigram index for a rare needle; its decision is timed too).
void measureTextSearch(const QString &path)
{
    EventStore store;
    if (!store.openReadOnly(path))
        return;
    const qint64 last = store.maxEventId();
    const std::optional<EventRecord> middle = store.event(last / 2);
    if (!middle)
        return;
    const QString order = QStringLiteral("received_at, id");
    const QStringList needles{QStringLiteral("delivery"), QStringLiteral("价格和"),
                              QStringLiteral("\"blue one\""), QStringLiteral("999983"),
                              QStringLiteral("zqxjv")};
    for (const QString &needle : needles) {
        const FilterExpression filter = FilterExpression::parse(needle);
        for (const bool indexed : {false, true}) {
            QElapsedTimer timer;
            timer.start();
            const FilterExpression::Sql sql =
                filter.toSql({}, indexed ? store.textIndex() : FilterExpression::TextIndex());
            const qint64 decided = timer.elapsed();
            int rows = 0;
            const auto page = [&rows](qint64) { return ++rows < 256; };
            store.scanEventIds(0, last, sql.where, sql.binds, order, page);
            const qint64 first = timer.elapsed();
            const int firstRows = std::exchange(rows, 0);
            timer.restart();
            store.scanEventIds(
                0, last, QStringLiteral("(received_at, id) > (?, ?) AND (%1)").arg(sql.where),
                QVariantList{middle->receivedAtMs, middle->id} + sql.binds, order, page);
            const qint64 middlePage = timer.elapsed();
            timer.restart();
            const qint64 count = store.eventCount(sql.where, sql.binds);
            out() << QStringLiteral("text search %1 %2: decided %3 ms, first page %4 rows %5 ms, "
                                    "middle page %6 rows %7 ms, %8 rows counted %9 ms")
                         .arg(needle, -12)
                         .arg(!indexed ? QLatin1String("scan ")
                              : sql.where.contains(QLatin1String("MATCH"))
                                  ? QLatin1String("index")
                                  : QLatin1String("(scan)"))
                         .arg(decided)
                         .arg(firstRows)
                         .arg(first)
                         .arg(rows)
                         .arg(middlePage)
                         .arg(count)
                         .arg(timer.elapsed())
                  << Qt::endl;
        }
    }
}

void measureExport(const QString &path)
{
    QElapsedTimer timer;
    timer.start();
    qint64 rows = 0;
    {
        EventStore store;
        store.openReadOnly(path);
        QFile file(QStringLiteral("/dev/null"));
        file.open(QIODevice::WriteOnly);
        EventExporter exporter(EventExporter::Format::Csv, &file);
        exporter.begin();
        store.forEachExportRow({}, {},
                               [&exporter](const ExportRow &r) { return exporter.write(r); });
        exporter.finish();
        rows = exporter.rowsWritten();
    }
    const qint64 ours = timer.elapsed();
    timer.restart();
    QProcess sqlite;
    sqlite.setStandardOutputFile(QStringLiteral("/dev/null"));
    sqlite.start(QStringLiteral("sqlite3"),
                 {QStringLiteral("-csv"), QStringLiteral("-header"), path,
                  QStringLiteral("SELECT id, received_at, event, channel, channel_name, "
                                 "chat_user_id, chat_session_id, sequence_id, msg_type, "
                                 "sender_type, msg, name, phone, email, verification, "
                                 "deliveries, CAST(payload AS TEXT) FROM events ORDER BY id")});
    const bool ran = sqlite.waitForFinished(-1) && sqlite.exitCode() == 0;
    const qint64 theirs = timer.elapsed();
    out() << QStringLiteral("export CSV of %1 rows: HookScope %2 ms, sqlite3 -csv %3 ms, "
                            "ratio %4")
                 .arg(rows)
                 .arg(ours)
                 .arg(ran ? QString::number(theirs) : QStringLiteral("(sqlite3 not installed)"))
                 .arg(ran && theirs > 0 ? double(ours) / double(theirs) : 0, 0, 'f', 2)
          << Qt::endl;
}

// What the channel list, the customers list and the inbox read when they
// open: the summary tables, against the scans they replace (same file).
void measureSummaries(const QString &path)
{
    EventStore tables;
    EventStore scan;
    if (!tables.openReadOnly(path) || !scan.openReadOnly(path) || !tables.hasSummaries()) {
        out() << "summary reads: the store has no summary tables" << Qt::endl;
        return;
    }
    scan.setUseSummaries(false);
    const qint64 last = tables.maxEventId();
    const auto timed = [](const auto &read) {
        QElapsedTimer timer;
        timer.start();
        const qsizetype rows = read();
        return QStringLiteral("%1 ms (%2 rows)").arg(timer.elapsed()).arg(rows);
    };
    const QString notTest = QStringLiteral("test = 0");
    out() << "summary reads: channels "
          << timed([&] { return tables.messageTallyByChannel(0, last).size(); }) << ", scan "
          << timed([&] { return scan.messageTallyByChannel(0, last).size(); }) << Qt::endl;
    out() << "summary reads: customers " << timed([&] {
        return tables.customerSummaries(last).value_or(QList<EventStore::CustomerSummary>()).size();
    }) << ", scan "
          << timed([&] {
                 return scan.customerEvents(0, last).size() + scan.messageCustomers(0, last).size();
             })
          << Qt::endl;
    out() << "summary reads: inbox " << timed([&] {
        return tables.inboxSummaries(last, last, 500)
            .value_or(QList<EventStore::SessionSummary>())
            .size();
    }) << ", scan "
          << timed([&] { return scan.sessionSummaries(0, last, last, 500, notTest, {}).size(); })
          << Qt::endl;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{QStringLiteral("db"), QStringLiteral("Database file (kept)."), QStringLiteral("FILE"),
          QStringLiteral("/tmp/hookscope-bench-1m.db")},
         {QStringLiteral("events"), QStringLiteral("Events in it."), QStringLiteral("N"),
          QStringLiteral("1000000")},
         {QStringLiteral("no-bulk"),
          QStringLiteral("Generate row by row with the indices kept (to compare).")},
         {QStringLiteral("generate-only"), QStringLiteral("Only generate the store.")},
         {QStringLiteral("summaries-only"),
          QStringLiteral("Only the summary tables' reads (and the upgrade).")},
         {QStringLiteral("text-search-only"),
          QStringLiteral("Only the text-search figures (after opening).")}});
    parser.process(app);
    const QString path = parser.value(QStringLiteral("db"));
    if (!generate(path, parser.value(QStringLiteral("events")).toLongLong(),
                  !parser.isSet(QStringLiteral("no-bulk"))))
        return 1;
    if (parser.isSet(QStringLiteral("generate-only")))
        return 0;
    if (parser.isSet(QStringLiteral("summaries-only"))) {
        measureSummaries(path);
        return 0;
    }
    if (!parser.isSet(QStringLiteral("text-search-only"))) {
        measureSummaries(path);
        measureOpen(path);
        measureOpen(path); // warm: the file is now in the OS cache
        measureFilters(path);
        measureExport(path);
    }
    measureTextSearch(path);
    return 0;
}
