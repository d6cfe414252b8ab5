#include "exportcommand.h"

#include "apppaths.h"
#include "commandline.h"
#include "export/changeexporter.h"
#include "export/eventexporter.h"
#include "filter/filterexpression.h"
#include "filteroption.h"
#include "records/customertimeline.h"
#include "records/exportrowencoder.h"
#include "store/eventstore.h"
#include "store/pgeventstore.h"
#include "store/storelocation.h"

#include <QFile>
#include <QHash>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

namespace {

using RowSink = std::function<bool(const ExportRow &)>;
using EventSink = std::function<bool(const EventRecord &)>;

// The store an export reads, SQLite or PostgreSQL: the same rows in the same
// order from either, so that one store copied into the other (migrate)
// exports the same bytes.
class ExportSource {
public:
    virtual ~ExportSource() = default;
    // The events matching `filter`, in id order.
    virtual bool forEachRow(const FilterExpression &filter, const RowSink &sink) = 0;
    // Every customer event, in id order.
    virtual bool forEachCustomerEvent(const EventSink &sink) = 0;
    virtual QString lastError() const = 0;
};

class SqliteSource final : public ExportSource {
public:
    bool open(const QString &path, QString *error) { return m_store.openReadOnly(path, error); }
    bool forEachRow(const FilterExpression &filter, const RowSink &sink) override
    {
        const FilterExpression::Sql sql = filter.toSql({}, m_store.textIndex());
        return m_store.forEachExportRow(sql.where, sql.binds, sink);
    }
    bool forEachCustomerEvent(const EventSink &sink) override
    {
        return m_store.forEachCustomerEvent(sink);
    }
    QString lastError() const override { return m_store.lastError(); }

private:
    EventStore m_store;
};

// PostgreSQL has no forwarding queue (yet): the `forward` cell is empty, as
// SQLite's is for an event never queued.
class PgSource final : public ExportSource {
public:
    bool open(const StoreLocation &location, QString *error)
    {
        m_store.setApplicationName(QStringLiteral("hookscope-export"));
        return m_store.openReadOnly(location, error);
    }
    bool forEachRow(const FilterExpression &filter, const RowSink &sink) override
    {
        const FilterExpression::Sql sql = filter.toPostgresSql();
        return m_store.forEachEvent(sql.where, sql.binds, [this, &sink](const EventRecord &r) {
            return sink(m_encoder.rowOf(r));
        });
    }
    bool forEachCustomerEvent(const EventSink &sink) override
    {
        return m_store.forEachCustomerEvent(sink);
    }
    QString lastError() const override { return m_store.lastError(); }

private:
    PgEventStore m_store;
    ExportRowEncoder m_encoder;
};

// The store `database` names, open for reading; null with *error when it
// cannot be opened (a malformed URL included).
std::unique_ptr<ExportSource> openSource(const QString &database, QString *error)
{
    const std::optional<StoreLocation> location = StoreLocation::parse(database, error);
    if (!location)
        return nullptr;
    if (location->isPostgres()) {
        auto source = std::make_unique<PgSource>();
        return source->open(*location, error) ? std::move(source) : nullptr;
    }
    auto source = std::make_unique<SqliteSource>();
    return source->open(database, error) ? std::move(source) : nullptr;
}

int exportEvents(ExportSource &store, const FilterExpression &filter, const CommandLine &cl,
                 QIODevice *device, QString *error, qint64 *rows)
{
    EventExporter exporter(cl.format == QLatin1String("jsonl") ? EventExporter::Format::JsonLines
                                                               : EventExporter::Format::Csv,
                           device);
    exporter.setBom(cl.bom);
    exporter.setFormulaGuard(cl.formulaGuard);
    bool ok = exporter.begin();
    ok = ok &&
         store.forEachRow(filter, [&exporter](const ExportRow &r) { return exporter.write(r); });
    ok = ok && exporter.finish();
    *rows = exporter.rowsWritten();
    if (!ok) {
        *error = exporter.errorString().isEmpty() ? store.lastError() : exporter.errorString();
        return 1;
    }
    return 0;
}

// The customer change timeline, one row per field change. Every customer
// event is replayed (so "old" values are right); the filter selects which
// events' changes are written.
int exportChanges(ExportSource &store, const FilterExpression &filter, const CommandLine &cl,
                  QIODevice *device, QString *error, qint64 *rows)
{
    ChangeExporter exporter(cl.format == QLatin1String("jsonl") ? ChangeExporter::Format::JsonLines
                                                                : ChangeExporter::Format::Csv,
                            device);
    exporter.setBom(cl.bom);
    exporter.setFormulaGuard(cl.formulaGuard);
    QHash<QString, CustomerTimeline> timelines;
    bool ok = exporter.begin();
    ok = ok && store.forEachCustomerEvent([&](const EventRecord &e) {
        const QList<FieldChange> changes = timelines[e.chatUserId].apply(e);
        if (!filter.matches(e))
            return true;
        for (const FieldChange &change : changes) {
            if (!exporter.write(change))
                return false;
        }
        return true;
    });
    ok = ok && exporter.finish();
    *rows = exporter.rowsWritten();
    if (!ok) {
        *error = exporter.errorString().isEmpty() ? store.lastError() : exporter.errorString();
        return 1;
    }
    return 0;
}

// Standard output, or a QSaveFile (also returned in *saveFile, to commit).
// Null when the file cannot be opened.
std::unique_ptr<QIODevice> openOutput(const CommandLine &cl, QSaveFile **saveFile, QString *error)
{
    if (cl.output.isEmpty()) {
        auto file = std::make_unique<QFile>();
        file->open(stdout, QIODevice::WriteOnly);
        return file;
    }
    auto file = std::make_unique<QSaveFile>(cl.output);
    if (!file->open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(cl.output, file->errorString());
        return nullptr;
    }
    *saveFile = file.get();
    return file;
}

// The rows of the chosen table, then the commit of a file: 0, or 1 with *error.
int writeRows(ExportSource &store, const FilterExpression &filter, const CommandLine &cl,
              QIODevice *device, QSaveFile *saveFile, QString *error, qint64 *rows)
{
    const int code = cl.table == QLatin1String("changes")
                         ? exportChanges(store, filter, cl, device, error, rows)
                         : exportEvents(store, filter, cl, device, error, rows);
    if (code == 0 && saveFile && !saveFile->commit()) {
        *error = saveFile->errorString();
        return 1;
    }
    return code;
}

} // namespace

int ExportCommand::run(const CommandLine &cl)
{
    QTextStream err(stderr);
    const FilterExpression filter = FilterOption::parse(QStringLiteral("export"), cl.filter, err);
    if (!filter.isValid())
        return 2;
    const QString database = cl.database.isEmpty() ? AppPaths::defaultDatabasePath() : cl.database;
    QString error;
    QSaveFile *saveFile = nullptr;
    std::unique_ptr<QIODevice> device;
    const std::unique_ptr<ExportSource> store = openSource(database, &error);
    if (store)
        device = openOutput(cl, &saveFile, &error);
    if (!device) {
        err << "hookscope-cli export: " << error << Qt::endl;
        return 1;
    }
    qint64 rows = 0;
    const int code = writeRows(*store, filter, cl, device.get(), saveFile, &error, &rows);
    if (code != 0) {
        err << "hookscope-cli export: " << error << Qt::endl;
        return code;
    }
    if (!cl.output.isEmpty())
        err << "exported " << rows << " rows to " << cl.output << Qt::endl;
    return 0;
}
