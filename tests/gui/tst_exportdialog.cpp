#include "dialogs/exportdialog.h"
#include "protocol/eventparser.h"
#include "samplefactory.h"
#include "settings/settings.h"
#include "store/eventstore.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLocale>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

constexpr qint64 kBaseMs = 1795537097123;

QAbstractButton *buttonNamed(QWidget *parent, const QString &text)
{
    for (QAbstractButton *button : parent->findChildren<QAbstractButton *>()) {
        if (button->text() == text)
            return button;
    }
    return nullptr;
}

} // namespace

class TestExportDialog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void exportWritesTheFileAndReportsRows();
    void everythingIgnoresTheFilter();
    void exportButtonUsesTheChoices();
    void customerChangesExport();
    void cancelLeavesNoFile();
    void progressDialogCancelLeavesNoFile();
    void closingDuringAnExportCancelsIt();
    void failureIsReported();
    void oneExportAtATime();
    void noFileNoExport();
    void proposesAFileInTheLastFolder();
    void withoutAFilterOnlyEverything();
    void testsOnlyWhenTheFilterNamesThem();
    void choicesDefaultForExcelAndAreRemembered();
    void dataModeWritesCellsAsStored();
    void screenshot();

private:
    QStringList outputFiles() const;
    std::unique_ptr<ExportDialog> dialog(const QString &filter);

    QTemporaryDir m_storeDir;
    QString m_storePath;
    qint64 m_total = 0; // not counting the tests
    qint64 m_tests = 0;
    qint64 m_channel7 = 0;
    std::unique_ptr<QTemporaryDir> m_out;
    std::unique_ptr<Settings> m_settings;
};

void TestExportDialog::initTestCase()
{
    QVERIFY(m_storeDir.isValid());
    m_storePath = m_storeDir.filePath(QStringLiteral("events.sqlite"));
    EventStore store;
    QString error;
    QVERIFY2(store.open(m_storePath, &error), qPrintable(error));
    QVERIFY(store.beginTransaction());
    // Enough rows that an export is still running right after it starts.
    const SampleFactory text(SampleFactory::Kind::Text, 7);
    const SampleFactory added(SampleFactory::Kind::AddUser, 7);
    const SampleFactory updated(SampleFactory::Kind::UpdateUser, 7);
    for (qint64 i = 0; i < 20000; ++i) {
        const SampleFactory &factory = i % 50 == 1 ? added : i % 50 == 2 ? updated : text;
        EventParser::Result parsed = EventParser::parse(factory.body(i));
        QVERIFY(parsed.ok);
        parsed.record.receivedAtMs = kBaseMs + i;
        parsed.record.lastReceivedAtMs = parsed.record.receivedAtMs;
        parsed.record.payload = factory.body(i);
        parsed.record.test = i % 100 == 3; // test deliveries, hidden as in the window
        QVERIFY(store.append(parsed.record).has_value());
    }
    QVERIFY(store.commit());
    // What the window's view holds: every export below leaves the tests out.
    const FilterExpression::Sql all = FilterExpression().toViewSql();
    m_total = store.eventCount(all.where, all.binds);
    m_tests = store.eventCount() - m_total;
    QCOMPARE(m_tests, 200);
    const FilterExpression::Sql sql =
        FilterExpression::parse(QStringLiteral("channel:7")).toViewSql();
    m_channel7 = store.eventCount(sql.where, sql.binds);
    QVERIFY(m_channel7 > 0 && m_channel7 < m_total);
}

void TestExportDialog::init()
{
    m_out = std::make_unique<QTemporaryDir>();
    QVERIFY(m_out->isValid());
    m_settings = std::make_unique<Settings>(m_out->filePath(QStringLiteral("config")));
}

void TestExportDialog::cleanup()
{
    m_settings.reset();
    m_out.reset();
}

QStringList TestExportDialog::outputFiles() const
{
    return QDir(m_out->path()).entryList(QDir::Files | QDir::Hidden | QDir::System);
}

std::unique_ptr<ExportDialog> TestExportDialog::dialog(const QString &filter)
{
    return std::make_unique<ExportDialog>(m_storePath, FilterExpression::parse(filter),
                                          m_settings.get());
}

