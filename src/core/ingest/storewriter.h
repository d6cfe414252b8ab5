#pragma once

#include "filter/filterexpression.h"
#include "ingest/eventwriter.h"
#include "ingest/receiverconfig.h"
#include "ingest/refusalthrottle.h"
#include "records/eventrecord.h"
#include "records/refusedrecord.h"
#include "store/storefault.h"
#include "store/storeintegrity.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

class EventStore;
class QThread;

// Owns the writing EventStore on a thread of its own and commits in groups:
// whatever was submitted while the previous commit ran goes into the next
// transaction, with no timer (DESIGN.md, "Group commit must not wait on a
// timer"). Call start() and submit()/submitRefused() from any thread; they
// are queued. The store's connection is opened, used and closed only on the
// writer's thread (a QSqlDatabase connection belongs to the thread that made
// it), so move the writer to its thread before start().
//
// Faults (docs/store-faults.md): a commit that fails because the disk is
// full, the file is read-only or locked, or damaged puts the writer in a
// fault, reported once through faultChanged(); it probes the store every
// probe interval and reports the recovery the same way. Refused deliveries
// are throttled per address (RefusalThrottle) and the refused table is kept
// within RefusalLimits.
class StoreWriter final : public EventWriter {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWriter)

public:
    explicit StoreWriter(QObject *parent = nullptr);
    ~StoreWriter() override;

    // Opens (creating and migrating) the store on the writer's thread,
    // whatever thread calls this, and reports with opened(). Returns at once.
    void start(const QString &path) override;
    // The store's file; read it on the writer's thread.
    QString path() const;

    // Set before start() (or on the writer's thread).
    void setRefusalLimits(const RefusalLimits &limits) override;
    // The clock that says when a second of refusals is over (tests).
    void setClock(std::function<qint64()> clock);
    // How often a store in a fault is probed (default 2 s).
    void setProbeInterval(int milliseconds);
    // The open-time integrity check's budget (EventStore::setIntegrityBudget).
    void setIntegrityBudget(int milliseconds);
    // Forwarding (docs/forwarding.md): every new event that an enabled rule
    // matches (its filter, and a verified word unless includeUnverified) is
    // queued for the rule's URL in the transaction that stores it, so a 200
    // means the event and its forwarding are committed. Duplicates (retries
    // merged into an event) and refused deliveries are never queued. Set
    // before start() or on the writer's thread; rules with an invalid filter
    // match nothing.
    void setForwardRules(const QList<ForwardRule> &rules) override;
    // The current fault; read it on the writer's thread.
    StoreFault fault() const { return m_fault; }

public Q_SLOTS:
    // `ticket` is the caller's handle; it comes back in committed().
    void submit(quint64 ticket, const EventRecord &record) override;
    void submitRefused(const RefusedRecord &record) override;
    // Commits what is pending now (used at shutdown); returns when done.
    void flush() override;
    // Flushes and closes the store; later submissions are answered not ok.
    void close();
    // Caps the store at `pages` pages (0: no cap); a store over it fails
    // like a full disk. Runs on the writer's thread.
    void setPageLimit(qint64 pages);
    // Free bytes on the store's disk below which every commit is followed by
    // a passive checkpoint (default 64 MiB; tests raise it to make any disk
    // "nearly full"). Runs on the writer's thread.
    void setLowSpaceBytes(qint64 bytes);
    // Makes the store refuse writes as a read-only file does (true) or lifts
    // that (false); kept across reopens. Runs on the writer's thread.
    void setReadOnly(bool on);
    // Probes a store in a fault now rather than at the next interval.
    void probe();

Q_SIGNALS:
    // (opened, committed, appended, faultChanged, upgradeProgress: EventWriter.)
    // The integrity check that open() left unfinished has ended.
    void integrityChecked(const StoreIntegrity::Result &result);

private:
    void scheduleCommit();
    void commitPending();
    bool writeBatch(const QList<quint64> &tickets, const QList<EventRecord> &events,
                    const QList<RefusedRecord> &refused, QString *error);
    void openHere(const QString &path);
    bool storeReady(QString *error);
    void noteFailure(const QString &error);
    void setFault(const StoreFault &fault);
    void recover();
    void scheduleSummaries();
    void indexPendingText();
    bool lowOnSpace() const;
    void checkInBackground();
    void onIntegrityChecked(const StoreIntegrity::Result &result);
    void stopBackgroundCheck();
    bool sharedMemoryIntact();

    bool queueForwards(qint64 eventId, const EventRecord &record);

    std::unique_ptr<EventStore> m_store;
    struct CompiledRule {
        QString url;
        FilterExpression filter;
        bool includeUnverified = false;
    };
    QList<CompiledRule> m_forwardRules; // the enabled rules only
    QList<quint64> m_pendingTickets;
    QList<EventRecord> m_pending;
    QList<RefusedRecord> m_pendingRefused;
    bool m_commitScheduled = false;
    QString m_path;
    QByteArray m_spacePath; // the store's folder, for lowOnSpace
    // Below this much free space the WAL is checkpointed after every commit.
    qint64 m_lowSpaceBytes = 64LL * 1024 * 1024;
    qint64 m_pageLimit = 0;
    bool m_readOnly = false;
    RefusalLimits m_limits;
    RefusalThrottle m_throttle;
    std::function<qint64()> m_clock;
    StoreFault m_fault;
    QTimer *m_probeTimer = nullptr;
    QTimer *m_summaryTimer = nullptr;
    QTimer *m_textTimer = nullptr;
    QElapsedTimer m_upgradeShown; // when upgradeProgress last went out
    bool m_sharedMemoryLost = false;
    QThread *m_checkThread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancelCheck;
};
