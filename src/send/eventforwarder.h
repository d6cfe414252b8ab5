#pragma once

#include "records/forwardrecord.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class ForwardWorker;
class QThread;

// How the forwarder retries (docs/forwarding.md). Defaults are the product's;
// tests shrink the times.
struct ForwardPolicy {
    int attemptTimeoutMs = 30'000;           // one attempt, connect to last byte
    qint64 firstRetryMs = 5'000;             // after the first failure
    qint64 maxRetryMs = 10 * 60'000;         // the doubling stops here
    qint64 giveUpAfterMs = 24 * 3'600'000LL; // from queued_at; then given-up
    int maxInFlightPerTarget = 4;            // concurrent requests to one URL
    // The delay before attempt n + 1 after n failed attempts (n >= 1):
    // firstRetryMs * 2^(n-1), at most maxRetryMs.
    qint64 retryDelayMs(int failedAttempts) const;
};

// Sends the forwarding queue of one store (the forwards table) to the
// targets, off the caller's thread: it owns a thread and, on it, its own
// EventStore connection (WAL reader, tiny write transactions with a busy
// timeout, so the receiver's group commit is hardly delayed). Each due row is
// POSTed as a ForwardRequest; a 2xx makes it forwarded, 5xx, 408, 429,
// connection errors and timeouts retry with exponential backoff until
// queued_at + giveUpAfterMs, any other answer gives it up at once. The state
// is committed before the row can be chosen again, so nothing answered 2xx is
// sent twice. Pending rows of the store are resumed at start().
//
// Create, configure and call it on one thread (the owner's: the GUI's or the
// CLI's main thread); its signals arrive there.
class EventForwarder final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventForwarder)

public:
    explicit EventForwarder(QObject *parent = nullptr);
    // Stops synchronously if still running (in-flight requests are aborted
    // and stay pending).
    ~EventForwarder() override;

    // Set before start(); a running forwarder takes them at the next start().
    void setPolicy(const ForwardPolicy &policy);
    ForwardPolicy policy() const { return m_policy; }
    // The clock of due times and deadlines (ms since the epoch; tests).
    void setClock(std::function<qint64()> clock);

    // Opens `databasePath` on the forwarder's thread and starts sending the
    // pending rows of `targets` (the enabled rules' URLs; rows of other
    // targets stay pending and untouched). Reports with started(). Returns
    // at once. Starting a running forwarder restarts it with the new values.
    void start(const QString &databasePath, const QStringList &targets);
    // Aborts in-flight requests (their rows stay pending and are sent again
    // later: at least once), closes the store, then emits stopped().
    // Returns at once; nothing happens when not running.
    void stop();
    bool isRunning() const { return m_thread != nullptr; }
    QString databasePath() const { return m_databasePath; }
    QStringList targets() const { return m_targets; }

public Q_SLOTS:
    // Rows were committed (connect AppendFeed::appended or
    // StoreWriter::appended): look for due rows now instead of waiting for
    // the timer. Cheap; coalesced.
    void notifyCommitted();

Q_SIGNALS:
    // start() opened the store (ok) or could not (error names the file).
    void started(bool ok, const QString &error);
    // One attempt's outcome was committed: the row as it is now.
    void attempted(const ForwardRecord &row);
    // After each committed outcome: the rows per state of the whole store.
    void countsChanged(const ForwardCounts &counts);
    // stop() has finished: the thread is gone, the store closed.
    void stopped();

private:
    void startThread();
    void onWorkerFinished();

    ForwardPolicy m_policy;
    std::function<qint64()> m_clock;
    QString m_databasePath;
    QStringList m_targets;
    QThread *m_thread = nullptr;
    ForwardWorker *m_worker = nullptr;
    bool m_restart = false;
    bool m_stopping = false; // shutdown is queued; the thread ends by itself
};
