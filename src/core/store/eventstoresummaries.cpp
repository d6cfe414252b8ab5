#include "store/eventstore.h"

#include "store/eventstore_p.h"
#include "store/storeschema.h"
#include "store/summarytables.h"

#include <QHash>

#include <algorithm>

// The summary tables' side of the store (docs/storage.md): the writer's
// upserts beside each append, and the reads the windows open on. A read
// sees one snapshot of the file; when the summaries already hold events
// after the caller's last id (the writer committed since), the rows those
// events touched are recounted from the events up to that id, so the
// caller's later batches (afterId = its last id) count nothing twice.

namespace {

// " AND id > ? AND id <= ?"
QString newerRange()
{
    return QStringLiteral(" AND id > ? AND id <= ?");
}

EventStore::CustomerSummary readCustomer(const QSqlQuery &q)
{
    EventStore::CustomerSummary c;
    int i = 0;
    const auto next = [&q, &i]() { return q.value(i++); };
    c.chatUserId = next().toString();
    c.firstChangeId = next().toLongLong();
    c.changes = next().toLongLong();
    c.unverifiedChanges = next().toLongLong();
    c.testChanges = next().toLongLong();
    c.lastChangeAtMs = next().toLongLong();
    c.name = next().toString();
    c.unverifiedName = next().toString();
    c.phone = next().toString();
    c.unverifiedPhone = next().toString();
    c.email = next().toString();
    c.unverifiedEmail = next().toString();
    c.channel = next().toInt();
    c.channelName = next().toString();
    c.messages = next().toLongLong();
    c.testMessages = next().toLongLong();
    c.lastMessageId = next().toLongLong();
    c.lastMessageAtMs = next().toLongLong();
    c.messageChannel = next().toInt();
    c.messageChannelName = next().toString();
    c.messageName = next().toString();
    c.latestName = next().toString();
    return c;
}

EventStore::SessionSummary readSession(const QSqlQuery &q)
{
    EventStore::SessionSummary s;
    s.chatSessionId = q.value(0).toString();
    // 1: the customer key, implied by the two ids.
    s.chatUserId = q.value(2).toString();
    s.lastEventId = q.value(3).toLongLong();
    const qint64 receivedAt = q.value(4).toLongLong();
    const qint64 sendTime = q.value(5).toLongLong();
    s.lastAtMs = sendTime > 0 ? sendTime : receivedAt;
    s.lastText = q.value(6).toString();
    s.lastMsgType = q.value(7).toString();
    s.lastSenderType = q.value(8).toInt();
    s.channel = q.value(9).toInt();
    s.channelName = q.value(10).toString();
    s.messages = q.value(11).toLongLong();
    s.agentEventId = q.value(12).toLongLong();
    s.sysUserId = q.value(13).toLongLong();
    return s;
}

QString sessionKey(const QString &chatSessionId, const QString &chatUserId)
{
    return chatSessionId.isEmpty() ? u'u' + chatUserId : u's' + chatSessionId;
}

} // namespace

bool EventStore::Private::summarizeNew(qint64 eventId, const EventRecord &record)
{
    QString error;
    return (summaries->added(eventId, record, &error) &&
            changeRows->added(eventId, record, &error)) ||
           fail(QStringLiteral("Cannot store an event in %1: %2.").arg(shownPath(), error));
}

bool EventStore::Private::summarizeRetry(qint64 eventId, const EventRecord &record,
                                         const Outcome &old)
{
    QString error;
    return summaries->retried(eventId, old.test, old.word, old.wordText, record, &error) ||
           fail(QStringLiteral("Cannot store an event in %1: %2.").arg(shownPath(), error));
}

bool EventStore::Private::beginSnapshot()
{
    if (inTransaction)
        return false;
    return QSqlQuery(db).exec(QStringLiteral("BEGIN"));
}

void EventStore::Private::endSnapshot(bool began)
{
    if (began)
        QSqlQuery(db).exec(QStringLiteral("COMMIT"));
}

void EventStore::setMigrationProgress(std::function<bool(qint64, qint64)> progress)
{
    d->migrationProgress = std::move(progress);
}

bool EventStore::hasSummaries() const
{
    return d->open && d->useSummaries && StoreSchema::hasSummaryTables(d->schemaVersion);
}

