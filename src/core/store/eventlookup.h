#pragma once

#include "records/eventrecord.h"
#include "store/eventstore.h"

#include <QList>
#include <QString>

#include <optional>

// The point look-ups a view makes beside its item models: one event, its
// deliveries, one customer's events. A read-only connection of its own, on
// the thread that uses it, and no SQL in the caller: the GUI asks for what it
// shows by id (DESIGN.md, "The GUI never writes SQL").
class EventLookup final {
    Q_DISABLE_COPY_MOVE(EventLookup)

public:
    EventLookup();
    ~EventLookup();

    // Opens an existing store read-only; on failure *error says why.
    bool open(const QString &path, QString *error = nullptr);
    void close();
    bool isOpen() const;
    // The open store's path; empty when closed.
    QString path() const;

    // Nothing / empty lists when closed or on an error.
    std::optional<EventRecord> event(qint64 id);
    QList<DeliveryRecord> deliveries(qint64 eventId);
    // The other events with the same sender key (EventRecord::conflict).
    QList<qint64> sameKeyEvents(qint64 eventId);
    // The customer's add_user / update_user events with id > afterId, in id
    // order.
    QList<EventRecord> customerEvents(const QString &chatUserId, qint64 afterId = 0);
    // Where the event was forwarded to (EventStore::forwards;
    // eventlookupforwards.cpp).
    QList<ForwardRecord> forwards(qint64 eventId);

private:
    EventStore m_store;
};
