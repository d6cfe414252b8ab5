#include "models/channelmodel.h"
#include "models/eventtablemodel.h"
#include "notify/desktopnotifier.h"
#include "notify/trayhost.h"
#include "notify/trayicon.h"
#include "panes/channelspane.h"
#include "panes/conversationpane.h"
#include "panes/inspectorpane.h"
#include "panes/streampane.h"
#include "settings/settings.h"
#include "testsupport.h"
#include "testsupport_notify.h"
#include "window/mainactions.h"
#include "window/receivercontroller.h"

#include <QAction>
#include <QSignalSpy>
#include <QTest>

namespace {

int unreadTotal(MainWindow *window)
{
    ChannelModel *model = window->findChild<ChannelsPane *>()->model();
    return model->rowCount() > 0 ? model->index(0).data(ChannelModel::UnreadRole).toInt() : -1;
}

QList<QByteArray> customerMessages(int count, int firstSequence = 0)
{
    QList<QByteArray> bodies;
    for (int i = 0; i < count; ++i) {
        MessageSpec m;
        m.sequence = QString::number(firstSequence + i);
        m.text = QStringLiteral("question %1").arg(firstSequence + i);
        bodies.append(messageBody(m));
    }
    return bodies;
}

} // namespace

class TestMainWindowTray final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void closingAsksOnceThenHidesToTheTray();
    void answeringQuitQuitsAndIsRemembered();
    void cancellingKeepsTheWindow();
    void withoutATrayClosingQuits();
    void trayShowsTheUnreadCount();
    void doNotDisturbIsSavedAndSuppresses();
    void clickingANotificationSelectsTheEvent();
    void unreadCountsSurviveARestartAndASettingsChange();
};

void TestMainWindowTray::closingAsksOnceThenHidesToTheTray()
{
    TestWindow tw;
    TrayHost *host = tw.window()->trayHost();
    host->setTrayAvailable(true);
    int asked = 0;
    host->setAsker([&asked](QWidget *) {
        ++asked;
        return std::optional<bool>(true);
    });
    QVERIFY(!tw.window()->close());
    QCOMPARE(asked, 1);
    QVERIFY(tw.window()->isHidden());
    QVERIFY(tw.window()->receiver()->isRunning()); // still receiving
    QCOMPARE(tw.settings()->closeToTray(), std::optional<bool>(true));
    host->showWindow();
    QVERIFY(tw.window()->isVisible());
    QVERIFY(!tw.window()->close());
    QCOMPARE(asked, 1); // asked once
    QVERIFY(tw.window()->isHidden());
    // File > Quit quits, draining the receiver as before.
    QSignalSpy stopped(tw.window()->receiver(), &ReceiverController::stopped);
    tw.window()->actions()->action(MainActions::Quit)->trigger();
    QVERIFY(stopped.wait());
    QVERIFY(tw.window()->receiver()->isIdle());
}

void TestMainWindowTray::answeringQuitQuitsAndIsRemembered()
{
    TestWindow tw;
    TrayHost *host = tw.window()->trayHost();
    host->setTrayAvailable(true);
    host->setAsker([](QWidget *) { return std::optional<bool>(false); });
    QSignalSpy stopped(tw.window()->receiver(), &ReceiverController::stopped);
    tw.window()->close();
    QVERIFY(stopped.wait());
    QTRY_VERIFY(!tw.window()->isVisible());
    QCOMPARE(tw.settings()->closeToTray(), std::optional<bool>(false));
}

void TestMainWindowTray::cancellingKeepsTheWindow()
{
    TestWindow tw;
    TrayHost *host = tw.window()->trayHost();
    host->setTrayAvailable(true);
    host->setAsker([](QWidget *) { return std::optional<bool>(); });
    QVERIFY(!tw.window()->close());
    QVERIFY(tw.window()->isVisible());
    QVERIFY(tw.window()->receiver()->isRunning());
    QCOMPARE(tw.settings()->closeToTray(), std::nullopt); // asked again next time
}

void TestMainWindowTray::withoutATrayClosingQuits()
{
    TestWindow tw;
    TrayHost *host = tw.window()->trayHost();
    host->setTrayAvailable(false);
    tw.settings()->setCloseToTray(true); // nothing to hide to
    host->setAsker([](QWidget *) -> std::optional<bool> {
        qFatal("asked without a tray");
        return std::nullopt;
    });
    QSignalSpy stopped(tw.window()->receiver(), &ReceiverController::stopped);
    tw.window()->close();
    QVERIFY(stopped.wait());
    QTRY_VERIFY(!tw.window()->isVisible());
}

