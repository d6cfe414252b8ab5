#include "dialogs/exportdialog.h"

#include "dialogs/exportfilename.h"
#include "guilog.h"
#include "paint/theme.h"
#include "settings/settings.h"
#include "ui_exportdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QThread>

namespace {

constexpr int kProgressSteps = 1000;
constexpr int kFilterTextWidth = 380;

} // namespace

ExportDialog::ExportDialog(const QString &storePath, const FilterExpression &currentFilter,
                           Settings *settings, QWidget *parent)
    : QDialog(parent)
    , m_storePath(storePath)
    , m_filter(currentFilter.isValid() ? currentFilter : FilterExpression())
    , m_settings(settings)
    , m_ui(std::make_unique<Ui::ExportDialog>())
{
    m_ui->setupUi(this);
    m_exportButton = m_ui->buttons->addButton(tr("E&xport"), QDialogButtonBox::ActionRole);
    m_exportButton->setDefault(true);
    for (QRadioButton *first : {m_ui->eventsRadio, m_ui->filteredRadio, m_ui->csvRadio})
        first->setChecked(true);
    const Settings::ExportChoices remembered =
        m_settings ? m_settings->exportChoices() : Settings::ExportChoices();
    m_ui->bomCheck->setChecked(remembered.bom);
    (remembered.formulaGuard ? m_ui->spreadsheetRadio : m_ui->dataRadio)->setChecked(true);
    setUpFilterText();
    connectControls();
    m_ui->pathEdit->setText(defaultFileName());
    updateControls();
}

ExportDialog::~ExportDialog()
{
    if (m_job)
        m_job->cancel();
    stopThread();
}

// The filter the "current filter" rows would use; with none set, that choice
// is disabled and "All events" chosen.
void ExportDialog::setUpFilterText()
{
    QLabel *filterText = m_ui->filterTextLabel;
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    filterText->setFont(mono);
    if (m_filter.isEmpty()) {
        filterText->setText(tr("(no filter set)"));
        m_ui->filteredRadio->setEnabled(false);
        m_ui->everythingRadio->setChecked(true);
    } else {
        filterText->setText(QFontMetrics(mono).elidedText(m_filter.text().trimmed(), Qt::ElideRight,
                                                          kFilterTextWidth));
        filterText->setToolTip(m_filter.text());
    }
}

