#pragma once

#include "records/eventrecord.h"
#include "records/refusedrecord.h"

#include <QList>
#include <QObject>

#include <memory>

class EventStore;

// Owns the writing EventStore on a thread of its own and commits in groups:
// whatever was submitted while the previous commit ran goes into the next
// transaction, with no timer (DESIGN.md, "Group commit must not wait on a
// timer"). Call start() and submit()/submitRefused() from any thread; they
// are queued. The store's connection is opened, used and closed only on the
// writer's thread (a QSqlDatabase connection belongs to the thread that made
// it), so move the writer to its thread before start().
class StoreWriter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWriter)

public:
    explicit StoreWriter(QObject *parent = nullptr);
    ~StoreWriter() override;

    // Opens (creating and migrating) the store on the writer's thread,
    // whatever thread calls this, and reports with opened(). Returns at once.
    void start(const QString &path);
    // The store's file; read it on the writer's thread.
    QString path() const;

public Q_SLOTS:
    // `ticket` is the caller's handle; it comes back in committed().
    void submit(quint64 ticket, const EventRecord &record);
    void submitRefused(const RefusedRecord &record);
    // Commits what is pending now (used at shutdown); returns when done.
    void flush();
    // Flushes and closes the store; later submissions are answered not ok.
    void close();

Q_SIGNALS:
    // start() has opened the store (ok) or could not (error names the file).
    void opened(bool ok, const QString &error);
    // After each transaction: the tickets it held and whether it committed.
    void committed(const QList<quint64> &tickets, bool ok, const QString &error);
    // New rows are visible to readers: events up to lastEventId, refused up to
    // lastRefusedId (either may be unchanged).
    void appended(qint64 lastEventId, qint64 lastRefusedId);

private:
    void scheduleCommit();
    void commitPending();
    void openHere(const QString &path);
    bool storeReady(QString *error);

    struct Pending {
        quint64 ticket;
        EventRecord record;
    };
    std::unique_ptr<EventStore> m_store;
    QList<Pending> m_pending;
    QList<RefusedRecord> m_pendingRefused;
    bool m_commitScheduled = false;
    QString m_path;
};
