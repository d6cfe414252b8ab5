#include "window/mainwindow.h"

#include "dialogs/aboutdialog.h"
#include "dialogs/connectassistant.h"
#include "dialogs/notificationspage.h"
#include "dialogs/settingsdialog.h"
#include "eventforwarder.h"
#include "filterbar/filterbar.h"
#include "filterbar/filterhost.h"
#include "filterbar/savedfilterspanel.h"
#include "guilog.h"
#include "models/channelmodel.h"
#include "models/eventtablemodel.h"
#include "notify/desktopnotifier.h"
#include "notify/trayhost.h"
#include "panes/channelspane.h"
#include "panes/conversationpane.h"
#include "panes/customerspane.h"
#include "panes/forwardstatusview.h"
#include "panes/inboxpane.h"
#include "panes/inspectorpane.h"
#include "panes/refusedpane.h"
#include "panes/streampane.h"
#include "protocol/signatureverifier.h"
#include "settings/settings.h"
#include "store/eventstore.h"
#include "window/conditionbanner.h"
#include "window/connectionsetup.h"
#include "window/firstframe.h"
#include "window/mainactions.h"
#include "window/receivercontroller.h"
#include "window/receiverstatuswidget.h"
#include "window/sendtoflow.h"
#include "window/storebanner.h"
#include "window/teamstorestatus.h"
#include "window/testdeliverysender.h"
#include "window/windowlayout.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QShowEvent>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

constexpr int kMessageMs = 8000; // how long a status message stays
constexpr int kCopiedMs = 4000;  // "Copied ... to the clipboard"

namespace {

// The channels the store has shown so far (the "All channels" row left out).
QList<int> seenChannelCodes(const ChannelModel *model)
{
    QList<int> codes;
    for (int row = 0; row < model->rowCount(); ++row) {
        const int code = model->index(row).data(ChannelModel::CodeRole).toInt();
        if (code != ChannelModel::kAllChannels)
            codes.append(code);
    }
    return codes;
}

} // namespace

