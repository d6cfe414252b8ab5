#pragma once

#include "records/verification.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

// What kind of SaleSmartly event a record holds. Unknown event names are kept
// verbatim in EventRecord::event and classified as Unknown.
enum class EventKind { Message, AddUser, UpdateUser, Unknown };

EventKind eventKindFromName(const QString &event);

// Who wrote a message: sender_type 1 is the customer, 2 a team member.
enum class SenderType { Unknown = 0, Customer = 1, Agent = 2 };

// The stored sender_type code as a SenderType; any other code is Unknown.
SenderType senderTypeFromCode(int code);

// One stored event: a flat row of the events table (docs/storage.md). Every
// field the dashboard, the filter language and the exporters need is a
// column, so none of them has to re-parse the payload.
struct EventRecord {
    qint64 id = 0;               // events.id, 0 until stored
    qint64 receivedAtMs = 0;     // first delivery, ms since the epoch (UTC)
    qint64 lastReceivedAtMs = 0; // latest delivery
    QString event;               // the event name as sent
    EventKind kind = EventKind::Unknown;
    int channel = -1;    // channel code; -1 when absent or unreadable
    QString channelName; // data.channel_name if the sender gave one
    QString chatUserId;
    QString chatSessionId;
    QString sequenceId;
    QString msgType;
    SenderType senderType = SenderType::Unknown;
    QString sender;
    qint64 sysUserId = 0;  // <= 0: unassigned or a bot
    qint64 sendTimeMs = 0; // 0 when absent
    QString msg;
    QString quoteChat;
    QString channelUid;
    // Customer events
    QString name;
    QString remarkName;
    QString phone;
    QString email;
    QString remark;
    QString labels;            // compact JSON text ("" when absent)
    QString customField;       // compact JSON text
    QString adReferral;        // compact JSON text
    QStringList presentFields; // data members present (update_user: absent = unchanged)
    // Delivery facts
    Verification verification = Verification::NotChecked;
    QString verificationDetail; // how the outcome was reached; never the secret
    int deliveries = 1;
    // Another event has the same key (chat_user_id + sequence_id, or the
    // customer event's content) with different data: one of them is not what
    // the sender first sent (docs/storage.md, "Duplicates").
    bool conflict = false;
    // The delivery's timestamp was further from the local clock than the
    // receiver allows (ReceiverConfig::staleAfterMs).
    bool stale = false;
    // Sent as a test (the X-HookScope-Test header, docs/storage.md): hidden by
    // the default view. Merged receipts keep it only while every one had it.
    bool test = false;
    QString dedupeKey;  // the sender's key for the event (retries, replays)
    QString query;      // the request's query string of the first delivery
    QByteArray payload; // the raw body exactly as received
    // The SHA-256 of payload in 64 lower-case hex digits (DedupeKey), worked
    // out on the receiver's thread so that the writer's, the one that holds
    // every delivery up, need not; empty when the record came another way,
    // and the store works it out itself.
    QByteArray payloadSha256;
    // This receipt's request (stored in its deliveries row, not in events):
    // headers as "Name: value" lines (RefusedRecord's format) and the peer.
    QString requestHeaders;
    QString peer;
};

Q_DECLARE_METATYPE(EventRecord)
