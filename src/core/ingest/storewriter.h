#pragma once

#include "records/eventrecord.h"
#include "records/refusedrecord.h"

#include <QList>
#include <QObject>

#include <memory>

class EventStore;
class QThread;

// Owns the writing EventStore on a thread of its own and commits in groups:
// whatever was submitted while the previous commit ran goes into the next
// transaction, with no timer (DESIGN.md, "Group commit must not wait on a
// timer"). Call submit()/submitRefused() from any thread; they are queued.
class StoreWriter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWriter)

public:
    explicit StoreWriter(QObject *parent = nullptr);
    ~StoreWriter() override;

    // Opens (creating and migrating) the store on the calling thread; call
    // before moveToThread or via a blocking queued invocation. If the writer
    // then runs on another thread, its first commit reopens the file there.
    // Returns false with *error set on failure.
    bool open(const QString &path, QString *error = nullptr);
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
    // After each transaction: the tickets it held and whether it committed.
    void committed(const QList<quint64> &tickets, bool ok, const QString &error);
    // New rows are visible to readers: events up to lastEventId, refused up to
    // lastRefusedId (either may be unchanged).
    void appended(qint64 lastEventId, qint64 lastRefusedId);

private:
    void scheduleCommit();
    void commitPending();
    bool storeReadyHere(QString *error);

    struct Pending {
        quint64 ticket;
        EventRecord record;
    };
    std::unique_ptr<EventStore> m_store;
    QList<Pending> m_pending;
    QList<RefusedRecord> m_pendingRefused;
    bool m_commitScheduled = false;
    QString m_path;
    // The thread whose QSqlDatabase connection m_store holds (connections
    // belong to the thread that opened them).
    QThread *m_storeThread = nullptr;
};
