#pragma once

#include "eventrecord.h"

#include <QString>
#include <QVariantList>

#include <functional>
#include <memory>
#include <optional>

// The SQLite event store (docs/storage.md). One EventStore owns one database
// connection and must be used from one thread only; open a second EventStore
// on the same file to read from another thread (WAL allows it).
class EventStore final
{
    Q_DISABLE_COPY_MOVE(EventStore)

public:
    EventStore();
    ~EventStore();

    static int currentSchemaVersion();

    // Opens (creating if needed) and migrates the file. On failure returns
    // false and sets *error to a sentence naming the file and the cause.
    bool open(const QString &path, QString *error = nullptr);
    // Opens an existing store without creating or migrating it.
    bool openReadOnly(const QString &path, QString *error = nullptr);
    void close();
    bool isOpen() const;
    QString path() const;
    int schemaVersion() const;
    QString lastError() const;

    // Writing. append() and appendRefused() may be called inside a
    // transaction (group commit) or alone (each then commits by itself).
    bool beginTransaction();
    bool commit();
    void rollback();

    struct AppendResult {
        qint64 eventId = 0;
        bool duplicate = false; // an existing event got one more delivery
    };
    std::optional<AppendResult> append(const EventRecord &record);
    std::optional<qint64> appendRefused(const RefusedRecord &record);

    // Reading. `where` is an SQL boolean expression over the events columns
    // (from FilterExpression::toSql), with positional '?' binds; empty = all.
    qint64 eventCount(const QString &where = {}, const QVariantList &binds = {});
    qint64 refusedCount();
    qint64 maxEventId();
    // Events with id > afterId in ascending id order, at most `limit`.
    QList<EventRecord> eventsAfter(qint64 afterId, int limit, const QString &where = {},
                                   const QVariantList &binds = {});
    // Events with id < beforeId in descending id order (newest first).
    QList<EventRecord> eventsBefore(qint64 beforeId, int limit, const QString &where = {},
                                    const QVariantList &binds = {});
    std::optional<EventRecord> event(qint64 id);
    QList<DeliveryRecord> deliveries(qint64 eventId);
    QList<RefusedRecord> refusedAfter(qint64 afterId, int limit);
    std::optional<RefusedRecord> refused(qint64 id);

    // Calls `sink` for every matching event in id order, streaming (for
    // exports of millions of rows); stops early when sink returns false.
    // Returns false on an SQL error.
    template <typename Sink>
    bool forEachEvent(const QString &where, const QVariantList &binds, Sink &&sink);

private:
    bool scanEvents(const QString &where, const QVariantList &binds,
                    const std::function<bool(const EventRecord &)> &sink);

    struct Private;
    std::unique_ptr<Private> d;
};

template <typename Sink>
bool EventStore::forEachEvent(const QString &where, const QVariantList &binds, Sink &&sink)
{
    return scanEvents(where, binds, std::forward<Sink>(sink));
}
