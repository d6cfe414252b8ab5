#include "watchcommand.h"

#include "apppaths.h"
#include "commandline.h"
#include "export/eventexporter.h"
#include "filter/filterexpression.h"
#include "filteroption.h"
#include "records/channelcatalog.h"
#include "records/exportrow.h"
#include "records/exportrowencoder.h"
#include "records/verification.h"
#include "signalwatcher.h"
#include "store/eventstore.h"
#include "store/pgchangefeed.h"
#include "store/pgeventstore.h"
#include "store/storelocation.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>
#include <QTimer>

#include <optional>

namespace {

// A field as a terminal may show it: no control characters (an ESC would
// start an escape sequence), no bidirectional overrides or isolates (they
// reorder what follows on the line), line breaks and tabs as spaces.
QString terminalSafe(QStringView text)
{
    QString safe;
    safe.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\n' || u == u'\r' || u == u'\t')
            safe.append(u' ');
        else if (c.category() == QChar::Other_Control || (u >= 0x202a && u <= 0x202e) ||
                 (u >= 0x2066 && u <= 0x2069))
            safe.append(QChar::ReplacementCharacter);
        else
            safe.append(c);
    }
    return safe;
}

QString field(QByteArrayView utf8)
{
    return terminalSafe(QString::fromUtf8(utf8));
}

// At most `columns` characters as a user counts them (a surrogate pair is
// one), "…" in place of the last when cut.
QString cut(const QString &text, int columns)
{
    if (QStringView(text).toUcs4().size() <= columns)
        return text;
    qsizetype end = 0;
    for (int kept = 0; kept < columns - 1 && end < text.size(); ++kept) {
        const bool pair = text.at(end).isHighSurrogate() && end + 1 < text.size() &&
                          text.at(end + 1).isLowSurrogate();
        end += pair ? 2 : 1;
    }
    return text.first(end) + QChar(0x2026);
}

// Standard output of the watch: text lines or the export's JSON Lines.
class WatchOutput final {
public:
    explicit WatchOutput(bool jsonl)
        : m_jsonl(jsonl)
    {
        // Straight to the descriptor: every poll's lines go out at once, also
        // into a pipe or a file (stdio would hold them in its buffer).
        m_out.open(1, QIODevice::WriteOnly | QIODevice::Unbuffered);
    }

    // Starts a batch of rows; finish() ends it.
    void begin() { m_exporter.emplace(EventExporter::Format::JsonLines, &m_out); }
    bool write(const ExportRow &row)
    {
        if (m_jsonl) {
            if (!m_exporter->write(row))
                m_error = m_exporter->errorString();
        } else {
            const QByteArray line = (WatchCommand::textLine(row) + u'\n').toUtf8();
            if (m_out.write(line) != line.size())
                m_error = m_out.errorString();
        }
        return m_error.isEmpty();
    }
    bool write(const EventRecord &record) { return write(m_encoder.rowOf(record)); }
    // The batch's error, if any: "cannot write to standard output: ...".
    QString finish()
    {
        if (m_error.isEmpty() && m_exporter && !m_exporter->finish())
            m_error = m_exporter->errorString();
        m_exporter.reset();
        return m_error.isEmpty()
                   ? QString()
                   : QStringLiteral("cannot write to standard output: %1").arg(m_error);
    }

private:
    bool m_jsonl;
    QFile m_out;
    std::optional<EventExporter> m_exporter;
    ExportRowEncoder m_encoder;
    QString m_error;
};

void failWatch(const QString &error, int *exitCode)
{
    QTextStream(stderr) << "hookscope-cli watch: " << error << Qt::endl;
    *exitCode = 1;
    QCoreApplication::exit(1);
}

