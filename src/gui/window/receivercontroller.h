#pragma once

#include "receiverservice.h"
#include "window/guicommandline.h"

#include <QObject>

class DeskMirror;
class EventForwarder;
class Settings;

// The window's receiver: the ReceiverService plus where its configuration
// comes from (saved settings, overridden for this session by the command
// line) and how a settings change is applied without restarting the
// program: check the new values can listen, save, stop, start again with
// them. Starting, stopping and applying return at once; the outcome arrives
// through stateChanged() and stopped() (the GUI thread never waits for the
// receiver). The counts shown add up across restarts.
class ReceiverController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReceiverController)

public:
    explicit ReceiverController(Settings *settings, const GuiCommandLine &overrides,
                                QObject *parent = nullptr);
    ~ReceiverController() override;

    // The configuration and store in effect (settings + overrides).
    ReceiverConfig config() const;
    // The store the receiver writes to: a file, or a postgresql:// URL.
    QString databasePath() const;
    // The store is a PostgreSQL database (team mode, docs/team.md): the
    // panes then read the desk's copy of it, which mirror() keeps.
    bool isTeamStore() const;
    // The file the panes open as this window's own store: databasePath(),
    // or the desk copy of a team store.
    QString shownStorePath() const;
    // For titles and dialogs: the file, or the team store's URL without
    // its password.
    QString storeName() const;
    // Keeps the desk copy of a team store; idle otherwise.
    DeskMirror *mirror() const { return m_mirror; }

    // Starts with config() and databasePath(); after a stop under way if any.
    void start();
    // Stops; stopped() follows unless the receiver is already idle.
    void stop();
    bool isRunning() const { return m_service->isRunning(); }
    // No receiver thread is running: nothing to stop and nothing to wait for.
    bool isIdle() const { return m_service->isIdle(); }
    ReceiverService::State state() const { return m_service->state(); }
    QString stateMessage() const { return m_message; }
    QString url() const; // with the real port once listening
    // What SaleSmartly is given, shown in the status bar and copied by Copy
    // URL: the public URL if set, else url() with this machine's address in
    // place of a wildcard bind (WebhookUrl::shown).
    QString shownUrl() const;
    // Saves the public URL (empty: none); shownUrlChanged() follows.
    void setPublicUrl(const QString &url);
    QString secretFilePath() const;
    // The counts since the window started, across receiver restarts (the
    // rate and the pending deliveries are the current run's).
    ReceiverStats stats() const;
    // Whether the store takes writes (the window's banner).
    StoreFault storeFault() const { return m_service->storeFault(); }
    // What every item model showing the window's own store subscribes to:
    // the receiver's commits to a file, or the desk copy's of a team store.
    // Its databasePath() is shownStorePath().
    AppendFeed *feed() const { return m_shownFeed; }
    // Sends the forwarding queue to the enabled rules' URLs while the
    // receiver listens (docs/forwarding-window.md); its attempted() says
    // when an event's forwarding status changed.
    EventForwarder *forwarder() const { return m_forwarder; }

    // Saves the values (the secret to its own 0600 file) and restarts the
    // receiver if it was running or failed: stop, then start with the new
    // values once stopped. Command-line overrides end here: the user has now
    // chosen. While the receiver listens, the new address is tried first
    // (ListenProbe): when it cannot listen (a port in use, a TLS file that
    // does not load) nothing is saved, the running receiver keeps listening
    // and false is returned with *error naming the reason. Also false with
    // *error if the secret cannot be written; the restart's outcome is
    // reported through stateChanged.
    bool apply(const ReceiverConfig &config, const QString &databasePath, QString *error);

    // Makes sure a store exists at shownStorePath() for the read-only
    // models, even when the receiver is not running; for a team store, also
    // starts the desk copy (a viewer needs no receiver).
    bool ensureStore(QString *error);

Q_SIGNALS:
    void stateChanged(ReceiverService::State state, const QString &message);
    void statsChanged(const ReceiverStats &stats);
    void storeFaultChanged(const StoreFault &fault);
    void storeUpgradeProgress(int fromVersion, int toVersion, qint64 done, qint64 total);
    // The receiver's threads have finished (after stop() or a failed start).
    void stopped();
    void databasePathChanged(const QString &path);
    // The desk copy of a team store changed state (mirror()->status()).
    void mirrorStatusChanged();
    void shownUrlChanged();

private:
    Settings *m_settings = nullptr;
    GuiCommandLine m_overrides;
    ReceiverService *m_service = nullptr;
    EventForwarder *m_forwarder = nullptr;
    DeskMirror *m_mirror = nullptr;
    AppendFeed *m_shownFeed = nullptr;
    QString m_message;
    ReceiverStats m_carried;  // the finished runs' counts
    bool m_runFolded = false; // the service's stats() are in m_carried already
};
