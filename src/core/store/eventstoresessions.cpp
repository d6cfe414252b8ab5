#include "store/eventstore.h"

#include "store/eventstore_p.h"
#include "store/storecolumns.h"

#include <QHash>

// The conversation inbox's reads (SessionListModel): one row per session,
// grouped in SQLite, and the unread count of one session through its index.

namespace {

using namespace StoreColumns;

QString t(QLatin1String name)
{
    return QString(name);
}

} // namespace

QList<EventStore::SessionSummary> EventStore::sessionSummaries(qint64 afterId, qint64 upToId,
                                                               qint64 unreadAfterId, int limit,
                                                               const QString &where,
                                                               const QVariantList &binds)
{
    // One group per chat_session_id, and per chat_user_id among the messages
    // without one. The bare columns come from the row holding MAX(id)
    // (SQLite's rule for a query with a single min/max aggregate): the last
    // message. The id range runs on events(event, id).
    const QString sql =
        QStringLiteral("SELECT MAX(%1), %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, COUNT(*), "
                       "SUM(CASE WHEN %7 = 1 AND %1 > ? THEN 1 ELSE 0 END) FROM %13 WHERE %14 = "
                       "'message' AND %1 > ? AND %1 <= ? AND (%2 <> '' OR %3 <> '')")
            .arg(t(kId), t(kChatSessionId), t(kChatUserId), t(kMsg), t(kMsgType), t(kSendTime),
                 t(kSenderType), t(kReceivedAt), t(kChannel), t(kChannelName), t(kSysUserId),
                 t(kId), t(kEventsTable), t(kEvent)) +
        (where.isEmpty() ? QString() : QStringLiteral(" AND (") + where + u')') +
        QStringLiteral(" GROUP BY %1, CASE WHEN %1 = '' THEN %2 ELSE '' END ORDER BY 1 DESC")
            .arg(t(kChatSessionId), t(kChatUserId)) +
        (limit >= 0 ? QStringLiteral(" LIMIT %1").arg(limit) : QString());
    QVariantList all{unreadAfterId, afterId, upToId};
    all.append(binds);
    std::optional<QSqlQuery> query =
        d->select(sql, all, QStringLiteral("read the conversations of"));
    QList<SessionSummary> sessions;
    while (query && query->next()) {
        SessionSummary s;
        s.lastEventId = query->value(0).toLongLong();
        s.chatSessionId = query->value(1).toString();
        s.chatUserId = query->value(2).toString();
        s.lastText = query->value(3).toString();
        s.lastMsgType = query->value(4).toString();
        const qint64 sendTime = query->value(5).toLongLong();
        s.lastSenderType = query->value(6).toInt();
        s.lastAtMs = sendTime > 0 ? sendTime : query->value(7).toLongLong();
        s.channel = query->value(8).isNull() ? -1 : query->value(8).toInt();
        s.channelName = query->value(9).toString();
        s.messages = query->value(12).toLongLong();
        s.customerMessagesAfter = query->value(13).toLongLong();
        sessions.append(s);
    }
    if (!query || sessions.isEmpty())
        return sessions;
    // The serving agents: a second grouping over the same rows, of the
    // messages that are an agent's or carry a sys_user_id. (One query with
    // two MAX() aggregates would leave SQLite free to take the bare columns
    // from either row.)
    const QString agentsSql =
        QStringLiteral("SELECT MAX(%1), %2, %3, %4 FROM %5 WHERE %6 = 'message' AND %1 > ? AND "
                       "%1 <= ? AND (%2 <> '' OR %3 <> '') AND (%7 = 2 OR %4 <> 0)")
            .arg(t(kId), t(kChatSessionId), t(kChatUserId), t(kSysUserId), t(kEventsTable),
                 t(kEvent), t(kSenderType)) +
        (where.isEmpty() ? QString() : QStringLiteral(" AND (") + where + u')') +
        QStringLiteral(" GROUP BY %1, CASE WHEN %1 = '' THEN %2 ELSE '' END")
            .arg(t(kChatSessionId), t(kChatUserId));
    QVariantList agentBinds{afterId, upToId};
    agentBinds.append(binds);
    std::optional<QSqlQuery> agents =
        d->select(agentsSql, agentBinds, QStringLiteral("read the serving agents of"));
    QHash<QString, int> indexOf;
    for (int i = 0; i < sessions.size(); ++i) {
        const SessionSummary &s = sessions.at(i);
        indexOf.insert(s.chatSessionId.isEmpty() ? u'u' + s.chatUserId : u's' + s.chatSessionId, i);
    }
    while (agents && agents->next()) {
        const QString session = agents->value(1).toString();
        const QString key = session.isEmpty() ? u'u' + agents->value(2).toString() : u's' + session;
        const int i = indexOf.value(key, -1);
        if (i < 0)
            continue;
        sessions[i].agentEventId = agents->value(0).toLongLong();
        sessions[i].sysUserId = agents->value(3).toLongLong();
    }
    return sessions;
}

qint64 EventStore::sessionCustomerMessages(const QString &chatSessionId, const QString &chatUserId,
                                           qint64 afterId, qint64 upToId)
{
    const bool bySession = !chatSessionId.isEmpty();
    // events(chat_session_id, id) serves both: a session's range, or the
    // session-less rows ('') narrowed to one customer.
    const QString sql =
        QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2 = ? AND %3 > ? AND %3 <= ? AND %4 = "
                       "'message' AND %5 = 1")
            .arg(t(kEventsTable), t(kChatSessionId), t(kId), t(kEvent), t(kSenderType)) +
        (bySession ? QString() : QStringLiteral(" AND %1 = ?").arg(t(kChatUserId)));
    QVariantList binds{chatSessionId, afterId, upToId};
    if (!bySession)
        binds.append(chatUserId);
    return d->scalar(sql, binds, QStringLiteral("count the unread messages of"));
}
