#include "dialogs/forwardingpage.h"
#include "dialogs/forwardruledialog.h"
#include "dialogs/settingsdialog.h"
#include "filter/filterexpression.h"
#include "settings/forwardrulecheck.h"
#include "settings/settings.h"

#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

// The window's forwarding rules: saved through the settings facade, edited
// on the settings dialog's "Forwarding" page, each URL and filter checked.
class TestForwardingPage final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rulesRoundTripThroughTheSettings();
    void hostileStoredRulesComeBackOff();
    void recentSendToUrlsAreKeptInOrder();
    void urlMustBeHttpOrHttps_data();
    void urlMustBeHttpOrHttps();
    void filterErrorMarksTheTerm();
    void pageAddsEditsAndRemoves();
    void aWrongRuleIsNotTurnedOn();
    void settingsDialogCarriesTheRules();
    void enabledTargetsAreTheUsableOnes();
};

namespace {

ForwardRule rule(const QString &url, const QString &filter = {}, bool unverified = false,
                 bool enabled = true)
{
    ForwardRule r;
    r.url = url;
    r.filter = filter;
    r.includeUnverified = unverified;
    r.enabled = enabled;
    return r;
}

// Accepts the page's open rule editor with these values.
void fillEditor(ForwardingPage &page, const ForwardRule &r)
{
    ForwardRuleDialog *editor = page.editor();
    QVERIFY(editor);
    editor->urlEdit()->setText(r.url);
    editor->filterEdit()->setText(r.filter);
    editor->unverifiedBox()->setChecked(r.includeUnverified);
    editor->enabledBox()->setChecked(r.enabled);
    editor->accept();
    QVERIFY(editor->result() == QDialog::Accepted);
}

} // namespace

void TestForwardingPage::rulesRoundTripThroughTheSettings()
{
    QTemporaryDir dir;
    const QList<ForwardRule> rules{
        rule(QStringLiteral("https://crm.example.com/hook"), QStringLiteral("channel:7")),
        rule(QStringLiteral("http://127.0.0.1:9000/in?key=1"), {}, true, false)};
    {
        Settings settings(dir.path());
        QVERIFY(settings.forwardRules().isEmpty()); // none by default
        QVERIFY(settings.receiverConfig().forwardRules.isEmpty());
        ReceiverConfig config = settings.receiverConfig();
        config.forwardRules = rules;
        settings.setReceiverConfig(config);
        settings.sync();
    }
    Settings settings(dir.path());
    QCOMPARE(settings.forwardRules(), rules);
    QCOMPARE(settings.receiverConfig().forwardRules, rules);
    settings.setForwardRules({rules.at(1)});
    QCOMPARE(settings.forwardRules(), QList<ForwardRule>{rules.at(1)});
}

void TestForwardingPage::hostileStoredRulesComeBackOff()
{
    QTemporaryDir dir;
    {
        QSettings raw(QDir(dir.path()).filePath(QStringLiteral("settings.ini")),
                      QSettings::IniFormat);
        raw.beginWriteArray(QStringLiteral("forwarding/rules"));
        const QStringList urls{QStringLiteral("file:///etc/passwd"),
                               QStringLiteral("https://ok.example.com/a"),
                               QStringLiteral("https://ok.example.com/b"),
                               QStringLiteral("https://") + QString(5000, u'x')};
        for (int i = 0; i < 30; ++i) {
            raw.setArrayIndex(i);
            raw.setValue(QStringLiteral("url"), urls.at(qMin(i, 3)));
            raw.setValue(QStringLiteral("filter"),
                         i == 2 ? QStringLiteral("channel:(") : QString());
            raw.setValue(QStringLiteral("enabled"), true);
        }
        raw.endArray();
    }
    Settings settings(dir.path());
    const QList<ForwardRule> rules = settings.forwardRules();
    QCOMPARE(rules.size(), ForwardRuleCheck::kMaxRules);
    QVERIFY(!rules.at(0).enabled); // not http(s)
    QVERIFY(rules.at(1).enabled);
    QVERIFY(!rules.at(2).enabled); // a filter that does not parse
    QVERIFY(!rules.at(3).enabled); // too long, cut
    QVERIFY(rules.at(3).url.size() <= ForwardRuleCheck::kMaxUrlLength);
    QCOMPARE(ForwardRuleCheck::enabledTargets(settings.receiverConfig().forwardRules),
             QStringList{QStringLiteral("https://ok.example.com/a")});
}

