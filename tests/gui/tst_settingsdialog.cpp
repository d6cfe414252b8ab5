#include "dialogs/settingsdialog.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

class TestSettingsDialog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsTheValuesGiven();
    void secretIsMaskedUntilShown();
    void editedValuesComeBack();
    void invalidAddressKeepsTheDialogOpen();
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
    return c;
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

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
