#include "watchcommand.h"

#include "apppaths.h"
#include "commandline.h"
#include "export/eventexporter.h"
#include "filter/filterexpression.h"
#include "filteroption.h"
#include "records/channelcatalog.h"
#include "records/exportrow.h"
#include "records/verification.h"
#include "signalwatcher.h"
#include "store/eventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>
#include <QTimer>

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

class Watcher final : public QObject {
public:
    Watcher(EventStore *store, FilterExpression::Sql sql, bool jsonl, qint64 lastId)
        : m_store(store)
        , m_sql(std::move(sql))
        , m_jsonl(jsonl)
        , m_lastId(lastId)
    {
        // Straight to the descriptor: every poll's lines go out at once, also
        // into a pipe or a file (stdio would hold them in its buffer).
        m_out.open(1, QIODevice::WriteOnly | QIODevice::Unbuffered);
        connect(&m_timer, &QTimer::timeout, this, &Watcher::poll);
        m_timer.start(WatchCommand::kPollMs);
    }

    int exitCode() const { return m_exitCode; }

private:
    void poll()
    {
        const qint64 newest = m_store->maxEventId();
        if (newest < 0)
            return fail(m_store->lastError());
        if (newest <= m_lastId)
            return;
        QString where =
            m_sql.where.isEmpty() ? QString() : QStringLiteral("(%1) AND ").arg(m_sql.where);
        where += QStringLiteral("id > ? AND id <= ?");
        QVariantList binds = m_sql.binds;
        binds << m_lastId << newest;
        // Row by row to the output (the exporter flushes its own buffer as it
        // fills), so a burst of new events never piles up in memory.
        EventExporter exporter(EventExporter::Format::JsonLines, &m_out);
        QString writeError;
        const bool read = m_store->forEachExportRow(where, binds, [&](const ExportRow &row) {
            if (m_jsonl) {
                if (!exporter.write(row))
                    writeError = exporter.errorString();
            } else {
                const QByteArray line = (WatchCommand::textLine(row) + u'\n').toUtf8();
                if (m_out.write(line) != line.size())
                    writeError = m_out.errorString();
            }
            return writeError.isEmpty();
        });
        if (writeError.isEmpty() && !exporter.finish())
            writeError = exporter.errorString();
        if (!writeError.isEmpty())
            return fail(QStringLiteral("cannot write to standard output: %1").arg(writeError));
        if (!read)
            return fail(m_store->lastError());
        m_lastId = newest;
    }

    void fail(const QString &error)
    {
        QTextStream(stderr) << "hookscope-cli watch: " << error << Qt::endl;
        m_exitCode = 1;
        QCoreApplication::exit(1);
    }

    EventStore *m_store;
    FilterExpression::Sql m_sql;
    bool m_jsonl;
    qint64 m_lastId;
    QFile m_out;
    QTimer m_timer;
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
    EventStore store;
    QString error;
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
    Watcher watcher(&store, filter.toSql(), cl.format == QLatin1String("jsonl"), lastId);
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &watcher,
                     [] { QCoreApplication::exit(0); });
    err << "watching " << database << " for events after #" << lastId << " (Ctrl+C to stop)"
        << Qt::endl;
    const int code = QCoreApplication::exec();
    return code != 0 ? code : watcher.exitCode();
}