void TestExportDialog::exportWritesTheFileAndReportsRows()
{
    auto d = dialog(QStringLiteral("channel:7"));
    QSignalSpy spy(d.get(), &ExportDialog::finished);
    const QString path = m_out->filePath(QStringLiteral("whatsapp.csv"));
    QVERIFY(d->startExport(path, ExportJob::Kind::Events, ExportJob::Format::Csv, true));
    QVERIFY(d->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 30000);
    QVERIFY(!d->isRunning());
    QCOMPARE(spy.at(0).at(0).toBool(), true);
    QCOMPARE(spy.at(0).at(1).toLongLong(), m_channel7);
    const QString message = spy.at(0).at(2).toString();
    QCOMPARE(message, QStringLiteral("%1 rows written to %2")
                          .arg(QLocale().toString(m_channel7), QDir::toNativeSeparators(path)));
    QCOMPARE(d->resultText(), message);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"
                             "id,received_at,event,channel,"));
    // Sample messages hold no line breaks: one line per row plus the header.
    QCOMPARE(bytes.count("\r\n"), m_channel7 + 1);
    QCOMPARE(m_settings->lastExportFolder(), m_out->path());
}

void TestExportDialog::everythingIgnoresTheFilter()
{
    auto d = dialog(QStringLiteral("channel:7"));
    QSignalSpy spy(d.get(), &ExportDialog::finished);
    const QString path = m_out->filePath(QStringLiteral("all.jsonl"));
    QVERIFY(d->startExport(path, ExportJob::Kind::Events, ExportJob::Format::JsonLines, true,
                           ExportDialog::Scope::Everything));
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 30000);
    QCOMPARE(spy.at(0).at(1).toLongLong(), m_total);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("{\"id\":1,")); // no BOM in JSON Lines
    QCOMPARE(bytes.count('\n'), m_total);
}

void TestExportDialog::exportButtonUsesTheChoices()
{
    auto d = dialog(QStringLiteral("channel:7"));
    const QString path = m_out->filePath(QStringLiteral("chosen.csv"));
    d->setFilePath(path);
    buttonNamed(d.get(), QStringLiteral("&JSON Lines"))->click();
    QCOMPARE(d->filePath(), m_out->filePath(QStringLiteral("chosen.jsonl")));
    buttonNamed(d.get(), QStringLiteral("&All events"))->click();
    QSignalSpy spy(d.get(), &ExportDialog::finished);
    buttonNamed(d.get(), QStringLiteral("E&xport"))->click();
    QVERIFY(d->isRunning());
    QVERIFY(!buttonNamed(d.get(), QStringLiteral("E&xport"))->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 30000);
    QCOMPARE(spy.at(0).at(1).toLongLong(), m_total);
    QVERIFY(buttonNamed(d.get(), QStringLiteral("E&xport"))->isEnabled());
    QCOMPARE(outputFiles(), QStringList{QStringLiteral("chosen.jsonl")});
}

void TestExportDialog::customerChangesExport()
{
    auto d = dialog(QString());
    QSignalSpy spy(d.get(), &ExportDialog::finished);
    const QString path = m_out->filePath(QStringLiteral("changes.csv"));
    QVERIFY(d->startExport(path, ExportJob::Kind::CustomerChanges, ExportJob::Format::Csv, false));
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 30000);
    QVERIFY(spy.at(0).at(0).toBool());
    const qint64 rows = spy.at(0).at(1).toLongLong();
    QVERIFY(rows > 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("time,chat_user_id,name,field,old,new,event_id\r\n"));
}

void TestExportDialog::cancelLeavesNoFile()
{
    auto d = dialog(QString());
    QSignalSpy spy(d.get(), &ExportDialog::finished);
    QVERIFY(d->startExport(m_out->filePath(QStringLiteral("cancelled.csv")),
                           ExportJob::Kind::Events, ExportJob::Format::Csv, false));
    d->cancelExport();
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 30000);
    QCOMPARE(spy.at(0).at(0).toBool(), false);
    QCOMPARE(spy.at(0).at(1).toLongLong(), 0);
    QCOMPARE(spy.at(0).at(2).toString(), QStringLiteral("Export cancelled; no file was written."));
    QCOMPARE(outputFiles(), QStringList());
}