void TestForwardingPage::recentSendToUrlsAreKeptInOrder()
{
    QTemporaryDir dir;
    Settings settings(dir.path());
    QVERIFY(settings.recentSendToUrls().isEmpty());
    for (int i = 0; i < 12; ++i)
        settings.addRecentSendToUrl(QStringLiteral("https://h%1.example.com/").arg(i));
    settings.addRecentSendToUrl(QStringLiteral("https://h5.example.com/"));
    const QStringList urls = settings.recentSendToUrls();
    QCOMPARE(urls.size(), 10);
    QCOMPARE(urls.first(), QStringLiteral("https://h5.example.com/"));
    QCOMPARE(urls.at(1), QStringLiteral("https://h11.example.com/"));
    QCOMPARE(urls.count(QStringLiteral("https://h5.example.com/")), 1);
}

void TestForwardingPage::urlMustBeHttpOrHttps_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("errorPart"); // empty: accepted
    QTest::newRow("https") << QStringLiteral("https://crm.example.com/hook") << QString();
    QTest::newRow("http with port and query")
        << QStringLiteral("http://10.0.0.5:8080/in?a=b") << QString();
    QTest::newRow("empty") << QString() << QStringLiteral("empty");
    QTest::newRow("ftp") << QStringLiteral("ftp://example.com/") << QStringLiteral("http://");
    QTest::newRow("no scheme") << QStringLiteral("crm.example.com/hook")
                               << QStringLiteral("http://");
    QTest::newRow("no host") << QStringLiteral("https:///hook") << QStringLiteral("not a valid");
    QTest::newRow("credentials") << QStringLiteral("https://u:p@crm.example.com/")
                                 << QStringLiteral("password");
    QTest::newRow("fragment") << QStringLiteral("https://crm.example.com/#x")
                              << QStringLiteral("fragment");
    QTest::newRow("space") << QStringLiteral("https://a b.example.com/")
                           << QStringLiteral("not a valid");
}

void TestForwardingPage::urlMustBeHttpOrHttps()
{
    QFETCH(QString, url);
    QFETCH(QString, errorPart);
    ForwardRuleDialog dialog(rule(url));
    dialog.accept();
    if (errorPart.isEmpty()) {
        QCOMPARE(dialog.errorText(), QString());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.rule().url, url);
    } else {
        QVERIFY2(dialog.errorText().contains(errorPart), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(ForwardRuleCheck::urlError(url).isEmpty(), false);
    }
}

void TestForwardingPage::filterErrorMarksTheTerm()
{
    ForwardRuleDialog dialog(rule(QStringLiteral("https://crm.example.com/hook")));
    const QString text = QStringLiteral("channel:7 bogus:1");
    dialog.filterEdit()->setText(text); // checked while typing
    const FilterExpression parsed = FilterExpression::parse(text);
    QVERIFY(!parsed.isValid());
    QCOMPARE(dialog.markedStart(), parsed.errorPosition());
    QCOMPARE(dialog.markedLength(), parsed.errorLength());
    QVERIFY(dialog.markedStart() >= 0);
    const QString term = text.mid(parsed.errorPosition(), parsed.errorLength());
    QVERIFY2(dialog.errorText().contains(term), qPrintable(dialog.errorText()));
    QVERIFY(dialog.errorText().contains(parsed.errorMessage()));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    dialog.filterEdit()->setText(QStringLiteral("channel:7 type:text"));
    QCOMPARE(dialog.errorText(), QString());
    QCOMPARE(dialog.markedStart(), -1);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.rule().filter, QStringLiteral("channel:7 type:text"));
}

void TestForwardingPage::pageAddsEditsAndRemoves()
{
    ForwardingPage page;
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(!page.editButton()->isEnabled());
    page.addButton()->click();
    const ForwardRule first =
        rule(QStringLiteral("https://crm.example.com/hook"), QStringLiteral("channel:7"), true);
    fillEditor(page, first);
    QTRY_VERIFY(!page.editor());
    QCOMPARE(page.rules(), QList<ForwardRule>{first});
    QCOMPARE(page.table()->rowCount(), 1);
    QCOMPARE(page.table()->item(0, ForwardingPage::UrlColumn)->text(), first.url);

    page.addRule();
    const ForwardRule second = rule(QStringLiteral("http://127.0.0.1:9/x"));
    fillEditor(page, second);
    QTRY_VERIFY(!page.editor());
    QCOMPARE(page.rules(), (QList<ForwardRule>{first, second}));
    QCOMPARE(page.table()->item(1, ForwardingPage::FilterColumn)->text(),
             QStringLiteral("(every event)"));

    page.table()->selectRow(0);
    QVERIFY(page.editButton()->isEnabled());
    page.editButton()->click();
    QCOMPARE(page.editor()->urlEdit()->text(), first.url);
    ForwardRule edited = first;
    edited.filter = QStringLiteral("type:image");
    fillEditor(page, edited);
    QTRY_VERIFY(!page.editor());
    QCOMPARE(page.rules().first(), edited);

    // The "On" column turns a rule off and on again.
    page.table()->item(1, ForwardingPage::EnabledColumn)->setCheckState(Qt::Unchecked);
    QVERIFY(!page.rules().at(1).enabled);
    page.table()->item(1, ForwardingPage::EnabledColumn)->setCheckState(Qt::Checked);
    QVERIFY(page.rules().at(1).enabled);

    page.table()->selectRow(0);
    page.removeButton()->click();
    QCOMPARE(page.rules(), QList<ForwardRule>{second});
    QCOMPARE(page.table()->rowCount(), 1);
    QCOMPARE(page.validationError(), QString());
}

