#include "filterbar/savedfilterspanel.h"
#include "settings/settings.h"

#include <QKeyEvent>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

namespace {

QStringList namesIn(const QList<Settings::SavedFilter> &filters)
{
    QStringList names;
    for (const Settings::SavedFilter &f : filters)
        names.append(f.name + QLatin1Char('=') + f.expression);
    return names;
}

} // namespace

class TestSavedFiltersPanel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void saveAsPersists();
    void saveCurrentAsksForAName();
    void cancelledPromptSavesNothing();
    void sameNameReplaces();
    void emptyNameOrExpressionIsRefused();
    void activationRequestsApply();
    void renamePersists();
    void deleteKeyRemoves();
    void loadsWhatWasSaved();
    void plusButtonRequestsSave();

private:
    Settings *reopen();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<Settings> m_other;
};

void TestSavedFiltersPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<Settings>(m_dir->path());
}

void TestSavedFiltersPanel::cleanup()
{
    m_other.reset();
    m_settings.reset();
    m_dir.reset();
}

// A second Settings on the same folder: what the next run of the program reads.
Settings *TestSavedFiltersPanel::reopen()
{
    m_other = std::make_unique<Settings>(m_dir->path());
    return m_other.get();
}

void TestSavedFiltersPanel::saveAsPersists()
{
    SavedFiltersPanel panel(m_settings.get());
    QVERIFY(panel.saveAs(QStringLiteral("Refunds"), QStringLiteral("refund -sender:agent")));
    QVERIFY(panel.saveAs(QStringLiteral("WhatsApp"), QStringLiteral("channel:7")));
    QCOMPARE(panel.listWidget()->count(), 2);
    QCOMPARE(panel.listWidget()->currentRow(), 1);
    QCOMPARE(panel.listWidget()->item(0)->text(), QStringLiteral("Refunds"));
    QCOMPARE(panel.listWidget()->item(0)->toolTip(), QStringLiteral("refund -sender:agent"));
    QCOMPARE(namesIn(reopen()->savedFilters()),
             (QStringList{QStringLiteral("Refunds=refund -sender:agent"),
                          QStringLiteral("WhatsApp=channel:7")}));
}

void TestSavedFiltersPanel::saveCurrentAsksForAName()
{
    SavedFiltersPanel panel(m_settings.get());
    QString askedLabel;
    panel.setNamePrompt([&askedLabel](const QString &label, const QString &suggestion) {
        askedLabel = label;
        return std::optional<QString>(suggestion.isEmpty() ? QStringLiteral(" Mine ")
                                                           : suggestion + QLatin1Char('2'));
    });
    panel.saveCurrent(QStringLiteral("type:image"));
    QVERIFY(askedLabel.contains(QStringLiteral("type:image")));
    QCOMPARE(namesIn(reopen()->savedFilters()), QStringList{QStringLiteral("Mine=type:image")});
    // Saving the same expression again suggests its current name.
    panel.saveCurrent(QStringLiteral("type:image"));
    QCOMPARE(namesIn(panel.filters()),
             (QStringList{QStringLiteral("Mine=type:image"), QStringLiteral("Mine2=type:image")}));
}

void TestSavedFiltersPanel::cancelledPromptSavesNothing()
{
    SavedFiltersPanel panel(m_settings.get());
    panel.setNamePrompt([](const QString &, const QString &) { return std::nullopt; });
    panel.saveCurrent(QStringLiteral("type:image"));
    QVERIFY(panel.filters().isEmpty());
    QVERIFY(reopen()->savedFilters().isEmpty());
}

void TestSavedFiltersPanel::sameNameReplaces()
{
    SavedFiltersPanel panel(m_settings.get());
    panel.saveAs(QStringLiteral("A"), QStringLiteral("channel:7"));
    panel.saveAs(QStringLiteral("B"), QStringLiteral("channel:6"));
    panel.saveAs(QStringLiteral("A"), QStringLiteral("channel:1"));
    QCOMPARE(namesIn(reopen()->savedFilters()),
             (QStringList{QStringLiteral("A=channel:1"), QStringLiteral("B=channel:6")}));
    QCOMPARE(panel.listWidget()->currentRow(), 0);
}

