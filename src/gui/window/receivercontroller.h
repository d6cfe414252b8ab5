#pragma once

#include "receiverservice.h"
#include "window/guicommandline.h"

#include <QObject>

class Settings;

// The window's receiver: the ReceiverService plus where its configuration
// comes from (saved settings, overridden for this session by the command
// line) and how a settings change is applied without restarting the
// program: save, stop, start again with the new values.
class ReceiverController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReceiverController)

public:
    explicit ReceiverController(Settings *settings, const GuiCommandLine &overrides,
                                QObject *parent = nullptr);
    ~ReceiverController() override;

    // The configuration and store in effect (settings + overrides).
    ReceiverConfig config() const;
    QString databasePath() const;

    bool start();
    void stop();
    bool isRunning() const { return m_service->isRunning(); }
    ReceiverService::State state() const { return m_service->state(); }
    QString stateMessage() const { return m_message; }
    QString url() const; // with the real port once listening
    ReceiverStats stats() const { return m_service->stats(); }
    // What every item model showing the receiver's store subscribes to.
    AppendFeed *feed() const { return m_service->feed(); }

    // Saves the values (the secret to its own 0600 file) and restarts the
    // receiver if it was running. Command-line overrides end here: the user
    // has now chosen. Returns false with *error if the secret cannot be
    // written; a failed restart is reported through stateChanged.
    bool apply(const ReceiverConfig &config, const QString &databasePath, QString *error);

    // Makes sure a store exists at databasePath() for the read-only models,
    // even when the receiver is not running.
    bool ensureStore(QString *error) const;

Q_SIGNALS:
    void stateChanged(ReceiverService::State state, const QString &message);
    void statsChanged(const ReceiverStats &stats);
    void databasePathChanged(const QString &path);

private:
    Settings *m_settings = nullptr;
    GuiCommandLine m_overrides;
    ReceiverService *m_service = nullptr;
    QString m_message;
};
