#pragma once

#include "ingest/receiverconfig.h"
#include "records/eventrecord.h"
#include "records/refusedrecord.h"
#include "store/storefault.h"

#include <QList>
#include <QObject>

// What the receiver hands its deliveries to (docs/threads.md): a writer that
// lives on a thread of its own and commits in groups, whatever was submitted
// while the previous commit ran, with no timer. StoreWriter writes a SQLite
// file, PgStoreWriter a PostgreSQL database (docs/team.md); create() picks
// by the store's name. Call start() and the slots from any thread: they are
// queued. A 200 is sent only after committed() says the delivery's
// transaction committed.
class EventWriter : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventWriter)

public:
    using QObject::QObject;
    ~EventWriter() override;

    // A StoreWriter for a file path, a PgStoreWriter for a postgresql:// URL.
    static EventWriter *create(const QString &store);

    // Opens (creating and upgrading) the store on the writer's thread and
    // reports with opened(). Returns at once.
    virtual void start(const QString &store) = 0;
    // Set before start() (or on the writer's thread).
    virtual void setRefusalLimits(const RefusalLimits &limits) = 0;
    virtual void setForwardRules(const QList<ForwardRule> &rules) = 0;

public Q_SLOTS:
    // `ticket` is the caller's handle; it comes back in committed().
    virtual void submit(quint64 ticket, const EventRecord &record) = 0;
    virtual void submitRefused(const RefusedRecord &record) = 0;
    // Commits what is pending now (used at shutdown); returns when done.
    virtual void flush() = 0;

Q_SIGNALS:
    // start() has opened the store (ok) or could not (error names the store).
    void opened(bool ok, const QString &error);
    // After each transaction: the tickets it held and whether it committed.
    void committed(const QList<quint64> &tickets, bool ok, const QString &error);
    // New rows are visible to readers: events up to lastEventId, refused up to
    // lastRefusedId (either may be unchanged).
    void appended(qint64 lastEventId, qint64 lastRefusedId);
    // The store went into a fault, changed fault, or recovered (kind None).
    void faultChanged(const StoreFault &fault);
    // start() is upgrading an older store: at most a few times a second,
    // and once when a step is done.
    void upgradeProgress(int fromVersion, int toVersion, qint64 done, qint64 total);
};
