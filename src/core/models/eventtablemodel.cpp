#include "models/eventtablemodel.h"

#include "models/eventcolumns.h"
#include "models/feedsubscription.h"
#include "models/modelload.h"
#include "models/recordpagecache.h"
#include "store/eventstore.h"

#include <QElapsedTimer>
#include <QHash>

#include <algorithm>
#include <utility>

namespace {

bool isRecordRole(int role)
{
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case EventTableModel::ReceivedAtRole:
    case EventTableModel::ChannelRole:
    case EventTableModel::ChatUserIdRole:
    case EventTableModel::ChatSessionIdRole:
    case EventTableModel::EventNameRole:
    case EventTableModel::MsgTypeRole:
    case EventTableModel::SenderTypeRole:
    case EventTableModel::VerificationRole:
    case EventTableModel::VerifiedRole:
    case EventTableModel::DeliveriesRole:
    case EventTableModel::RecordRole:
    case EventTableModel::SortRole:
        return true;
    default:
        return false;
    }
}

// The roles that do not depend on the column.
QVariant rowRole(const EventRecord &r, int role)
{
    switch (role) {
    case EventTableModel::ReceivedAtRole:
        return r.receivedAtMs;
    case EventTableModel::ChannelRole:
        return r.channel;
    case EventTableModel::ChatUserIdRole:
        return r.chatUserId;
    case EventTableModel::ChatSessionIdRole:
        return r.chatSessionId;
    case EventTableModel::EventNameRole:
        return r.event;
    case EventTableModel::MsgTypeRole:
        return r.msgType;
    case EventTableModel::SenderTypeRole:
        return static_cast<int>(r.senderType);
    case EventTableModel::VerificationRole:
        return static_cast<int>(r.verification);
    case EventTableModel::VerifiedRole:
        return isVerified(r.verification);
    case EventTableModel::DeliveriesRole:
        return r.deliveries;
    case EventTableModel::RecordRole:
        return QVariant::fromValue(r);
    default:
        return {};
    }
}

// What a load on the reader thread reads.
struct LoadRequest {
    qint64 upToId = 0;       // rows are the events with id <= upToId
    qint64 namesAfterId = 0; // customer names of (namesAfterId, upToId] are read first
    FilterExpression::Sql where;
    QString orderBy;
};

// The first chunk holds a screenful and more (unless the scan ends first),
// later ones what was found in kChunkIntervalMs or kMaxChunk ids.
constexpr int kFirstChunk = 256;
constexpr int kChunkIntervalMs = 100;
constexpr int kMaxChunk = 65536;

// Runs on the reader thread: scans the ids and hands them to `send` in chunks.
bool scanInChunks(const StoreReader::Job &job, const LoadRequest &request,
                  const std::function<void(QList<qint64>)> &send)
{
    QList<qint64> chunk;
    bool first = true;
    QElapsedTimer sinceSent;
    sinceSent.start();
    const bool ok = job.store().scanEventIds(
        0, request.upToId, request.where.where, request.where.binds, request.orderBy,
        [&](qint64 id) {
            chunk.append(id);
            // The flag and the clock are looked at every 1024 rows.
            const bool check = (chunk.size() & 1023) == 0;
            if (check && job.cancelled())
                return false;
            if (first ? chunk.size() >= kFirstChunk
                      : chunk.size() >= kMaxChunk ||
                            (check && sinceSent.elapsed() >= kChunkIntervalMs)) {
                send(std::exchange(chunk, {}));
                first = false;
                sinceSent.restart();
            }
            return true;
        });
    if (!chunk.isEmpty())
        send(std::move(chunk));
    return ok;
}

} // namespace

struct EventTableModel::Private {
    EventStore store;
    FeedSubscription feed;
    mutable RecordPageCache<EventRecord> pages;
    QHash<QString, QString> customerNames; // chat_user_id -> latest non-empty name
    QList<qint64> ids;                     // the rows, in display order
    QList<qint64> pending;                 // matching new rows held back while paused
    ModelLoad load;                        // rows still arriving from the reader
    QElapsedTimer loadTimer;
    qint64 asyncThreshold = kDefaultAsyncLoadThreshold;
    FilterExpression filter;
    QString scope;
    QVariantList scopeBinds;
    int sortColumn = -1;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    qint64 lastSeenId = 0;  // every row up to here is in ids or pending
    qint64 namesUpToId = 0; // customerNames covers the events up to here
    bool paused = false;

    // scope AND filter, as one condition with its binds.
    FilterExpression::Sql condition() const
    {
        FilterExpression::Sql sql = filter.toSql();
        if (scope.isEmpty())
            return sql;
        if (sql.where.isEmpty())
            return {scope, scopeBinds};
        return {u'(' + scope + QStringLiteral(") AND (") + sql.where + u')',
                scopeBinds + sql.binds};
    }

