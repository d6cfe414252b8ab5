#include "dialogs/savefilterdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

class TestSaveFilterDialog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsThePromptAndTheSuggestion();
    void saveNeedsAVisibleCharacter();
    void nameIsTrimmedAndBounded();
    void longPromptIsCut();
};

namespace {

QLineEdit *nameEdit(const SaveFilterDialog &dialog)
{
    return dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit"));
}

QPushButton *saveButton(const SaveFilterDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
}

} // namespace

void TestSaveFilterDialog::showsThePromptAndTheSuggestion()
{
    SaveFilterDialog dialog(QStringLiteral("Name for the filter:"), QStringLiteral("VIP"));
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("promptLabel"))->text(),
             QStringLiteral("Name for the filter:"));
    QCOMPARE(nameEdit(dialog)->text(), QStringLiteral("VIP"));
    QCOMPARE(dialog.name(), QStringLiteral("VIP"));
    QVERIFY(saveButton(dialog)->isEnabled());
}

void TestSaveFilterDialog::saveNeedsAVisibleCharacter()
{
    SaveFilterDialog dialog(QStringLiteral("Name:"), QString());
    QVERIFY(!saveButton(dialog)->isEnabled());
    nameEdit(dialog)->setText(QStringLiteral("   "));
    QVERIFY(!saveButton(dialog)->isEnabled());
    nameEdit(dialog)->setText(QStringLiteral("x"));
    QVERIFY(saveButton(dialog)->isEnabled());
}

void TestSaveFilterDialog::nameIsTrimmedAndBounded()
{
    SaveFilterDialog dialog(QStringLiteral("Name:"), QString(1000, u'n'));
    QCOMPARE(dialog.name().size(), SaveFilterDialog::kMaxNameLength);
    nameEdit(dialog)->setText(QStringLiteral("  today  "));
    QCOMPARE(dialog.name(), QStringLiteral("today"));
    saveButton(dialog)->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestSaveFilterDialog::longPromptIsCut()
{
    SaveFilterDialog dialog(QString(10000, u'p'), QStringLiteral("x"));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("promptLabel"))->text().size() <= 300);
}

QTEST_MAIN(TestSaveFilterDialog)
#include "tst_savefilterdialog.moc"