void EventStore::setUseSummaries(bool use)
{
    d->useSummaries = use;
}

std::optional<QList<EventStore::MessageTally>> EventStore::summaryTallyByChannel(qint64 upToId)
{
    if (!hasSummaries() || !d->ready(false))
        return std::nullopt;
    const bool began = d->beginSnapshot();
    const qint64 last = d->scalar(QStringLiteral("SELECT IFNULL(MAX(id), 0) FROM events"), {},
                                  QStringLiteral("count the messages of"));
    std::optional<QSqlQuery> query =
        d->select(QStringLiteral("SELECT channel, messages, last_received_at FROM channel_summary"),
                  {}, QStringLiteral("count the messages of"));
    QMap<int, MessageTally> tallies;
    while (query && query->next()) {
        MessageTally t;
        t.channel = query->value(0).toInt();
        t.count = query->value(1).toLongLong();
        t.lastReceivedAtMs = query->value(2).toLongLong();
        tallies.insert(t.channel, t);
    }
    bool ok = query.has_value() && last >= 0;
    if (ok && last > upToId) {
        // Take out what came after the caller's snapshot.
        query = d->select(QStringLiteral("SELECT IFNULL(channel, -1), COUNT(*) FROM events WHERE "
                                         "event = 'message' AND test = 0") +
                              newerRange() + QStringLiteral(" GROUP BY channel"),
                          {upToId, last}, QStringLiteral("count the messages of"));
        QList<int> touched;
        while (query && query->next()) {
            const int channel = query->value(0).toInt();
            tallies[channel].count -= query->value(1).toLongLong();
            touched.append(channel);
        }
        ok = query.has_value();
        for (const int channel : std::as_const(touched)) {
            if (!ok)
                break;
            if (tallies.value(channel).count <= 0) {
                tallies.remove(channel);
                continue;
            }
            const QString sql =
                QStringLiteral("SELECT received_at FROM events WHERE channel %1 AND event = "
                               "'message' AND test = 0 AND id <= ? ORDER BY received_at DESC "
                               "LIMIT 1")
                    .arg(channel < 0 ? QStringLiteral("IS NULL") : QStringLiteral("= ?"));
            QVariantList binds;
            if (channel >= 0)
                binds.append(channel);
            binds.append(upToId);
            const qint64 at = d->scalar(sql, binds, QStringLiteral("count the messages of"));
            ok = at >= 0;
            tallies[channel].lastReceivedAtMs = at;
        }
    }
    d->endSnapshot(began);
    if (!ok)
        return std::nullopt;
    return tallies.values();
}

std::optional<QList<EventStore::CustomerSummary>> EventStore::customerSummaries(qint64 upToId)
{
    if (!hasSummaries() || !d->ready(false))
        return std::nullopt;
    const bool began = d->beginSnapshot();
    const QString doing = QStringLiteral("list the customers of");
    const qint64 last =
        d->scalar(QStringLiteral("SELECT IFNULL(MAX(id), 0) FROM events"), {}, doing);
    std::optional<QSqlQuery> query =
        d->select(QStringLiteral("SELECT * FROM customer_summary"), {}, doing);
    QList<CustomerSummary> list;
    QHash<QString, qsizetype> indexOf;
    while (query && query->next()) {
        CustomerSummary c = readCustomer(*query);
        indexOf.insert(c.chatUserId, list.size());
        list.append(std::move(c));
    }
    bool ok = query.has_value() && last >= 0;
    if (ok && last > upToId) {
        query = d->select(QStringLiteral("SELECT DISTINCT chat_user_id FROM events WHERE (event "
                                         "IN ('add_user', 'update_user') OR (event = 'message' "
                                         "AND chat_user_id <> ''))") +
                              newerRange(),
                          {upToId, last}, doing);
        QStringList touched;
        while (query && query->next())
            touched.append(query->value(0).toString());
        ok = query.has_value();
        QSet<QString> gone;
        for (const QString &user : std::as_const(touched)) {
            if (!ok)
                break;
            std::optional<QSqlQuery> row =
                d->select(SummaryTables::customerRecount(upToId, true), {user}, doing);
            ok = row.has_value();
            const auto it = indexOf.constFind(user);
            if (row && row->next()) {
                if (it != indexOf.cend())
                    list[*it] = readCustomer(*row);
            } else {
                gone.insert(user); // not a customer yet at upToId
            }
        }
        list.removeIf([&gone](const CustomerSummary &c) { return gone.contains(c.chatUserId); });
    }
    d->endSnapshot(began);
    if (!ok)
        return std::nullopt;
    return list;
}

