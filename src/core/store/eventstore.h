#pragma once

#include "records/deliveryrecord.h"
#include "records/eventrecord.h"
#include "records/fieldchange.h"
#include "records/forwardrecord.h"
#include "records/refusedrecord.h"

#include <QHash>
#include <QString>
#include <QVariantList>

#include <functional>
#include <memory>
#include <optional>

struct ExportRow;

// The SQLite event store (docs/storage.md). One EventStore owns one database
// connection and must be used from one thread only, the one that opened it
// (debug builds assert it); open a second EventStore on the same file to
// read from another thread (WAL allows it).
class EventStore final {
    Q_DISABLE_COPY_MOVE(EventStore)

public:
    EventStore();
    ~EventStore();

    static int currentSchemaVersion();
    // Creates an empty store at the current schema when `path` does not exist
    // yet (so read-only views have a file to open); true if it exists now.
    static bool ensureExists(const QString &path, QString *error = nullptr);

    // Opens (creating if needed) and migrates the file. On failure returns
    // false and sets *error to a sentence naming the file and the cause.
    bool open(const QString &path, QString *error = nullptr);
    // Opens an existing store without creating or migrating it (a reader on
    // another thread; the file must already be at the current schema).
    bool openReadOnly(const QString &path, QString *error = nullptr);
    // openReadOnly(), then the last event id, read to prove the events can
    // be read (the item models' open). On failure the store is closed again
    // and *error says why.
    std::optional<qint64> openForReading(const QString &path, QString *error = nullptr);
    void close();
    bool isOpen() const;
    QString path() const;
    int schemaVersion() const;
    QString lastError() const;

    // Faults and integrity (eventstorehealth.cpp, docs/store-faults.md).
    // SQLite's primary result code of the last failure (0: not SQLite's).
    int lastErrorCode() const;
    // Failures are logged at debug level only (the writer reports faults once).
    void setQuiet(bool quiet);
    // How long open() may spend on SQLite's quick check before writing
    // (< 0: no limit); a damaged file is refused. Set before open().
    void setIntegrityBudget(int milliseconds);
    // Told how an upgrade run by open() advances: the step from schema
    // `fromVersion` to fromVersion + 1 (of the steps up to `toVersion`) has
    // done `done` of `total` units. Only steps that read every row report;
    // called on open()'s thread, often: throttle before showing. Set before
    // open().
    using UpgradeProgress =
        std::function<void(int fromVersion, int toVersion, qint64 done, qint64 total)>;
    void setUpgradeProgress(UpgradeProgress progress);
    // open() ran out of its budget before the check finished: the rest is
    // the caller's (StoreIntegrity::checkFile in the background).
    bool integrityPending() const;
    // Caps the file at `pages` pages (PRAGMA max_page_count; 0: SQLite's
    // maximum). A store over its cap fails like a full disk.
    bool setPageLimit(qint64 pages);
    // Refuses every write on this connection (PRAGMA query_only) as a
    // read-only file would: SQLITE_READONLY, whoever runs the process.
    bool setQueryOnly(bool on);
    // Commits and removes a 64 KiB row: proves that the store takes writes
    // again (the writer's recovery probe).
    bool probeWrite();
    // A value of the meta table that is not the layout's own (a desk copy's
    // progress, DeskMirror): "" when absent or on an error. setMetaValue()
    // writes in the caller's transaction when one is open.
    QString metaValue(const QString &key);
    bool setMetaValue(const QString &key, const QString &value);
    // Moves the WAL into the file: `truncate` also empties the WAL file (and
    // waits for readers); otherwise only what no reader needs (PASSIVE), and
    // the WAL is reused from its start by the next commit.
    bool checkpoint(bool truncate = true);
    // Deletes the oldest refused rows until at most maxRows remain and the
    // kept bytes are at most maxBytes; at most `batch` rows per call.
    // Returns the number deleted, or -1 on an error.
    qint64 trimRefused(qint64 maxRows, qint64 maxBytes, qint64 batch);

