#include "models/sessionlistmodel.h"

#include "models/eventcolumns.h"
#include "models/feedsubscription.h"
#include "models/modelload.h"
#include "records/channelcatalog.h"
#include "store/eventstore.h"

#include <algorithm>

namespace {

constexpr int kMaxPreviewChars = 200;

struct Entry {
    EventStore::SessionSummary s;
    QString key;
    qint64 unread = 0;
};

struct Loaded {
    QList<Entry> rows;
    QHash<QString, QString> names;
    QString error;
};

qint64 baselineOf(const SessionListModel::ReadMarks &marks)
{
    return marks.value(QString(), 0);
}

// Every session's unread count: the grouped query counts past the common
// mark; a session read further has its own count, through its index.
// `whole`: no filter narrows the inbox, so the summary table can give it
// (a row per session instead of a scan of every message).
Loaded readSessions(EventStore &store, qint64 upToId, const SessionListModel::ReadMarks &marks,
                    const EventCondition &condition, bool whole)
{
    Loaded loaded;
    const qint64 baseline = baselineOf(marks);
    std::optional<QList<EventStore::SessionSummary>> fromSummary;
    if (whole)
        fromSummary = store.inboxSummaries(upToId, baseline, SessionListModel::kMaxSessions);
    const QList<EventStore::SessionSummary> sessions =
        fromSummary ? *fromSummary
                    : store.sessionSummaries(0, upToId, baseline, SessionListModel::kMaxSessions,
                                             condition.where, condition.binds);
    loaded.rows.reserve(sessions.size());
    for (const EventStore::SessionSummary &s : sessions) {
        Entry e{s, SessionListModel::keyOf(s.chatSessionId, s.chatUserId), s.customerMessagesAfter};
        const qint64 own = marks.value(e.key, 0);
        if (own > baseline) {
            e.unread = std::max<qint64>(
                0, store.sessionCustomerMessages(s.chatSessionId, s.chatUserId, own, upToId));
        }
        loaded.rows.append(e);
    }
    loaded.error = store.lastError();
    loaded.names = store.customerNames(0, upToId);
    if (loaded.error.isEmpty())
        loaded.error = store.lastError();
    return loaded;
}

QString preview(const EventStore::SessionSummary &s)
{
    const bool textual = s.lastMsgType.isEmpty() || s.lastMsgType == QLatin1String("text") ||
                         s.lastMsgType == QLatin1String("button");
    QString text = textual ? s.lastText.simplified() : QString(u'[' + s.lastMsgType + u']');
    if (text.size() > kMaxPreviewChars)
        text = text.left(kMaxPreviewChars) + QChar(0x2026);
    if (s.lastSenderType == 2)
        return SessionListModel::tr("Agent: %1").arg(text);
    return text;
}

} // namespace

struct SessionListModel::Private {
    EventStore store;
    FeedSubscription feed;
    ModelLoad load;
    qint64 asyncThreshold = kDefaultAsyncLoadThreshold;
    EventCondition condition;
    // The inbox is the real conversations: test deliveries never count.
    EventCondition effectiveCondition() const
    {
        return condition.andAlso(EventCondition::notTest(store.schemaVersion()));
    }
    std::function<ReadMarks(const QString &)> markLoader;
    ReadMarks marks;
    QList<Entry> rows; // newest activity first
    QHash<QString, int> rowOfKey;
    QHash<QString, QString> names; // chat_user_id -> latest name
    QString openKey;
    qint64 lastSeenId = 0;

    void index()
    {
        rowOfKey.clear();
        rowOfKey.reserve(rows.size());
        for (int i = 0; i < rows.size(); ++i)
            rowOfKey.insert(rows.at(i).key, i);
    }
    QString nameOf(const Entry &e) const
    {
        const QString name = names.value(e.s.chatUserId);
        return name.isEmpty() ? e.s.chatUserId : name;
    }
};

