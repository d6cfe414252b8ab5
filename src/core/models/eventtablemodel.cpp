#include "models/eventtablemodel.h"

#include "models/channelmodel.h"
#include "models/eventcolumns.h"
#include "models/eventidload.h"
#include "models/eventroles.h"
#include "models/eventtablemodel_p.h"

#include <algorithm>
#include <utility>

// The stream pane passes the channel list's codes straight through.
static_assert(EventTableModel::kAllChannels == ChannelModel::kAllChannels);

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
    d->changes.clear();
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

void EventTableModel::setChannelScope(int code)
{
    d->channelScope = code < 0 && code != kAllChannels ? kNoChannel : code;
    reload();
}

int EventTableModel::channelScope() const
{
    return d->channelScope;
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

// The Time column and arrival order page by key: an index serves their
// order. Any other sort keeps the list of its ids.
static std::optional<EventStore::KeyOrder> keyOrderOf(int sortColumn)
{
    if (sortColumn < 0)
        return EventStore::KeyOrder::Id;
    if (sortColumn == EventTableModel::Time)
        return EventStore::KeyOrder::ReceivedAt;
    return std::nullopt;
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
    d->baseUpToId = lastId;
    d->tailUpToId = lastId;
    d->where = d->condition();
    d->keyOrder = keyOrderOf(d->sortColumn);
    if (lastId > d->asyncThreshold) {
        startAsyncLoad(lastId);
        return;
    }
    if (d->keyOrder) {
        SparseKeys &keys = d->baseKeys;
        const bool ok = d->store.scanEventCheckpoints(
            0, lastId, d->where.where, d->where.binds, *d->keyOrder, d->descending(),
            SparseKeys::kStride,
            [&keys](const EventStore::EventKey &key) {
                keys.checkpoints.append(key);
                return true;
            },
            &keys.count);
        if (!ok) {
            keys.clear();
            Q_EMIT errorOccurred(d->store.lastError());
        }
        return;
    }
    d->baseIds = d->store.eventIds(0, lastId, d->where.where, d->where.binds,
                                   EventColumns::orderBy(d->sortColumn, d->descending()));
}

void EventTableModel::startAsyncLoad(qint64 lastId)
{
    EventIdLoad load;
    load.upToId = lastId;
    load.where = d->where;
    load.keyOrder = d->keyOrder;
    load.descending = d->descending();
    load.orderBy = EventColumns::orderBy(d->sortColumn, d->descending());
    // `this` is only used in deliveries: they run on this model's thread and
    // never after the reader (a member) is gone.
    load.onKeysRead = [this](const QList<EventStore::EventKey> &checkpoints, qint64 count,
                             const QList<EventIdLoad::Page> &pages) {
        onKeysRead(checkpoints, count, pages);
    };
    load.onIdsRead = [this](const QList<qint64> &ids) { onIdsRead(ids); };
    load.onFinished = [this](const QString &error) { onLoadFinished(error); };
    d->load.start(d->store.path(), [load](const StoreReader::Job &job) { load.run(job); });
}

// Commits are held while a load runs (ModelLoad), so the base is the end of
// the table until the load is finished.
void EventTableModel::onKeysRead(const QList<EventStore::EventKey> &checkpoints, qint64 count,
                                 const QList<EventIdLoad::Page> &pages)
{
    Q_ASSERT(d->tail.count == 0);
    const qint64 added = count - d->baseKeys.count;
    if (added <= 0)
        return;
    // Read on the reader thread in this load's snapshot: the rows the
    // window paints next (the first ones, or the newest it follows).
    for (const EventIdLoad::Page &read : pages) {
        auto page = std::make_unique<Private::Page>();
        page->records = read.records;
        page->names = read.names;
        d->pages.insert(read.index, page.release());
    }
    const int first = rowCount();
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(added) - 1);
    d->baseKeys.checkpoints += checkpoints;
    d->baseKeys.count = count;
    endInsertRows();
    Q_EMIT rowsLoaded(static_cast<int>(added));
}

void EventTableModel::onIdsRead(const QList<qint64> &ids)
{
    Q_ASSERT(d->tail.count == 0);
    const int first = rowCount();
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(ids.size()) - 1);
    d->baseIds += ids;
    endInsertRows();
    Q_EMIT rowsLoaded(static_cast<int>(ids.size()));
}