    // Writing. append() and appendRefused() may be called inside a
    // transaction (group commit) or alone (each then commits by itself).
    bool beginTransaction();
    bool commit();
    void rollback();

    // Generating a large store (bench_store, tests; eventstorebulk.cpp):
    // beginBulkLoad() drops the secondary indices of events and deliveries
    // (their DDL kept in the meta table), enlarges the page cache and turns
    // syncing off (synchronous=OFF: a crash may lose or damage what was
    // loaded, so never for received deliveries); endBulkLoad() rebuilds the
    // indices and restores the writer's settings. A load cut short is healed
    // by the next beginBulkLoad() or endBulkLoad(). Outside a transaction.
    bool beginBulkLoad();
    bool endBulkLoad();

    struct AppendResult {
        qint64 eventId = 0;
        bool duplicate = false; // an existing event got one more delivery (identical body)
        bool conflict = false;  // a new event whose sender key another event has
    };
    std::optional<AppendResult> append(const EventRecord &record);
    // The text index trails the events (EventSearchIndex): commit() indexes
    // the new events once there are a batch of them; these say how many
    // wait and index them now, in a transaction of their own (the store
    // writer does when it is idle; close() and open() do). Searches find the
    // waiting events all the same, by a scan of the few newest rows.
    qint64 unindexedTextEvents();
    bool indexPendingText();
    std::optional<qint64> appendRefused(const RefusedRecord &record);

    // Reading. `where` is an SQL boolean expression over the events columns
    // (from FilterExpression::toSql), with positional '?' binds; empty = all.
    // It is spliced in as "(<where>)". Counts and ids are -1 on an error; lists
    // are then empty. Either way lastError() says what went wrong; it is
    // cleared when a later call starts, so it always describes the last call.
    qint64 eventCount(const QString &where = {}, const QVariantList &binds = {});
    // How many events of the whole store match `where`, from the event
    // facets alone (a few hundred rows, eventstorefacets.cpp): nullopt when
    // `where` names a column the facets do not hold (a customer, a time, a
    // text), for a file older than schema 14, or on an error. The scans
    // below read nothing when this says 0.
    std::optional<qint64> countFromFacets(const QString &where, const QVariantList &binds);
    qint64 refusedCount();
    qint64 maxEventId();
    qint64 maxRefusedId();
    // Events with id > afterId in ascending id order, at most `limit` (a
    // negative limit means no limit).
    QList<EventRecord> eventsAfter(qint64 afterId, int limit, const QString &where = {},
                                   const QVariantList &binds = {});
    // Events with id < beforeId in descending id order (newest first); pass
    // maxEventId() + 1 for the newest page.
    QList<EventRecord> eventsBefore(qint64 beforeId, int limit, const QString &where = {},
                                    const QVariantList &binds = {});
    std::optional<EventRecord> event(qint64 id);
    // The event whose stored dedupe_key (DedupeKey::stored) is `storedKey`:
    // 0 when none, -1 on an error.
    qint64 eventIdOfStoredKey(const QString &storedKey);
    QList<DeliveryRecord> deliveries(qint64 eventId);
    // Rows of the deliveries table (every receipt of every event).
    qint64 deliveryCount();
    // The other events with the sender key of `eventId` (a conflict), in id
    // order; empty when there are none.
    QList<qint64> sameKeyEvents(qint64 eventId);
    // The customer events (add_user / update_user) of one customer with id >
    // afterId, in id order: what that customer's change timeline replays.
    // At most `limit` of them (a negative limit means no limit).
    QList<EventRecord> customerEventsOf(const QString &chatUserId, qint64 afterId = 0,
                                        int limit = -1);
    // What customer event `event` changed, as the writer stored it (schema
    // 10, docs/storage.md "Change rows"): the rows a replay of the customer's
    // history gives. nullopt for other events, for a file without change
    // rows (an older schema read without upgrading: replay then) or on an
    // SQL error.
    std::optional<QList<FieldChange>> storedChanges(const EventRecord &event);
    // Every customer event in id order, streamed as forEachEvent() streams
    // (the change exports replay them all). False on an SQL error.
    bool forEachCustomerEvent(const std::function<bool(const EventRecord &)> &sink);
    QList<RefusedRecord> refusedAfter(qint64 afterId, int limit);
    std::optional<RefusedRecord> refused(qint64 id);