void TestForwardingPage::aWrongRuleIsNotTurnedOn()
{
    ForwardingPage page;
    const ForwardRule wrong = rule(QStringLiteral("gopher://old.example.com/"), {}, false, false);
    page.setRules({wrong});
    page.table()->item(0, ForwardingPage::EnabledColumn)->setCheckState(Qt::Checked);
    QCOMPARE(page.table()->item(0, ForwardingPage::EnabledColumn)->checkState(), Qt::Unchecked);
    QVERIFY(!page.rules().first().enabled);
    auto *error = page.findChild<QLabel *>(QStringLiteral("forwardingError"));
    QVERIFY(error && error->isVisibleTo(&page));
    QVERIFY(error->text().contains(QStringLiteral("http://")));
    // A rule on but wrong (set from outside) stops the settings' OK.
    ForwardRule on = wrong;
    on.enabled = true;
    page.setRules({on});
    QVERIFY(page.validationError().contains(QStringLiteral("Rule 1")));
}

void TestForwardingPage::settingsDialogCarriesTheRules()
{
    ReceiverConfig config;
    config.forwardRules = {rule(QStringLiteral("https://crm.example.com/hook"))};
    SettingsDialog dialog(config, QStringLiteral("/tmp/a.db"), true);
    auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("settingsTabs"));
    QVERIFY(tabs);
    ForwardingPage *page = dialog.forwardingPage();
    QVERIFY(tabs->indexOf(page) >= 0);
    QCOMPARE(tabs->tabText(tabs->indexOf(page)), QStringLiteral("Forwarding"));
    QCOMPARE(dialog.config().forwardRules, config.forwardRules);
    page->removeRule(); // nothing selected: nothing removed
    QCOMPARE(dialog.config().forwardRules.size(), 1);
    page->table()->selectRow(0);
    page->removeRule();
    QVERIFY(dialog.config().forwardRules.isEmpty());

    // OK with a wrong rule on shows the page and the error.
    ForwardRule wrong = rule(QStringLiteral("ftp://x.example.com/"));
    page->setRules({wrong});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    tabs->setCurrentIndex(0);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(tabs->currentWidget(), page);
    const auto labels = dialog.findChildren<QLabel *>(QStringLiteral("errorLabel"));
    QVERIFY(!labels.isEmpty());
    QVERIFY(labels.first()->text().contains(QStringLiteral("Rule 1")));

    // The picture for the docs, when asked for.
    const QString grabDir = qEnvironmentVariable("HOOKSCOPE_GRAB_DIR");
    if (!grabDir.isEmpty()) {
        page->setRules({rule(QStringLiteral("https://crm.example.com/salesmartly/webhook")),
                        rule(QStringLiteral("https://ops.example.com/hooks/vip"),
                             QStringLiteral("user:\"Maria Garcia\" OR refund"), false, true),
                        rule(QStringLiteral("http://127.0.0.1:9000/audit"), {}, true, false)});
        labels.first()->hide();
        dialog.resize(760, 520);
        QTest::qWait(50);
        QVERIFY(dialog.grab().save(QDir(grabDir).filePath(QStringLiteral("forwarding-page.png"))));
    }
}

void TestForwardingPage::enabledTargetsAreTheUsableOnes()
{
    const QList<ForwardRule> rules{
        rule(QStringLiteral("https://a.example.com/")),
        rule(QStringLiteral("https://a.example.com/"), {}, true),
        rule(QStringLiteral("https://b.example.com/"), {}, false, false),
        rule(QStringLiteral("https://c.example.com/"), QStringLiteral("(")),
        rule(QStringLiteral("http://d.example.com/"))};
    QCOMPARE(ForwardRuleCheck::enabledTargets(rules),
             (QStringList{QStringLiteral("https://a.example.com/"),
                          QStringLiteral("http://d.example.com/")}));
}

QTEST_MAIN(TestForwardingPage)
#include "tst_forwardingpage.moc"
