#include "dialogs/settingsdialog.h"
#include "filterbar/filterbar.h"
#include "ingest/appendfeed.h"
#include "models/channelmodel.h"
#include "models/conversationmodel.h"
#include "models/customerlistmodel.h"
#include "models/eventtablemodel.h"
#include "panes/channelspane.h"
#include "panes/conversationpane.h"
#include "panes/customerspane.h"
#include "panes/streampane.h"
#include "settings/settings.h"
#include "store/eventstore.h"
#include "testsupport.h"
#include "window/firstframe.h"
#include "window/mainactions.h"
#include "window/receivercontroller.h"
#include "window/receiverstatuswidget.h"
#include "window/storebanner.h"
#include "window/testdeliverysender.h"

#include <QAction>
#include <QApplication>
#include <QBackingStore>
#include <QCheckBox>
#include <QClipboard>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QPainter>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTcpServer>
#include <QTest>

class TestMainWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void statusBarShowsUrlStateAndCounts();
    void copyUrl();
    void copyUrlSaysWhatItCopied();
    void publicUrlIsShownAndCopied();
    void stopAndStartTheReceiver();
    void closingWhileRunningWaitsForStopped();
    void portInUseIsShownWithTheReason();
    void settingsApplyWithoutRestarting();
    void settingsDialogOkApplies();
    void settingsDialogSavesLanguageAndPublicUrl();
    void settingsDialogSavesNotificationsAndSecretCopy();
    void openDatabaseShowsAnotherStoreReadOnly();
    void sendTestDeliveryShowsTheWholeLoop();
    void layoutIsRemembered();
    void shortcuts_data();
    void shortcuts();
    void focusFilterByKeyboard();
    void commandLineOverridesSettingsForTheSession();
    void receiverCommitsReachOnlyItsOwnStoreThroughTheFeed();
    void backingStoreIsPaintedBeforeTheWindowIsShown();
    void aStoreOfTheWindowsSizeIsLeftAsItIs();

private:
    static ReceiverStatusWidget *status(const TestWindow &tw);
};

ReceiverStatusWidget *TestMainWindow::status(const TestWindow &tw)
{
    return tw.pane<ReceiverStatusWidget>();
}

void TestMainWindow::statusBarShowsUrlStateAndCounts()
{
    TestWindow tw;
    ReceiverStatusWidget *s = status(tw);
    QVERIFY(tw.window()->receiver()->isRunning());
    QCOMPARE(s->stateText(), QStringLiteral("Listening on"));
    QVERIFY(s->url().startsWith(QLatin1String("http://127.0.0.1:")));
    QVERIFY(s->url().endsWith(QLatin1String("/webhook")));
    QVERIFY(!s->url().endsWith(QLatin1String(":0/webhook")));
    MessageSpec a, b;
    b.sequence = QStringLiteral("2");
    tw.send({messageBody(a), messageBody(b)});
    tw.send({messageBody(MessageSpec())}, WebhookSender::SignMode::Bad);
    QTRY_COMPARE(s->countsText(), QStringLiteral("Received 3 · Verified 2 · Refused 1"));
    QVERIFY(s->rateText().endsWith(QLatin1String("/s")));
}

void TestMainWindow::copyUrl()
{
    TestWindow tw;
    QApplication::clipboard()->clear();
    tw.window()->actions()->action(MainActions::CopyUrl)->trigger();
    QCOMPARE(QApplication::clipboard()->text(), tw.url());
}

void TestMainWindow::copyUrlSaysWhatItCopied()
{
    TestWindow tw;
    QApplication::setActiveWindow(tw.window());
    QVERIFY(QTest::qWaitForWindowActive(tw.window()));
    QApplication::clipboard()->clear();
    QTest::keyClick(tw.window(), Qt::Key_U, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QApplication::clipboard()->text(), tw.url());
    QCOMPARE(tw.window()->statusBar()->currentMessage(),
             QStringLiteral("Copied %1 to the clipboard").arg(tw.url()));
}