    // Names only grow with new events, so a reload (filter, sort) reads just
    // the events it has not seen: re-reading them all cost ~300 ms per
    // filter change on a million events.
    void learnNamesUpTo(qint64 upToId)
    {
        if (upToId <= namesUpToId)
            return;
        customerNames.insert(store.customerNames(namesUpToId, upToId));
        namesUpToId = upToId;
    }

    void forgetNames()
    {
        customerNames.clear();
        namesUpToId = 0;
    }

    const EventRecord &recordAt(int row)
    {
        return pages.at(
            ids, row, [this](const QList<qint64> &pageIds) { return store.eventsByIds(pageIds); });
    }

    void clearRows()
    {
        load.cancel();
        pages.clear();
        ids.clear();
        pending.clear();
        lastSeenId = 0;
    }
};

EventTableModel::EventTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , d(std::make_unique<Private>())
{
    d->load.setErrorHandler(this, [this](const QString &error) { onLoadFinished(error); });
}

EventTableModel::~EventTableModel() = default;

bool EventTableModel::openStore(const QString &path, QString *error)
{
    closeStore();
    QString message;
    if (!d->store.openReadOnly(path, &message)) {
        if (error)
            *error = message;
        Q_EMIT errorOccurred(message);
        return false;
    }
    reload();
    return true;
}

void EventTableModel::closeStore()
{
    const bool hadPending = !d->pending.isEmpty();
    const bool wasLoading = d->load.isLoading();
    beginResetModel();
    d->store.close();
    d->clearRows();
    d->forgetNames();
    endResetModel();
    if (hadPending)
        Q_EMIT pendingRowCountChanged(0);
    if (wasLoading)
        Q_EMIT loadingChanged(false);
}

QString EventTableModel::storePath() const
{
    return d->store.isOpen() ? d->store.path() : QString();
}

void EventTableModel::setFilter(const FilterExpression &filter)
{
    d->filter = filter;
    reload();
}

FilterExpression EventTableModel::filter() const
{
    return d->filter;
}

void EventTableModel::setScope(const QString &sqlCondition, const QVariantList &binds)
{
    d->scope = sqlCondition;
    d->scopeBinds = binds;
    reload();
}

void EventTableModel::reload()
{
    if (!d->store.isOpen())
        return;
    QElapsedTimer timer;
    timer.start();
    const bool hadPending = !d->pending.isEmpty();
    const bool wasLoading = d->load.isLoading();
    beginResetModel();
    loadRows();
    endResetModel();
    if (hadPending)
        Q_EMIT pendingRowCountChanged(0);
    if (d->load.isLoading()) {
        d->loadTimer = timer; // reloaded() comes with the last chunk
        if (!wasLoading)
            Q_EMIT loadingChanged(true);
        return;
    }
    if (wasLoading)
        Q_EMIT loadingChanged(false);
    Q_EMIT reloaded(timer.elapsed());
}

bool EventTableModel::isLoading() const
{
    return d->load.isLoading();
}

void EventTableModel::setAsyncLoadThreshold(qint64 events)
{
    d->asyncThreshold = std::max<qint64>(0, events);
}

qint64 EventTableModel::asyncLoadThreshold() const
{
    return d->asyncThreshold;
}

// Called between beginResetModel() and endResetModel().
void EventTableModel::loadRows()
{
    d->clearRows();
    const qint64 lastId = d->store.maxEventId();
    if (lastId < 0) {
        Q_EMIT errorOccurred(d->store.lastError());
        return;
    }
    d->lastSeenId = lastId;
    if (lastId > d->asyncThreshold) {
        startAsyncLoad(lastId);
        return;
    }
    d->learnNamesUpTo(lastId);
    const FilterExpression::Sql where = d->condition();
    d->ids = d->store.eventIds(
        0, lastId, where.where, where.binds,
        EventColumns::orderBy(d->sortColumn, d->sortOrder == Qt::DescendingOrder));
}

void EventTableModel::startAsyncLoad(qint64 lastId)
{
    LoadRequest request;
    request.upToId = lastId;
    request.namesAfterId = d->namesUpToId;
    request.where = d->condition();
    request.orderBy = EventColumns::orderBy(d->sortColumn, d->sortOrder == Qt::DescendingOrder);
    d->load.start(d->store.path(), [this, request](const StoreReader::Job &job) {
        // `this` is only used in deliveries: they run on this model's thread
        // and never after the reader (a member) is gone.
        if (request.namesAfterId < request.upToId) {
            const QHash<QString, QString> names =
                job.store().customerNames(request.namesAfterId, request.upToId);
            job.deliver([this, names, upToId = request.upToId] { onNamesRead(names, upToId); });
        }
        const bool ok = scanInChunks(job, request, [this, &job](QList<qint64> ids) {
            job.deliver([this, ids = std::move(ids)] { onIdsRead(ids); });
        });
        const QString error = ok ? QString() : job.store().lastError();
        job.deliver([this, error] { onLoadFinished(error); });
    });
}

