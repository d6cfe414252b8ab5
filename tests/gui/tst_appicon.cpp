#include "paint/appicon.h"

#include <QApplication>
#include <QImage>
#include <QPixmap>
#include <QTest>

// The window icon: HookScope's own icon in every size the package installs,
// compiled in, so the window shows it without an icon theme.
class TestAppIcon final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hasEverySizeTheSystemInstalls();
    void everySizeIsARealImageOfThatSize();
    void becomesTheApplicationAndWindowIcon();
};

void TestAppIcon::hasEverySizeTheSystemInstalls()
{
    const QIcon icon = AppIcon::icon();
    QVERIFY(!icon.isNull());
    QList<QSize> expected;
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
        expected.append(QSize(size, size));
    QCOMPARE(icon.availableSizes(), expected);
}

void TestAppIcon::everySizeIsARealImageOfThatSize()
{
    for (const int size : AppIcon::sizes()) {
        const QImage image(QStringLiteral(":/icons/hookscope-%1.png").arg(size));
        QVERIFY2(!image.isNull(), qPrintable(QString::number(size)));
        QCOMPARE(image.size(), QSize(size, size));
        // Drawn, not blank: the corners are transparent, the middle is not.
        QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
        QVERIFY(qAlpha(image.pixel(size / 2, size / 2)) > 0);
    }
}

void TestAppIcon::becomesTheApplicationAndWindowIcon()
{
    QApplication::setWindowIcon(AppIcon::icon());
    QWidget window;
    QCOMPARE(window.windowIcon().availableSizes(), AppIcon::icon().availableSizes());
    QVERIFY(!window.windowIcon().pixmap(48, 48).isNull());
}

QTEST_MAIN(TestAppIcon)
#include "tst_appicon.moc"