void EventTableModel::onLoadFinished(const QString &error)
{
    const std::optional<qint64> held = d->load.finish();
    if (!held)
        return;
    d->baseIds.squeeze();
    d->baseKeys.checkpoints.squeeze();
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
    const QList<qint64> newIds =
        d->store.eventIds(afterId, lastEventId, d->where.where, d->where.binds);
    // Retries of shown events change their delivery count and verification,
    // and a new customer event can name a shown customer.
    refreshShownRows();
    if (d->paused) {
        if (newIds.isEmpty())
            return;
        d->pending += newIds;
        Q_EMIT pendingRowCountChanged(pendingRowCount());
        return;
    }
    if (newIds.isEmpty()) {
        d->tailUpToId = lastEventId;
        return;
    }
    appendRows(newIds, lastEventId);
}

// The ids ascend and are the matching events of (tailUpToId, upToId].
void EventTableModel::appendRows(const QList<qint64> &ids, qint64 upToId)
{
    const int first = rowCount();
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(ids.size()) - 1);
    for (const qint64 id : ids)
        d->tail.add({0, id});
    d->tailUpToId = upToId;
    endInsertRows();
    Q_EMIT rowsAppended(static_cast<int>(ids.size()));
}

void EventTableModel::refreshShownRows()
{
    d->pages.clear();
    if (rowCount() > 0)
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
    appendRows(held, d->lastSeenId);
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
    return *d->rowAt(row).record;
}

int EventTableModel::rowOfId(qint64 id) const
{
    return static_cast<int>(d->rowOf(id));
}

QList<qint64> EventTableModel::shownIds() const
{
    return d->shownIds();
}

qint64 EventTableModel::totalMatching() const
{
    return d->rowCount() + d->pending.size();
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
    qsizetype count = 0;
    const QList<qint64> keys = d->pages.keys();
    for (const qint64 key : keys)
        count += d->pages.object(key)->records.size();
    return count;
}

qsizetype EventTableModel::heldKeyCount() const
{
    return d->baseKeys.checkpoints.size() + d->baseIds.size() + d->tail.checkpoints.size() +
           d->pending.size();
}

void EventTableModel::setShowMilliseconds(bool on)
{
    if (d->milliseconds == on)
        return;
    d->milliseconds = on;
    if (rowCount() > 0) {
        Q_EMIT dataChanged(index(0, Time), index(rowCount() - 1, Time), {Qt::DisplayRole});
        Q_EMIT dataChanged(index(0, Sent), index(rowCount() - 1, Sent), {Qt::DisplayRole});
    }
}

bool EventTableModel::showsMilliseconds() const
{
    return d->milliseconds;
}

int EventTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(d->rowCount());
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
    if (role != EventIdRole && !EventRoles::isRecordRole(role))
        return {};
    const Private::RowRef row = d->rowAt(index.row());
    const EventRecord &r = *row.record;
    if (role == EventIdRole)
        return r.id;
    const QString customerName = row.names->value(r.chatUserId);
    const bool customerEvent = r.kind == EventKind::AddUser || r.kind == EventKind::UpdateUser;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Text && customerEvent)
            return EventColumns::changeSummary(d->changes.of(d->store, r));
        return EventColumns::display(r, index.column(), customerName, d->milliseconds);
    case ChangesRole:
        return customerEvent ? EventColumns::changeSummary(d->changes.of(d->store, r)) : QString();
    case Qt::ToolTipRole:
        if (index.column() == Text && customerEvent)
            return EventColumns::changeDetails(d->changes.of(d->store, r));
        if (index.column() == Verification && r.test)
            return tr("%1 · sent as a test delivery").arg(EventColumns::verificationText(r));
        return index.column() == Text && !r.msg.isEmpty() ? QVariant(r.msg) : QVariant();
    case SortRole:
        return EventColumns::sortValue(r, index.column(), customerName);
    default:
        return EventRoles::rowValue(r, role);
    }
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return EventColumns::header(section);
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        const QString tip = EventColumns::headerToolTip(section);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

void EventTableModel::sort(int column, Qt::SortOrder order)
{
    const int sortColumn = column >= 0 && column < ColumnCount ? column : -1;
    d->sortColumn = sortColumn;
    d->sortOrder = order;
    reload();
}
