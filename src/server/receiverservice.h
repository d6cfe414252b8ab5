#pragma once

#include "ingest/receiverconfig.h"
#include "receiverstats.h"

#include <QObject>
#include <QPointer>
#include <QString>

class AppendFeed;
class QThread;
class Receiver;
class StoreWriter;

// Runs ingest off the calling thread: the HTTP receiver on one thread, the
// store writer on another (docs/threads.md). Used the same way by
// hookscope-cli serve and by the window; start() and stop() are called from
// the owner's thread and never wait on the network.
class ReceiverService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReceiverService)

public:
    enum class State { Stopped, Listening, Failed };
    Q_ENUM(State)

    explicit ReceiverService(QObject *parent = nullptr);
    ~ReceiverService() override;

    // Opens the store and binds the address. Returns false with *error set
    // (a sentence naming the file or the address) when either fails.
    bool start(const ReceiverConfig &config, const QString &databasePath, QString *error);
    // Stops accepting, commits what is in flight, answers it, joins threads.
    void stop();

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Listening; }
    quint16 port() const { return m_port; }
    QString url() const;
    QString databasePath() const { return m_databasePath; }
    ReceiverConfig config() const { return m_config; }
    ReceiverStats stats() const { return m_stats; }
    // The coalesced "rows committed" notification of this service's store;
    // lives as long as the service, across restarts.
    AppendFeed *feed() const { return m_feed; }

Q_SIGNALS:
    void stateChanged(ReceiverService::State state, const QString &message);
    void statsChanged(const ReceiverStats &stats);
    // Committed rows are readable: events up to lastEventId, refused up to
    // lastRefusedId. Emitted at most once per commit, on the owner's thread.
    void appended(qint64 lastEventId, qint64 lastRefusedId);

private:
    void setState(State state, const QString &message);
    void tearDown();

    ReceiverConfig m_config;
    QString m_databasePath;
    QThread *m_serverThread = nullptr;
    QThread *m_writerThread = nullptr;
    QPointer<StoreWriter> m_writer;
    QPointer<Receiver> m_receiver;
    State m_state = State::Stopped;
    quint16 m_port = 0;
    ReceiverStats m_stats;
    AppendFeed *m_feed = nullptr;
};