// SQLite: polls the last event id every kPollMs.
class SqliteWatcher final : public QObject {
public:
    SqliteWatcher(EventStore *store, FilterExpression::Sql sql, bool jsonl, qint64 lastId)
        : m_store(store)
        , m_sql(std::move(sql))
        , m_output(jsonl)
        , m_lastId(lastId)
    {
        connect(&m_timer, &QTimer::timeout, this, &SqliteWatcher::poll);
        m_timer.start(WatchCommand::kPollMs);
    }

    int exitCode() const { return m_exitCode; }

private:
    void poll()
    {
        const qint64 newest = m_store->maxEventId();
        if (newest < 0)
            return failWatch(m_store->lastError(), &m_exitCode);
        if (newest <= m_lastId)
            return;
        QString where =
            m_sql.where.isEmpty() ? QString() : QStringLiteral("(%1) AND ").arg(m_sql.where);
        where += QStringLiteral("id > ? AND id <= ?");
        QVariantList binds = m_sql.binds;
        binds << m_lastId << newest;
        // Row by row to the output (the exporter flushes its own buffer as it
        // fills), so a burst of new events never piles up in memory.
        m_output.begin();
        const bool read = m_store->forEachExportRow(
            where, binds, [this](const ExportRow &row) { return m_output.write(row); });
        if (const QString error = m_output.finish(); !error.isEmpty())
            return failWatch(error, &m_exitCode);
        if (!read)
            return failWatch(m_store->lastError(), &m_exitCode);
        m_lastId = newest;
    }

    EventStore *m_store;
    FilterExpression::Sql m_sql;
    WatchOutput m_output;
    qint64 m_lastId;
    QTimer m_timer;
    int m_exitCode = 0;
};

// PostgreSQL: each commit's NOTIFY (PgChangeFeed) says up to which id to
// read; a lost connection is reconnected, and the watch goes on after the
// last event it printed.
class PgWatcher final : public QObject {
public:
    static constexpr int kPage = 500;

    PgWatcher(PgChangeFeed *feed, const QString &shown, FilterExpression::Sql sql, bool jsonl,
              qint64 lastId)
        : m_feed(feed)
        , m_sql(std::move(sql))
        , m_output(jsonl)
        , m_lastId(lastId)
    {
        connect(feed, &PgChangeFeed::committed, this, &PgWatcher::readUpTo);
        connect(feed, &PgChangeFeed::connectionLost, this,
                [shown](const QString &error, int retryInMs) {
                    QTextStream(stderr) << "hookscope-cli watch: lost the connection to " << shown
                                        << " (" << error.simplified() << "); reconnecting in "
                                        << (retryInMs + 999) / 1000 << " s" << Qt::endl;
                });
        connect(feed, &PgChangeFeed::reconnected, this, [this] {
            QTextStream(stderr) << "hookscope-cli watch: reconnected; catching up after #"
                                << m_lastId << Qt::endl;
        });
    }

    int exitCode() const { return m_exitCode; }

private:
    void readUpTo(qint64 upToId)
    {
        while (upToId > m_lastId && m_feed->isConnected()) {
            PgEventStore &store = m_feed->store();
            const QList<EventRecord> page =
                store.eventsAfter(m_lastId, kPage, m_sql.where, m_sql.binds, upToId);
            if (page.isEmpty() && !store.lastError().isEmpty())
                return m_feed->lost(store.lastError());
            m_output.begin();
            for (const EventRecord &record : page) {
                if (!m_output.write(record))
                    break;
            }
            if (const QString error = m_output.finish(); !error.isEmpty())
                return failWatch(error, &m_exitCode);
            m_lastId = page.size() < kPage ? upToId : page.back().id;
        }
    }

    PgChangeFeed *m_feed;
    FilterExpression::Sql m_sql;
    WatchOutput m_output;
    qint64 m_lastId;
    int m_exitCode = 0;
};

} // namespace

