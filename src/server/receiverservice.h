#pragma once

#include "ingest/receiverconfig.h"
#include "receiverstats.h"
#include "store/storefault.h"

#include <QObject>
#include <QString>

#include <optional>

class AppendFeed;
class QThread;
class Receiver;
class EventWriter;

// Runs ingest off the calling thread: the HTTP receiver on one thread, the
// store writer on another (docs/threads.md). Used the same way by
// hookscope-cli serve and by the window. start() and stop() are called from
// the owner's thread and return at once: they never wait on the network, the
// disk or another thread; what happens is reported through signals.
class ReceiverService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReceiverService)

public:
    enum class State { Stopped, Listening, Failed };
    Q_ENUM(State)

    explicit ReceiverService(QObject *parent = nullptr);
    // Tears down synchronously if still running (see the .cpp).
    ~ReceiverService() override;

    // Opens the store on the writer's thread, then binds the address on the
    // receiver's thread. Success: stateChanged(Listening, url), started(port).
    // Failure: stateChanged(Failed, a sentence naming the file or address),
    // then stopped() once the threads are gone. While running, starting or
    // stopping, the new values start once the current run has stopped.
    void start(const ReceiverConfig &config, const QString &databasePath);
    // Stops accepting, lets in-flight deliveries commit and get their
    // answers (up to a time limit), deletes each object on its own thread,
    // and emits stateChanged(Stopped) and stopped() once both threads have
    // finished. Cancels a start() queued behind a stop. When the service is
    // idle (isIdle()), stop() does nothing and emits nothing.
    void stop();

    State state() const { return m_state; }
    // Listening and accepting deliveries (not while starting or stopping).
    bool isRunning() const { return m_phase == Phase::Running; }
    // No thread is running: nothing to stop.
    bool isIdle() const { return m_phase == Phase::Idle; }
    bool isStopping() const { return m_phase == Phase::Draining || m_phase == Phase::Joining; }
    quint16 port() const { return m_port; }
    QString url() const;
    QString databasePath() const { return m_databasePath; }
    ReceiverConfig config() const { return m_config; }
    // The counts of the current run; after stopped(), the final counts.
    ReceiverStats stats() const { return m_stats; }
    // The coalesced "rows committed" notification of this service's store;
    // lives as long as the service, across restarts.
    AppendFeed *feed() const { return m_feed; }
    // Whether the store takes writes (docs/store-faults.md); cleared on stop.
    StoreFault storeFault() const { return m_storeFault; }

Q_SIGNALS:
    void stateChanged(ReceiverService::State state, const QString &message);
    void started(quint16 port);
    // The threads have finished; the service is idle again (after stop(), or
    // after a start that failed).
    void stopped();
    void statsChanged(const ReceiverStats &stats);
    // The store went into a fault or recovered (kind None), as the writer
    // reported it; also None when a run ends.
    void storeFaultChanged(const StoreFault &fault);
    // Opening is upgrading an older store (EventWriter::upgradeProgress).
    void storeUpgradeProgress(int fromVersion, int toVersion, qint64 done, qint64 total);

private:
    // Where a run is. Every step is a queued call to a thread and a queued
    // answer back, handled on the owner's thread.
    enum class Phase { Idle, Opening, Binding, Running, Draining, Joining };
    struct Request {
        ReceiverConfig config;
        QString databasePath;
    };

    void startNow(const Request &request);
    void onOpened(bool ok, const QString &error);
    void onListened(quint16 port, const QString &error);
    void onDrained(const ReceiverStats &stats);
    void drain();
    void join();
    void onServerThreadFinished();
    void onWriterThreadFinished();
    void becomeIdle();
    void tearDownNow();
    void setState(State state, const QString &message);
    void setStoreFault(const StoreFault &fault);

    ReceiverConfig m_config;
    QString m_databasePath;
    // Owned; each object is deleted on its own thread (retire() in the .cpp),
    // and the pointer is cleared as soon as its deletion is under way.
    QThread *m_serverThread = nullptr;
    QThread *m_writerThread = nullptr;
    EventWriter *m_writer = nullptr;
    Receiver *m_receiver = nullptr;
    Phase m_phase = Phase::Idle;
    bool m_stopRequested = false;
    QString m_failure;
    std::optional<Request> m_pendingStart;
    State m_state = State::Stopped;
    quint16 m_port = 0;
    ReceiverStats m_stats;
    AppendFeed *m_feed = nullptr;
    StoreFault m_storeFault;
};