void ExportDialog::connectControls()
{
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    connect(m_exportButton, &QPushButton::clicked, this, &ExportDialog::startFromUi);
    connect(m_ui->browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    // A proposed file name follows the chosen format and kind.
    connect(m_ui->csvRadio, &QRadioButton::toggled, this, [this](bool csv) {
        const auto format = csv ? ExportJob::Format::Csv : ExportJob::Format::JsonLines;
        replacePath(ExportFileName::withFormat(m_ui->pathEdit->text(), format));
        updateControls();
    });
    connect(m_ui->eventsRadio, &QRadioButton::toggled, this, [this](bool events) {
        const auto kind = events ? ExportJob::Kind::Events : ExportJob::Kind::CustomerChanges;
        replacePath(ExportFileName::withKind(m_ui->pathEdit->text(), kind));
    });
}

// Only when it differs: setText() also drops the box's undo history.
void ExportDialog::replacePath(const QString &path)
{
    if (path != m_ui->pathEdit->text())
        m_ui->pathEdit->setText(path);
}

QString ExportDialog::defaultFileName() const
{
    QString folder = m_settings ? m_settings->lastExportFolder() : QString();
    // The folder of the last export may have gone (a removable drive).
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    return ExportFileName::proposed(folder, chosenKind(), chosenFormat());
}

QString ExportDialog::filePath() const
{
    return m_ui->pathEdit->text().trimmed();
}

void ExportDialog::setFilePath(const QString &path)
{
    m_ui->pathEdit->setText(path);
}

QString ExportDialog::resultText() const
{
    return m_ui->resultLabel->text();
}

ExportJob::Kind ExportDialog::chosenKind() const
{
    return m_ui->changesRadio->isChecked() ? ExportJob::Kind::CustomerChanges
                                           : ExportJob::Kind::Events;
}

ExportJob::Format ExportDialog::chosenFormat() const
{
    return m_ui->jsonlRadio->isChecked() ? ExportJob::Format::JsonLines : ExportJob::Format::Csv;
}

void ExportDialog::browse()
{
    const QString filters = tr("CSV files (*.csv);;JSON Lines files (*.jsonl);;All files (*)");
    QString selected = chosenFormat() == ExportJob::Format::Csv ? filters.section(u';', 0, 0)
                                                                : filters.section(u';', 2, 2);
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export to"), filePath(), filters, &selected);
    if (path.isEmpty())
        return;
    m_ui->pathEdit->setText(QDir::toNativeSeparators(path));
    if (path.endsWith(ExportFileName::suffix(ExportJob::Format::JsonLines), Qt::CaseInsensitive))
        m_ui->jsonlRadio->setChecked(true);
    else if (path.endsWith(ExportFileName::suffix(ExportJob::Format::Csv), Qt::CaseInsensitive))
        m_ui->csvRadio->setChecked(true);
}

void ExportDialog::startFromUi()
{
    if (filePath().isEmpty()) {
        browse();
        if (filePath().isEmpty())
            return;
    }
    if (m_settings && chosenFormat() == ExportJob::Format::Csv)
        m_settings->setExportChoices({m_ui->bomCheck->isChecked(), formulaGuard()});
    startExport(filePath(), chosenKind(), chosenFormat(), m_ui->bomCheck->isChecked(),
                m_ui->filteredRadio->isChecked() ? Scope::CurrentFilter : Scope::Everything);
}

bool ExportDialog::startExport(const QString &path, ExportJob::Kind kind, ExportJob::Format format,
                               bool bom, Scope scope)
{
    if (m_job)
        return false;
    if (path.trimmed().isEmpty()) {
        const QString text = tr("Choose the file to export to.");
        m_ui->resultLabel->setText(text);
        Q_EMIT finished(false, 0, text);
        return false;
    }
    showChoices(path, kind, format, bom, scope);
    const ExportJob::Options options = jobOptions(path, kind, format, bom, scope);
    m_runningPath = options.outputPath;
    qCInfo(lcGui) << "export" << kind << (format == ExportJob::Format::Csv ? "csv" : "jsonl")
                  << "filter" << options.filter.text() << "to" << options.outputPath;
    createJob(options);
    openProgress();
    m_ui->resultLabel->clear();
    m_thread->start();
    updateControls();
    return true;
}

// The dialog shows what is being exported, however the export was started.
void ExportDialog::showChoices(const QString &path, ExportJob::Kind kind, ExportJob::Format format,
                               bool bom, Scope scope)
{
    (kind == ExportJob::Kind::Events ? m_ui->eventsRadio : m_ui->changesRadio)->setChecked(true);
    (format == ExportJob::Format::Csv ? m_ui->csvRadio : m_ui->jsonlRadio)->setChecked(true);
    (scope == Scope::CurrentFilter && !m_filter.isEmpty() ? m_ui->filteredRadio
                                                          : m_ui->everythingRadio)
        ->setChecked(true);
    m_ui->bomCheck->setChecked(bom);
    m_ui->pathEdit->setText(QDir::toNativeSeparators(path));
}

ExportJob::Options ExportDialog::jobOptions(const QString &path, ExportJob::Kind kind,
                                            ExportJob::Format format, bool bom, Scope scope) const
{
    ExportJob::Options options;
    options.storePath = m_storePath;
    options.outputPath = QFileInfo(QDir::fromNativeSeparators(path)).absoluteFilePath();
    options.kind = kind;
    options.format = format;
    options.bom = bom && format == ExportJob::Format::Csv;
    options.formulaGuard = formulaGuard();
    options.filter = scope == Scope::CurrentFilter ? m_filter : FilterExpression();
    options.hideTestsUnlessAsked = true; // as the window's view
    return options;
}

bool ExportDialog::formulaGuard() const
{
    return !m_ui->dataRadio->isChecked();
}

void ExportDialog::setFormulaGuard(bool on)
{
    (on ? m_ui->spreadsheetRadio : m_ui->dataRadio)->setChecked(true);
}

// The job on its own thread, not yet started.
void ExportDialog::createJob(const ExportJob::Options &options)
{
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("hookscope-export"));
    m_job = std::make_unique<ExportJob>(options);
    m_job->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_job.get(), &ExportJob::run);
    connect(m_job.get(), &ExportJob::progress, this, &ExportDialog::onProgress);
    connect(m_job.get(), &ExportJob::finished, this, &ExportDialog::onJobFinished);
}