void TestMainWindow::publicUrlIsShownAndCopied()
{
    TestWindow tw;
    const QString publicUrl = QStringLiteral("https://hooks.example.com/webhook");
    tw.window()->receiver()->setPublicUrl(publicUrl);
    QCOMPARE(tw.settings()->publicUrl(), publicUrl);
    QCOMPARE(status(tw)->url(), publicUrl);
    QApplication::clipboard()->clear();
    tw.window()->actions()->action(MainActions::CopyUrl)->trigger();
    QCOMPARE(QApplication::clipboard()->text(), publicUrl);
    QCOMPARE(tw.window()->statusBar()->currentMessage(),
             QStringLiteral("Copied https://hooks.example.com/webhook to the clipboard"));
    // Deliveries still go to the receiver itself.
    QVERIFY(tw.url().startsWith(QLatin1String("http://127.0.0.1:")));
}

void TestMainWindow::stopAndStartTheReceiver()
{
    TestWindow tw;
    MainActions *a = tw.window()->actions();
    QVERIFY(!a->action(MainActions::StartReceiver)->isEnabled());
    QSignalSpy stopped(tw.window()->receiver(), &ReceiverController::stopped);
    a->action(MainActions::StopReceiver)->trigger();
    QVERIFY(!tw.window()->receiver()->isRunning());
    QVERIFY(stopped.wait());
    QCOMPARE(status(tw)->stateText(), QStringLiteral("Stopped"));
    QVERIFY(a->action(MainActions::StartReceiver)->isEnabled());
    QVERIFY(!a->action(MainActions::SendTest)->isEnabled());
    QSignalSpy states(tw.window()->receiver(), &ReceiverController::stateChanged);
    a->action(MainActions::StartReceiver)->trigger();
    QVERIFY(states.wait());
    QVERIFY(tw.window()->receiver()->isRunning());
    QCOMPARE(status(tw)->stateText(), QStringLiteral("Listening on"));
    QCOMPARE(tw.send({messageBody(MessageSpec())}).byStatus.value(200), 1);
    QTRY_COMPARE(tw.pane<StreamPane>()->model()->rowCount(), 1);
}

// Closing while the receiver runs: the window stays, says why, keeps its
// event loop running (close() returns before the receiver has stopped), and
// goes once stopped() came.
void TestMainWindow::closingWhileRunningWaitsForStopped()
{
    TestWindow tw;
    QCOMPARE(tw.send({messageBody(MessageSpec())}).byStatus.value(200), 1);
    QSignalSpy stopped(tw.window()->receiver(), &ReceiverController::stopped);
    QVERIFY(!tw.window()->close()); // not yet
    QVERIFY(!tw.window()->receiver()->isIdle());
    QVERIFY(tw.window()->isVisible());
    QCOMPARE(tw.window()->statusBar()->currentMessage(), QStringLiteral("Finishing deliveries…"));
    QVERIFY(stopped.wait());
    QTRY_VERIFY(!tw.window()->isVisible());
    QVERIFY(tw.window()->receiver()->isIdle());
}

void TestMainWindow::portInUseIsShownWithTheReason()
{
    TestWindow tw;
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost));
    ReceiverConfig config = tw.window()->receiver()->config();
    config.port = occupier.serverPort();
    // While it listens, the receiver is kept (tst_settingsapply); stopped,
    // the new values are saved and fail when started.
    QSignalSpy stopped(tw.window()->receiver(), &ReceiverController::stopped);
    tw.window()->receiver()->stop();
    QVERIFY(stopped.wait());
    QVERIFY(tw.window()->applySettings(config, tw.databasePath(), true));
    tw.window()->receiver()->start();
    QTRY_COMPARE(tw.window()->receiver()->state(), ReceiverService::State::Failed);
    QVERIFY2(status(tw)->stateText().startsWith(QLatin1String("Error:")),
             qPrintable(status(tw)->stateText()));
    QVERIFY(status(tw)->stateText().contains(QString::number(occupier.serverPort())));
    // Back to a free port: listening again, no restart of the program.
    config.port = 0;
    QVERIFY(tw.window()->applySettings(config, tw.databasePath(), true));
    QTRY_VERIFY(tw.window()->receiver()->isRunning());
}

