#pragma once

#include "records/deliveryrecord.h"
#include "records/eventrecord.h"
#include "records/refusedrecord.h"
#include "store/eventstore.h"

#include <QString>

#include <memory>
#include <optional>

class StoreLocation;

// The store seen the same way whatever its database (docs/team.md): the
// SQLite file (EventStore) or PostgreSQL (PgEventStore) behind one
// interface, for the commands that work on either (migrate). The two
// classes keep their own, larger interfaces for their own users (the
// SQLite one's readers, the receivers' writers); this is what they share.
class StoreBackend {
public:
    enum class Mode {
        Write,    // created and upgraded if needed
        ReadOnly, // must exist at the current layout; nothing is written
    };
    using AppendResult = EventStore::AppendResult;

    virtual ~StoreBackend();

    // Opens `location`; nullptr with *error set when it cannot.
    static std::unique_ptr<StoreBackend> open(const StoreLocation &location, Mode mode,
                                              QString *error);

    virtual bool isPostgres() const = 0;
    virtual QString displayName() const = 0; // never a password
    virtual QString lastError() const = 0;

    virtual bool beginTransaction() = 0;
    virtual bool commit() = 0;
    virtual void rollback() = 0;
    virtual std::optional<AppendResult> append(const EventRecord &record) = 0;
    virtual std::optional<qint64> appendRefused(const RefusedRecord &record) = 0;

    // Counts and ids are -1 on an error.
    virtual qint64 maxEventId() = 0;
    virtual qint64 eventCount() = 0;
    virtual qint64 eventCountUpTo(qint64 id) = 0;
    virtual qint64 deliveryCount() = 0;
    virtual qint64 refusedCount() = 0;
    virtual qint64 eventIdOfStoredKey(const QString &storedKey) = 0;
    // Events after `afterId` in id order, at most `limit`; deliveries and
    // refused rows as the stores give them. Empty on an error too: check
    // lastError().
    virtual QList<EventRecord> eventsAfter(qint64 afterId, int limit) = 0;
    virtual QList<DeliveryRecord> deliveries(qint64 eventId) = 0;
    virtual QList<RefusedRecord> refusedAfter(qint64 afterId, int limit) = 0;
};