    // Calls `sink` for every matching event in id order, streaming (millions
    // of rows never form a list); stops early when sink returns false.
    // Returns false on an SQL error.
    template<typename Sink>
    bool forEachEvent(const QString &where, const QVariantList &binds, Sink &&sink);
    // The same rows, but only DESIGN.md's export columns (ExportRow), read
    // straight from SQLite as UTF-8 rather than through QtSql into an
    // EventRecord: the event exports' scan, a few times faster
    // (ExportRowReader). The row's text is valid only during the sink's call.
    template<typename Sink>
    bool forEachExportRow(const QString &where, const QVariantList &binds, Sink &&sink);

    // Browsing, for the item models (eventstorebrowse.cpp). Id ranges are
    // afterId < id <= upToId, so a model reads exactly what a notification
    // announced and nothing twice.

    // Ids of the matching events, ordered by `orderBy` (SQL ORDER BY terms
    // over the events columns; empty = id). orderBy may also use the column
    // customer_name: the latest non-empty name of the row's chat_user_id from
    // its add_user / update_user events, NULL when none. Empty on an error.
    QList<qint64> eventIds(qint64 afterId, qint64 upToId, const QString &where = {},
                           const QVariantList &binds = {}, const QString &orderBy = {});
    // The same ids in the same order, handed to `sink` one by one as SQLite
    // finds them (a reader thread shows the first rows long before the last
    // is found); stops early when sink returns false. False on an SQL error.
    bool scanEventIds(qint64 afterId, qint64 upToId, const QString &where,
                      const QVariantList &binds, const QString &orderBy,
                      const std::function<bool(qint64)> &sink);
    // The events with these ids, in the order of `ids`; ids not found are
    // skipped. One query per 500 ids.
    QList<EventRecord> eventsByIds(const QList<qint64> &ids);
    QList<qint64> refusedIds(qint64 afterId, qint64 upToId);
    QList<RefusedRecord> refusedByIds(const QList<qint64> &ids);

    // Keyed paging of the message stream (eventstorekeyed.cpp): rows ordered
    // by a key that an index serves, read a page at a time from a known key.
    enum class KeyOrder {
        Id,         // arrival order; EventKey::value unused (0)
        ReceivedAt, // (received_at, id) through events(received_at)
    };
    struct EventKey {
        qint64 value = 0; // received_at for KeyOrder::ReceivedAt
        qint64 id = 0;
    };
    // Every matching key of afterId < id <= upToId in key order, streamed to
    // `sink` (stops when it returns false). False on an SQL error.
    bool scanEventKeys(qint64 afterId, qint64 upToId, const QString &where,
                       const QVariantList &binds, KeyOrder order, bool descending,
                       const std::function<bool(const EventKey &)> &sink);
    // The key of every `stride`-th matching row of afterId < id <= upToId in
    // key order (rows 0, stride, 2 * stride, ...), handed to `sink` as found
    // (stops when it returns false), and in *count the number of rows found.
    // Where an index walks the rows in key order, one query per checkpoint
    // skips stride - 1 rows inside SQLite ("LIMIT 1 OFFSET"), so the rows
    // between checkpoints never reach this code; else (the order needs a
    // sort) one scanEventKeys. *sorted (when given) says which, before the
    // first checkpoint reaches `sink`: true when the order needs a sort, so
    // that every keyed page of this view sorts it too. False on an SQL error.
    bool scanEventCheckpoints(qint64 afterId, qint64 upToId, const QString &where,
                              const QVariantList &binds, KeyOrder order, bool descending,
                              int stride, const std::function<bool(const EventKey &)> &sink,
                              qint64 *count, bool *sorted = nullptr);
    // At most `limit` matching events of afterId < id <= upToId whose key is
    // `from` or after it in the order, in key order.
    QList<EventRecord> eventsFromKey(qint64 afterId, qint64 upToId, const QString &where,
                                     const QVariantList &binds, KeyOrder order, bool descending,
                                     const EventKey &from, int limit);
    // chat_user_id -> latest non-empty name, for these customers only (one
    // page of rows needs a few dozen, not every customer of the store).
    QHash<QString, QString> customerNamesOf(const QStringList &chatUserIds);