void TestMainWindowTray::trayShowsTheUnreadCount()
{
    TestWindow tw;
    TrayIcon *tray = tw.window()->trayHost()->tray();
    QCOMPARE(tray->unread(), 0);
    QCOMPARE(tw.send(customerMessages(3)).byStatus.value(200), 3);
    QTRY_COMPARE(tray->unread(), 3);
    QCOMPARE(tray->toolTip(),
             QStringLiteral("HookScope — 3 unread, receiver listening on %1").arg(tw.url()));
    // Looking at the channel reads it.
    tw.pane<ChannelsPane>()->selectChannel(7);
    QTRY_COMPARE(tray->unread(), 0);
}

void TestMainWindowTray::doNotDisturbIsSavedAndSuppresses()
{
    TestWindow tw;
    auto sink = std::make_unique<FakeSink>();
    FakeSink *fake = sink.get();
    tw.window()->trayHost()->notifier()->setSink(std::move(sink));
    QAction *dnd = tw.window()->actions()->action(MainActions::DoNotDisturb);
    QVERIFY(dnd->isCheckable());
    dnd->setChecked(true);
    QVERIFY(tw.settings()->notifications().doNotDisturb);
    QCOMPARE(tw.send(customerMessages(1)).byStatus.value(200), 1);
    QTRY_COMPARE(tw.window()->trayHost()->tray()->unread(), 1); // counts still change
    QCOMPARE(fake->shown.size(), 0);
    dnd->setChecked(false);
    QVERIFY(!tw.settings()->notifications().doNotDisturb);
    QCOMPARE(tw.send(customerMessages(1, 10)).byStatus.value(200), 1);
    QTRY_COMPARE(fake->shown.size(), 1);
}

void TestMainWindowTray::clickingANotificationSelectsTheEvent()
{
    TestWindow tw;
    auto sink = std::make_unique<FakeSink>();
    FakeSink *fake = sink.get();
    tw.window()->trayHost()->notifier()->setSink(std::move(sink));
    QCOMPARE(tw.send(customerMessages(2)).byStatus.value(200), 2);
    QTRY_VERIFY(!fake->shown.isEmpty());
    QTRY_COMPARE(tw.pane<StreamPane>()->model()->rowCount(), 2);
    const qint64 id = fake->shown.first().eventId;
    QVERIFY(id > 0);
    tw.window()->hide(); // in the tray
    fake->click(id);
    QVERIFY(tw.window()->isVisible());
    const std::optional<EventRecord> current = tw.pane<StreamPane>()->currentRecord();
    QVERIFY(current);
    QCOMPARE(current->id, id);
    QCOMPARE(tw.pane<InspectorPane>()->shownEventId(), id);
    QTRY_VERIFY(tw.pane<ConversationPane>()->transcriptText().contains(QLatin1String("question")));

    // Another channel shown: the event is not in the stream, but shown below.
    tw.pane<ChannelsPane>()->selectChannel(3);
    QTRY_COMPARE(tw.pane<StreamPane>()->model()->rowCount(), 0);
    fake->click(id);
    QCOMPARE(tw.pane<InspectorPane>()->shownEventId(), id);
}

// The window is closed with unread messages and opened again on the same
// settings: the counts are back. So after the settings dialog reopens the store.
void TestMainWindowTray::unreadCountsSurviveARestartAndASettingsChange()
{
    TestWindow tw;
    QCOMPARE(tw.send(customerMessages(4)).byStatus.value(200), 4);
    QTRY_COMPARE(unreadTotal(tw.window()), 4);
    QVERIFY(tw.window()->applySettings(tw.window()->receiver()->config(), tw.databasePath(), true));
    QTRY_VERIFY(tw.window()->receiver()->isRunning());
    QCOMPARE(unreadTotal(tw.window()), 4);
    QSignalSpy stopped(tw.window()->receiver(), &ReceiverController::stopped);
    tw.window()->receiver()->stop();
    QVERIFY(stopped.wait());

    MainWindow again(tw.settings(), GuiCommandLine());
    again.startUp();
    QTRY_VERIFY(again.receiver()->isRunning());
    QCOMPARE(unreadTotal(&again), 4);
    QCOMPARE(again.trayHost()->tray()->unread(), 4);
    // Read there, still read after the next start.
    again.findChild<ChannelsPane *>()->selectChannel(7);
    QTRY_COMPARE(unreadTotal(&again), 0);
    QSignalSpy stoppedAgain(again.receiver(), &ReceiverController::stopped);
    again.receiver()->stop();
    QVERIFY(stoppedAgain.wait());
    MainWindow third(tw.settings(), GuiCommandLine());
    third.startUp();
    QCOMPARE(unreadTotal(&third), 0);
}

QTEST_MAIN(TestMainWindowTray)
#include "tst_mainwindow_tray.moc"