void TestSavedFiltersPanel::emptyNameOrExpressionIsRefused()
{
    SavedFiltersPanel panel(m_settings.get());
    QVERIFY(!panel.saveAs(QStringLiteral("  "), QStringLiteral("channel:7")));
    QVERIFY(!panel.saveAs(QStringLiteral("A"), QStringLiteral(" ")));
    bool asked = false;
    panel.setNamePrompt([&asked](const QString &, const QString &) {
        asked = true;
        return std::optional<QString>(QStringLiteral("X"));
    });
    panel.saveCurrent(QString());
    QVERIFY(!asked);
    QVERIFY(panel.filters().isEmpty());
}

void TestSavedFiltersPanel::activationRequestsApply()
{
    SavedFiltersPanel panel(m_settings.get());
    panel.saveAs(QStringLiteral("A"), QStringLiteral("channel:7"));
    panel.saveAs(QStringLiteral("B"), QStringLiteral("user:\"c u\""));
    QSignalSpy spy(&panel, &SavedFiltersPanel::applyRequested);
    Q_EMIT panel.listWidget()->itemActivated(panel.listWidget()->item(1));
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("user:\"c u\""));

    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QListWidget *list = panel.listWidget();
    list->setCurrentRow(0);
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(spy.size(), 2);
    QCOMPARE(spy.at(1).at(0).toString(), QStringLiteral("channel:7"));
}

void TestSavedFiltersPanel::renamePersists()
{
    SavedFiltersPanel panel(m_settings.get());
    panel.saveAs(QStringLiteral("A"), QStringLiteral("channel:7"));
    panel.saveAs(QStringLiteral("B"), QStringLiteral("channel:6"));
    panel.listWidget()->setCurrentRow(0);
    panel.setNamePrompt([](const QString &, const QString &suggestion) {
        return std::optional<QString>(suggestion + QStringLiteral(" (WhatsApp)"));
    });
    panel.renameSelected();
    QCOMPARE(
        namesIn(reopen()->savedFilters()),
        (QStringList{QStringLiteral("A (WhatsApp)=channel:7"), QStringLiteral("B=channel:6")}));
    // Renaming onto another filter's name replaces that one.
    QVERIFY(panel.rename(0, QStringLiteral("B")));
    QCOMPARE(namesIn(reopen()->savedFilters()), QStringList{QStringLiteral("B=channel:7")});
    QVERIFY(!panel.rename(5, QStringLiteral("C")));
    QVERIFY(!panel.rename(0, QString()));
}

void TestSavedFiltersPanel::deleteKeyRemoves()
{
    SavedFiltersPanel panel(m_settings.get());
    panel.saveAs(QStringLiteral("A"), QStringLiteral("channel:7"));
    panel.saveAs(QStringLiteral("B"), QStringLiteral("channel:6"));
    panel.saveAs(QStringLiteral("C"), QStringLiteral("channel:5"));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.listWidget()->setCurrentRow(1);
    panel.listWidget()->setFocus();
    QTest::keyClick(panel.listWidget(), Qt::Key_Delete);
    QCOMPARE(namesIn(reopen()->savedFilters()),
             (QStringList{QStringLiteral("A=channel:7"), QStringLiteral("C=channel:5")}));
    QCOMPARE(panel.listWidget()->currentRow(), 1); // the next one is selected
    QVERIFY(panel.remove(0));
    QVERIFY(panel.remove(0));
    QVERIFY(!panel.remove(0));
    QVERIFY(reopen()->savedFilters().isEmpty());
}

void TestSavedFiltersPanel::loadsWhatWasSaved()
{
    m_settings->setSavedFilters({{QStringLiteral("Old"), QStringLiteral("type:text")}});
    m_settings->sync();
    Settings fresh(m_dir->path());
    SavedFiltersPanel panel(&fresh);
    QCOMPARE(panel.listWidget()->count(), 1);
    QCOMPARE(panel.listWidget()->item(0)->text(), QStringLiteral("Old"));
}

void TestSavedFiltersPanel::plusButtonRequestsSave()
{
    SavedFiltersPanel panel(m_settings.get());
    QSignalSpy spy(&panel, &SavedFiltersPanel::saveRequested);
    auto *button = panel.findChild<QToolButton *>();
    QVERIFY(button);
    button->click();
    QCOMPARE(spy.size(), 1);
}

QTEST_MAIN(TestSavedFiltersPanel)
#include "tst_savedfilterspanel.moc"
