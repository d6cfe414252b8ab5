#include "dialogs/aboutdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QTest>

// Help > About: version, Qt versions, build date, the store in use and the
// licence; Copy puts the version details on the clipboard.
class TestAboutDialog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsVersionQtAndBuildDate();
    void showsTheStorePathPassedIn();
    void namesTheLicence();
    void copyPutsTheDetailsOnTheClipboard();

private:
    static QString label(const AboutDialog &dialog, const char *name);
};

QString TestAboutDialog::label(const AboutDialog &dialog, const char *name)
{
    const auto *l = dialog.findChild<QLabel *>(QString::fromLatin1(name));
    return l ? l->text() : QStringLiteral("<no label %1>").arg(QString::fromLatin1(name));
}

void TestAboutDialog::showsVersionQtAndBuildDate()
{
    const AboutDialog dialog(QStringLiteral("/srv/hookscope/store.db"));
    QCOMPARE(label(dialog, "versionValue"), QStringLiteral(HOOKSCOPE_VERSION));
    QVERIFY(label(dialog, "titleLabel").contains(QStringLiteral(HOOKSCOPE_VERSION)));
    const QString qt = label(dialog, "qtValue");
    QVERIFY2(qt.contains(QString::fromLatin1(qVersion())), qPrintable(qt));
    QVERIFY2(qt.contains(QStringLiteral(QT_VERSION_STR)), qPrintable(qt));
    const QString built = label(dialog, "buildDateValue");
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$")).match(built).hasMatch(),
             qPrintable(built));
    const auto *icon = dialog.findChild<QLabel *>(QStringLiteral("iconLabel"));
    QVERIFY(icon);
    QVERIFY(!icon->pixmap().isNull());
}

void TestAboutDialog::showsTheStorePathPassedIn()
{
    const AboutDialog dialog(QStringLiteral("/srv/hookscope/store.db"));
    QCOMPARE(label(dialog, "storeValue"), QStringLiteral("/srv/hookscope/store.db"));
    const AboutDialog none{QString()};
    QVERIFY(!label(none, "storeValue").isEmpty());
    QVERIFY(!label(none, "storeValue").contains(QStringLiteral("store.db")));
}

void TestAboutDialog::namesTheLicence()
{
    const AboutDialog dialog(QStringLiteral("/tmp/a.db"));
    const QString licence = label(dialog, "licenceLabel");
    QVERIFY2(licence.contains(QStringLiteral("GPL-3.0-or-later")), qPrintable(licence));
    QVERIFY2(licence.contains(AboutDialog::licenceTextLocation()), qPrintable(licence));
}

void TestAboutDialog::copyPutsTheDetailsOnTheClipboard()
{
    QGuiApplication::clipboard()->clear();
    AboutDialog dialog(QStringLiteral("/srv/hookscope/store.db"));
    auto *copy = dialog.findChild<QPushButton *>(QStringLiteral("copyButton"));
    QVERIFY(copy);
    copy->click();
    const QString text = QGuiApplication::clipboard()->text();
    QCOMPARE(text, dialog.versionDetails());
    QVERIFY(text.contains(QStringLiteral(HOOKSCOPE_VERSION)));
    QVERIFY(text.contains(QString::fromLatin1(qVersion())));
    QVERIFY(text.contains(QStringLiteral("/srv/hookscope/store.db")));
    QVERIFY(text.contains(label(dialog, "buildDateValue")));
}

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