    // Message events (event = 'message') counted per channel, or per channel
    // and minute of received_at.
    struct MessageTally {
        int channel = -1;   // -1: the events had no channel
        qint64 minute = -1; // received_at / 60000; -1 when not grouped by minute
        qint64 count = 0;
        qint64 lastReceivedAtMs = 0;
    };
    QList<MessageTally> messageTallyByChannel(qint64 afterId, qint64 upToId);
    // Only rows with received_at >= sinceMs. afterId <= 0 reads the window
    // through the received_at index (opening a view); otherwise the id range
    // (a batch of new rows).
    QList<MessageTally> messageTallyByMinute(qint64 sinceMs, qint64 afterId, qint64 upToId);

    // The columns of a customer event (add_user / update_user) that lists need.
    struct CustomerEventSummary {
        qint64 id = 0;
        qint64 receivedAtMs = 0;
        QString chatUserId;
        QString name;
        int channel = -1;
        QString channelName;
        Verification verification = Verification::NotChecked; // customers helper
        QString phone;
        QString email;
        bool test = false; // a test delivery (always false before schema 6)
    };
    // Customer events matching `where`, in id order.
    QList<CustomerEventSummary> customerEvents(qint64 afterId, qint64 upToId,
                                               const QString &where = {},
                                               const QVariantList &binds = {});
    // The distinct chat_user_ids of the customer events matching `where`.
    QStringList customerIds(qint64 afterId, qint64 upToId, const QString &where = {},
                            const QVariantList &binds = {});
    // chat_user_id -> the latest non-empty name among the customer events
    // (the customer_name that eventIds() can sort by).
    QHash<QString, QString> customerNames(qint64 afterId, qint64 upToId);
    // The newest `limit` message events (event = 'message') of one
    // conversation with afterId < id <= upToId, oldest first: of the chat
    // session when chatSessionId is not empty, else of the customer
    // chatUserId. A negative limit means no limit.
    QList<EventRecord> conversationMessages(const QString &chatSessionId, const QString &chatUserId,
                                            qint64 afterId, qint64 upToId, int limit);