SessionListModel::SessionListModel(QObject *parent)
    : QAbstractTableModel(parent)
    , d(std::make_unique<Private>())
{
    d->load.setErrorHandler(this, [this](const QString &error) {
        finishLoad();
        Q_EMIT errorOccurred(error);
    });
}

SessionListModel::~SessionListModel() = default;

QString SessionListModel::keyOf(const QString &chatSessionId, const QString &chatUserId)
{
    return chatSessionId.isEmpty() ? QStringLiteral("u:") + chatUserId
                                   : QStringLiteral("s:") + chatSessionId;
}

bool SessionListModel::openStore(const QString &path, QString *error)
{
    closeStore();
    const std::optional<qint64> opened = d->store.openForReading(path, error);
    if (!opened)
        return false;
    const qint64 lastId = *opened;
    // Marks from a settings file are bounded and never ahead of the store.
    ReadMarks saved = d->markLoader ? d->markLoader(path) : ReadMarks();
    ReadMarks marks;
    const qint64 common = saved.value(QString(), -1);
    if (common >= 0 && common <= lastId)
        marks.insert(QString(), common);
    int own = 0; // the common mark ("") comes on top of kMaxReadMarks
    for (auto it = saved.cbegin(); it != saved.cend() && own < kMaxReadMarks; ++it) {
        if (!it.key().isEmpty() && it.value() >= 0 && it.value() <= lastId &&
            it.key().size() <= 1024) {
            marks.insert(it.key(), it.value());
            ++own;
        }
    }
    const bool fresh = !marks.contains(QString());
    if (fresh)
        marks.insert(QString(), lastId); // first seen: everything so far is read
    d->marks = marks;
    d->lastSeenId = lastId;
    reload();
    if (fresh)
        Q_EMIT readMarksChanged(path, d->marks);
    return true;
}

void SessionListModel::closeStore()
{
    beginResetModel();
    const bool wasLoading = d->load.cancel();
    d->store.close();
    d->rows.clear();
    d->rowOfKey.clear();
    d->names.clear();
    d->marks.clear();
    d->openKey.clear();
    d->lastSeenId = 0;
    endResetModel();
    if (wasLoading)
        Q_EMIT loadingChanged(false);
}

QString SessionListModel::storePath() const
{
    return d->store.isOpen() ? d->store.path() : QString();
}

void SessionListModel::setAsyncLoadThreshold(qint64 events)
{
    d->asyncThreshold = std::max<qint64>(0, events);
}

bool SessionListModel::isLoading() const
{
    return d->load.isLoading();
}

void SessionListModel::setCondition(const EventCondition &condition)
{
    d->condition = condition;
    if (d->store.isOpen())
        reload();
}

void SessionListModel::reload()
{
    const bool wasLoading = d->load.cancel();
    const qint64 upToId = d->lastSeenId;
    if (upToId <= d->asyncThreshold) {
        Loaded loaded = readSessions(d->store, upToId, d->marks, d->effectiveCondition(),
                                     d->condition.where.isEmpty());
        beginResetModel();
        d->rows = std::move(loaded.rows);
        d->names = std::move(loaded.names);
        d->index();
        endResetModel();
        if (wasLoading)
            Q_EMIT loadingChanged(false);
        if (!loaded.error.isEmpty())
            Q_EMIT errorOccurred(loaded.error);
        return;
    }
    beginResetModel();
    d->rows.clear();
    d->rowOfKey.clear();
    endResetModel();
    const ReadMarks marks = d->marks;
    const EventCondition condition = d->effectiveCondition();
    const bool whole = d->condition.where.isEmpty();
    const bool started = d->load.start(
        d->store.path(), [this, upToId, marks, condition, whole](const StoreReader::Job &job) {
            Loaded loaded = readSessions(job.store(), upToId, marks, condition, whole);
            job.deliver([this, loaded] {
                beginResetModel();
                d->rows = loaded.rows;
                d->names = loaded.names;
                d->index();
                endResetModel();
                finishLoad();
                if (!loaded.error.isEmpty())
                    Q_EMIT errorOccurred(loaded.error);
            });
        });
    if (started)
        Q_EMIT loadingChanged(true);
}