void TestMainWindow::settingsApplyWithoutRestarting()
{
    TestWindow tw;
    tw.send({messageBody(MessageSpec())});
    QTRY_COMPARE(tw.pane<StreamPane>()->model()->rowCount(), 1);
    ReceiverConfig config = tw.window()->receiver()->config();
    config.path = QStringLiteral("/hooks/ss");
    config.secret = "a-new-secret";
    const QString newStore = QDir(tw.settingsFolder()).filePath(QStringLiteral("other/new.db"));
    QVERIFY(tw.window()->applySettings(config, newStore, true));
    QTRY_VERIFY(tw.window()->receiver()->isRunning());
    QVERIFY(tw.url().endsWith(QLatin1String("/hooks/ss")));
    QCOMPARE(tw.window()->shownStorePath(), newStore);
    QVERIFY(tw.window()->windowTitle().contains(QDir::toNativeSeparators(newStore)));
    // The models were re-opened on the new, empty store.
    QCOMPARE(tw.pane<StreamPane>()->model()->rowCount(), 0);
    MessageSpec m;
    m.sequence = QStringLiteral("99");
    QCOMPARE(tw.send({messageBody(m)}, WebhookSender::SignMode::Exact, "a-new-secret")
                 .byStatus.value(200),
             1);
    QTRY_COMPARE(tw.pane<StreamPane>()->model()->rowCount(), 1);
    QCOMPARE(
        tw.pane<StreamPane>()->model()->index(0, EventTableModel::Verification).data().toString(),
        QStringLiteral("verified"));
    // The secret lives in its own owner-only file, not in the settings file.
    QFile secret(tw.settings()->secretFilePath());
    QVERIFY(secret.open(QIODevice::ReadOnly));
    QCOMPARE(secret.readAll().trimmed(), QByteArray("a-new-secret"));
    QCOMPARE(secret.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    tw.settings()->sync();
    QFile ini(QDir(tw.settingsFolder()).filePath(QStringLiteral("settings.ini")));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains("a-new-secret"));
}

void TestMainWindow::settingsDialogOkApplies()
{
    TestWindow tw;
    tw.window()->actions()->action(MainActions::OpenSettings)->trigger();
    QPointer<SettingsDialog> dialog = tw.window()->settingsDialog();
    QTRY_VERIFY(dialog && dialog->isVisible());
    QCOMPARE(dialog->secretEdit()->echoMode(), QLineEdit::Password);
    QCOMPARE(dialog->secretEdit()->text(), QString::fromUtf8(kTestSecret));
    dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"))
        ->setText(QStringLiteral("/from-dialog"));
    dialog->accept();
    QTRY_VERIFY(tw.url().endsWith(QLatin1String("/from-dialog")));
    QCOMPARE(tw.settings()->receiverConfig().path, QStringLiteral("/from-dialog"));
}

void TestMainWindow::settingsDialogSavesLanguageAndPublicUrl()
{
    TestWindow tw;
    tw.settings()->setPublicUrl(QStringLiteral("https://old.example/ss"));
    tw.window()->actions()->action(MainActions::OpenSettings)->trigger();
    QPointer<SettingsDialog> dialog = tw.window()->settingsDialog();
    QTRY_VERIFY(dialog && dialog->isVisible());
    QCOMPARE(dialog->publicUrl(), QStringLiteral("https://old.example/ss"));
    QCOMPARE(dialog->language(), QString());
    dialog->setLanguage(QStringLiteral("zh_CN"));
    dialog->setPublicUrl(QStringLiteral("https://hooks.example.com/ss"));
    dialog->accept();
    QTRY_COMPARE(tw.settings()->language(), QStringLiteral("zh_CN"));
    QCOMPARE(tw.settings()->publicUrl(), QStringLiteral("https://hooks.example.com/ss"));
}

