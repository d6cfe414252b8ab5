#pragma once

#include "export/eventexporter.h"
#include "filter/filterexpression.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>

class EventStore;
class QSaveFile;

// One export of the event store to a file, meant to run on a worker thread
// (the GUI's File > Export): it opens its own read-only EventStore in the
// thread that calls run(), streams the rows with EventStore::forEachExportRow
// through EventExporter (or with forEachEvent through ChangeExporter) into a
// QSaveFile, and commits only when every row is written. Cancelled or failed,
// it leaves no file behind, not even the temporary one.
//
//     auto *job = new ExportJob(options);
//     job->moveToThread(thread);
//     connect(thread, &QThread::started, job, &ExportJob::run);
//     connect(job, &ExportJob::finished, gui, ...); // queued
//
// Kinds:
//  * Events: the events matching `filter` (empty filter: all), id order,
//    DESIGN.md's columns.
//  * CustomerChanges: the customer change timeline, one row per field change
//    (ChangeExporter's columns). Every add_user / update_user event is
//    replayed so old values are right; with a non-empty filter only the
//    changes made by events that match it are written.
class ExportJob final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportJob)

public:
    enum class Kind { Events, CustomerChanges };
    Q_ENUM(Kind)
    enum class Status { Succeeded, Cancelled, Failed };
    Q_ENUM(Status)
    using Format = EventExporter::Format;

    struct Options {
        QString storePath;
        QString outputPath;
        Kind kind = Kind::Events;
        Format format = Format::Csv;
        bool bom = false;         // CSV only: UTF-8 byte order mark for Excel
        bool formulaGuard = true; // CSV only: off = "data, not spreadsheet"
        FilterExpression filter;  // must be valid; empty = everything
        // The window's export: as its view, test deliveries are left out
        // unless the filter names them (FilterExpression::toViewSql).
        bool hideTestsUnlessAsked = false;
        int progressIntervalMs = 100; // at most one progress() per interval
    };

    explicit ExportJob(const Options &options, QObject *parent = nullptr);
    ~ExportJob() override;

    const Options &options() const { return m_options; }

    // Thread-safe. The export stops at the next row and discards the file;
    // a cancel that arrives before commit still wins.
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

public Q_SLOTS:
    // Does the whole export in the calling thread, then emits finished().
    void run();

Q_SIGNALS:
    // done of total source events read (for Events, every row read is a row
    // written). Emitted once at the start, then at most once per
    // progressIntervalMs, and once at the end.
    void progress(qint64 done, qint64 total);
    // rows: rows written (data rows, the CSV header not counted); message:
    // the reason when Failed, empty otherwise.
    void finished(ExportJob::Status status, qint64 rows, const QString &message);

private:
    // Writes the rows into the open file and commits it, or discards it when
    // the export failed or was cancelled; then reports through finished().
    void writeAndCommit(EventStore &store, QSaveFile &file);
    bool exportEvents(EventStore &store, QSaveFile &file, qint64 *rows, QString *error);
    bool exportChanges(EventStore &store, QSaveFile &file, qint64 *rows, QString *error);
    void reportProgress(qint64 done, bool force = false);
    bool hidesTests(const EventStore &store) const;
    void finish(Status status, qint64 rows, const QString &message);
    QString cannotWrite(const QSaveFile &file) const;

    Options m_options;
    std::atomic<bool> m_cancelled{false};
    QElapsedTimer m_sinceProgress;
    qint64 m_total = 0; // source events counted before the scan
    qint64 m_done = 0;  // source events read
};