void SessionListModel::finishLoad()
{
    const std::optional<qint64> held = d->load.finish();
    if (!held)
        return;
    Q_EMIT loadingChanged(false);
    if (*held > d->lastSeenId)
        appendUpTo(*held);
}

void SessionListModel::setFeed(AppendFeed *feed)
{
    d->feed.subscribe(
        feed, this, [this] { return storePath(); },
        [this](qint64 lastEventId, qint64) { appendUpTo(lastEventId); });
}

void SessionListModel::appendUpTo(qint64 lastEventId)
{
    if (!d->store.isOpen() || lastEventId <= d->lastSeenId)
        return;
    if (d->load.hold(lastEventId))
        return; // applied after the load, which stops at lastSeenId
    const qint64 afterId = d->lastSeenId;
    d->lastSeenId = lastEventId;
    // Every message of the batch is newer than any mark: all its customer
    // messages are unread (unless the session is open).
    const EventCondition condition = d->effectiveCondition();
    const QList<EventStore::SessionSummary> batch = d->store.sessionSummaries(
        afterId, lastEventId, afterId, -1, condition.where, condition.binds);
    const QHash<QString, QString> newNames = d->store.customerNames(afterId, lastEventId);
    for (auto it = newNames.cbegin(); it != newNames.cend(); ++it)
        d->names.insert(it.key(), it.value());
    bool marksMoved = false;
    QList<Entry> added;
    for (const EventStore::SessionSummary &s : batch) {
        const QString key = keyOf(s.chatSessionId, s.chatUserId);
        const bool open = key == d->openKey;
        const auto found = d->rowOfKey.constFind(key);
        if (found == d->rowOfKey.cend()) {
            added.append(Entry{s, key, open ? 0 : s.customerMessagesAfter});
        } else {
            Entry &e = d->rows[*found];
            const qint64 messages = e.s.messages + s.messages;
            const EventStore::SessionSummary before = e.s;
            e.s = s;
            e.s.messages = messages;
            if (s.agentEventId <= 0) { // no agent in the batch: still the one before
                e.s.sysUserId = before.sysUserId;
                e.s.agentEventId = before.agentEventId;
            }
            e.unread = open ? 0 : e.unread + s.customerMessagesAfter;
        }
        if (open) {
            d->marks.insert(key, s.lastEventId);
            marksMoved = true;
        }
    }
    if (!added.isEmpty()) {
        beginInsertRows(QModelIndex(), 0, static_cast<int>(added.size()) - 1);
        d->rows = added + d->rows; // the batch comes newest first
        d->index();
        endInsertRows();
    }
    // Touched sessions move to the top; persistent indexes (the selection)
    // follow their rows.
    const auto newer = [](const Entry &a, const Entry &b) {
        return a.s.lastEventId > b.s.lastEventId;
    };
    if (!std::is_sorted(d->rows.cbegin(), d->rows.cend(), newer)) {
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        const QModelIndexList before = persistentIndexList();
        QStringList keys;
        keys.reserve(before.size());
        for (const QModelIndex &index : before)
            keys.append(d->rows.at(index.row()).key);
        std::stable_sort(d->rows.begin(), d->rows.end(), newer);
        d->index();
        QModelIndexList after;
        after.reserve(before.size());
        for (int i = 0; i < before.size(); ++i)
            after.append(index(d->rowOfKey.value(keys.at(i)), before.at(i).column()));
        changePersistentIndexList(before, after);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }
    if (d->rows.size() > kMaxSessions) {
        beginRemoveRows(QModelIndex(), kMaxSessions, static_cast<int>(d->rows.size()) - 1);
        d->rows.resize(kMaxSessions);
        d->index();
        endRemoveRows();
    }
    if (!d->rows.isEmpty() && (!batch.isEmpty() || !newNames.isEmpty()))
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    if (marksMoved)
        saveMarks();
}

