#pragma once

#include "records/deliveryrecord.h"
#include "records/eventrecord.h"
#include "records/refusedrecord.h"
#include "store/eventstore.h"

#include <QString>
#include <QVariantList>

#include <memory>
#include <optional>

class StoreLocation;

// The PostgreSQL event store (docs/team.md), for a team: receivers on a
// server write into one database, and every desk's window reads it. Same
// meaning as the SQLite store (EventStore): a commit is durable when it
// returns, only a byte-identical body merges into an event (the database
// decides, INSERT ... ON CONFLICT on dedupe_key, so two receivers that take
// retries of one message at once make one event with both deliveries), and
// another body under the same sender key is a new event marked as a
// conflict.
//
// Writers take one transaction-scoped advisory lock before their first
// write, so event ids are handed out in commit order: when id N is
// committed, so is every event below it, and "events up to id N" (the
// NOTIFY on channel kChannel that every commit sends) is a watermark a
// viewer reads from without gaps or duplicates.
//
// One PgEventStore owns one connection and is used from one thread.
class PgEventStore final {
    Q_DISABLE_COPY_MOVE(PgEventStore)

public:
    // The NOTIFY channel; the payload is "<last event id> <last refused id>".
    static constexpr QLatin1String kChannel{"hookscope_events"};

    PgEventStore();
    ~PgEventStore();

    // What the server shows for the connection (pg_stat_activity.
    // application_name): "hookscope" unless set before open(); letters,
    // digits and '-' only.
    void setApplicationName(const QString &name);

    // Connects, then creates or upgrades HookScope's tables (one process at
    // a time: a session advisory lock). A database of a newer layout, or
    // with tables of another program, is refused.
    bool open(const StoreLocation &location, QString *error = nullptr);
    // Connects without creating or upgrading anything (a viewer, `watch`):
    // the tables must be there at the current layout.
    bool openReadOnly(const StoreLocation &location, QString *error = nullptr);
    void close();
    bool isOpen() const;
    QString displayName() const; // the URL without its password
    int schemaVersion() const;
    QString lastError() const;
    // The SQLSTATE of the last failure ("" when none or not the server's).
    QString lastSqlState() const;

    bool beginTransaction();
    // Commits and announces the new last ids on kChannel (delivered to the
    // listeners at the commit, not before).
    bool commit();
    void rollback();

    using AppendResult = EventStore::AppendResult;
    std::optional<AppendResult> append(const EventRecord &record);
    std::optional<qint64> appendRefused(const RefusedRecord &record);

    // Deletes the oldest refused rows until at most maxRows remain and
    // their kept bytes are at most maxBytes, at most `batch` of them; in the
    // caller's transaction. The number deleted, or -1 on an error.
    qint64 trimRefused(qint64 maxRows, qint64 maxBytes, qint64 batch);
    // A query that needs the server: false when the connection is gone.
    bool ping();
    // The connection's role may add events (INSERT on events): false for a
    // desk's role that may only read, or on an error.
    bool roleMayWrite();

    qint64 maxEventId();
    qint64 maxRefusedId();
    // `where` is PostgreSQL SQL from FilterExpression::toPostgresSql() with
    // positional '?' binds; empty = all. -1 / empty on an error.
    qint64 eventCount(const QString &where = {}, const QVariantList &binds = {});
    qint64 refusedCount();
    // Events with afterId < id <= upToId (upToId < 0: no bound) in id
    // order, at most `limit` (< 0: no limit).
    QList<EventRecord> eventsAfter(qint64 afterId, int limit, const QString &where = {},
                                   const QVariantList &binds = {}, qint64 upToId = -1);
    std::optional<EventRecord> event(qint64 id);
    // As EventStore's: 0 when no event has this stored dedupe_key.
    qint64 eventIdOfStoredKey(const QString &storedKey);
    QList<DeliveryRecord> deliveries(qint64 eventId);
    qint64 deliveryCount();
    QList<RefusedRecord> refusedAfter(qint64 afterId, int limit);
    // A receipt (one delivery row) with its event as the event is now.
    struct Receipt {
        DeliveryRecord delivery;
        EventRecord event;
    };
    // The receipts with a delivery id above `afterId`, in id order, at most
    // `limit`: every delivery any receiver committed, in commit order (ids
    // are handed out under the write lock), which is what a desk copy
    // replays (DeskMirror). Empty on an error too: check lastError().
    QList<Receipt> receiptsAfter(qint64 afterId, int limit);
    qint64 maxDeliveryId();
    // What tells this database's tables from those of another database
    // (or of the same one dropped and made again) at the same URL: the
    // object ids of its events and deliveries tables. "" on an error.
    QString tablesIdentity();

    // This store's connection, for listeners on kChannel.
    QString connectionName() const;

    // ---- Scans for export, replay and check (pgeventstorescan.cpp) --------
    // A scan's statements all read one snapshot: a read-only REPEATABLE READ
    // transaction of its own, or the caller's transaction when one is open.
    // Every event matching `where` (as eventCount's), in id order, handed to
    // `sink` one at a time; stops early when sink returns false. Read in
    // pages by id (id > last ORDER BY id LIMIT n), a page sized to a few MiB
    // of bodies, so a store of any size streams. The sink must not write to
    // this store. False on an error (lastError()).
    bool forEachEvent(const QString &where, const QVariantList &binds,
                      const std::function<bool(const EventRecord &)> &sink);
    // The customer events (add_user / update_user), streamed the same way:
    // what a customer change timeline replays.
    bool forEachCustomerEvent(const std::function<bool(const EventRecord &)> &sink);
    // The ids of the matching events with afterId < id <= upToId, in id
    // order. Empty on an error too: check lastError().
    QList<qint64> eventIds(qint64 afterId, qint64 upToId, const QString &where = {},
                           const QVariantList &binds = {});
    // What `hookscope-cli check` can check of the tables' data, counted in
    // one snapshot (a consistent view while receivers write).
    struct Consistency {
        qint64 events = 0;
        qint64 deliveries = 0;
        qint64 refused = 0;
        qint64 refusedKeptBytes = 0;
        // Events whose `deliveries` differs from their rows in deliveries;
        // the lowest such id.
        qint64 miscountedEvents = 0;
        qint64 firstMiscountedEvent = 0;
        // Rows of deliveries whose event_id names no event; the lowest id.
        qint64 orphanDeliveries = 0;
        qint64 firstOrphanDelivery = 0;
        // refused_totals: how many rows it has (one when sound) and their sums.
        qint64 totalsRows = 0;
        qint64 totalsRefused = 0;
        qint64 totalsBytes = 0;

        bool isSound() const
        {
            return miscountedEvents == 0 && orphanDeliveries == 0 && totalsRows == 1 &&
                   totalsRefused == refused && totalsBytes == refusedKeptBytes;
        }
    };
    // nullopt on an error (lastError()).
    std::optional<Consistency> consistency();
    // ---- end of the scans -------------------------------------------------

private:
    struct Private;
    std::unique_ptr<Private> d;
};