// The Notifications tab and the "copy for the background service" box are
// loaded from the settings and saved to them on OK.
void TestMainWindow::settingsDialogSavesNotificationsAndSecretCopy()
{
    TestWindow tw;
    Settings::Notifications before;
    before.keywords = {QStringLiteral("refund")};
    tw.settings()->setNotifications(before);
    QVERIFY(!tw.settings()->keepSecretFile());
    tw.window()->actions()->action(MainActions::OpenSettings)->trigger();
    QPointer<SettingsDialog> dialog = tw.window()->settingsDialog();
    QTRY_VERIFY(dialog && dialog->isVisible());
    auto *keywords = dialog->findChild<QPlainTextEdit *>(QStringLiteral("keywordsEdit"));
    auto *quiet = dialog->findChild<QCheckBox *>(QStringLiteral("doNotDisturbBox"));
    auto *keepCopy = dialog->findChild<QCheckBox *>(QStringLiteral("keepSecretFileCheck"));
    QVERIFY(keywords && quiet && keepCopy);
    QCOMPARE(keywords->toPlainText().trimmed(), QStringLiteral("refund"));
    QVERIFY(!quiet->isChecked());
    QVERIFY(!keepCopy->isChecked());
    keywords->setPlainText(QStringLiteral("refund\n退款"));
    quiet->setChecked(true);
    keepCopy->setChecked(true);
    dialog->accept();
    QTRY_VERIFY(tw.settings()->notifications().doNotDisturb);
    QCOMPARE(tw.settings()->notifications().keywords,
             (QStringList{QStringLiteral("refund"), QStringLiteral("退款")}));
    QVERIFY(tw.settings()->keepSecretFile());
}

void TestMainWindow::openDatabaseShowsAnotherStoreReadOnly()
{
    TestWindow tw;
    const QString other = QDir(tw.settingsFolder()).filePath(QStringLiteral("colleague.db"));
    {
        EventStore store;
        QVERIFY(store.open(other));
        EventRecord r;
        r.event = QStringLiteral("message");
        r.kind = EventKind::Message;
        r.channel = 5;
        r.chatUserId = QStringLiteral("cu-colleague");
        r.msg = QStringLiteral("from a colleague's store");
        r.receivedAtMs = r.lastReceivedAtMs = QDateTime::currentMSecsSinceEpoch();
        r.dedupeKey = QStringLiteral("k1");
        r.payload = "{}";
        QVERIFY(store.append(r));
    }
    QVERIFY(tw.window()->showStore(other));
    QVERIFY(tw.window()->windowTitle().contains(QDir::toNativeSeparators(other)));
    QVERIFY(tw.window()->windowTitle().contains(QLatin1String("read-only")));
    QVERIFY(tw.pane<StoreBanner>()->isVisible());
    auto *stream = tw.pane<StreamPane>();
    QTRY_COMPARE(stream->model()->rowCount(), 1);
    QCOMPARE(stream->model()->record(0).msg, QStringLiteral("from a colleague's store"));
    // The receiver keeps running on its own store; nothing of it shows here,
    // even once the window has been told of the receiver's commit.
    QSignalSpy fed(tw.window()->receiver()->feed(), &AppendFeed::appended);
    QCOMPARE(tw.send({messageBody(MessageSpec())}).byStatus.value(200), 1);
    QVERIFY(fed.wait());
    QCOMPARE(stream->model()->rowCount(), 1);
    QVERIFY(tw.window()->actions()->action(MainActions::ShowOwnStore)->isEnabled());
    tw.window()->actions()->action(MainActions::ShowOwnStore)->trigger();
    QVERIFY(tw.window()->isShowingOwnStore());
    QVERIFY(!tw.pane<StoreBanner>()->isVisible());
    QTRY_COMPARE(stream->model()->rowCount(), 1);
    QCOMPARE(stream->model()->record(0).msg, QStringLiteral("hello"));
    QVERIFY(!tw.window()->windowTitle().contains(QLatin1String("read-only")));
    QVERIFY(!tw.window()->showStore(QDir(tw.settingsFolder()).filePath(QStringLiteral("nope.db"))));
}

