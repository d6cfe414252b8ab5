#include "dialogs/settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

class TestSettingsDialog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsTheValuesGiven();
    void secretIsMaskedUntilShown();
    void editedValuesComeBack();
    void invalidAddressKeepsTheDialogOpen();
    void showsTheLimitsGiven();
    void editedLimitsComeBack();
    void untouchedLimitsKeepTheirExactValues();
    void limitsErrorsKeepTheDialogOpen_data();
    void limitsErrorsKeepTheDialogOpen();
    void readableTlsFilesAreAccepted();
    void refuseStaleOnlyUnderStrict();
    void everyLimitsFieldHasAMnemonicAndATooltip();
    void tabFollowsTheReadingOrder();
    void languageComesBack_data();
    void languageComesBack();
    void loadRemoteImagesComesBack();
    void publicUrlComesBack();
    void publicUrlIsChecked_data();
    void publicUrlIsChecked();
    void badPublicUrlKeepsTheDialogOpen();
};

namespace {

ReceiverConfig sample()
{
    ReceiverConfig c;
    c.host = QStringLiteral("0.0.0.0");
    c.port = 9001;
    c.path = QStringLiteral("/ss");
    c.secret = "s3cret";
    c.policy = VerifyPolicy::Record;
    c.maxBodyBytes = 2 * 1024 * 1024;
    c.trustedProxies = {QStringLiteral("10.0.0.5"), QStringLiteral("::1")};
    c.guard.maxConnections = 300;
    c.guard.maxConnectionsPerAddress = 9;
    c.staleAfterMs = 5 * 60 * 1000;
    c.refuseStale = true;
    return c;
}

template<typename T>
T *child(const QObject &parent, const char *name)
{
    auto *found = parent.findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

QString writeFile(const QTemporaryDir &dir, const char *name)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write("-----BEGIN X-----\n") > 0 ? path
                                                                                    : QString();
}

} // namespace

void TestSettingsDialog::showsTheValuesGiven()
{
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), false);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("hostEdit"))->text(),
             QStringLiteral("0.0.0.0"));
    QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("portSpin"))->value(), 9001);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("pathEdit"))->text(),
             QStringLiteral("/ss"));
    QCOMPARE(dialog.findChild<QComboBox *>(QStringLiteral("policyCombo"))->currentData().toInt(),
             static_cast<int>(VerifyPolicy::Record));
    QCOMPARE(dialog.databasePath(), QStringLiteral("/tmp/a.db"));
    QVERIFY(!dialog.startOnLaunch());
    QCOMPARE(dialog.config().secret, QByteArray("s3cret"));
}

void TestSettingsDialog::secretIsMaskedUntilShown()
{
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    QCOMPARE(dialog.secretEdit()->echoMode(), QLineEdit::Password);
    dialog.showSecretButton()->click();
    QCOMPARE(dialog.secretEdit()->echoMode(), QLineEdit::Normal);
    dialog.showSecretButton()->click();
    QCOMPARE(dialog.secretEdit()->echoMode(), QLineEdit::Password);
}