void ExportDialog::openProgress()
{
    // Not modal: the window keeps streaming while a long export runs.
    m_progress = new QProgressDialog(tr("Exporting\u2026"), tr("Cancel"), 0, kProgressSteps, this);
    m_progress->setWindowTitle(tr("Export"));
    m_progress->setWindowModality(Qt::NonModal);
    m_progress->setMinimumDuration(400);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setValue(0);
    connect(m_progress, &QProgressDialog::canceled, this, &ExportDialog::cancelExport);
}

void ExportDialog::cancelExport()
{
    if (m_job)
        m_job->cancel();
    if (m_progress)
        m_progress->setLabelText(tr("Cancelling\u2026"));
}

void ExportDialog::onProgress(qint64 done, qint64 total)
{
    if (!m_progress || !m_job || m_job->isCancelled())
        return;
    const QLocale locale;
    m_progress->setLabelText(tr("Exporting\u2026 %1 of %2 events read")
                                 .arg(locale.toString(done), locale.toString(total)));
    m_progress->setValue(total > 0 ? static_cast<int>(done * kProgressSteps / total) : 0);
}

void ExportDialog::onJobFinished(ExportJob::Status status, qint64 rows, const QString &message)
{
    stopThread();
    if (m_progress) {
        m_progress->hide();
        m_progress->deleteLater();
    }
    const QString path = QDir::toNativeSeparators(m_runningPath);
    QString text;
    switch (status) {
    case ExportJob::Status::Succeeded:
        text = rows == 1 ? tr("1 row written to %1").arg(path)
                         : tr("%1 rows written to %2").arg(QLocale().toString(rows), path);
        if (m_settings)
            m_settings->setLastExportFolder(QFileInfo(m_runningPath).absolutePath());
        break;
    case ExportJob::Status::Cancelled:
        text = tr("Export cancelled; no file was written.");
        break;
    case ExportJob::Status::Failed:
        text = tr("Export failed; no file was written. %1").arg(message);
        break;
    }
    const bool ok = status == ExportJob::Status::Succeeded;
    QPalette palette = m_ui->resultLabel->palette();
    palette.setColor(QPalette::WindowText,
                     Theme::tone(this->palette(), ok ? Theme::Tone::Good : Theme::Tone::Bad));
    m_ui->resultLabel->setPalette(palette);
    m_ui->resultLabel->setText(text);
    updateControls();
    Q_EMIT finished(ok, ok ? rows : 0, text);
}

void ExportDialog::stopThread()
{
    if (!m_thread)
        return;
    m_thread->quit();
    m_thread->wait();
    // The thread has stopped, so the job may be deleted from here.
    m_job.reset();
    delete m_thread;
    m_thread = nullptr;
}

void ExportDialog::reject()
{
    if (m_job) {
        m_job->cancel();
        stopThread();
    }
    QDialog::reject();
}

void ExportDialog::updateControls()
{
    const bool idle = !m_job;
    for (QWidget *w : std::initializer_list<QWidget *>{
             m_ui->eventsRadio, m_ui->changesRadio, m_ui->everythingRadio, m_ui->csvRadio,
             m_ui->jsonlRadio, m_ui->pathEdit, m_ui->browseButton, m_exportButton})
        w->setEnabled(idle);
    m_ui->filteredRadio->setEnabled(idle && !m_filter.isEmpty());
    const bool csv = m_ui->csvRadio->isChecked();
    m_ui->bomCheck->setEnabled(idle && csv);
    for (QWidget *w : std::initializer_list<QWidget *>{m_ui->spreadsheetRadio, m_ui->dataRadio,
                                                       m_ui->guardNoteLabel})
        w->setEnabled(idle && csv); // JSON Lines has no formulas to guard
}