// The names come before the first ids, so no row shows without its name.
void EventTableModel::onNamesRead(const QHash<QString, QString> &names, qint64 upToId)
{
    d->customerNames.insert(names);
    d->namesUpToId = std::max(d->namesUpToId, upToId);
}

void EventTableModel::onIdsRead(const QList<qint64> &ids)
{
    insertAtEnd(ids);
    Q_EMIT rowsLoaded(static_cast<int>(ids.size()));
}

void EventTableModel::onLoadFinished(const QString &error)
{
    const std::optional<qint64> held = d->load.finish();
    if (!held)
        return;
    d->ids.squeeze();
    if (!error.isEmpty())
        Q_EMIT errorOccurred(error);
    Q_EMIT loadingChanged(false);
    Q_EMIT reloaded(d->loadTimer.elapsed());
    if (*held >= d->lastSeenId)
        appendUpTo(*held);
}

void EventTableModel::setFeed(AppendFeed *feed)
{
    d->feed.subscribe(
        feed, this, [this] { return storePath(); },
        [this](qint64 lastEventId, qint64) { appendUpTo(lastEventId); });
}

// lastEventId == the last id seen still means a commit: of retries, which
// change shown rows (delivery count, verification) without adding any.
void EventTableModel::appendUpTo(qint64 lastEventId)
{
    if (!d->store.isOpen() || lastEventId < d->lastSeenId)
        return;
    if (d->load.hold(lastEventId))
        return; // appended after the load's last chunk, so that rows stay in order
    if (lastEventId == d->lastSeenId) {
        refreshShownRows();
        return;
    }
    const qint64 afterId = d->lastSeenId;
    d->lastSeenId = lastEventId;
    d->learnNamesUpTo(lastEventId);
    const FilterExpression::Sql where = d->condition();
    const QList<qint64> newIds = d->store.eventIds(afterId, lastEventId, where.where, where.binds);
    // Retries of shown events change their delivery count and verification,
    // and a new customer event can name a shown customer.
    refreshShownRows();
    if (newIds.isEmpty())
        return;
    if (d->paused) {
        d->pending += newIds;
        Q_EMIT pendingRowCountChanged(pendingRowCount());
        return;
    }
    appendRows(newIds);
}

void EventTableModel::appendRows(const QList<qint64> &ids)
{
    insertAtEnd(ids);
    Q_EMIT rowsAppended(static_cast<int>(ids.size()));
}

void EventTableModel::insertAtEnd(const QList<qint64> &ids)
{
    const int first = rowCount();
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(ids.size()) - 1);
    d->ids += ids;
    endInsertRows();
}

void EventTableModel::refreshShownRows()
{
    d->pages.clear();
    if (!d->ids.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void EventTableModel::setPaused(bool paused)
{
    if (d->paused == paused)
        return;
    d->paused = paused;
    if (paused || d->pending.isEmpty())
        return;
    const QList<qint64> held = std::exchange(d->pending, {});
    Q_EMIT pendingRowCountChanged(0);
    appendRows(held);
}

bool EventTableModel::isPaused() const
{
    return d->paused;
}

int EventTableModel::pendingRowCount() const
{
    return static_cast<int>(d->pending.size());
}

EventRecord EventTableModel::record(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return d->recordAt(row);
}

int EventTableModel::rowOfId(qint64 id) const
{
    if (d->sortColumn < 0) {
        // Arrival order: the ids ascend (live rows have higher ids).
        const auto it = std::lower_bound(d->ids.cbegin(), d->ids.cend(), id);
        return it != d->ids.cend() && *it == id ? static_cast<int>(it - d->ids.cbegin()) : -1;
    }
    return static_cast<int>(d->ids.indexOf(id));
}

qint64 EventTableModel::totalMatching() const
{
    return d->ids.size() + d->pending.size();
}

int EventTableModel::sortColumn() const
{
    return d->sortColumn;
}

Qt::SortOrder EventTableModel::sortOrder() const
{
    return d->sortOrder;
}

qsizetype EventTableModel::cachedRecordCount() const
{
    return d->pages.recordCount();
}

int EventTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(d->ids.size());
}

int EventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventTableModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    if (!index.isValid())
        return {};
    if (role == EventIdRole)
        return d->ids.at(index.row()); // no page needed
    if (!isRecordRole(role))
        return {};
    const EventRecord &r = d->recordAt(index.row());
    const QString customerName = d->customerNames.value(r.chatUserId);
    switch (role) {
    case Qt::DisplayRole:
        return EventColumns::display(r, index.column(), customerName);
    case Qt::ToolTipRole:
        return index.column() == Text && !r.msg.isEmpty() ? QVariant(r.msg) : QVariant();
    case SortRole:
        return EventColumns::sortValue(r, index.column(), customerName);
    default:
        return rowRole(r, role);
    }
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return EventColumns::header(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

void EventTableModel::sort(int column, Qt::SortOrder order)
{
    const int sortColumn = column >= 0 && column < ColumnCount ? column : -1;
    d->sortColumn = sortColumn;
    d->sortOrder = order;
    reload();
}