void SessionListModel::setReadMarkLoader(std::function<ReadMarks(const QString &)> loader)
{
    d->markLoader = std::move(loader);
}

SessionListModel::ReadMarks SessionListModel::readMarks() const
{
    return d->marks;
}

void SessionListModel::markRead(int row)
{
    if (row < 0 || row >= d->rows.size())
        return;
    Entry &e = d->rows[row];
    const qint64 mark = std::max(e.s.lastEventId, d->marks.value(e.key, 0));
    if (e.unread == 0 && d->marks.value(e.key, -1) == mark)
        return;
    e.unread = 0;
    d->marks.insert(e.key, mark);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    saveMarks();
}

void SessionListModel::setOpenSession(const QString &key)
{
    d->openKey = key;
}

// At most kMaxReadMarks marks are kept: the most recent sessions' (a mark
// is a message id, so the highest are the newest). Marks at or below the
// common one say nothing and go.
void SessionListModel::saveMarks()
{
    const qint64 baseline = baselineOf(d->marks);
    QList<std::pair<qint64, QString>> own;
    own.reserve(d->marks.size());
    for (auto it = d->marks.cbegin(); it != d->marks.cend(); ++it) {
        if (!it.key().isEmpty() && it.value() > baseline)
            own.append({it.value(), it.key()});
    }
    std::sort(own.begin(), own.end(), std::greater<>());
    if (own.size() > kMaxReadMarks)
        own.resize(kMaxReadMarks);
    ReadMarks kept;
    kept.insert(QString(), baseline);
    for (const auto &[mark, key] : std::as_const(own))
        kept.insert(key, mark);
    d->marks = kept;
    Q_EMIT readMarksChanged(d->store.path(), d->marks);
}

int SessionListModel::rowOfSession(const QString &key) const
{
    return d->rowOfKey.value(key, -1);
}

QString SessionListModel::sessionKey(int row) const
{
    return row >= 0 && row < d->rows.size() ? d->rows.at(row).key : QString();
}

int SessionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(d->rows.size());
}

int SessionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    if (!index.isValid())
        return {};
    const Entry &e = d->rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Customer:
            return d->nameOf(e);
        case Channel:
            return e.s.channelName.isEmpty() ? ChannelCatalog::name(e.s.channel) : e.s.channelName;
        case LastMessage:
            return preview(e.s);
        case LastTime:
            return EventColumns::timeText(e.s.lastAtMs);
        case Unread:
            return e.unread > 0 ? QVariant(e.unread) : QVariant();
        case Agent:
            return e.s.sysUserId > 0 ? tr("agent #%1").arg(e.s.sysUserId) : tr("unassigned / bot");
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Customer) {
            return e.s.chatSessionId.isEmpty()
                       ? tr("Customer %1 (no session)").arg(e.s.chatUserId)
                       : tr("Customer %1 · session %2").arg(e.s.chatUserId, e.s.chatSessionId);
        }
        if (index.column() == LastMessage)
            return e.s.lastText.left(2000);
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == Unread ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SessionKeyRole:
        return e.key;
    case ChatSessionIdRole:
        return e.s.chatSessionId;
    case ChatUserIdRole:
        return e.s.chatUserId;
    case LastEventIdRole:
        return e.s.lastEventId;
    case LastAtRole:
        return e.s.lastAtMs;
    case UnreadRole:
        return e.unread;
    case ChannelRole:
        return e.s.channel;
    case AgentRole:
        return e.s.sysUserId;
    case SearchTextRole:
        return QString(d->nameOf(e) + u'\n' + e.s.chatUserId + u'\n' + e.s.chatSessionId + u'\n' +
                       e.s.lastText);
    default:
        return {};
    }
}

QVariant SessionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Customer:
        return tr("Customer");
    case Channel:
        return tr("Channel");
    case LastMessage:
        return tr("Last message");
    case LastTime:
        return tr("Last message sent");
    case Unread:
        return tr("Unread");
    case Agent:
        return tr("Serving agent");
    default:
        return {};
    }
}