void TestMainWindow::sendTestDeliveryShowsTheWholeLoop()
{
    TestWindow tw;
    QSignalSpy finished(tw.window()->testSender(), &TestDeliverySender::finished);
    tw.window()->actions()->action(MainActions::SendTest)->trigger();
    QVERIFY(finished.wait(10000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    const int sent =
        static_cast<int>(TestDeliverySender::deliveries(1, QStringLiteral("t")).size());
    // Tests, hidden by the default view: the window shows them with test:yes.
    QCOMPARE(tw.window()->findChild<FilterBar *>()->text(), QStringLiteral("test:yes"));
    auto *stream = tw.pane<StreamPane>();
    QTRY_COMPARE(stream->model()->rowCount(), sent);
    for (int row = 0; row < sent; ++row)
        QVERIFY(stream->model()->index(row, 0).data(EventTableModel::VerifiedRole).toBool());
    stream->view()->selectRow(0);
    auto *conversation = tw.pane<ConversationPane>();
    QTRY_COMPARE(conversation->model()->rowCount(), 4);
    QTRY_VERIFY(conversation->transcriptText().contains(QLatin1String("Shall I reserve one?")));
    // The customer of the customer events, and the sample messages' writer
    // when the samples give them another id (customers who only wrote are listed).
    QTRY_VERIFY(tw.pane<CustomersPane>()->listModel()->rowCount() >= 1);

    // A filter the user typed is theirs: the next test leaves it as it is
    // and says how to see the test.
    FilterBar *bar = tw.window()->findChild<FilterBar *>();
    bar->setText(QStringLiteral("channel:7"));
    finished.clear();
    tw.window()->actions()->action(MainActions::SendTest)->trigger();
    QVERIFY2(tw.window()->statusBar()->currentMessage().contains(QLatin1String("add test:yes")),
             qPrintable(tw.window()->statusBar()->currentMessage()));
    QVERIFY(finished.wait(10000));
    QCOMPARE(bar->text(), QStringLiteral("channel:7"));
}

void TestMainWindow::layoutIsRemembered()
{
    TestWindow tw;
    auto *main = tw.window()->findChild<QSplitter *>(QStringLiteral("mainSplitter"));
    QVERIFY(main);
    tw.pane<ChannelsPane>()->selectChannel(6);
    auto *stream = tw.pane<StreamPane>();
    stream->view()->horizontalHeader()->resizeSection(EventTableModel::Customer, 222);
    stream->setFollowing(false);
    main->setSizes({345, main->width() - 345 - main->handleWidth()});
    const QList<int> sizes = main->sizes();
    tw.window()->close();
    MainWindow second(tw.settings(), GuiCommandLine());
    second.startUp();
    second.show();
    QVERIFY(QTest::qWaitForWindowExposed(&second));
    QCOMPARE(second.findChild<ChannelsPane *>()->selectedChannel(), 6);
    auto *secondStream = second.findChild<StreamPane *>();
    QCOMPARE(secondStream->view()->horizontalHeader()->sectionSize(EventTableModel::Customer), 222);
    QVERIFY(!secondStream->isFollowing());
    QCOMPARE(second.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes(), sizes);
    QCOMPARE(second.size(), tw.window()->size());
}

void TestMainWindow::shortcuts_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QKeySequence>("key");
    QTest::newRow("start") << QStringLiteral("StartReceiver") << QKeySequence(Qt::Key_F5);
    QTest::newRow("stop") << QStringLiteral("StopReceiver") << QKeySequence(Qt::SHIFT | Qt::Key_F5);
    QTest::newRow("follow") << QStringLiteral("followNewestAction")
                            << QKeySequence(Qt::CTRL | Qt::Key_End);
    QTest::newRow("pause") << QStringLiteral("pauseAction") << QKeySequence(Qt::CTRL | Qt::Key_P);
    QTest::newRow("filter F") << QStringLiteral("FocusFilter")
                              << QKeySequence(Qt::CTRL | Qt::Key_F);
    QTest::newRow("test") << QStringLiteral("SendTest") << QKeySequence(Qt::CTRL | Qt::Key_T);
    QTest::newRow("open") << QStringLiteral("OpenDatabase") << QKeySequence(QKeySequence::Open);
    QTest::newRow("export") << QStringLiteral("Export") << QKeySequence(Qt::CTRL | Qt::Key_E);
    QTest::newRow("settings") << QStringLiteral("OpenSettings")
                              << QKeySequence(Qt::CTRL | Qt::Key_Comma);
    QTest::newRow("copy") << QStringLiteral("Copy") << QKeySequence(QKeySequence::Copy);
    QTest::newRow("quit") << QStringLiteral("Quit") << QKeySequence(Qt::CTRL | Qt::Key_Q);
}

void TestMainWindow::shortcuts()
{
    QFETCH(QString, action);
    QFETCH(QKeySequence, key);
    TestWindow tw;
    auto *a = tw.window()->findChild<QAction *>(action);
    QVERIFY2(a, qPrintable(action));
    QVERIFY2(a->shortcuts().contains(key), qPrintable(a->shortcut().toString()));
}

void TestMainWindow::focusFilterByKeyboard()
{
    TestWindow tw;
    QApplication::setActiveWindow(tw.window());
    QVERIFY(QTest::qWaitForWindowActive(tw.window()));
    tw.pane<StreamPane>()->view()->setFocus();
    QTest::keyClick(tw.window(), Qt::Key_L, Qt::ControlModifier);
    auto *bar = tw.window()->findChild<FilterBar *>();
    QTRY_VERIFY(bar->lineEdit()->hasFocus());
    tw.pane<StreamPane>()->view()->setFocus();
    QTest::keyClick(tw.window(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(bar->lineEdit()->hasFocus());
    // F5 / Shift+F5 stop and start the receiver; Start is offered once stopped.
    QSignalSpy stopped(tw.window()->receiver(), &ReceiverController::stopped);
    QTest::keyClick(tw.window(), Qt::Key_F5, Qt::ShiftModifier);
    QVERIFY(!tw.window()->receiver()->isRunning());
    QVERIFY(stopped.wait());
    QTest::keyClick(tw.window(), Qt::Key_F5);
    QTRY_VERIFY(tw.window()->receiver()->isRunning());
}

void TestMainWindow::commandLineOverridesSettingsForTheSession()
{
    QTemporaryDir dir;
    Settings settings(dir.path());
    ReceiverConfig saved;
    saved.port = 0;
    saved.path = QStringLiteral("/saved");
    settings.setReceiverConfig(saved);
    const GuiCommandLine cl = GuiCommandLine::parse(
        {QStringLiteral("hookscope"), QStringLiteral("--db"), dir.filePath(QStringLiteral("cl.db")),
         QStringLiteral("--path"), QStringLiteral("/from-cl"), QStringLiteral("--secret"),
         QStringLiteral("cl-secret")},
        QByteArray());
    MainWindow window(&settings, cl);
    window.startUp();
    QVERIFY(window.receiver()->url().endsWith(QLatin1String("/from-cl")));
    QCOMPARE(window.receiver()->config().secret, QByteArray("cl-secret"));
    QCOMPARE(window.shownStorePath(), dir.filePath(QStringLiteral("cl.db")));
    // Not saved: the settings still hold what the user chose.
    QCOMPARE(settings.receiverConfig().path, QStringLiteral("/saved"));
    QVERIFY(settings.secret().isEmpty());
}

// The stream and the channels hear of the running receiver's commits from
// its one feed; while a colleague's store is shown, the receiver's ids must
// not be read against that store.
void TestMainWindow::receiverCommitsReachOnlyItsOwnStoreThroughTheFeed()
{
    TestWindow tw;
    AppendFeed *feed = tw.window()->receiver()->feed();
    QVERIFY(feed->isAbout(tw.databasePath()));
    const EventTableModel *stream = tw.pane<StreamPane>()->model();
    const ChannelModel *channels = tw.pane<ChannelsPane>()->model();
    const auto allMessages = [channels] {
        return channels->index(channels->rowOfCode(ChannelModel::kAllChannels), 0)
            .data(ChannelModel::MessageCountRole)
            .toLongLong();
    };
    const auto messages = [](int first, int count) {
        QList<QByteArray> bodies;
        for (int i = first; i < first + count; ++i) {
            MessageSpec m;
            m.sequence = QString::number(i);
            m.text = QStringLiteral("own %1").arg(i);
            bodies.append(messageBody(m));
        }
        return bodies;
    };
    QCOMPARE(tw.send(messages(0, 3)).byStatus.value(200), 3);
    QTRY_COMPARE(stream->rowCount(), 3);
    QCOMPARE(allMessages(), 3); // told by the same announcement

    // A colleague's store, which keeps growing after it is opened here: had
    // the receiver's ids been applied to it, its rows 2.. would show.
    const QString other = QDir(tw.settingsFolder()).filePath(QStringLiteral("colleague.db"));
    EventStore colleague;
    QVERIFY(colleague.open(other));
    const auto colleagueEvent = [&colleague](int n) {
        EventRecord r;
        r.event = QStringLiteral("message");
        r.kind = EventKind::Message;
        r.channel = 5;
        r.chatUserId = QStringLiteral("cu-colleague");
        r.msg = QStringLiteral("colleague %1").arg(n);
        r.receivedAtMs = r.lastReceivedAtMs = QDateTime::currentMSecsSinceEpoch();
        r.dedupeKey = QStringLiteral("colleague:%1").arg(n);
        r.payload = "{}";
        return colleague.append(r);
    };
    QVERIFY(colleagueEvent(0));
    QVERIFY(tw.window()->showStore(other));
    QCOMPARE(stream->rowCount(), 1);
    for (int n = 1; n < 10; ++n)
        QVERIFY(colleagueEvent(n));
    QSignalSpy announced(feed, &AppendFeed::appended);
    const auto lastAnnounced = [&announced] {
        return announced.isEmpty() ? qint64(0) : announced.constLast().at(0).toLongLong();
    };
    QCOMPARE(tw.send(messages(3, 5)).byStatus.value(200), 5);
    // The panes subscribed before this spy, so they have seen it too.
    QTRY_COMPARE(lastAnnounced(), 8);
    QCOMPARE(stream->rowCount(), 1);
    QCOMPARE(allMessages(), 1);

    tw.window()->showOwnStore();
    QCOMPARE(stream->rowCount(), 8);
    QCOMPARE(tw.send(messages(8, 1)).byStatus.value(200), 1);
    QTRY_COMPARE(stream->rowCount(), 9);
    QCOMPARE(allMessages(), 9);
    QCOMPARE(stream->record(8).msg, QStringLiteral("own 8"));
}

// The first frame after the window appears does not fault in a fresh
// image: show() has sized the backing store and painted it over.
void TestMainWindow::backingStoreIsPaintedBeforeTheWindowIsShown()
{
    TestWindow tw;
    tw.window()->close();
    MainWindow second(tw.settings(), GuiCommandLine());
    second.resize(900, 700);
    second.startUp();
    second.show(); // no event handled since: no expose, no paint yet
    QBackingStore *store = second.backingStore();
    QVERIFY(store);
    QCOMPARE(store->size(), QSize(900, 700));
    const auto *image = dynamic_cast<const QImage *>(store->paintDevice());
    QVERIFY(image);
    const QColor window = second.palette().window().color();
    QCOMPARE(image->pixelColor(0, 0), window);
    QCOMPARE(image->pixelColor(image->width() - 1, image->height() - 1), window);
    QVERIFY(QTest::qWaitForWindowExposed(&second));
    QCOMPARE(store->size(), second.size());
}

// The store is painted once per size, not at every show.
void TestMainWindow::aStoreOfTheWindowsSizeIsLeftAsItIs()
{
    QWidget window;
    window.resize(320, 200);
    window.winId(); // created: the store exists, not sized yet
    QBackingStore *store = window.backingStore();
    QVERIFY(store);
    QVERIFY(store->size().isEmpty());
    prepareFirstFrame(&window);
    QCOMPARE(store->size(), QSize(320, 200));
    const QRect all(0, 0, 320, 200);
    store->beginPaint(QRegion(all));
    {
        QPainter painter(store->paintDevice());
        painter.fillRect(all, Qt::red);
    }
    store->endPaint();
    prepareFirstFrame(&window);
    const auto *image = dynamic_cast<const QImage *>(store->paintDevice());
    QVERIFY(image);
    QCOMPARE(image->pixelColor(10, 10), QColor(Qt::red));
    window.resize(400, 240);
    prepareFirstFrame(&window);
    QCOMPARE(store->size(), QSize(400, 240));
    image = dynamic_cast<const QImage *>(store->paintDevice());
    QVERIFY(image);
    QCOMPARE(image->pixelColor(10, 10), window.palette().window().color());
    prepareFirstFrame(nullptr);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
