#include "export/exportjob.h"

#include "corelog.h"
#include "export/changeexporter.h"
#include "records/customertimeline.h"
#include "records/eventrecord.h"
#include "records/fieldchange.h"
#include "store/eventstore.h"

#include <QHash>
#include <QSaveFile>

namespace {

// Checking the clock on every row would cost more than writing some rows.
constexpr qint64 kRowsPerClockCheck = 64;

const QString &customerEventsFilterText()
{
    static const QString text = QStringLiteral("event:add_user OR event:update_user");
    return text;
}

} // namespace

ExportJob::ExportJob(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
}

ExportJob::~ExportJob() = default;

void ExportJob::run()
{
    if (!m_options.filter.isValid()) {
        finish(Status::Failed, 0,
               tr("The filter is not valid: %1").arg(m_options.filter.errorMessage()));
        return;
    }
    if (isCancelled()) {
        finish(Status::Cancelled, 0, QString());
        return;
    }
    EventStore store;
    QString error;
    if (!store.openReadOnly(m_options.storePath, &error)) {
        finish(Status::Failed, 0, error);
        return;
    }
    QSaveFile file(m_options.outputPath);
    if (!file.open(QIODevice::WriteOnly)) {
        finish(Status::Failed, 0, cannotWrite(file));
        return;
    }
    writeAndCommit(store, file);
}

void ExportJob::writeAndCommit(EventStore &store, QSaveFile &file)
{
    QString error;
    qint64 rows = 0;
    const bool ok = m_options.kind == Kind::Events ? exportEvents(store, file, &rows, &error)
                                                   : exportChanges(store, file, &rows, &error);
    // Checked once more here so that a cancel arriving after the last row
    // still leaves no file: a cancelled export never commits.
    if (!ok || isCancelled()) {
        file.cancelWriting();
        if (isCancelled())
            finish(Status::Cancelled, rows, QString());
        else
            finish(Status::Failed, rows, error);
        return;
    }
    if (!file.commit()) {
        finish(Status::Failed, rows, cannotWrite(file));
        return;
    }
    reportProgress(m_done, true);
    finish(Status::Succeeded, rows, QString());
}

QString ExportJob::cannotWrite(const QSaveFile &file) const
{
    return tr("Cannot write %1: %2").arg(m_options.outputPath, file.errorString());
}

// A schema-5 file, read without upgrading it, has no test mark to hide by.
bool ExportJob::hidesTests(const EventStore &store) const
{
    constexpr int kFirstTestSchema = 6;
    return m_options.hideTestsUnlessAsked && store.schemaVersion() >= kFirstTestSchema;
}

bool ExportJob::exportEvents(EventStore &store, QSaveFile &file, qint64 *rows, QString *error)
{
    const FilterExpression::TextIndex index = store.textIndex();
    const FilterExpression::Sql sql = hidesTests(store) ? m_options.filter.toViewSql({}, index)
                                                        : m_options.filter.toSql({}, index);
    m_total = store.eventCount(sql.where, sql.binds);
    reportProgress(0, true);
    EventExporter exporter(m_options.format, &file);
    exporter.setBom(m_options.bom);
    exporter.setFormulaGuard(m_options.formulaGuard);
    bool ok = exporter.begin();
    ok = ok && store.forEachExportRow(sql.where, sql.binds, [this, &exporter](const ExportRow &r) {
        if (isCancelled() || !exporter.write(r))
            return false;
        reportProgress(++m_done);
        return true;
    });
    ok = ok && exporter.finish();
    *rows = exporter.rowsWritten();
    if (!ok && !isCancelled())
        *error = exporter.errorString().isEmpty() ? store.lastError() : exporter.errorString();
    return ok;
}

bool ExportJob::exportChanges(EventStore &store, QSaveFile &file, qint64 *rows, QString *error)
{
    // CustomerTimeline::buildAll() over every customer event, streamed: one
    // timeline per customer (profiles only, never the list of events), fed in
    // id order exactly as buildAll() feeds them.
    const FilterExpression::Sql sql = FilterExpression::parse(customerEventsFilterText()).toSql();
    m_total = store.eventCount(sql.where, sql.binds);
    reportProgress(0, true);
    ChangeExporter exporter(m_options.format, &file);
    exporter.setBom(m_options.bom);
    exporter.setFormulaGuard(m_options.formulaGuard);
    const bool inView = hidesTests(store);
    const bool everything = m_options.filter.isEmpty() && !inView;
    QHash<QString, CustomerTimeline> timelines;
    bool ok = exporter.begin();
    auto sink = [this, &exporter, &timelines, everything, inView](const EventRecord &record) {
        if (isCancelled())
            return false;
        if (record.kind == EventKind::AddUser || record.kind == EventKind::UpdateUser) {
            const QList<FieldChange> changes = timelines[record.chatUserId].apply(record);
            if (everything || (inView ? m_options.filter.matchesInView(record)
                                      : m_options.filter.matches(record))) {
                for (const FieldChange &change : changes) {
                    if (!exporter.write(change))
                        return false;
                }
            }
        }
        reportProgress(++m_done);
        return true;
    };
    ok = ok && store.forEachEvent(sql.where, sql.binds, sink);
    ok = ok && exporter.finish();
    *rows = exporter.rowsWritten();
    if (!ok && !isCancelled())
        *error = exporter.errorString().isEmpty() ? store.lastError() : exporter.errorString();
    return ok;
}

void ExportJob::reportProgress(qint64 done, bool force)
{
    if (!force && (done % kRowsPerClockCheck != 0 ||
                   m_sinceProgress.elapsed() < m_options.progressIntervalMs))
        return;
    m_sinceProgress.start();
    // Rows appended after the count are exported too (the scan is a later
    // snapshot), so the total grows with them rather than being overrun.
    Q_EMIT progress(done, qMax(done, m_total));
}

void ExportJob::finish(Status status, qint64 rows, const QString &message)
{
    switch (status) {
    case Status::Succeeded:
        qCInfo(lcCore) << "exported" << rows << "rows to" << m_options.outputPath;
        break;
    case Status::Cancelled:
        qCInfo(lcCore) << "export to" << m_options.outputPath << "cancelled; no file written";
        break;
    case Status::Failed:
        qCWarning(lcCore) << "export to" << m_options.outputPath << "failed:" << message;
        break;
    }
    Q_EMIT finished(status, rows, message);
}
