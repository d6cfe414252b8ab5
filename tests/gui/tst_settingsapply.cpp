// Applying settings keeps what the user had: a working listener when the new
// one cannot listen, the unread badges, Follow Newest, the stream's
// selection and the status bar's counts.
#include "dialogs/exportdialog.h"
#include "dialogs/settingsdialog.h"
#include "filterbar/filterbar.h"
#include "models/channelmodel.h"
#include "models/eventtablemodel.h"
#include "models/refusedmodel.h"
#include "panes/channelspane.h"
#include "panes/refusedpane.h"
#include "panes/streampane.h"
#include "settings/settings.h"
#include "testsupport.h"
#include "window/mainactions.h"
#include "window/receivercontroller.h"
#include "window/receiverstatuswidget.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTest>

class TestSettingsApply final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void portInUseKeepsTheRunningListener();
    void unusableValuesAreRefusedBeforeStopping();
    void applyKeepsBadgesFollowSelectionAndCounts();
    void countsSurviveStopAndStart();
    void exportShortcutWorksWhileTheFilterHasFocus();

private:
    static int unreadOf(const ChannelModel *model, int code);
};

int TestSettingsApply::unreadOf(const ChannelModel *model, int code)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        if (index.data(ChannelModel::CodeRole).toInt() == code)
            return index.data(ChannelModel::UnreadRole).toInt();
    }
    return -1;
}