void TestSettingsDialog::editedValuesComeBack()
{
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    dialog.findChild<QLineEdit *>(QStringLiteral("hostEdit"))
        ->setText(QStringLiteral(" 127.0.0.1 "));
    dialog.findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(0);
    dialog.findChild<QLineEdit *>(QStringLiteral("pathEdit"))->setText(QStringLiteral("hooks"));
    dialog.secretEdit()->setText(QStringLiteral("new"));
    auto *policy = dialog.findChild<QComboBox *>(QStringLiteral("policyCombo"));
    policy->setCurrentIndex(policy->findData(static_cast<int>(VerifyPolicy::Off)));
    dialog.findChild<QLineEdit *>(QStringLiteral("databaseEdit"))
        ->setText(QStringLiteral("/tmp/b.db"));
    const ReceiverConfig c = dialog.config();
    QCOMPARE(c.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(c.port, quint16(0));
    QCOMPARE(c.path, QStringLiteral("/hooks"));
    QCOMPARE(c.secret, QByteArray("new"));
    QCOMPARE(c.policy, VerifyPolicy::Off);
    QCOMPARE(dialog.databasePath(), QStringLiteral("/tmp/b.db"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestSettingsDialog::invalidAddressKeepsTheDialogOpen()
{
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    dialog.show();
    dialog.findChild<QLineEdit *>(QStringLiteral("hostEdit"))
        ->setText(QStringLiteral("not an address"));
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void TestSettingsDialog::showsTheLimitsGiven()
{
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), false);
    QCOMPARE(child<QSpinBox>(dialog, "maxBodySpin")->value(), 2048);
    QCOMPARE(child<QLineEdit>(dialog, "trustedProxiesEdit")->text(),
             QStringLiteral("10.0.0.5, ::1"));
    QCOMPARE(child<QSpinBox>(dialog, "maxConnectionsSpin")->value(), 300);
    QCOMPARE(child<QSpinBox>(dialog, "maxConnectionsPerAddressSpin")->value(), 9);
    QCOMPARE(child<QSpinBox>(dialog, "staleMinutesSpin")->value(), 5);
    QVERIFY(child<QCheckBox>(dialog, "refuseStaleCheck")->isChecked());
    QVERIFY(child<QLineEdit>(dialog, "tlsCertEdit")->text().isEmpty());
    const ReceiverConfig c = dialog.config();
    QCOMPARE(c.maxBodyBytes, sample().maxBodyBytes);
    QCOMPARE(c.trustedProxies, sample().trustedProxies);
    QCOMPARE(c.staleAfterMs, sample().staleAfterMs);
}

void TestSettingsDialog::editedLimitsComeBack()
{
    QTemporaryDir dir;
    const QString cert = writeFile(dir, "cert.pem");
    const QString key = writeFile(dir, "key.pem");
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    child<QSpinBox>(dialog, "maxBodySpin")->setValue(512);
    child<QLineEdit>(dialog, "tlsCertEdit")->setText(cert);
    child<QLineEdit>(dialog, "tlsKeyEdit")->setText(key);
    child<QLineEdit>(dialog, "trustedProxiesEdit")
        ->setText(QStringLiteral(" 192.168.1.2;fe80::1, 10.0.0.0/8 "));
    child<QSpinBox>(dialog, "maxConnectionsSpin")->setValue(50);
    child<QSpinBox>(dialog, "maxConnectionsPerAddressSpin")->setValue(5);
    child<QSpinBox>(dialog, "staleMinutesSpin")->setValue(30);
    child<QCheckBox>(dialog, "refuseStaleCheck")->setChecked(false);
    const ReceiverConfig c = dialog.config();
    QCOMPARE(c.maxBodyBytes, qint64(512 * 1024));
    QCOMPARE(c.tlsCertPath, cert);
    QCOMPARE(c.tlsKeyPath, key);
    QCOMPARE(c.trustedProxies,
             (QStringList{QStringLiteral("192.168.1.2"), QStringLiteral("fe80::1"),
                          QStringLiteral("10.0.0.0/8")}));
    QCOMPARE(c.guard.maxConnections, 50);
    QCOMPARE(c.guard.maxConnectionsPerAddress, 5);
    QCOMPARE(c.staleAfterMs, qint64(30 * 60 * 1000));
    QVERIFY(!c.refuseStale);
    QCOMPARE(c.secret, QByteArray("s3cret"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

// A byte count that is not whole KiB is shown rounded up; left alone, it
// comes back exactly (so opening and closing the dialog changes nothing).
void TestSettingsDialog::untouchedLimitsKeepTheirExactValues()
{
    ReceiverConfig odd = sample();
    odd.maxBodyBytes = 1000;
    odd.staleAfterMs = 90'000;
    SettingsDialog dialog(odd, QStringLiteral("/tmp/a.db"), true);
    QCOMPARE(child<QSpinBox>(dialog, "maxBodySpin")->value(), 1);
    QCOMPARE(child<QSpinBox>(dialog, "staleMinutesSpin")->value(), 2);
    QCOMPARE(dialog.config().maxBodyBytes, qint64(1000));
    QCOMPARE(dialog.config().staleAfterMs, qint64(90'000));
}

void TestSettingsDialog::limitsErrorsKeepTheDialogOpen_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("proxies");
    QTest::addColumn<QString>("errorPart");
    QTest::addColumn<QString>("focused");
    // {cert} is a readable file, {dir} a folder, {missing} no file at all.
    QTest::newRow("cert without key") << QStringLiteral("{cert}") << QString() << QString()
                                      << QStringLiteral("both") << QStringLiteral("tlsKeyEdit");
    QTest::newRow("key without cert") << QString() << QStringLiteral("{cert}") << QString()
                                      << QStringLiteral("both") << QStringLiteral("tlsCertEdit");
    QTest::newRow("cert missing") << QStringLiteral("{missing}") << QStringLiteral("{cert}")
                                  << QString() << QStringLiteral("\"{missing}\"")
                                  << QStringLiteral("tlsCertEdit");
    QTest::newRow("key a folder") << QStringLiteral("{cert}") << QStringLiteral("{dir}")
                                  << QString() << QStringLiteral("folder")
                                  << QStringLiteral("tlsKeyEdit");
    QTest::newRow("proxy a bad subnet")
        << QString() << QString() << QStringLiteral("10.0.0.0/33") << QStringLiteral("subnet")
        << QStringLiteral("trustedProxiesEdit");
    QTest::newRow("proxy a name") << QString() << QString() << QStringLiteral("10.0.0.1, proxy")
                                  << QStringLiteral("\"proxy\"")
                                  << QStringLiteral("trustedProxiesEdit");
}

void TestSettingsDialog::limitsErrorsKeepTheDialogOpen()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, proxies);
    QFETCH(QString, errorPart);
    QFETCH(QString, focused);
    QTemporaryDir dir;
    const QString readable = writeFile(dir, "cert.pem");
    const QString missing = dir.filePath(QStringLiteral("missing.pem"));
    for (QString *text : {&cert, &key, &errorPart}) {
        text->replace(QStringLiteral("{cert}"), readable);
        text->replace(QStringLiteral("{dir}"), dir.path());
        text->replace(QStringLiteral("{missing}"), missing);
    }
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    child<QLineEdit>(dialog, "tlsCertEdit")->setText(cert);
    child<QLineEdit>(dialog, "tlsKeyEdit")->setText(key);
    child<QLineEdit>(dialog, "trustedProxiesEdit")->setText(proxies);
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    const auto labels = dialog.findChildren<QLabel *>();
    const bool shown = std::any_of(labels.begin(), labels.end(), [&errorPart](QLabel *label) {
        return label->isVisible() && label->text().contains(errorPart);
    });
    QVERIFY2(shown, qPrintable(errorPart));
    QCOMPARE(child<QTabWidget>(dialog, "settingsTabs")->currentWidget()->objectName(),
             QStringLiteral("limitsPage"));
    QCOMPARE(dialog.focusWidget()->objectName(), focused);
}

void TestSettingsDialog::readableTlsFilesAreAccepted()
{
    QTemporaryDir dir;
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    dialog.show();
    child<QLineEdit>(dialog, "tlsCertEdit")->setText(writeFile(dir, "c.pem"));
    child<QLineEdit>(dialog, "tlsKeyEdit")->setText(writeFile(dir, "k.pem"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.config().usesTls());
}

void TestSettingsDialog::refuseStaleOnlyUnderStrict()
{
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    auto *refuse = child<QCheckBox>(dialog, "refuseStaleCheck");
    auto *policy = child<QComboBox>(dialog, "policyCombo");
    QVERIFY(!refuse->isEnabled()); // sample() is Record
    policy->setCurrentIndex(policy->findData(static_cast<int>(VerifyPolicy::Strict)));
    QVERIFY(refuse->isEnabled());
    policy->setCurrentIndex(policy->findData(static_cast<int>(VerifyPolicy::Off)));
    QVERIFY(!refuse->isEnabled());
    QVERIFY(refuse->toolTip().contains(QStringLiteral("strict")));
}

void TestSettingsDialog::everyLimitsFieldHasAMnemonicAndATooltip()
{
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    const char *fields[] = {"tlsCertEdit",
                            "tlsKeyEdit",
                            "maxBodySpin",
                            "maxConnectionsSpin",
                            "maxConnectionsPerAddressSpin",
                            "trustedProxiesEdit",
                            "staleMinutesSpin"};
    const auto labels = dialog.findChildren<QLabel *>();
    for (const char *name : fields) {
        auto *field = child<QWidget>(dialog, name);
        QVERIFY2(!field->toolTip().isEmpty(), name);
        const auto label = std::find_if(labels.begin(), labels.end(),
                                        [field](QLabel *l) { return l->buddy() == field; });
        QVERIFY2(label != labels.end(), name);
        QVERIFY2((*label)->text().contains(u'&'), name);
    }
    // No two mnemonics alike on one page, nor between a page and the tab
    // titles (Alt+key reaches only the visible page's fields and the tabs).
    const QTabWidget *tabs = child<QTabWidget>(dialog, "settingsTabs");
    QStringList tabTexts;
    for (int i = 0; i < tabs->count(); ++i)
        tabTexts.append(tabs->tabText(i));
    const auto pageOf = [tabs](const QWidget *w) {
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->widget(i)->isAncestorOf(w))
                return i;
        }
        return -1;
    };
    const auto boxes = dialog.findChildren<QCheckBox *>();
    qsizetype checked = 0;
    for (int page = 0; page < tabs->count(); ++page) {
        QStringList texts = tabTexts;
        for (const QLabel *label : labels) {
            if (pageOf(label) == page)
                texts.append(label->text());
        }
        for (const QCheckBox *box : boxes) {
            if (pageOf(box) == page)
                texts.append(box->text());
        }
        QStringList mnemonics;
        for (const QString &text : std::as_const(texts)) {
            const qsizetype amp = text.indexOf(u'&');
            if (amp >= 0) {
                const QString key = text.mid(amp + 1, 1).toLower();
                QVERIFY2(!mnemonics.contains(key), qPrintable(text));
                mnemonics.append(key);
            }
        }
        checked += mnemonics.size();
    }
    QVERIFY(checked >= 17 + 2 * tabs->count());
}

void TestSettingsDialog::tabFollowsTheReadingOrder()
{
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    const QStringList expected{QStringLiteral("hostEdit"),
                               QStringLiteral("portSpin"),
                               QStringLiteral("pathEdit"),
                               QStringLiteral("secretEdit"),
                               QStringLiteral("tlsCertEdit"),
                               QStringLiteral("tlsCertBrowse"),
                               QStringLiteral("tlsKeyEdit"),
                               QStringLiteral("tlsKeyBrowse"),
                               QStringLiteral("maxBodySpin"),
                               QStringLiteral("maxConnectionsSpin"),
                               QStringLiteral("maxConnectionsPerAddressSpin"),
                               QStringLiteral("trustedProxiesEdit"),
                               QStringLiteral("staleMinutesSpin"),
                               QStringLiteral("refuseStaleCheck")};
    QStringList visited;
    QWidget *w = child<QWidget>(dialog, "hostEdit");
    for (int i = 0; i < 200 && visited.size() < expected.size(); ++i, w = w->nextInFocusChain()) {
        if (expected.contains(w->objectName()) && !visited.contains(w->objectName()))
            visited.append(w->objectName());
    }
    QCOMPARE(visited, expected);
}

void TestSettingsDialog::languageComesBack_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<int>("chosenIndex");
    QTest::addColumn<QString>("chosen");
    QTest::newRow("system to chinese") << QString() << QString() << 2 << QStringLiteral("zh_CN");
    QTest::newRow("chinese to english")
        << QStringLiteral("zh_CN") << QStringLiteral("zh_CN") << 1 << QStringLiteral("en");
    QTest::newRow("english to system")
        << QStringLiteral("en") << QStringLiteral("en") << 0 << QString();
    // A hand-edited settings file: shown (and saved) as the system default.
    QTest::newRow("unknown") << QStringLiteral("xx'; DROP") << QString() << -1 << QString();
}

void TestSettingsDialog::languageComesBack()
{
    QFETCH(QString, given);
    QFETCH(QString, shown);
    QFETCH(int, chosenIndex);
    QFETCH(QString, chosen);
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    dialog.setLanguage(given);
    QCOMPARE(dialog.language(), shown);
    auto *combo = child<QComboBox>(dialog, "languageCombo");
    QCOMPARE(combo->count(), 3);
    if (chosenIndex >= 0)
        combo->setCurrentIndex(chosenIndex);
    QCOMPARE(dialog.language(), chosen);
    // The language names are written in their own language.
    QCOMPARE(combo->itemText(2), QStringLiteral("简体中文 (Chinese, Simplified)"));
}

void TestSettingsDialog::loadRemoteImagesComesBack()
{
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    auto *box = child<QCheckBox>(dialog, "loadRemoteImagesCheck");
    // On the Window page, beside the language.
    QVERIFY(child<QWidget>(dialog, "windowPage")->isAncestorOf(box));
    dialog.setLoadRemoteImages(true);
    QVERIFY(box->isChecked());
    box->setChecked(false);
    QVERIFY(!dialog.loadRemoteImages());
    dialog.setLoadRemoteImages(true);
    QVERIFY(dialog.loadRemoteImages());
    QVERIFY(!box->toolTip().isEmpty());
}

void TestSettingsDialog::publicUrlComesBack()
{
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    QVERIFY(dialog.publicUrl().isEmpty());
    dialog.setPublicUrl(QStringLiteral("https://hooks.example.com/ss"));
    auto *edit = child<QLineEdit>(dialog, "publicUrlEdit");
    QCOMPARE(edit->text(), QStringLiteral("https://hooks.example.com/ss"));
    edit->setText(QStringLiteral("  http://203.0.113.7:8080/ss "));
    QCOMPARE(dialog.publicUrl(), QStringLiteral("http://203.0.113.7:8080/ss"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    // A value from a hostile settings file is cut to the field's length.
    dialog.setPublicUrl(QStringLiteral("https://a.example/") + QString(5000, u'x'));
    QCOMPARE(dialog.publicUrl().size(), SettingsDialog::kMaxPublicUrlLength);
}

void TestSettingsDialog::publicUrlIsChecked_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("ok");
    QTest::newRow("empty") << QString() << true;
    QTest::newRow("https") << QStringLiteral("https://hooks.example.com/salesmartly") << true;
    QTest::newRow("http with port") << QStringLiteral("http://203.0.113.7:9001/ss") << true;
    QTest::newRow("ipv6") << QStringLiteral("https://[2001:db8::1]/ss") << true;
    QTest::newRow("no scheme") << QStringLiteral("hooks.example.com/ss") << false;
    QTest::newRow("ftp") << QStringLiteral("ftp://hooks.example.com/ss") << false;
    QTest::newRow("no host") << QStringLiteral("https:///ss") << false;
    QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)") << false;
    QTest::newRow("space") << QStringLiteral("https://hooks.example.com/a b") << false;
    QTest::newRow("too long") << QStringLiteral("https://a.example/") + QString(2100, u'x')
                              << false;
}

void TestSettingsDialog::publicUrlIsChecked()
{
    QFETCH(QString, url);
    QFETCH(bool, ok);
    QCOMPARE(SettingsDialog::publicUrlError(url).isEmpty(), ok);
}

void TestSettingsDialog::badPublicUrlKeepsTheDialogOpen()
{
    SettingsDialog dialog(sample(), QStringLiteral("/tmp/a.db"), true);
    dialog.show();
    child<QTabWidget>(dialog, "settingsTabs")->setCurrentIndex(2);
    auto *edit = child<QLineEdit>(dialog, "publicUrlEdit");
    edit->setText(QStringLiteral("hooks.example.com"));
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(child<QLabel>(dialog, "errorLabel")->isVisible());
    QVERIFY(child<QLabel>(dialog, "errorLabel")->text().contains(QStringLiteral("https://")));
    QCOMPARE(child<QTabWidget>(dialog, "settingsTabs")->currentIndex(), 0);
    QCOMPARE(dialog.focusWidget(), edit);
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
