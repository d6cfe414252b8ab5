#pragma once

#include "store/storelocation.h"

#include <QObject>
#include <QTimer>

#include <memory>

class PgEventStore;

// What a PostgreSQL viewer (the `watch` command; a window) learns of the
// commits of every receiver on the store (docs/team.md): a read-only
// PgEventStore that LISTENs on PgEventStore::kChannel, and says
// committed(lastEventId, lastRefusedId) for each commit's NOTIFY, with the
// ids read from the tables (the payload is not believed: any role that may
// connect may NOTIFY on the channel). Ids are
// handed out in commit order (PgEventStore), so a reader that keeps the
// last id it read and reads after it sees every event once.
//
// A lost connection is found by the next read: the feed probes the last
// ids every kProbeMs (which also covers a notification lost while the
// connection went down), and a reader that fails tells it (lost()). It
// then says connectionLost() and reconnects after 1, 2, 4 ... kMaxBackoffMs
// ms, then says reconnected() and committed() with the ids of the moment,
// so that the reader catches up from where it was.
class PgChangeFeed final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PgChangeFeed)

public:
    static constexpr int kProbeMs = 1000;
    static constexpr int kFirstBackoffMs = 1000;
    static constexpr int kMaxBackoffMs = 30000;

    // `applicationName` is what the server shows for the connection
    // (pg_stat_activity.application_name).
    explicit PgChangeFeed(const StoreLocation &location, const QString &applicationName,
                          QObject *parent = nullptr);
    ~PgChangeFeed() override;

    // Connects and listens; on failure *error says why, and nothing retries.
    bool start(QString *error = nullptr);
    bool isConnected() const;
    // The reader's connection: read from it while isConnected().
    PgEventStore &store();
    // A read on store() failed: unless the probe says the connection is
    // fine, it is dropped and reconnected (connectionLost()).
    void lost(const QString &error);

Q_SIGNALS:
    void committed(qint64 lastEventId, qint64 lastRefusedId);
    void connectionLost(const QString &error, int retryInMs);
    void reconnected();

private:
    bool connectAndListen(QString *error);
    void probe();
    void onNotification(const QString &name, const QVariant &payload);
    void disconnectStore(const QString &error);
    void retry();

    StoreLocation m_location;
    QString m_applicationName;
    std::unique_ptr<PgEventStore> m_store;
    bool m_connected = false;
    bool m_probeQueued = false; // a notification's probe waits for the event loop
    int m_backoffMs = kFirstBackoffMs;
    QTimer m_probe;
    QTimer m_retry;
};