    // Customers seen in messages (eventstorecustomers.cpp, the customers
    // list): per chat_user_id of the message events afterId < id <= upToId,
    // the channel and name of their latest message (the latest with a name),
    // its time and the number of messages.
    struct MessageCustomerSummary {
        QString chatUserId;
        qint64 lastEventId = 0;
        qint64 lastMessageAtMs = 0; // received time of the latest message
        int channel = -1;
        QString channelName;
        QString name; // from the latest message that carries one, else empty
        qint64 messages = 0;
        qint64 testMessages = 0; // of them, test deliveries
    };
    QList<MessageCustomerSummary> messageCustomers(qint64 afterId, qint64 upToId);
    // The distinct chat_user_ids of the message events matching `where`.
    QStringList messageCustomerIds(qint64 afterId, qint64 upToId, const QString &where = {},
                                   const QVariantList &binds = {});
    // Re-verifying a refused delivery (eventstorereverify.cpp, issue 11): in
    // one transaction, appends `event` and deletes refused row `refusedId`.
    // The new event's id; nothing when the refused row is gone (another
    // window promoted it first) or on an error (lastError(); rolled back).
    std::optional<AppendResult> promoteRefused(qint64 refusedId, const EventRecord &event);
    // The conversation inbox (eventstoresessions.cpp, docs/inbox.md). A
    // session is a chat_session_id; messages without one are grouped by
    // chat_user_id (channels that have no sessions).
    struct SessionSummary {
        QString chatSessionId; // empty: the customer's messages without a session
        QString chatUserId;    // of the last message
        qint64 lastEventId = 0;
        qint64 lastAtMs = 0; // send_time of the last message, else its received_at
        QString lastText;
        QString lastMsgType;
        int lastSenderType = 0;
        int channel = -1;
        QString channelName;
        // The serving agent: sys_user_id of the last message that is an
        // agent's or carries one (a customer's message without one does not
        // unassign); <= 0: unassigned or a bot. agentEventId: that message.
        qint64 sysUserId = 0;
        qint64 agentEventId = 0;
        qint64 messages = 0;
        qint64 customerMessagesAfter = 0; // sender_type 1 with id > unreadAfterId
    };
    // The sessions with message events in afterId < id <= upToId (and
    // matching `where`), newest activity first, at most `limit` (< 0: all).
    QList<SessionSummary> sessionSummaries(qint64 afterId, qint64 upToId, qint64 unreadAfterId,
                                           int limit, const QString &where = {},
                                           const QVariantList &binds = {});
    // Customer messages of one session (or session-less customer) with
    // afterId < id <= upToId, through events(chat_session_id, id); -1 on an
    // error.
    qint64 sessionCustomerMessages(const QString &chatSessionId, const QString &chatUserId,
                                   qint64 afterId, qint64 upToId);
    // ---- Forwarding queue (eventstoreforwards.cpp, docs/forwarding.md) ----
    // Queues `eventId` for each of `targets` (pending, due at nowMs); a target
    // already queued for that event is left as it is (UNIQUE(event_id,
    // target)). Meant for the store writer, inside the transaction that
    // stores the event. Returns the rows added, or -1 on an error.
    qint64 enqueueForwards(qint64 eventId, const QStringList &targets, qint64 nowMs);
    // Pending rows due at nowMs (next_attempt_at <= nowMs), of `target` only
    // when it is not empty; the earliest due first, at most `limit`.
    QList<ForwardRecord> dueForwards(qint64 nowMs, int limit, const QString &target = {});
    // The earliest next_attempt_at of a pending row that is later than
    // afterMs (of `targets` only when not empty); nullopt when none.
    std::optional<qint64> nextForwardDue(qint64 afterMs, const QStringList &targets = {});
    // Records one attempt's outcome on a PENDING row: attempts + 1,
    // last_attempt_at, last_status, last_answer (cut to 1 KiB of UTF-8), the
    // new state and, while pending, the next attempt's time. A row that is
    // no longer pending is left alone (false): nothing forwarded turns back.
    // Commits by itself (a tiny write) unless a transaction is open.
    bool recordForwardAttempt(qint64 forwardId, ForwardState state, qint64 attemptAtMs,
                              qint64 nextAttemptAtMs, int status, const QString &answer);
    // Makes a given-up row pending again, due at nowMs, with a new deadline
    // (queued_at = nowMs) and attempts kept (the window's "Retry"). False when
    // the row is not given up.
    bool retryForward(qint64 forwardId, qint64 nowMs);
    // The forwarding rows of one event, in id (queue) order.
    QList<ForwardRecord> forwards(qint64 eventId);
    // One row by its id.
    std::optional<ForwardRecord> forward(qint64 forwardId);
    // Rows per state, over the whole table or for one target.
    ForwardCounts forwardCounts(const QString &target = {});
    // The exports' `forward` cell of one event: ForwardRecord::summary() of
    // each of its rows in queue order, joined with "; "; empty when the
    // event was never queued.
    // (The export scan builds the same cell beside its rows: ExportRowReader.)
    QString forwardSummary(qint64 eventId);
    // ---- end of the forwarding queue --------------------------------------
    // ---- Text search (eventstoresearch.cpp, docs/storage.md) --------------
    // For FilterExpression::toSql: per folded needle, whether its SQL should
    // read the candidates from the trigram index (a needle found in few
    // rows) rather than scan in the caller's order (a common one). Empty
    // when the file has no index (an older file read without upgrading it).
    // It uses this store: call it on this store's thread, while it is open.
    std::function<bool(const QString &foldedNeedle)> textIndex();
    // ---- end of text search -----------------------------------------------