MainWindow::MainWindow(Settings *settings, const GuiCommandLine &options, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_receiver(new ReceiverController(settings, options, this))
    , m_actions(new MainActions(this))
    , m_testSender(new TestDeliverySender(this))
    , m_layout(std::make_unique<WindowLayout>(settings))
{
    setObjectName(QStringLiteral("mainWindow"));
    buildPanes();
    m_actions->buildMenus(m_stream->followAction(), m_stream->pauseAction(),
                          {m_stream->millisecondsAction()});
    connectActions();
    connectPanes();
    connectReceiver();
    buildTray();
    restoreLayout();
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildPanes()
{
    m_filters = new FilterHost(m_settings, this);
    m_channels = new ChannelsPane(this);
    m_channels->setFooter(m_filters->savedFilters());
    m_stream = new StreamPane(this);
    m_customers = new CustomersPane(this);
    m_refused = new RefusedPane(this);
    m_inbox = new InboxPane(this);
    m_inbox->useSettings(m_settings);
    m_conversation = new ConversationPane(this);
    m_inspector = new InspectorPane(this);
    m_banner = new StoreBanner(this);
    m_conditions = new ConditionBanner(this);
    m_conditions->follow(m_receiver);
    // Every model showing a store hears of the receiver's commits from its
    // one coalesced feed, and ignores it while another store is shown.
    AppendFeed *feed = m_receiver->feed();
    m_channels->setFeed(feed);
    m_stream->setFeed(feed);
    m_customers->setFeed(feed);
    m_refused->setFeed(feed);
    m_refused->setReceiverConfigProvider([this] { return m_receiver->config(); });
    m_refused->setReceiverUrlProvider([this] { return m_receiver->url(); });
    m_inbox->setFeed(feed);
    m_conversation->setFeed(feed);
    m_inspector->setFeed(feed);
    m_conversation->setLoadRemoteImages(m_settings->loadRemoteImages());
    m_customers->setShowUnverified(m_settings->showUnverifiedCustomerData());
    connect(m_customers, &CustomersPane::showUnverifiedChanged, this,
            [this](bool on) { m_settings->setShowUnverifiedCustomerData(on); });
    // Copy takes whole rows from the stream and the refused list.
    m_copier.addCopy(m_stream->view(), [this] { m_stream->copySelection(); });
    m_copier.addCopy(m_refused->view(), [this] { m_refused->copySelection(); });
    arrangePanes();
    m_teamStatus = new TeamStoreStatus(this);
    statusBar()->addPermanentWidget(m_teamStatus);
    m_status = new ReceiverStatusWidget(this);
    statusBar()->addPermanentWidget(m_status);
}

void MainWindow::arrangePanes()
{
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("topTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_stream, tr("Stream"));
    m_tabs->addTab(m_customers, tr("Customers"));
    m_tabs->addTab(m_refused, tr("Refused"));
    m_tabs->addTab(m_inbox, tr("Inbox"));
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(2);
    topLayout->addWidget(m_banner);
    topLayout->addWidget(m_filters->bar());
    topLayout->addWidget(m_tabs, 1);

    m_bottomSplitter = new QSplitter(Qt::Horizontal, this);
    m_bottomSplitter->addWidget(m_conversation);
    m_bottomSplitter->addWidget(m_inspector);
    m_centreSplitter = new QSplitter(Qt::Vertical, this);
    m_centreSplitter->addWidget(top);
    m_centreSplitter->addWidget(m_bottomSplitter);
    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->addWidget(m_channels);
    m_mainSplitter->addWidget(m_centreSplitter);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_centreSplitter->setObjectName(QStringLiteral("centreSplitter"));
    m_bottomSplitter->setObjectName(QStringLiteral("bottomSplitter"));
    for (QSplitter *s : {m_mainSplitter, m_centreSplitter, m_bottomSplitter})
        s->setChildrenCollapsible(false);
    m_mainSplitter->setSizes({300, 1300});
    m_centreSplitter->setSizes({520, 420});
    m_bottomSplitter->setSizes({600, 700});
    setCentralWidget(m_conditions->placeAbove(m_mainSplitter)); // spans the window's top
}

void MainWindow::connectActions()
{
    using A = MainActions;
    const auto on = [this](A::Id id, auto &&slot) {
        connect(m_actions->action(id), &QAction::triggered, this,
                std::forward<decltype(slot)>(slot));
    };
    on(A::OpenDatabase, [this] { chooseDatabase(); });
    on(A::ShowOwnStore, [this] { showOwnStore(); });
    on(A::Export, [this] { m_filters->openExport(m_shownStore, this); });
    on(A::Quit, [this] { quit(); });
    on(A::Copy, [this] { m_copier.copyFrom(QApplication::focusWidget()); });
    on(A::CopyUrl, [this] { m_status->copyUrl(); });
    on(A::FocusFilter, [this] { m_filters->focusFilter(); });
    on(A::SaveFilter, [this] { m_filters->saveCurrent(); });
    on(A::ShowStream, [this] {
        m_tabs->setCurrentWidget(m_stream);
        m_stream->view()->setFocus();
    });
    on(A::ShowCustomers, [this] { m_tabs->setCurrentWidget(m_customers); });
    on(A::ShowRefused, [this] { m_tabs->setCurrentWidget(m_refused); });
    on(A::ShowInbox, [this] {
        m_tabs->setCurrentWidget(m_inbox);
        m_inbox->view()->setFocus();
    });
    on(A::StartReceiver, [this] { m_receiver->start(); });
    on(A::StopReceiver, [this] { m_receiver->stop(); });
    on(A::SendTest, [this] { sendTestDelivery(); });
    on(A::OpenSettings, [this] { showSettingsDialog(); });
    on(A::ConnectSaleSmartly, [this] { showConnectAssistant(); });
    on(A::About, [this] { showAbout(); });
    on(A::SendEventTo, [this] { sendTo(false); });
    on(A::SendViewTo, [this] { sendTo(true); });
    connect(m_stream->followAction(), &QAction::toggled, this,
            [this](bool on) { m_settings->setFollowNewest(on); });
    connect(m_stream->millisecondsAction(), &QAction::toggled, this,
            [this](bool on) { m_settings->setStreamMilliseconds(on); });
}

void MainWindow::connectPanes()
{
    connect(m_filters, &FilterHost::filterChanged, this, [this](const FilterExpression &f) {
        m_stream->model()->setFilter(f);
        m_customers->setFilter(f);
    });
    connect(m_channels, &ChannelsPane::channelSelected, this, [this](int code) {
        m_stream->setChannelScope(code);
        m_customers->setChannelScope(code);
        m_settings->setSelectedChannel(code);
    });
    connect(m_stream, &StreamPane::currentEventChanged, this, [this](const EventRecord &record) {
        m_inspector->showEventRecord(record);
        m_conversation->showRecord(record);
    });
    connect(m_stream, &StreamPane::rowMenuAboutToShow, m_filters, &FilterHost::addRowActions);
    connect(m_stream, &StreamPane::rowMenuAboutToShow, this,
            [this](QMenu *menu, const EventRecord &record) {
                menu->addSeparator();
                menu->addAction(tr("Send This Event To…"), this,
                                [this, id = record.id] { sendTo(false, id); });
                menu->addAction(m_actions->action(MainActions::SendViewTo));
            });
    connect(m_customers, &CustomersPane::customerSelected, m_conversation,
            &ConversationPane::showCustomer);
    connect(m_customers, &CustomersPane::eventSelected, m_inspector,
            &InspectorPane::showEventRecord);
    connect(m_refused, &RefusedPane::refusedSelected, m_inspector, &InspectorPane::showRefused);
    connect(m_inbox, &InboxPane::sessionOpened, m_conversation, &ConversationPane::showRecord);
    connect(m_inspector, &InspectorPane::eventLinkActivated, m_stream, &StreamPane::selectEvent);
    connect(m_refused, &RefusedPane::countChanged, this, [this](int count) {
        m_tabs->setTabText(m_tabs->indexOf(m_refused),
                           count > 0 ? tr("Refused (%1)").arg(count) : tr("Refused"));
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::syncInspectorToTab);
    connect(m_banner, &StoreBanner::backRequested, this, &MainWindow::showOwnStore);
    connect(
        m_testSender, &TestDeliverySender::finished, this,
        [this](bool, const QString &summary) { statusBar()->showMessage(summary, kMessageMs); });
}

void MainWindow::connectReceiver()
{
    connect(m_receiver, &ReceiverController::stateChanged, this, &MainWindow::onReceiverState);
    connect(m_receiver, &ReceiverController::storeUpgradeProgress, this,
            &MainWindow::onStoreUpgradeProgress);
    connect(m_receiver, &ReceiverController::statsChanged, m_status,
            &ReceiverStatusWidget::setStats);
    connect(m_receiver->forwarder(), &EventForwarder::attempted, m_inspector,
            &InspectorPane::refreshForwards);
    connect(m_inspector->forwardStatus(), &ForwardStatusView::retryRequested, this,
            &MainWindow::retryForward);
    connect(m_receiver, &ReceiverController::shownUrlChanged, this,
            [this] { onReceiverState(m_receiver->state(), m_receiver->stateMessage()); });
    connect(m_status, &ReceiverStatusWidget::urlCopied, this, [this](const QString &url) {
        statusBar()->showMessage(tr("Copied %1 to the clipboard").arg(url), kCopiedMs);
    });
    onReceiverState(m_receiver->state(), m_receiver->stateMessage());
    connect(m_receiver, &ReceiverController::mirrorStatusChanged, this,
            &MainWindow::updateTeamStatus);
    connect(m_receiver, &ReceiverController::databasePathChanged, this,
            &MainWindow::updateTeamStatus);
    updateTeamStatus();
}

void MainWindow::updateTeamStatus()
{
    const DeskMirror::Status status = m_receiver->mirror()->status();
    m_teamStatus->show(m_receiver->isTeamStore() ? m_receiver->storeName() : QString(), status);
    // Filling a new desk copy brings the store's past, not news: no
    // notification for it. Events caught up after a lost connection are
    // news, and notify.
    if (m_trayHost)
        m_trayHost->notifier()->setQuiet(status.state == DeskMirror::State::CatchingUp &&
                                         status.firstFill);
}

// The tray, notifications and read marks (docs/notifications.md).
void MainWindow::buildTray()
{
    ChannelModel *channels = m_channels->model();
    channels->setReadMarkLoader(
        [this](const QString &path) { return m_settings->readMarks(path); });
    connect(channels, &ChannelModel::readMarksChanged, this,
            [this](const QString &path, const ChannelModel::ReadMarks &marks) {
                m_settings->setReadMarks(path, marks);
            });
    m_trayHost = new TrayHost(m_settings, this, this);
    using A = MainActions;
    m_trayHost->setActions(m_actions->action(A::StartReceiver), m_actions->action(A::StopReceiver),
                           m_actions->action(A::DoNotDisturb), m_actions->action(A::Quit));
    m_trayHost->setFeed(m_receiver->feed());
    m_trayHost->setUnreadModel(channels);
    connect(m_receiver, &ReceiverController::storeFaultChanged, m_trayHost,
            &TrayHost::setStoreFault);
    connect(m_trayHost, &TrayHost::openEventRequested, this, &MainWindow::showEventId);
    m_trayHost->setReceiverState(m_receiver->state(), m_receiver->stateMessage(),
                                 m_receiver->url());
}

void MainWindow::showEventId(qint64 eventId)
{
    m_trayHost->showWindow();
    if (eventId <= 0)
        return;
    if (!isShowingOwnStore())
        showOwnStore();
    m_tabs->setCurrentWidget(m_stream);
    m_stream->selectEvent(eventId);
    const std::optional<EventRecord> current = m_stream->currentRecord();
    if (current && current->id == eventId)
        return;
    // Not in the stream (another channel shown, or filtered out): shown
    // below all the same.
    if (const std::optional<EventRecord> record = m_trayHost->notifier()->record(eventId)) {
        m_inspector->showEventRecord(*record);
        m_conversation->showRecord(*record);
    }
}

void MainWindow::quit()
{
    m_quitting = true;
    close();
}

void MainWindow::startUp()
{
    if (m_settings->startReceiverOnLaunch())
        m_receiver->start();
    QString error;
    if (!m_receiver->ensureStore(&error))
        statusBar()->showMessage(error, kMessageMs);
    showOwnStore();
    m_channels->selectChannel(m_settings->selectedChannel());
}

bool MainWindow::showStore(const QString &path, QString *error)
{
    if (!QFileInfo::exists(path)) {
        if (error)
            *error = tr("%1 does not exist.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    openStoreInPanes(path);
    return true;
}

void MainWindow::showOwnStore()
{
    openStoreInPanes(m_receiver->shownStorePath());
}

void MainWindow::openStoreInPanes(const QString &path)
{
    m_shownStore = path;
    // Kept, not recomputed: the title and applySettings() ask for it.
    m_showingOwn = QFileInfo(path) == QFileInfo(m_receiver->shownStorePath());
    QStringList errors;
    const auto open = [&errors, &path](auto *pane) {
        QString error;
        if (!pane->openStore(path, &error) && !errors.contains(error))
            errors.append(error);
    };
    open(m_channels);
    open(m_stream);
    open(m_customers);
    open(m_refused);
    open(m_inbox);
    open(m_conversation);
    open(m_inspector);
    m_conversation->clear();
    if (!errors.isEmpty()) {
        qCWarning(lcGui).noquote() << errors.join(u' ');
        statusBar()->showMessage(errors.join(u' '), kMessageMs);
    }
    const bool own = m_showingOwn;
    m_banner->setVisible(!own);
    if (!own)
        m_banner->showStore(path, m_receiver->shownStorePath());
    m_actions->action(MainActions::ShowOwnStore)->setEnabled(!own);
    m_inspector->forwardStatus()->setRetryEnabled(own && !m_receiver->isTeamStore());
    updateTitle();
}

void MainWindow::retryForward(qint64 forwardId)
{
    if (!m_showingOwn || m_receiver->isTeamStore())
        return;
    EventStore store;
    QString error;
    if (!store.open(m_receiver->databasePath(), &error)) {
        statusBar()->showMessage(tr("Cannot retry forwarding: %1").arg(error), kMessageMs);
        return;
    }
    const std::optional<ForwardRecord> row = store.forward(forwardId);
    if (!row || !store.retryForward(forwardId, QDateTime::currentMSecsSinceEpoch())) {
        const QString why =
            store.lastError().isEmpty() ? tr("it is no longer given up.") : store.lastError();
        statusBar()->showMessage(tr("Cannot retry forwarding: %1").arg(why), kMessageMs);
        m_inspector->refreshForwards();
        return;
    }
    store.close();
    EventForwarder *forwarder = m_receiver->forwarder();
    if (forwarder->isRunning() && forwarder->targets().contains(row->target)) {
        statusBar()->showMessage(tr("Forwarding to %1 queued again.").arg(row->target), kMessageMs);
        forwarder->notifyCommitted();
    } else {
        statusBar()->showMessage(
            tr("Forwarding to %1 queued again; it is sent once a forwarding rule for that URL "
               "is on and the receiver runs.")
                .arg(row->target),
            kMessageMs);
    }
    m_inspector->refreshForwards();
}

void MainWindow::onReceiverState(ReceiverService::State state, const QString &message)
{
    m_status->setState(state, message, m_receiver->shownUrl());
    m_status->setToolTip(tr("The URL for SaleSmartly: %1\nThe receiver listens on: %2")
                             .arg(m_receiver->shownUrl(), m_receiver->url()));
    if (m_trayHost)
        m_trayHost->setReceiverState(state, message, m_receiver->shownUrl());
    // The key the receiver checks with now, as a fingerprint (never the key).
    m_inspector->setKeyFingerprint(SignatureVerifier::keyFingerprint(m_receiver->config().secret));
    const bool running = state == ReceiverService::State::Listening;
    // The panes opened the file at its older schema: read it anew.
    if (running && std::exchange(m_storeUpgraded, false)) {
        if (m_showingOwn)
            showOwnStore();
        statusBar()->showMessage(tr("The event store was upgraded."), kMessageMs);
    }
    m_actions->action(MainActions::StartReceiver)->setEnabled(!running);
    m_actions->action(MainActions::StopReceiver)->setEnabled(running);
    m_actions->action(MainActions::SendTest)->setEnabled(running);
    if (state == ReceiverService::State::Failed)
        statusBar()->showMessage(tr("The receiver could not start: %1").arg(message), kMessageMs);
}

// A large store's upgrade takes minutes: the receiver listens only after it.
void MainWindow::onStoreUpgradeProgress(int fromVersion, int toVersion, qint64 done, qint64 total)
{
    m_storeUpgraded = true;
    const int percent = total > 0 ? int(std::clamp<qint64>(done * 100 / total, 0, 100)) : 100;
    statusBar()->showMessage(
        tr("Upgrading the event store from schema %1 to %2 (schema %3 is the last): %4%…")
            .arg(fromVersion)
            .arg(fromVersion + 1)
            .arg(toVersion)
            .arg(percent));
}

void MainWindow::updateTitle()
{
    const QString path = QDir::toNativeSeparators(m_shownStore);
    if (m_shownStore.isEmpty())
        setWindowTitle(tr("HookScope"));
    else if (isShowingOwnStore() && m_receiver->isTeamStore())
        setWindowTitle(tr("%1 — HookScope").arg(m_receiver->storeName()));
    else if (isShowingOwnStore())
        setWindowTitle(tr("%1 — HookScope").arg(path));
    else
        setWindowTitle(tr("%1 (read-only) — HookScope").arg(path));
}

void MainWindow::sendTestDelivery()
{
    if (!m_receiver->isRunning()) {
        statusBar()->showMessage(tr("Start the receiver first (F5)."), kMessageMs);
        return;
    }
    QString error;
    if (!m_testSender->send(QUrl(m_receiver->url()), m_receiver->config().secret, &error)) {
        statusBar()->showMessage(error, kMessageMs);
        return;
    }
    // Test deliveries are hidden by the default view: with no filter, show
    // them; a filter the user typed is theirs and stays (docs/test-deliveries.md).
    const FilterExpression current = m_filters->filter();
    if (current.isEmpty() && m_filters->bar()->text().trimmed().isEmpty()) {
        m_filters->bar()->setText(QStringLiteral("test:yes"));
        statusBar()->showMessage(
            tr("Sending a test delivery to %1… (shown with the filter test:yes)")
                .arg(m_receiver->url()));
    } else if (!current.mentionsTest()) {
        statusBar()->showMessage(
            tr("Sending a test delivery to %1… Your filter hides test deliveries: add test:yes "
               "to see it.")
                .arg(m_receiver->url()));
    } else {
        statusBar()->showMessage(tr("Sending a test delivery to %1…").arg(m_receiver->url()));
    }
}

void MainWindow::sendTo(bool wholeView, qint64 eventId)
{
    const std::optional<EventRecord> current = m_stream->currentRecord();
    if (!wholeView && eventId <= 0 && current)
        eventId = current->id;
    const QList<qint64> ids = wholeView ? m_stream->model()->shownIds()
                                        : (eventId > 0 ? QList<qint64>{eventId} : QList<qint64>());
    if (ids.isEmpty() || (wholeView && m_stream->model()->isLoading())) {
        statusBar()->showMessage(wholeView ? tr("The stream shows no events to send yet.")
                                           : tr("Select an event in the stream first."),
                                 kMessageMs);
        return;
    }
    SendToFlow::open(this, m_settings, m_shownStore, ids,
                     wholeView ? tr("every event the stream shows") : tr("event #%1").arg(eventId));
}

bool MainWindow::applySettings(const ReceiverConfig &config, const QString &databasePath,
                               bool startOnLaunch)
{
    const bool own = isShowingOwnStore();
    m_settings->setStartReceiverOnLaunch(startOnLaunch);
    QString error;
    if (!m_receiver->apply(config, databasePath, &error)) {
        // Window-modal, not exec(): the receiver keeps answering meanwhile.
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Settings"),
                                    tr("The settings were not saved: %1").arg(error),
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("settingsNotAppliedBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    if (!m_receiver->ensureStore(&error))
        statusBar()->showMessage(error, kMessageMs);
    // The panes are reopened only for another store: reopening resets their
    // models, and with them the selection, Follow Newest and unread badges.
    if (own && QFileInfo(m_shownStore) != QFileInfo(m_receiver->shownStorePath()))
        showOwnStore();
    else
        updateTitle();
    return true;
}

void MainWindow::showSettingsDialog()
{
    if (m_settingsDialog) {
        m_settingsDialog->raise();
        return;
    }
    m_settingsDialog = new SettingsDialog(m_receiver->config(), m_receiver->databasePath(),
                                          m_settings->startReceiverOnLaunch(), this);
    m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_settingsDialog->setLanguage(m_settings->language());
    m_settingsDialog->setPublicUrl(m_settings->publicUrl());
    m_settingsDialog->setLoadRemoteImages(m_settings->loadRemoteImages());
    m_settingsDialog->setKeepSecretFile(m_settings->keepSecretFile(), m_settings->secretFilePath());
    m_settingsDialog->notificationsPage()->loadFrom(*m_settings,
                                                    seenChannelCodes(m_channels->model()),
                                                    m_trayHost && m_trayHost->isTrayAvailable());
    connect(m_settingsDialog, &QDialog::accepted, this, [this, dialog = m_settingsDialog] {
        if (!dialog)
            return;
        m_settings->setLanguage(dialog->language());
        m_settings->setPublicUrl(dialog->publicUrl());
        m_settings->setLoadRemoteImages(dialog->loadRemoteImages());
        m_conversation->setLoadRemoteImages(dialog->loadRemoteImages());
        dialog->notificationsPage()->saveTo(*m_settings);
        if (m_trayHost)
            m_trayHost->reloadSettings();
        QString error;
        if (dialog->keepSecretFile() != m_settings->keepSecretFile() &&
            !m_settings->setKeepSecretFile(dialog->keepSecretFile(), &error))
            QMessageBox::warning(this, tr("Secret"), error);
        applySettings(dialog->config(), dialog->databasePath(), dialog->startOnLaunch());
    });
    m_settingsDialog->open();
}

void MainWindow::showConnectAssistant()
{
    if (m_assistant) {
        m_assistant->raise();
        return;
    }
    m_assistant = ConnectionSetup::create(this, m_settings);
    m_assistant->setAttribute(Qt::WA_DeleteOnClose);
    m_assistant->open();
}

void MainWindow::openAssistantOnFirstRun()
{
    // A desk on a team store views what the server's receivers take: their
    // connection to SaleSmartly is set up there (docs/team.md). The
    // assistant stays in the menu.
    if (!m_settings->assistantDone() && !m_receiver->isTeamStore())
        QTimer::singleShot(0, this, &MainWindow::showConnectAssistant);
}

void MainWindow::chooseDatabase()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Database"),
                                                      QFileInfo(m_shownStore).absolutePath(),
                                                      tr("HookScope stores (*.db);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!showStore(path, &error))
        QMessageBox::warning(this, tr("Open Database"), error);
}

void MainWindow::showAbout()
{
    AboutDialog dialog(m_receiver->storeName(), this);
    dialog.exec();
}

void MainWindow::syncInspectorToTab()
{
    if (m_tabs->currentWidget() == m_refused) {
        if (const auto record = m_refused->currentRecord())
            m_inspector->showRefused(*record);
    } else if (m_tabs->currentWidget() == m_stream) {
        if (const auto record = m_stream->currentRecord())
            m_inspector->showEventRecord(*record);
    }
}

void MainWindow::restoreLayout()
{
    m_layout->addSplitter(QStringLiteral("main"), m_mainSplitter);
    m_layout->addSplitter(QStringLiteral("centre"), m_centreSplitter);
    m_layout->addSplitter(QStringLiteral("bottom"), m_bottomSplitter);
    m_layout->addSplitter(QStringLiteral("channels"), m_channels->splitter());
    m_layout->addSplitter(QStringLiteral("customers"), m_customers->splitter());
    m_layout->addHeader(QStringLiteral("stream"), m_stream->view()->horizontalHeader());
    m_layout->addHeader(QStringLiteral("customers"), m_customers->listView()->horizontalHeader());
    m_layout->addHeader(QStringLiteral("timeline"),
                        m_customers->timelineView()->horizontalHeader());
    m_layout->addHeader(QStringLiteral("refused"), m_refused->view()->horizontalHeader());
    m_stream->setFitColumnsOnLoad(m_settings->headerState(QStringLiteral("stream")).isEmpty());
    m_layout->addHeader(QStringLiteral("inbox"), m_inbox->view()->horizontalHeader());
    m_layout->restore(this);
    m_stream->setFollowing(m_settings->followNewest());
    m_stream->setShowMilliseconds(m_settings->streamMilliseconds());
}

void MainWindow::saveLayout()
{
    m_layout->save(this);
    m_settings->setSelectedChannel(m_channels->selectedChannel());
    m_settings->setFollowNewest(m_stream->isFollowing());
    m_settings->sync();
}

void MainWindow::showEvent(QShowEvent *event)
{
    // Sent before the window is mapped: the image is faulted in now, not in
    // the first frame.
    if (!event->spontaneous())
        prepareFirstFrame(this);
    QMainWindow::showEvent(event);
}

// While the receiver runs, the window stays open (and responsive) until its
// in-flight deliveries are committed and answered; stopped() closes it.
void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_closing && !m_quitting) {
        const TrayHost::CloseAction action = m_trayHost->closeAction();
        if (action != TrayHost::CloseAction::Quit) {
            if (action == TrayHost::CloseAction::HideToTray) {
                saveLayout();
                m_hiddenToTray = true;
                hide(); // the receiver keeps running; the tray brings it back
            }
            event->ignore();
            return;
        }
    }
    if (!std::exchange(m_closing, true)) {
        saveLayout();
        if (!m_receiver->isIdle()) {
            statusBar()->showMessage(tr("Finishing deliveries…"));
            connect(m_receiver, &ReceiverController::stopped, this, &MainWindow::close,
                    Qt::SingleShotConnection);
            m_receiver->stop();
        }
    }
    event->setAccepted(m_receiver->isIdle());
    // Hidden in the tray, closing is no "last window closed": quit outright.
    if (event->isAccepted() && m_hiddenToTray && isHidden())
        QTimer::singleShot(0, this, [] { QCoreApplication::quit(); });
}