void TestSettingsApply::portInUseKeepsTheRunningListener()
{
    TestWindow tw;
    const QString oldUrl = tw.url();
    const quint16 oldPort = tw.settings()->receiverConfig().port;
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost));
    ReceiverConfig config = tw.window()->receiver()->config();
    config.port = occupier.serverPort();
    config.path = QStringLiteral("/elsewhere");
    QVERIFY(!tw.window()->applySettings(config, tw.databasePath(), true));
    // The reason, in a dialog that does not block the receiver.
    auto *box = tw.window()->findChild<QMessageBox *>(QStringLiteral("settingsNotAppliedBox"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(box->text().contains(QString::number(occupier.serverPort())), qPrintable(box->text()));
    QVERIFY(box->text().contains(QLatin1String("already in use")));
    QVERIFY(box->text().contains(oldUrl));
    // The old listener never stopped and still answers.
    QVERIFY(tw.window()->receiver()->isRunning());
    QCOMPARE(tw.url(), oldUrl);
    QCOMPARE(tw.send({messageBody(MessageSpec())}).byStatus.value(200), 1);
    QTRY_COMPARE(tw.pane<StreamPane>()->model()->rowCount(), 1);
    // Nothing of the rejected values was saved.
    QCOMPARE(tw.settings()->receiverConfig().port, oldPort);
    QCOMPARE(tw.settings()->receiverConfig().path, QStringLiteral("/webhook"));
    box->close();
}

void TestSettingsApply::unusableValuesAreRefusedBeforeStopping()
{
    TestWindow tw;
    ReceiverConfig config = tw.window()->receiver()->config();
    config.trustedProxies = {QStringLiteral("not-an-address")};
    QVERIFY(!tw.window()->applySettings(config, tw.databasePath(), true));
    auto *box = tw.window()->findChild<QMessageBox *>(QStringLiteral("settingsNotAppliedBox"));
    QVERIFY(box);
    QVERIFY2(box->text().contains(QLatin1String("not-an-address")), qPrintable(box->text()));
    box->close();
    config = tw.window()->receiver()->config();
    config.tlsCertPath = QStringLiteral("/nonexistent/cert.pem");
    config.tlsKeyPath = QStringLiteral("/nonexistent/key.pem");
    QVERIFY(!tw.window()->applySettings(config, tw.databasePath(), true));
    QVERIFY(tw.window()->receiver()->isRunning());
    QCOMPARE(tw.send({messageBody(MessageSpec())}).byStatus.value(200), 1);
    QVERIFY(tw.settings()->receiverConfig().trustedProxies.isEmpty());
    QVERIFY(tw.settings()->receiverConfig().tlsCertPath.isEmpty());
    // A team store's URL is saved without a password (~/.pgpass keeps it),
    // and must be one: refused otherwise, the setting kept.
    QVERIFY(!tw.window()->applySettings(tw.window()->receiver()->config(),
                                        QStringLiteral("postgresql://u:pw@h/d"), true));
    box = tw.window()
              ->findChildren<QMessageBox *>(QStringLiteral("settingsNotAppliedBox"))
              .constLast(); // the newest; earlier ones are closed
    QVERIFY(box);
    QVERIFY2(box->text().contains(QLatin1String("pgpass")), qPrintable(box->text()));
    QVERIFY(!box->text().contains(QLatin1String("pw")));
    QVERIFY(!tw.window()->applySettings(tw.window()->receiver()->config(),
                                        QStringLiteral("postgresql://u:pw@h:0/d"), true));
    box = tw.window()
              ->findChildren<QMessageBox *>(QStringLiteral("settingsNotAppliedBox"))
              .constLast();
    QVERIFY2(box->text().contains(QLatin1String("port")), qPrintable(box->text()));
    QVERIFY(!box->text().contains(QLatin1String("pw")));
    QCOMPARE(tw.settings()->databasePath(), tw.databasePath());
    QVERIFY(tw.window()->receiver()->isRunning());
}

void TestSettingsApply::applyKeepsBadgesFollowSelectionAndCounts()
{
    TestWindow tw;
    StreamPane *stream = tw.pane<StreamPane>();
    ChannelModel *channels = tw.pane<ChannelsPane>()->model();
    tw.send(numberedMessages(4));
    tw.send({messageBody(MessageSpec())}, WebhookSender::SignMode::Bad);
    QTRY_COMPARE(stream->model()->rowCount(), 4);
    QTRY_COMPARE(tw.pane<RefusedPane>()->model()->rowCount(), 1);
    QTRY_COMPARE(unreadOf(channels, 7), 4);
    stream->view()->selectRow(1);
    const std::optional<EventRecord> selected = stream->currentRecord();
    QVERIFY(selected);
    stream->setFollowing(true);
    auto *status = tw.pane<ReceiverStatusWidget>();
    QTRY_COMPARE(status->countsText(), QStringLiteral("Received 5 · Verified 4 · Refused 1"));

    // As on a large store, whose models load on a reader thread.
    channels->setAsyncLoadThreshold(0);
    stream->model()->setAsyncLoadThreshold(0);
    // Through the dialog, as a user applies them.
    QSignalSpy states(tw.window()->receiver(), &ReceiverController::stateChanged);
    tw.window()->actions()->action(MainActions::OpenSettings)->trigger();
    QPointer<SettingsDialog> dialog = tw.window()->settingsDialog();
    QTRY_VERIFY(dialog && dialog->isVisible());
    dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"))
        ->setText(QStringLiteral("/hooks/ss"));
    dialog->accept();
    QTRY_VERIFY(tw.window()->receiver()->isRunning() && tw.url().endsWith(QLatin1String("/ss")));
    QVERIFY(!states.isEmpty()); // it did restart

    QCOMPARE(unreadOf(channels, 7), 4);
    QVERIFY(stream->isFollowing());
    const std::optional<EventRecord> after = stream->currentRecord();
    QVERIFY(after);
    QCOMPARE(after->id, selected->id);
    QCOMPARE(status->countsText(), QStringLiteral("Received 5 · Verified 4 · Refused 1"));
    // The counts go on from there, and match the Refused tab.
    tw.send({messageBody(MessageSpec())}, WebhookSender::SignMode::Bad);
    QTRY_COMPARE(tw.pane<RefusedPane>()->model()->rowCount(), 2);
    QTRY_COMPARE(status->countsText(), QStringLiteral("Received 6 · Verified 4 · Refused 2"));
}

void TestSettingsApply::countsSurviveStopAndStart()
{
    TestWindow tw;
    tw.send(numberedMessages(2));
    auto *status = tw.pane<ReceiverStatusWidget>();
    QTRY_COMPARE(status->countsText(), QStringLiteral("Received 2 · Verified 2 · Refused 0"));
    QSignalSpy stopped(tw.window()->receiver(), &ReceiverController::stopped);
    tw.window()->actions()->action(MainActions::StopReceiver)->trigger();
    QVERIFY(stopped.wait());
    QCOMPARE(status->countsText(), QStringLiteral("Received 2 · Verified 2 · Refused 0"));
    tw.window()->actions()->action(MainActions::StartReceiver)->trigger();
    QTRY_VERIFY(tw.window()->receiver()->isRunning());
    MessageSpec m;
    m.sequence = QStringLiteral("77");
    tw.send({messageBody(m)});
    QTRY_COMPARE(status->countsText(), QStringLiteral("Received 3 · Verified 3 · Refused 0"));
    QCOMPARE(tw.window()->receiver()->stats().received, 3U);
}

void TestSettingsApply::exportShortcutWorksWhileTheFilterHasFocus()
{
    TestWindow tw;
    QApplication::setActiveWindow(tw.window());
    QVERIFY(QTest::qWaitForWindowActive(tw.window()));
    auto *bar = tw.window()->findChild<FilterBar *>();
    bar->lineEdit()->setFocus();
    QTRY_VERIFY(bar->lineEdit()->hasFocus());
    QTest::keyClicks(bar->lineEdit(), QStringLiteral("channel:7"));
    bar->lineEdit()->setCursorPosition(0);
    QSignalSpy triggered(tw.window()->actions()->action(MainActions::Export), &QAction::triggered);
    QTest::keyClick(bar->lineEdit(), Qt::Key_E, Qt::ControlModifier);
    QCOMPARE(triggered.count(), 1);
    QTRY_VERIFY(tw.window()->findChild<ExportDialog *>());
    // The key did not also move the cursor: the line edit never had it.
    QCOMPARE(bar->lineEdit()->cursorPosition(), 0);
    tw.window()->findChild<ExportDialog *>()->reject();
    // Keys a text field owns stay the line edit's.
    bar->lineEdit()->setFocus();
    QTest::keyClick(bar->lineEdit(), Qt::Key_A, Qt::ControlModifier);
    QCOMPARE(bar->lineEdit()->selectedText(), QStringLiteral("channel:7"));
}

QTEST_MAIN(TestSettingsApply)
#include "tst_settingsapply.moc"
