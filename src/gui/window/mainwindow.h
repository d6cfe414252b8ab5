#pragma once

#include "receiverservice.h"
#include "window/focuscopier.h"
#include "window/guicommandline.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class ChannelsPane;
class ConnectAssistant;
class ConditionBanner;
class ConversationPane;
class CustomersPane;
class FilterHost;
class InboxPane;
class InspectorPane;
class MainActions;
class QSplitter;
class QTabWidget;
class ReceiverController;
class ReceiverStatusWidget;
class TeamStoreStatus;
class RefusedPane;
class Settings;
class SettingsDialog;
class StoreBanner;
class StreamPane;
class TestDeliverySender;
class TrayHost;
class WindowLayout;

// The HookScope window. It places the panes, wires them to each other, to
// the receiver and to the actions, and remembers the layout; each pane
// holds its own logic (STYLE.md rule 9).
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(Settings *settings, const GuiCommandLine &options,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the receiver (unless the settings say not to) and opens its
    // store in the panes.
    void startUp();

    QString shownStorePath() const { return m_shownStore; }
    bool isShowingOwnStore() const { return m_showingOwn; }
    // Shows another store read-only; the receiver keeps its own.
    bool showStore(const QString &path, QString *error = nullptr);
    void showOwnStore();
    void sendTestDelivery();
    // "Send to...": every event the stream shows, or one event (by default
    // the stream's current one).
    void sendTo(bool wholeView, qint64 eventId = 0);
    // What the settings dialog's OK does: save, restart, reopen.
    bool applySettings(const ReceiverConfig &config, const QString &databasePath,
                       bool startOnLaunch);
    ReceiverController *receiver() const { return m_receiver; }
    TestDeliverySender *testSender() const { return m_testSender; }
    MainActions *actions() const { return m_actions; }
    QPointer<SettingsDialog> settingsDialog() const { return m_settingsDialog; }
    // Help > Connect SaleSmartly; the first run opens it by itself once the
    // window shows (the program calls openAssistantOnFirstRun, tests do not).
    void showConnectAssistant();
    void openAssistantOnFirstRun();
    QPointer<ConnectAssistant> connectAssistant() const { return m_assistant; }
    TrayHost *trayHost() const { return m_trayHost; }
    // What a clicked notification does: the window comes up with the event
    // selected in the stream (its conversation below).
    void showEventId(qint64 eventId);
    // File > Quit: quits even when closing would hide the window to the tray.
    void quit();

protected:
    void closeEvent(QCloseEvent *event) override;
    // The backing store is prepared before the window is on screen
    // (window/firstframe.h).
    void showEvent(QShowEvent *event) override;

private:
    void buildPanes();
    // Tabs and splitters: channels | (filter, tabs) over (conversation | inspector).
    void arrangePanes();
    void connectActions();
    void connectPanes();
    void connectReceiver();
    void restoreLayout();
    void saveLayout();
    void openStoreInPanes(const QString &path);
    // The inspector's "Retry now" of a given-up forwarding row: pending
    // again, due now (EventStore::retryForward), and the forwarder woken.
    void retryForward(qint64 forwardId);
    void onReceiverState(ReceiverService::State state, const QString &message);
    void onStoreUpgradeProgress(int fromVersion, int toVersion, qint64 done, qint64 total);
    void updateTitle();
    void updateTeamStatus();
    void showSettingsDialog();
    void chooseDatabase();
    void showAbout();
    void syncInspectorToTab();
    void buildTray();

    Settings *m_settings = nullptr;
    ReceiverController *m_receiver = nullptr;
    MainActions *m_actions = nullptr;
    FilterHost *m_filters = nullptr;
    ChannelsPane *m_channels = nullptr;
    StreamPane *m_stream = nullptr;
    CustomersPane *m_customers = nullptr;
    RefusedPane *m_refused = nullptr;
    InboxPane *m_inbox = nullptr; // the conversation inbox tab
    ConversationPane *m_conversation = nullptr;
    InspectorPane *m_inspector = nullptr;
    QTabWidget *m_tabs = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_centreSplitter = nullptr;
    QSplitter *m_bottomSplitter = nullptr;
    StoreBanner *m_banner = nullptr;
    ConditionBanner *m_conditions = nullptr;
    ReceiverStatusWidget *m_status = nullptr;
    TeamStoreStatus *m_teamStatus = nullptr;
    TestDeliverySender *m_testSender = nullptr;
    std::unique_ptr<WindowLayout> m_layout;
    FocusCopier m_copier;
    QPointer<SettingsDialog> m_settingsDialog;
    QPointer<ConnectAssistant> m_assistant;
    QString m_shownStore;
    bool m_showingOwn = false;
    bool m_storeUpgraded = false; // the receiver's start upgraded the store
    bool m_closing = false;       // a close waits for the receiver to stop
    bool m_quitting = false;      // File > Quit: no hiding to the tray
    bool m_hiddenToTray = false;
    TrayHost *m_trayHost = nullptr;
};
