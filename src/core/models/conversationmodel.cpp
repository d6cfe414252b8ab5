#include "models/conversationmodel.h"

#include "models/feedsubscription.h"
#include "records/customertimeline.h"
#include "store/eventstore.h"

#include <QUrl>

#include <algorithm>

struct ConversationModel::Private {
    EventStore store;
    FeedSubscription feed;
    QString sessionId;
    QString chatUserId;
    QList<EventRecord> messages;   // oldest first
    QHash<QString, QString> names; // chat_user_id -> name, for the shown messages
    qint64 lastSeenId = 0;

    bool showsSomething() const { return !sessionId.isEmpty() || !chatUserId.isEmpty(); }
    // Messages of the session, or of the customer when there is no session;
    // at most the newest kMaxMessages, oldest first.
    QList<EventRecord> messagesIn(qint64 afterId, qint64 upToId)
    {
        return store.conversationMessages(sessionId, chatUserId, afterId, upToId, kMaxMessages);
    }
};

ConversationModel::ConversationModel(QObject *parent)
    : QAbstractListModel(parent)
    , d(std::make_unique<Private>())
{
}

ConversationModel::~ConversationModel() = default;

bool ConversationModel::openStore(const QString &path, QString *error)
{
    closeStore();
    if (!d->store.openForReading(path, error))
        return false;
    load();
    return true;
}

void ConversationModel::closeStore()
{
    beginResetModel();
    d->store.close();
    d->messages.clear();
    d->lastSeenId = 0;
    endResetModel();
}

void ConversationModel::showSession(const QString &chatSessionId, const QString &chatUserId)
{
    d->sessionId = chatSessionId;
    d->chatUserId = chatUserId;
    load();
}

QString ConversationModel::sessionId() const
{
    return d->sessionId;
}

QString ConversationModel::chatUserId() const
{
    return d->chatUserId;
}

void ConversationModel::load()
{
    beginResetModel();
    d->messages.clear();
    d->lastSeenId = d->store.isOpen() ? std::max<qint64>(0, d->store.maxEventId()) : 0;
    if (d->store.isOpen() && d->showsSomething())
        d->messages = d->messagesIn(0, d->lastSeenId);
    readNames();
    endResetModel();
}

// The names of the customers in the shown messages (one, in a session),
// from their customer events: a customer may be renamed while they write.
void ConversationModel::readNames()
{
    d->names.clear();
    if (!d->store.isOpen())
        return;
    QStringList users;
    for (const EventRecord &m : std::as_const(d->messages)) {
        if (!users.contains(m.chatUserId))
            users.append(m.chatUserId);
    }
    if (!d->chatUserId.isEmpty() && !users.contains(d->chatUserId))
        users.prepend(d->chatUserId);
    // A conversation has one customer; a damaged or hostile store might
    // mix many: bound the reads.
    constexpr qsizetype kMaxCustomers = 8;
    users = users.mid(0, kMaxCustomers);
    for (const QString &user : std::as_const(users)) {
        if (user.isEmpty())
            continue;
        QString name = CustomerTimeline::currentVerifiedName(d->store.customerEventsOf(user));
        if (name.isEmpty()) {
            for (auto it = d->messages.crbegin(); it != d->messages.crend(); ++it) {
                if (it->chatUserId == user && !it->name.isEmpty() &&
                    !CustomerTimeline::isUnverified(*it)) {
                    name = it->name;
                    break;
                }
            }
        }
        d->names.insert(user, name);
    }
}

QString ConversationModel::customerName(const QString &chatUserId) const
{
    const QString name = d->names.value(chatUserId);
    return name.isEmpty() ? chatUserId : name;
}

void ConversationModel::setFeed(AppendFeed *feed)
{
    d->feed.subscribe(
        feed, this, [this] { return d->store.isOpen() ? d->store.path() : QString(); },
        [this](qint64 lastEventId, qint64) { appendUpTo(lastEventId); });
}

void ConversationModel::appendUpTo(qint64 lastEventId)
{
    if (!d->store.isOpen() || !d->showsSomething() || lastEventId <= d->lastSeenId)
        return;
    const QList<EventRecord> added = d->messagesIn(d->lastSeenId, lastEventId);
    d->lastSeenId = lastEventId;
    // A rename (a new customer event) shows in the bubbles already there.
    refreshNames();
    if (added.isEmpty())
        return;
    const qsizetype overflow = d->messages.size() + added.size() - kMaxMessages;
    if (overflow > 0) {
        beginRemoveRows(QModelIndex(), 0, static_cast<int>(overflow) - 1);
        d->messages.remove(0, overflow);
        endRemoveRows();
    }
    const int first = rowCount();
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(added.size()) - 1);
    d->messages += added;
    endInsertRows();
}

void ConversationModel::refreshNames()
{
    const QHash<QString, QString> before = d->names;
    readNames();
    if (d->names != before && !d->messages.isEmpty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {CustomerNameRole});
}

EventRecord ConversationModel::record(int row) const
{
    return d->messages.value(row);
}

bool ConversationModel::isMedia(const EventRecord &record)
{
    if (record.msgType == QLatin1String("text") || record.msgType == QLatin1String("button"))
        return false;
    const QString msg = record.msg.trimmed();
    if (!msg.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) &&
        !msg.startsWith(QLatin1String("https://"), Qt::CaseInsensitive))
        return false;
    const QUrl url(msg, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty();
}

int ConversationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(d->messages.size());
}

QVariant ConversationModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    if (!index.isValid())
        return {};
    const EventRecord &r = d->messages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return r.msg;
    case EventIdRole:
        return r.id;
    case FromCustomerRole:
        return r.senderType == SenderType::Customer;
    case SenderRole:
        return r.sender;
    case AgentRole:
        return r.sysUserId;
    case MsgTypeRole:
        return r.msgType;
    case IsMediaRole:
        return isMedia(r);
    case QuoteRole:
        return r.quoteChat;
    case SendTimeRole:
        return r.sendTimeMs > 0 ? r.sendTimeMs : r.receivedAtMs;
    case ChannelRole:
        return r.channel;
    case VerificationRole:
        return static_cast<int>(r.verification);
    case RecordRole:
        return QVariant::fromValue(r);
    case CustomerNameRole:
        return customerName(r.chatUserId);
    default:
        return {};
    }
}