void TestExportDialog::progressDialogCancelLeavesNoFile()
{
    auto d = dialog(QString());
    QSignalSpy spy(d.get(), &ExportDialog::finished);
    QVERIFY(d->startExport(m_out->filePath(QStringLiteral("cancelled.jsonl")),
                           ExportJob::Kind::Events, ExportJob::Format::JsonLines, false));
    auto *progress = d->findChild<QProgressDialog *>();
    QVERIFY(progress);
    auto *cancel = progress->findChild<QPushButton *>();
    QVERIFY(cancel);
    cancel->click(); // what the user does (QProgressDialog::cancel() emits nothing)
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 30000);
    QCOMPARE(spy.at(0).at(0).toBool(), false);
    QCOMPARE(outputFiles(), QStringList());
    QTRY_VERIFY(!d->findChild<QProgressDialog *>());
}

void TestExportDialog::closingDuringAnExportCancelsIt()
{
    auto d = dialog(QString());
    QVERIFY(d->startExport(m_out->filePath(QStringLiteral("closed.csv")), ExportJob::Kind::Events,
                           ExportJob::Format::Csv, false));
    d->reject();
    QVERIFY(!d->isRunning());
    d.reset();
    QCOMPARE(outputFiles(), QStringList());
}

void TestExportDialog::failureIsReported()
{
    ExportDialog d(m_out->filePath(QStringLiteral("missing.sqlite")), FilterExpression(),
                   m_settings.get());
    QSignalSpy spy(&d, &ExportDialog::finished);
    QVERIFY(d.startExport(m_out->filePath(QStringLiteral("x.csv")), ExportJob::Kind::Events,
                          ExportJob::Format::Csv, false));
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toBool(), false);
    const QString message = spy.at(0).at(2).toString();
    QVERIFY2(message.startsWith(QLatin1String("Export failed; no file was written.")) &&
                 message.contains(QLatin1String("missing.sqlite")),
             qPrintable(message));
    QCOMPARE(outputFiles(), QStringList());
}

void TestExportDialog::oneExportAtATime()
{
    auto d = dialog(QString());
    QSignalSpy spy(d.get(), &ExportDialog::finished);
    QVERIFY(d->startExport(m_out->filePath(QStringLiteral("a.csv")), ExportJob::Kind::Events,
                           ExportJob::Format::Csv, false));
    QVERIFY(!d->startExport(m_out->filePath(QStringLiteral("b.csv")), ExportJob::Kind::Events,
                            ExportJob::Format::Csv, false));
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 30000);
    QCOMPARE(outputFiles(), QStringList{QStringLiteral("a.csv")});
}

void TestExportDialog::noFileNoExport()
{
    auto d = dialog(QString());
    QSignalSpy spy(d.get(), &ExportDialog::finished);
    QVERIFY(!d->startExport(QStringLiteral("  "), ExportJob::Kind::Events, ExportJob::Format::Csv,
                            false));
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toBool(), false);
    QVERIFY(!d->isRunning());
}

void TestExportDialog::proposesAFileInTheLastFolder()
{
    m_settings->setLastExportFolder(m_out->path());
    auto d = dialog(QStringLiteral("channel:7"));
    QVERIFY2(d->filePath().startsWith(m_out->filePath(QStringLiteral("hookscope-events-"))),
             qPrintable(d->filePath()));
    QVERIFY(d->filePath().endsWith(QLatin1String(".csv")));
    buttonNamed(d.get(), QStringLiteral("&JSON Lines"))->click();
    QVERIFY(d->filePath().endsWith(QLatin1String(".jsonl")));
    buttonNamed(d.get(), QStringLiteral("C&ustomer changes (one row per changed field)"))->click();
    QVERIFY2(d->filePath().contains(QLatin1String("/hookscope-customer-changes-")),
             qPrintable(d->filePath()));
    QVERIFY(!buttonNamed(d.get(), QStringLiteral("Start with a &byte order mark (for Excel)"))
                 ->isEnabled());
}

void TestExportDialog::withoutAFilterOnlyEverything()
{
    auto d = dialog(QString());
    QAbstractButton *filtered =
        buttonNamed(d.get(), QStringLiteral("Matching the current &filter"));
    QVERIFY(!filtered->isEnabled());
    QVERIFY(buttonNamed(d.get(), QStringLiteral("&All events"))->isChecked());
}

