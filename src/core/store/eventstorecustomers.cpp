#include "store/eventstore.h"

#include "store/eventstore_p.h"
#include "store/storecolumns.h"

#include <QHash>

// The customers list's reads of message events: customers who only ever
// wrote (no add_user / update_user) still appear, with what their messages
// tell.

namespace {

using namespace StoreColumns;

QString messageRange()
{
    return u'+' + kEvent + QLatin1String(" = 'message' AND ") + kChatUserId +
           QLatin1String(" <> '' AND ") + kId + QLatin1String(" > ? AND ") + kId +
           QLatin1String(" <= ?");
}

} // namespace

QList<EventStore::MessageCustomerSummary> EventStore::messageCustomers(qint64 afterId,
                                                                       qint64 upToId)
{
    // SQLite takes the bare columns from the row holding MAX(id) (a single
    // min/max aggregate: SUM is not one): the latest message's channel and
    // time.
    constexpr int kFirstTestSchema = 6;
    const QString tests = d->schemaVersion >= kFirstTestSchema
                              ? QStringLiteral("SUM(%1)").arg(kTest)
                              : QStringLiteral("0");
    const QString latest =
        QStringLiteral("SELECT %1, MAX(%2), %3, %4, %5, COUNT(*), %6 FROM %7 WHERE ")
            .arg(kChatUserId, kId, kReceivedAt, kChannel, kChannelName, tests, kEventsTable) +
        messageRange() + QLatin1String(" GROUP BY ") + kChatUserId;
    std::optional<QSqlQuery> query = d->select(
        latest, {afterId, upToId}, QStringLiteral("list the customers in the messages of"));
    QList<MessageCustomerSummary> list;
    QHash<QString, qsizetype> indexOf;
    while (query && query->next()) {
        MessageCustomerSummary s;
        s.chatUserId = query->value(0).toString();
        s.lastEventId = query->value(1).toLongLong();
        s.lastMessageAtMs = query->value(2).toLongLong();
        s.channel = query->value(3).isNull() ? -1 : query->value(3).toInt();
        s.channelName = query->value(4).toString();
        s.messages = query->value(5).toLongLong();
        s.testMessages = query->value(6).toLongLong();
        indexOf.insert(s.chatUserId, list.size());
        list.append(std::move(s));
    }
    if (list.isEmpty())
        return list;
    const QString names = QStringLiteral("SELECT %1, %2, MAX(%3) FROM %4 WHERE ")
                              .arg(kChatUserId, kName, kId, kEventsTable) +
                          messageRange() + QLatin1String(" AND ") + kName +
                          QLatin1String(" <> '' GROUP BY ") + kChatUserId;
    query =
        d->select(names, {afterId, upToId}, QStringLiteral("read the names in the messages of"));
    while (query && query->next()) {
        const auto it = indexOf.constFind(query->value(0).toString());
        if (it != indexOf.cend())
            list[*it].name = query->value(1).toString();
    }
    return list;
}

QStringList EventStore::messageCustomerIds(qint64 afterId, qint64 upToId, const QString &where,
                                           const QVariantList &binds)
{
    if (Private::provablyEmpty(*this, where, binds))
        return {};
    const QString sql =
        QStringLiteral("SELECT DISTINCT %1 FROM %2 WHERE ").arg(kChatUserId, kEventsTable) +
        messageRange() + (where.isEmpty() ? QString() : QStringLiteral(" AND (") + where + u')');
    std::optional<QSqlQuery> query = d->select(sql, QVariantList{afterId, upToId} + binds,
                                               QStringLiteral("list the writing customers of"));
    QStringList ids;
    while (query && query->next())
        ids.append(query->value(0).toString());
    return ids;
}
