#pragma once

#include "ingest/eventwriter.h"
#include "ingest/refusalthrottle.h"

#include <QTimer>

#include <functional>
#include <memory>

class PgEventStore;

// The receiver's writer on a PostgreSQL store (docs/team.md): the same group
// commit as StoreWriter (whatever was submitted while the previous commit
// ran goes into the next transaction, no timer; a 200 waits for the
// commit), into a PgEventStore on the writer's thread, so that several
// receivers can write into one database. Refusals are throttled per address
// and the refused table is capped, as in SQLite.
//
// Faults: a commit that fails because the server cannot be reached, is out
// of disk, refuses this role's writes or is shutting down puts the writer
// in a fault (faultChanged(), answers 503); it reconnects every probe
// interval and reports the recovery. A failure of the batch's own records
// fails that batch only.
//
// Forwarding rules are not kept on PostgreSQL yet: start() refuses them.
class PgStoreWriter final : public EventWriter {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PgStoreWriter)

public:
    explicit PgStoreWriter(QObject *parent = nullptr);
    ~PgStoreWriter() override;

    void start(const QString &url) override;
    void setRefusalLimits(const RefusalLimits &limits) override;
    void setForwardRules(const QList<ForwardRule> &rules) override;
    // How often a store in a fault is probed (default 2 s).
    void setProbeInterval(int milliseconds);
    void setClock(std::function<qint64()> clock);

public Q_SLOTS:
    void submit(quint64 ticket, const EventRecord &record) override;
    void submitRefused(const RefusedRecord &record) override;
    void flush() override;
    // Probes a store in a fault now rather than at the next interval.
    void probe();

private:
    void openHere(const QString &url);
    bool connectStore(QString *error);
    void scheduleCommit();
    void commitPending();
    bool writeBatch(const QList<EventRecord> &events, const QList<RefusedRecord> &refused,
                    QString *error);
    void noteFailure(const QString &error);
    void setFault(const StoreFault &fault);
    void scheduleSummaries();

    std::unique_ptr<PgEventStore> m_store;
    QString m_url;
    bool m_forwarding = false;
    QList<quint64> m_pendingTickets;
    QList<EventRecord> m_pending;
    QList<RefusedRecord> m_pendingRefused;
    bool m_commitScheduled = false;
    RefusalLimits m_limits;
    RefusalThrottle m_throttle;
    std::function<qint64()> m_clock;
    StoreFault m_fault;
    QTimer *m_probeTimer = nullptr;
    QTimer *m_summaryTimer = nullptr;
};
