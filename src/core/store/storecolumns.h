#pragma once

#include <QString>

#include <cstddef>

// The one declaration of the store's table and column names (docs/storage.md).
// The DDL (StoreSchema), the store's queries (EventStore), the export scan
// (ExportRowReader), the filter's SQL (FilterSql) and the stream's ORDER BY
// (EventColumns) all take their names from here, so a name cannot be spelt
// two ways, and tst_storecolumns holds this list to the tables SQLite made.
namespace StoreColumns {

using Name = QLatin1String;

inline constexpr Name kEventsTable{"events"};
inline constexpr Name kDeliveriesTable{"deliveries"};
inline constexpr Name kRefusedTable{"refused"};
inline constexpr Name kForwardsTable{"forwards"};

// One constant per name; tables that share a name share the constant.
inline constexpr Name kId{"id"};
inline constexpr Name kReceivedAt{"received_at"};
inline constexpr Name kLastReceivedAt{"last_received_at"};
inline constexpr Name kEvent{"event"};
inline constexpr Name kChannel{"channel"};
inline constexpr Name kChannelName{"channel_name"};
inline constexpr Name kChatUserId{"chat_user_id"};
inline constexpr Name kChatSessionId{"chat_session_id"};
inline constexpr Name kSequenceId{"sequence_id"};
inline constexpr Name kMsgType{"msg_type"};
inline constexpr Name kSenderType{"sender_type"};
inline constexpr Name kSender{"sender"};
inline constexpr Name kSysUserId{"sys_user_id"};
inline constexpr Name kSendTime{"send_time"};
inline constexpr Name kMsg{"msg"};
inline constexpr Name kQuoteChat{"quote_chat"};
inline constexpr Name kChannelUid{"channel_uid"};
inline constexpr Name kName{"name"};
inline constexpr Name kRemarkName{"remark_name"};
inline constexpr Name kPhone{"phone"};
inline constexpr Name kEmail{"email"};
inline constexpr Name kRemark{"remark"};
inline constexpr Name kLabels{"labels"};
inline constexpr Name kCustomField{"custom_field"};
inline constexpr Name kAdReferral{"ad_referral"};
inline constexpr Name kPresentFields{"present_fields"};
inline constexpr Name kVerification{"verification"};
inline constexpr Name kVerificationDetail{"verification_detail"};
inline constexpr Name kDeliveries{"deliveries"}; // events: receipts of the event
inline constexpr Name kDedupeKey{"dedupe_key"};
inline constexpr Name kQuery{"query"};
inline constexpr Name kPayload{"payload"};
inline constexpr Name kConflict{"conflict"}; // 1: another event has the key, other data
inline constexpr Name kStale{"stale"};       // 1: the timestamp was far from the clock
inline constexpr Name kEventId{"event_id"};
inline constexpr Name kStatus{"status"};
inline constexpr Name kReason{"reason"};
inline constexpr Name kMethod{"method"};
inline constexpr Name kPath{"path"};
inline constexpr Name kHeaders{"headers"};
inline constexpr Name kPeer{"peer"};
inline constexpr Name kBody{"body"};
// Refused rows keep a bounded copy (docs/store-faults.md): the sizes as
// received, and the bytes the row keeps (what the table's cap adds up).
inline constexpr Name kBodySize{"body_size"};
inline constexpr Name kQuerySize{"query_size"};
inline constexpr Name kKeptBytes{"kept_bytes"};
// Schema 6: the test mark, each receipt's request headers and source address,
// and the forwarding queue (docs/storage.md, docs/forwarding.md).
inline constexpr Name kTest{"test"};     // 1: every receipt carried the test mark
inline constexpr Name kTarget{"target"}; // forwards: the URL an event goes to
inline constexpr Name kState{"state"};   // forwards: pending, forwarded, given-up
inline constexpr Name kAttempts{"attempts"};
inline constexpr Name kQueuedAt{"queued_at"};
inline constexpr Name kNextAttemptAt{"next_attempt_at"};
inline constexpr Name kLastAttemptAt{"last_attempt_at"};
inline constexpr Name kLastStatus{"last_status"}; // HTTP status, 0: no answer
inline constexpr Name kLastAnswer{"last_answer"}; // a bounded copy or the error

// Not stored: the latest non-empty name of a row's customer, a column of the
// customer_names CTE that EventStore::eventIds() joins when an order uses it.
inline constexpr Name kCustomerName{"customer_name"};

struct Column {
    Name name;
    const char *definition; // type and constraints in the CREATE TABLE
};

// In table order: readEvent/bindEvent (StoreSchema) read and bind rows in
// this order, and docs/storage.md lists the columns in it.
inline constexpr Column kEventsColumns[] = {
    {kId, "INTEGER PRIMARY KEY"},
    {kReceivedAt, "INTEGER NOT NULL"},
    {kLastReceivedAt, "INTEGER NOT NULL"},
    {kEvent, "TEXT NOT NULL"},
    {kChannel, "INTEGER"},
    {kChannelName, "TEXT NOT NULL DEFAULT ''"},
    {kChatUserId, "TEXT NOT NULL DEFAULT ''"},
    {kChatSessionId, "TEXT NOT NULL DEFAULT ''"},
    {kSequenceId, "TEXT NOT NULL DEFAULT ''"},
    {kMsgType, "TEXT NOT NULL DEFAULT ''"},
    {kSenderType, "INTEGER NOT NULL DEFAULT 0"},
    {kSender, "TEXT NOT NULL DEFAULT ''"},
    {kSysUserId, "INTEGER NOT NULL DEFAULT 0"},
    {kSendTime, "INTEGER NOT NULL DEFAULT 0"},
    {kMsg, "TEXT NOT NULL DEFAULT ''"},
    {kQuoteChat, "TEXT NOT NULL DEFAULT ''"},
    {kChannelUid, "TEXT NOT NULL DEFAULT ''"},
    {kName, "TEXT NOT NULL DEFAULT ''"},
    {kRemarkName, "TEXT NOT NULL DEFAULT ''"},
    {kPhone, "TEXT NOT NULL DEFAULT ''"},
    {kEmail, "TEXT NOT NULL DEFAULT ''"},
    {kRemark, "TEXT NOT NULL DEFAULT ''"},
    {kLabels, "TEXT NOT NULL DEFAULT ''"},
    {kCustomField, "TEXT NOT NULL DEFAULT ''"},
    {kAdReferral, "TEXT NOT NULL DEFAULT ''"},
    {kPresentFields, "TEXT NOT NULL DEFAULT ''"},
    {kVerification, "TEXT NOT NULL"},
    {kVerificationDetail, "TEXT NOT NULL DEFAULT ''"},
    {kDeliveries, "INTEGER NOT NULL DEFAULT 1"},
    {kDedupeKey, "TEXT NOT NULL UNIQUE"},
    {kQuery, "TEXT NOT NULL DEFAULT ''"},
    {kPayload, "BLOB NOT NULL"},
    {kConflict, "INTEGER NOT NULL DEFAULT 0"},
    {kStale, "INTEGER NOT NULL DEFAULT 0"},
    // Schema 6, appended by ALTER TABLE on older files.
    {kTest, "INTEGER NOT NULL DEFAULT 0"},
};

inline constexpr Column kDeliveriesColumns[] = {
    {kId, "INTEGER PRIMARY KEY"},
    {kEventId, "INTEGER NOT NULL"},
    {kReceivedAt, "INTEGER NOT NULL"},
    {kVerification, "TEXT NOT NULL"},
    {kQuery, "TEXT NOT NULL DEFAULT ''"},
    // Schema 6: the receipt's request headers (refused rows' format) and peer.
    {kHeaders, "TEXT NOT NULL DEFAULT ''"},
    {kPeer, "TEXT NOT NULL DEFAULT ''"},
};

inline constexpr Column kRefusedColumns[] = {
    {kId, "INTEGER PRIMARY KEY"},
    {kReceivedAt, "INTEGER NOT NULL"},
    {kStatus, "INTEGER NOT NULL"},
    {kReason, "TEXT NOT NULL"},
    {kMethod, "TEXT NOT NULL"},
    {kPath, "TEXT NOT NULL"},
    {kQuery, "TEXT NOT NULL"},
    {kHeaders, "TEXT NOT NULL"},
    {kPeer, "TEXT NOT NULL"},
    {kBody, "BLOB NOT NULL"},
    // Schema 4 (the bounded refusal copy), appended by ALTER TABLE on older files.
    {kBodySize, "INTEGER NOT NULL DEFAULT 0"},
    {kQuerySize, "INTEGER NOT NULL DEFAULT 0"},
    {kKeptBytes, "INTEGER NOT NULL DEFAULT 0"},
};

// Schema 6: one row per (event, target) the event is to be forwarded to.
inline constexpr Column kForwardsColumns[] = {
    {kId, "INTEGER PRIMARY KEY"},
    {kEventId, "INTEGER NOT NULL"},
    {kTarget, "TEXT NOT NULL"},
    {kState, "TEXT NOT NULL DEFAULT 'pending'"},
    {kAttempts, "INTEGER NOT NULL DEFAULT 0"},
    {kQueuedAt, "INTEGER NOT NULL"},
    {kNextAttemptAt, "INTEGER NOT NULL"},
    {kLastAttemptAt, "INTEGER NOT NULL DEFAULT 0"},
    {kLastStatus, "INTEGER NOT NULL DEFAULT 0"},
    {kLastAnswer, "TEXT NOT NULL DEFAULT ''"},
};

// The events columns the event exports read (ExportRowReader::Column order):
// DESIGN.md's, then issue 11's (send_time .. test), then the flags.
inline constexpr Name kExportColumns[] = {
    kId,           kReceivedAt, kEvent,      kChannel,  kChannelName, kChatUserId, kChatSessionId,
    kSequenceId,   kMsgType,    kSenderType, kMsg,      kName,        kPhone,      kEmail,
    kVerification, kDeliveries, kPayload,    kSendTime, kSysUserId,   kSender,     kQuoteChat,
    kTest,         kStale,      kConflict,
};

// "a, b, c": the names of columns [first, first + count), `skip` left out.
QString nameList(const Column *first, std::size_t count, Name skip = Name());
QString nameList(const Name *first, std::size_t count);
// "CREATE TABLE <table>(<name> <definition>, ...)".
QString createTable(Name table, const Column *first, std::size_t count);

template<std::size_t N>
QString nameList(const Column (&columns)[N], Name skip = Name())
{
    return nameList(columns, N, skip);
}

template<std::size_t N>
QString nameList(const Name (&names)[N])
{
    return nameList(names, N);
}

template<std::size_t N>
QString createTable(Name table, const Column (&columns)[N])
{
    return createTable(table, columns, N);
}

} // namespace StoreColumns