void WatchCommand::addOptions(QCommandLineParser &p)
{
    FilterOption::addStoreAndFilter(p);
    p.addOption(QCommandLineOption(
        QStringLiteral("format"),
        QStringLiteral("text (default: a line a person reads) or jsonl (the export's JSON "
                       "Lines)."),
        QStringLiteral("FORMAT"), QStringLiteral("text")));
}

void WatchCommand::parse(const QCommandLineParser &p, CommandLine &cl)
{
    cl.database = p.value(QStringLiteral("db"));
    cl.filter = p.value(QStringLiteral("filter"));
    cl.format = p.value(QStringLiteral("format")).toLower();
    if (cl.format != QLatin1String("text") && cl.format != QLatin1String("jsonl"))
        cl.error = QStringLiteral("--format must be text or jsonl, not \"%1\"").arg(cl.format);
}

QString WatchCommand::textLine(const ExportRow &row)
{
    const QString channel = !row.channelName.isEmpty() || row.channel < 0
                                ? field(row.channelName)
                                : terminalSafe(ChannelCatalog::name(row.channel));
    QString what = field(row.event);
    if (!row.msgType.isEmpty())
        what += u'/' + field(row.msgType);
    const QString text = field(row.msg.isEmpty() ? row.name : row.msg);
    return QStringLiteral("%1  #%2  %3  %4  %5  %6  %7")
        .arg(EventExporter::isoTime(row.receivedAtMs))
        .arg(row.id)
        .arg(channel.isEmpty() ? QStringLiteral("-") : channel, what,
             row.chatUserId.isEmpty() ? QStringLiteral("-") : field(row.chatUserId),
             verificationWord(row.verification), cut(text, kTextColumns));
}

int WatchCommand::run(const CommandLine &cl)
{
    QTextStream err(stderr);
    const FilterExpression filter = FilterOption::parse(QStringLiteral("watch"), cl.filter, err);
    if (!filter.isValid())
        return 2;
    const QString database = cl.database.isEmpty() ? AppPaths::defaultDatabasePath() : cl.database;
    QString error;
    const std::optional<StoreLocation> location = StoreLocation::parse(database, &error);
    if (!location) {
        err << "hookscope-cli watch: " << error << Qt::endl;
        return 1;
    }
    const bool jsonl = cl.format == QLatin1String("jsonl");
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &signalWatcher,
                     [] { QCoreApplication::exit(0); });
    if (location->isPostgres()) {
        PgChangeFeed feed(*location, QStringLiteral("hookscope-watch"));
        if (!feed.start(&error)) {
            err << "hookscope-cli watch: " << error << Qt::endl;
            return 1;
        }
        const qint64 lastId = feed.store().maxEventId();
        if (lastId < 0) {
            err << "hookscope-cli watch: " << feed.store().lastError() << Qt::endl;
            return 1;
        }
        PgWatcher watcher(&feed, location->displayName(), filter.toPostgresSql(), jsonl, lastId);
        // A desk's role that may only read is fine for watching; said, so
        // that nobody wonders why a receiver with it gets 503.
        err << "watching " << location->displayName() << " for events after #" << lastId
            << (feed.store().roleMayWrite() ? "" : ", as a role that may only read")
            << " (Ctrl+C to stop)" << Qt::endl;
        const int code = QCoreApplication::exec();
        return code != 0 ? code : watcher.exitCode();
    }
    EventStore store;
    if (!store.openReadOnly(database, &error)) {
        err << "hookscope-cli watch: " << error << Qt::endl;
        return 1;
    }
    const qint64 lastId = store.maxEventId();
    if (lastId < 0) {
        err << "hookscope-cli watch: " << store.lastError() << Qt::endl;
        return 1;
    }
    // A scan of the new rows, not the text index: see the header.
    SqliteWatcher watcher(&store, filter.toSql(), jsonl, lastId);
    err << "watching " << database << " for events after #" << lastId << " (Ctrl+C to stop)"
        << Qt::endl;
    const int code = QCoreApplication::exec();
    return code != 0 ? code : watcher.exitCode();
}
