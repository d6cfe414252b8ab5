#pragma once

#include "records/eventrecord.h"
#include "records/verification.h"

#include <QByteArrayView>

// One event as EventExporter writes it: DESIGN.md's export columns and
// nothing else, the text fields as valid UTF-8. The views belong to whoever
// hands the row over (EventStore::forEachExportRow, or EventExporter for an
// EventRecord) and are valid only during that call.
struct ExportRow {
    qint64 id = 0;
    qint64 receivedAtMs = 0;
    QByteArrayView event;
    int channel = -1;           // -1 when absent
    QByteArrayView channelName; // as stored: empty means "name the channel code"
    QByteArrayView chatUserId;
    QByteArrayView chatSessionId;
    QByteArrayView sequenceId;
    QByteArrayView msgType;
    SenderType senderType = SenderType::Unknown;
    QByteArrayView msg;
    QByteArrayView name;
    QByteArrayView phone;
    QByteArrayView email;
    Verification verification = Verification::NotChecked;
    int deliveries = 1;
    QByteArrayView payload; // the raw body, not necessarily valid UTF-8
    // Issue 11's additions, after DESIGN.md's columns.
    qint64 sendTimeMs = 0; // 0 when absent
    qint64 sysUserId = 0;
    QByteArrayView sender;
    QByteArrayView quoteChat;
    bool test = false;
    // Each forwarding target's state, "forwarded 200; pending" (queue order;
    // ForwardRecord::summary()), empty when the event was never queued.
    QByteArrayView forward;
    // Flags, after every text column.
    bool stale = false;
    bool conflict = false;
};