    // ---- Summary tables (eventstoresummaries.cpp, docs/storage.md) --------
    // A long migration step (the backfill of the summary tables or of the
    // text index) reports (done, total) here while open() upgrades a file;
    // false stops the upgrade (rolled back, open() fails). Set before open().
    // (setUpgradeProgress, above, is the same news for a window: which step.)
    void setMigrationProgress(std::function<bool(qint64 done, qint64 total)> progress);
    // The file has the summary tables and reads use them.
    bool hasSummaries() const;
    // Reads scan the events even when the file has summary tables (the
    // tests that compare the two; benchmarks).
    void setUseSummaries(bool use);
    // One row of customer_summary: what CustomerRows folds from a
    // customer's add_user / update_user events and messages.
    struct CustomerSummary {
        QString chatUserId;
        qint64 firstChangeId = 0; // 0: no customer event
        qint64 changes = 0;
        qint64 unverifiedChanges = 0;
        qint64 testChanges = 0;
        qint64 lastChangeAtMs = 0;
        QString name;           // latest non-empty of the verified (or unchecked) events
        QString unverifiedName; // ... of the unverified ones
        QString phone;
        QString unverifiedPhone;
        QString email;
        QString unverifiedEmail;
        int channel = -1; // from the customer events
        QString channelName;
        qint64 messages = 0;
        qint64 testMessages = 0;
        qint64 lastMessageId = 0;
        qint64 lastMessageAtMs = 0;
        int messageChannel = -1; // of the latest message
        QString messageChannelName;
        QString messageName; // latest message that carries one
        QString latestName;  // latest non-empty of any customer event (customerNames)
    };
    // Every customer as of the events with id <= upToId, from
    // customer_summary; nothing when the file has no summary tables (or on
    // an error: lastError()), so the caller scans.
    std::optional<QList<CustomerSummary>> customerSummaries(qint64 upToId);
    // The inbox as sessionSummaries(0, upToId, unreadAfterId, limit) gives
    // it for the real (not test) messages, from session_summary; nothing
    // when the file has no summary tables (or on an error).
    std::optional<QList<SessionSummary>> inboxSummaries(qint64 upToId, qint64 unreadAfterId,
                                                        int limit);
    // ---- end of the summary tables ----------------------------------------

private:
    std::optional<QList<MessageTally>> summaryTallyByChannel(qint64 upToId);
    bool scanEvents(const QString &where, const QVariantList &binds,
                    const std::function<bool(const EventRecord &)> &sink);
    bool scanExportRows(const QString &where, const QVariantList &binds,
                        const std::function<bool(const ExportRow &)> &sink);

    struct Private;
    std::unique_ptr<Private> d;
};

template<typename Sink>
bool EventStore::forEachEvent(const QString &where, const QVariantList &binds, Sink &&sink)
{
    return scanEvents(where, binds, std::forward<Sink>(sink));
}

template<typename Sink>
bool EventStore::forEachExportRow(const QString &where, const QVariantList &binds, Sink &&sink)
{
    return scanExportRows(where, binds, std::forward<Sink>(sink));
}