// Issue 11: as in the window, test deliveries are left out unless the filter
// names them.
void TestExportDialog::testsOnlyWhenTheFilterNamesThem()
{
    auto d = dialog(QStringLiteral("test:yes"));
    QSignalSpy spy(d.get(), &ExportDialog::finished);
    const QString path = m_out->filePath(QStringLiteral("tests.jsonl"));
    QVERIFY(d->startExport(path, ExportJob::Kind::Events, ExportJob::Format::JsonLines, false));
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 30000);
    QCOMPARE(spy.at(0).at(1).toLongLong(), m_tests);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().count("\"test\":true,"), m_tests);
}

// The window's CSV is for Excel: a BOM and the formula guard by default;
// the choices made are remembered for the next export.
void TestExportDialog::choicesDefaultForExcelAndAreRemembered()
{
    {
        auto d = dialog(QString());
        QVERIFY(d->findChild<QCheckBox *>(QStringLiteral("bomCheck"))->isChecked());
        QVERIFY(d->formulaGuard());
        auto *data = qobject_cast<QRadioButton *>(buttonNamed(
            d.get(), QStringLiteral("&Data, not spreadsheet (cells exactly as stored)")));
        QVERIFY(data);
        QVERIFY(data->isEnabled());
        // The dialog says why the guard is there.
        QVERIFY(d->findChild<QLabel *>(QStringLiteral("guardNoteLabel"))
                    ->text()
                    .contains(QLatin1String("formula")));
        data->click();
        QVERIFY(!d->formulaGuard());
        d->findChild<QCheckBox *>(QStringLiteral("bomCheck"))->setChecked(false);
        d->setFilePath(m_out->filePath(QStringLiteral("remembered.csv")));
        QSignalSpy spy(d.get(), &ExportDialog::finished);
        buttonNamed(d.get(), QStringLiteral("E&xport"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 30000);
        QVERIFY(spy.at(0).at(0).toBool());
        // JSON Lines has no formulas: the choice is CSV only.
        buttonNamed(d.get(), QStringLiteral("&JSON Lines"))->click();
        QVERIFY(!data->isEnabled());
    }
    QCOMPARE(m_settings->exportChoices().bom, false);
    QCOMPARE(m_settings->exportChoices().formulaGuard, false);
    auto again = dialog(QString());
    QVERIFY(!again->findChild<QCheckBox *>(QStringLiteral("bomCheck"))->isChecked());
    QVERIFY(!again->formulaGuard());
}

void TestExportDialog::dataModeWritesCellsAsStored()
{
    auto d = dialog(QString());
    for (const bool guard : {true, false}) {
        d->setFormulaGuard(guard);
        QSignalSpy spy(d.get(), &ExportDialog::finished);
        const QString path =
            m_out->filePath(guard ? QStringLiteral("guarded.csv") : QStringLiteral("data.csv"));
        QVERIFY(d->startExport(path, ExportJob::Kind::Events, ExportJob::Format::Csv, false,
                               ExportDialog::Scope::Everything));
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 30000);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QCOMPARE(bytes.contains(",\"'=HYPERLINK("), guard);
        QCOMPARE(bytes.contains(",\"=HYPERLINK("), !guard);
        QCOMPARE(bytes.count("\r\n"), m_total + 1);
    }
}

// Not a check: writes the dialog as PNG files when HOOKSCOPE_SCREENSHOT_DIR is set.
void TestExportDialog::screenshot()
{
    const QString dir = qEnvironmentVariable("HOOKSCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("HOOKSCOPE_SCREENSHOT_DIR not set");
    auto d = dialog(QStringLiteral("channel:\"WhatsApp API\" type:text -verified:yes refund"));
    d->setFilePath(QStringLiteral("/home/support/exports/hookscope-events-20261124-161817.csv"));
    d->show();
    QVERIFY(QTest::qWaitForWindowExposed(d.get()));
    QVERIFY(d->grab().save(QDir(dir).filePath(QStringLiteral("exportdialog.png"))));
    QSignalSpy spy(d.get(), &ExportDialog::finished);
    d->setFilePath(m_out->filePath(QStringLiteral("whatsapp.csv")));
    QVERIFY(d->startExport(d->filePath(), ExportJob::Kind::Events, ExportJob::Format::Csv, true,
                           ExportDialog::Scope::Everything));
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 30000);
    QVERIFY(d->grab().save(QDir(dir).filePath(QStringLiteral("exportdialog-done.png"))));
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
