#include "notify/trayicon.h"

#include <QAction>
#include <QApplication>
#include <QImage>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>

class TestTrayIcon final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void badgeText();
    void toolTipSaysUnreadAndWhereTheReceiverListens();
    void theBadgeIsPaintedOnTheIcon();
    void menuHoldsTheWindowsActions();
};

void TestTrayIcon::badgeText()
{
    QCOMPARE(TrayIcon::badgeText(0), QString());
    QCOMPARE(TrayIcon::badgeText(-3), QString());
    QCOMPARE(TrayIcon::badgeText(7), QStringLiteral("7"));
    QCOMPARE(TrayIcon::badgeText(99), QStringLiteral("99"));
    QCOMPARE(TrayIcon::badgeText(100), QStringLiteral("99+"));
}

void TestTrayIcon::toolTipSaysUnreadAndWhereTheReceiverListens()
{
    TrayIcon tray;
    tray.setUnread(12);
    tray.setReceiverState(ReceiverService::State::Listening,
                          QStringLiteral("http://127.0.0.1:8080/webhook"));
    QCOMPARE(tray.toolTip(), QStringLiteral("HookScope — 12 unread, receiver listening on "
                                            "http://127.0.0.1:8080/webhook"));
    tray.setUnread(1);
    tray.setReceiverState(ReceiverService::State::Stopped, QString());
    QCOMPARE(tray.toolTip(), QStringLiteral("HookScope — 1 unread, receiver stopped"));
    tray.setReceiverState(ReceiverService::State::Failed, QString());
    QCOMPARE(tray.toolTip(), QStringLiteral("HookScope — 1 unread, the receiver failed"));
}

void TestTrayIcon::theBadgeIsPaintedOnTheIcon()
{
    const QIcon base = TrayIcon::fallbackIcon();
    QVERIFY(!base.isNull());
    const QImage plain = base.pixmap(32, 32).toImage();
    const QImage badged = TrayIcon::badgedIcon(base, 5).pixmap(32, 32).toImage();
    QVERIFY(plain != badged);
    // The badge is in the top right corner, red.
    const QColor corner = badged.pixelColor(28, 6);
    QVERIFY2(corner.red() > 150 && corner.green() < 120, qPrintable(corner.name()));
    QCOMPARE(TrayIcon::badgedIcon(base, 0).pixmap(32, 32).toImage(), plain);
    TrayIcon tray;
    QCOMPARE(tray.icon().pixmap(32, 32).toImage(),
             (QApplication::windowIcon().isNull() ? base : QApplication::windowIcon())
                 .pixmap(32, 32)
                 .toImage());
    tray.setUnread(3);
    QVERIFY(tray.icon().pixmap(32, 32).toImage() != plain);
}

void TestTrayIcon::menuHoldsTheWindowsActions()
{
    TrayIcon tray;
    QAction start(QStringLiteral("Start")), stop(QStringLiteral("Stop")),
        dnd(QStringLiteral("DND")), quit(QStringLiteral("Quit"));
    tray.setMenuActions(&start, &stop, &dnd, &quit);
    QStringList texts;
    for (QAction *a : tray.menu()->actions()) {
        if (!a->isSeparator())
            texts.append(a->text());
    }
    QCOMPARE(texts,
             (QStringList{QStringLiteral("Show HookScope"), QStringLiteral("Start"),
                          QStringLiteral("Stop"), QStringLiteral("DND"), QStringLiteral("Quit")}));
    QSignalSpy show(&tray, &TrayIcon::showWindowRequested);
    tray.showAction()->trigger();
    QCOMPARE(show.size(), 1);
}

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