std::optional<QList<EventStore::SessionSummary>>
EventStore::inboxSummaries(qint64 upToId, qint64 unreadAfterId, int limit)
{
    if (!hasSummaries() || !d->ready(false))
        return std::nullopt;
    const bool began = d->beginSnapshot();
    const QString doing = QStringLiteral("read the conversations of");
    const qint64 last =
        d->scalar(QStringLiteral("SELECT IFNULL(MAX(id), 0) FROM events"), {}, doing);
    const QString limited = limit >= 0 ? QStringLiteral(" LIMIT %1").arg(limit) : QString();
    // The sessions untouched since upToId, newest first through the index.
    std::optional<QSqlQuery> query = d->select(
        SummaryTables::sessionRows(QStringLiteral("session_summary")) +
            QStringLiteral(" WHERE s.last_event_id <= ? ORDER BY s.last_event_id DESC") + limited,
        {upToId}, doing);
    QList<SessionSummary> sessions;
    while (query && query->next())
        sessions.append(readSession(*query));
    bool ok = query.has_value() && last >= 0;
    if (ok && last > upToId) {
        query = d->select(QStringLiteral("SELECT DISTINCT chat_session_id, chat_user_id FROM "
                                         "events WHERE event = 'message' AND test = 0 AND "
                                         "(chat_session_id <> '' OR chat_user_id <> '')") +
                              newerRange(),
                          {upToId, last}, doing);
        QSet<QString> seen;
        QList<std::pair<QString, QString>> touched;
        while (query && query->next()) {
            const QString session = query->value(0).toString();
            const QString user = session.isEmpty() ? query->value(1).toString() : QString();
            if (!seen.contains(sessionKey(session, user))) {
                seen.insert(sessionKey(session, user));
                touched.append({session, user});
            }
        }
        ok = query.has_value();
        for (const auto &[session, user] : std::as_const(touched)) {
            if (!ok)
                break;
            std::optional<QSqlQuery> row =
                d->select(SummaryTables::sessionRows(
                              u'(' + SummaryTables::sessionRecount(upToId, true) + u')'),
                          {session, user}, doing);
            ok = row.has_value();
            if (row && row->next())
                sessions.append(readSession(*row));
        }
        std::sort(sessions.begin(), sessions.end(),
                  [](const SessionSummary &a, const SessionSummary &b) {
                      return a.lastEventId > b.lastEventId;
                  });
        if (limit >= 0 && sessions.size() > limit)
            sessions.resize(limit);
    }
    if (ok && !sessions.isEmpty() && unreadAfterId < upToId) {
        // The customer messages past the common read mark: the short id
        // range of the newest events.
        query = d->select(QStringLiteral("SELECT chat_session_id, chat_user_id, COUNT(*) FROM "
                                         "events WHERE event = 'message' AND test = 0 AND "
                                         "sender_type = 1 AND (chat_session_id <> '' OR "
                                         "chat_user_id <> '')") +
                              newerRange() +
                              QStringLiteral(" GROUP BY chat_session_id, CASE WHEN "
                                             "chat_session_id = '' THEN chat_user_id ELSE '' END"),
                          {unreadAfterId, upToId}, doing);
        QHash<QString, qint64> unread;
        while (query && query->next()) {
            const QString session = query->value(0).toString();
            unread.insert(
                sessionKey(session, session.isEmpty() ? query->value(1).toString() : QString()),
                query->value(2).toLongLong());
        }
        ok = query.has_value();
        for (SessionSummary &s : sessions)
            s.customerMessagesAfter = unread.value(
                sessionKey(s.chatSessionId, s.chatSessionId.isEmpty() ? s.chatUserId : QString()));
    }
    d->endSnapshot(began);
    if (!ok)
        return std::nullopt;
    return sessions;
}
