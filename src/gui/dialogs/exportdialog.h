#pragma once

#include "export/exportjob.h"
#include "filter/filterexpression.h"

#include <QDialog>
#include <QPointer>

#include <memory>

class QProgressDialog;
class QPushButton;
class QThread;
class Settings;

namespace Ui {
class ExportDialog;
}

// File > Export. The user picks what (events or customer changes), which
// rows (the current filter or everything), the format (CSV or JSON Lines,
// CSV optionally with a BOM for Excel) and the file; the export runs on a
// worker thread (ExportJob) behind a progress dialog with Cancel, and the
// dialog then says how many rows went to which file, or why none did. A
// cancelled or failed export leaves no file (QSaveFile).
//
// The form is ui/exportdialog.ui. The dialog stays open after an export (the result is shown in it)
// and can run another. Closing it during an export cancels the export.
class ExportDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)

public:
    enum class Scope { CurrentFilter, Everything };
    Q_ENUM(Scope)

    // storePath: the database the window shows (opened again, read-only, on
    // the worker thread). currentFilter: FilterBar::filter().
    ExportDialog(const QString &storePath, const FilterExpression &currentFilter,
                 Settings *settings, QWidget *parent = nullptr);
    ~ExportDialog() override;

    // Starts an export without any further question (the Export button
    // calls it with the dialog's choices). Returns false when one is
    // already running. Reports through finished().
    bool startExport(const QString &path, ExportJob::Kind kind, ExportJob::Format format, bool bom,
                     Scope scope = Scope::CurrentFilter);
    bool isRunning() const { return m_job != nullptr; }
    // The file the dialog proposes (or the user chose).
    QString filePath() const;
    void setFilePath(const QString &path);
    // The last result, as shown in the dialog.
    QString resultText() const;
    // CSV: the formula guard (the "For a spreadsheet" choice), or "Data, not
    // spreadsheet" without it. Remembered (Settings::exportChoices) with the
    // BOM when an export starts from the dialog.
    bool formulaGuard() const;
    void setFormulaGuard(bool on);

public Q_SLOTS:
    void cancelExport();
    // Close, Esc: cancels a running export (waiting for it to stop) first.
    void reject() override;

Q_SIGNALS:
    // ok: the file was written and holds `rows` rows. message: the sentence
    // shown ("1,234 rows written to /x/events.csv", or the reason).
    void finished(bool ok, qint64 rows, const QString &message);

private:
    void setUpFilterText();
    void connectControls();
    void replacePath(const QString &path);
    void showChoices(const QString &path, ExportJob::Kind kind, ExportJob::Format format, bool bom,
                     Scope scope);
    ExportJob::Options jobOptions(const QString &path, ExportJob::Kind kind,
                                  ExportJob::Format format, bool bom, Scope scope) const;
    void createJob(const ExportJob::Options &options);
    void openProgress();
    void startFromUi();
    void browse();
    void updateControls();
    void onProgress(qint64 done, qint64 total);
    void onJobFinished(ExportJob::Status status, qint64 rows, const QString &message);
    void stopThread();
    QString defaultFileName() const;
    ExportJob::Kind chosenKind() const;
    ExportJob::Format chosenFormat() const;

    QString m_storePath;
    FilterExpression m_filter;
    Settings *m_settings = nullptr;

    std::unique_ptr<Ui::ExportDialog> m_ui;
    QPushButton *m_exportButton = nullptr;

    QThread *m_thread = nullptr;
    std::unique_ptr<ExportJob> m_job; // lives on m_thread; deleted after it stopped
    QPointer<QProgressDialog> m_progress;
    QString m_runningPath;
};
