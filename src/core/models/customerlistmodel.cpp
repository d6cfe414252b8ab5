#include "models/customerlistmodel.h"

#include "models/channelmodel.h"
#include "models/eventcolumns.h"
#include "models/feedsubscription.h"
#include "models/modelload.h"
#include "records/channelcatalog.h"
#include "store/eventstore.h"

#include <QHash>

#include <algorithm>

namespace {

struct Customer {
    QString chatUserId;
    QString name; // latest non-empty
    int channel = -1;
    QString channelName;
    int changes = 0;
    qint64 lastChangeAt = 0;
    qint64 firstEventId = 0; // the unsorted order
};

QString nameText(const Customer &c)
{
    return c.name.isEmpty() ? c.chatUserId : c.name;
}

QVariant sortValue(const Customer &c, int column)
{
    switch (column) {
    case CustomerListModel::Name:
        return nameText(c);
    case CustomerListModel::Channel:
        return c.channel;
    case CustomerListModel::Changes:
        return c.changes;
    case CustomerListModel::LastChange:
        return c.lastChangeAt;
    default:
        return c.firstEventId;
    }
}

// Names compare case-insensitively, then exactly; numbers as numbers.
int compareValues(const QVariant &a, const QVariant &b)
{
    if (a.typeId() == QMetaType::QString) {
        const int folded = a.toString().compare(b.toString(), Qt::CaseInsensitive);
        return folded != 0 ? folded : a.toString().compare(b.toString());
    }
    const qint64 x = a.toLongLong();
    const qint64 y = b.toLongLong();
    return x < y ? -1 : (x > y ? 1 : 0);
}

using Customers = QHash<QString, Customer>;

// Applies customer events (id order) to `customers`; returns the customers
// they touched.
QStringList fold(Customers &customers, const QList<EventStore::CustomerEventSummary> &events)
{
    QStringList touched;
    for (const EventStore::CustomerEventSummary &e : events) {
        Customer &c = customers[e.chatUserId];
        if (c.changes == 0) {
            c.chatUserId = e.chatUserId;
            c.firstEventId = e.id;
        }
        if (!e.name.isEmpty())
            c.name = e.name;
        // An update without a channel leaves it unchanged (spec section 4).
        if (e.channel >= 0) {
            c.channel = e.channel;
            c.channelName = e.channelName;
        }
        ++c.changes;
        c.lastChangeAt = std::max(c.lastChangeAt, e.receivedAtMs);
        touched.append(e.chatUserId);
    }
    touched.removeDuplicates();
    return touched;
}

} // namespace

struct CustomerListModel::Private {
    EventStore store;
    FeedSubscription feed;
    ModelLoad load;
    qint64 asyncThreshold = kDefaultAsyncLoadThreshold;
    bool folding = false; // the reader is (re)reading the customers
    Customers customers;  // all known, shown or not
    QStringList rows;     // chat_user_ids shown, in row order
    QHash<QString, int> rowOf;
    FilterExpression filter;
    int channelScope = ChannelModel::kAllChannels;
    int sortColumn = -1;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    qint64 lastSeenId = 0;

    bool showsAll() const { return filter.isEmpty() && channelScope == ChannelModel::kAllChannels; }
    FilterExpression::Sql condition() const
    {
        FilterExpression::Sql sql = filter.toSql();
        if (channelScope == ChannelModel::kAllChannels)
            return sql;
        const QString channel =
            channelScope < 0 ? QStringLiteral("channel IS NULL") : QStringLiteral("channel IS ?");
        if (channelScope >= 0)
            sql.binds.append(channelScope);
        sql.where =
            sql.where.isEmpty() ? channel : u'(' + sql.where + QStringLiteral(") AND ") + channel;
        return sql;
    }
    // The matching customers among the events afterId < id <= upToId.
    QStringList matching(qint64 afterId, qint64 upToId, const QStringList &touched)
    {
        if (showsAll())
            return touched;
        const FilterExpression::Sql sql = condition();
        return store.customerIds(afterId, upToId, sql.where, sql.binds);
    }
    // Only for ids in `customers` (every shown row is).
    const Customer &customer(const QString &chatUserId) const
    {
        return *customers.constFind(chatUserId);
    }
    void sortRows()
    {
        const int column = sortColumn;
        const bool descending = sortOrder == Qt::DescendingOrder;
        std::stable_sort(rows.begin(), rows.end(), [&](const QString &a, const QString &b) {
            const Customer &x = customer(a);
            const Customer &y = customer(b);
            int order = compareValues(sortValue(x, column), sortValue(y, column));
            if (order == 0)
                order = compareValues(x.firstEventId, y.firstEventId);
            return descending ? order > 0 : order < 0;
        });
        indexRows();
    }
    void indexRows()
    {
        rowOf.clear();
        for (int i = 0; i < rows.size(); ++i)
            rowOf.insert(rows.at(i), i);
    }
};

CustomerListModel::CustomerListModel(QObject *parent)
    : QAbstractTableModel(parent)
    , d(std::make_unique<Private>())
{
    d->load.setErrorHandler(this, [this](const QString &error) {
        finishLoad();
        Q_EMIT errorOccurred(error);
    });
}

CustomerListModel::~CustomerListModel() = default;

bool CustomerListModel::openStore(const QString &path, QString *error)
{
    closeStore();
    if (!d->store.openForReading(path, error))
        return false;
    reload();
    return true;
}

void CustomerListModel::closeStore()
{
    beginResetModel();
    const bool wasLoading = d->load.cancel();
    d->folding = false;
    d->store.close();
    d->customers.clear();
    d->rows.clear();
    d->rowOf.clear();
    d->lastSeenId = 0;
    endResetModel();
    if (wasLoading)
        Q_EMIT loadingChanged(false);
}

void CustomerListModel::reload()
{
    if (!d->store.isOpen())
        return;
    // A running load's results describe the customers before.
    const bool wasLoading = d->load.cancel();
    d->folding = false;
    beginResetModel();
    d->customers.clear();
    d->rows.clear();
    d->rowOf.clear();
    d->lastSeenId = std::max<qint64>(0, d->store.maxEventId());
    const bool async = d->lastSeenId > d->asyncThreshold;
    if (!async)
        showCustomers(fold(d->customers, d->store.customerEvents(0, d->lastSeenId)));
    endResetModel();
    if (async)
        startLoad(true);
    else if (wasLoading)
        Q_EMIT loadingChanged(false);
}

// On a large store the customer events (a fifth of a million in the
// benchmark store) are read and folded, and a filter's customers selected,
// on the reader thread. `refold`: the customers themselves are (re)read.
void CustomerListModel::startLoad(bool refold)
{
    d->folding = d->folding || refold;
    const bool folding = d->folding;
    const bool all = d->showsAll();
    const FilterExpression::Sql where = d->condition();
    const qint64 upToId = d->lastSeenId;
    const bool started = d->load.start(
        d->store.path(), [this, folding, all, where, upToId](const StoreReader::Job &job) {
            Customers customers;
            const QStringList touched =
                folding ? fold(customers, job.store().customerEvents(0, upToId)) : QStringList();
            const QStringList matching =
                all ? QStringList() : job.store().customerIds(0, upToId, where.where, where.binds);
            const QString error = job.store().lastError();
            job.deliver([this, folding, all, customers, touched, matching, error] {
                if (folding) {
                    d->customers = customers;
                    d->folding = false;
                }
                showRows(all ? (folding ? touched : d->customers.keys()) : matching);
                finishLoad();
                if (!error.isEmpty())
                    Q_EMIT errorOccurred(error);
            });
        });
    if (started)
        Q_EMIT loadingChanged(true);
}

void CustomerListModel::finishLoad()
{
    const std::optional<qint64> held = d->load.finish();
    if (!held)
        return;
    Q_EMIT loadingChanged(false);
    if (*held > d->lastSeenId)
        appendUpTo(*held);
}

// Inside a reset: the matching ones of `all`, sorted.
void CustomerListModel::showCustomers(const QStringList &all)
{
    d->rows = d->matching(0, d->lastSeenId, all);
    d->sortRows();
}

bool CustomerListModel::isLoading() const
{
    return d->load.isLoading();
}

void CustomerListModel::setAsyncLoadThreshold(qint64 events)
{
    d->asyncThreshold = std::max<qint64>(0, events);
}

void CustomerListModel::setFilter(const FilterExpression &filter)
{
    d->filter = filter;
    refilter();
}

FilterExpression CustomerListModel::filter() const
{
    return d->filter;
}

void CustomerListModel::setChannelScope(int code)
{
    d->channelScope = code;
    refilter();
}

int CustomerListModel::channelScope() const
{
    return d->channelScope;
}

void CustomerListModel::refilter()
{
    if (!d->store.isOpen())
        return;
    // Selecting a filter's customers scans customer events: on a large store
    // (or while a load runs) that happens on the reader thread.
    if (d->load.isLoading() || d->lastSeenId > d->asyncThreshold)
        startLoad(false);
    else
        showRows(d->matching(0, d->lastSeenId, d->customers.keys()));
}

// Replaces the shown customers (a reset), in the current sort order.
void CustomerListModel::showRows(const QStringList &chatUserIds)
{
    if (!d->store.isOpen())
        return;
    beginResetModel();
    d->rows = chatUserIds;
    // Every shown row must be a known customer (customer() relies on it).
    d->rows.removeIf([this](const QString &id) { return !d->customers.contains(id); });
    d->sortRows();
    endResetModel();
}

void CustomerListModel::setFeed(AppendFeed *feed)
{
    d->feed.subscribe(
        feed, this, [this] { return d->store.isOpen() ? d->store.path() : QString(); },
        [this](qint64 lastEventId, qint64) { appendUpTo(lastEventId); });
}

void CustomerListModel::appendUpTo(qint64 lastEventId)
{
    if (!d->store.isOpen() || lastEventId <= d->lastSeenId)
        return;
    if (d->load.hold(lastEventId))
        return; // folded after the load's customers, which stop at lastSeenId
    const qint64 afterId = d->lastSeenId;
    d->lastSeenId = lastEventId;
    const QStringList touched = fold(d->customers, d->store.customerEvents(afterId, lastEventId));
    for (const QString &id : touched) {
        const int row = d->rowOf.value(id, -1);
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    QStringList added;
    for (const QString &id : d->matching(afterId, lastEventId, touched)) {
        if (!d->rowOf.contains(id))
            added.append(id);
    }
    if (added.isEmpty())
        return;
    const int first = rowCount();
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(added.size()) - 1);
    for (const QString &id : std::as_const(added)) {
        d->rowOf.insert(id, static_cast<int>(d->rows.size()));
        d->rows.append(id);
    }
    endInsertRows();
}

int CustomerListModel::rowOfCustomer(const QString &chatUserId) const
{
    return d->rowOf.value(chatUserId, -1);
}

QString CustomerListModel::chatUserId(int row) const
{
    return d->rows.value(row);
}

int CustomerListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(d->rows.size());
}

int CustomerListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CustomerListModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    if (!index.isValid())
        return {};
    const Customer &c = d->customer(d->rows.at(index.row()));
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return nameText(c);
        case Channel:
            return c.channelName.isEmpty() ? ChannelCatalog::name(c.channel) : c.channelName;
        case LastChange:
            return EventColumns::timeText(c.lastChangeAt);
        default:
            return sortValue(c, index.column());
        }
    case Qt::ToolTipRole:
        return index.column() == Name ? QVariant(c.chatUserId) : QVariant();
    case ChatUserIdRole:
        return c.chatUserId;
    case ChannelRole:
        return c.channel;
    case LastChangeAtRole:
        return c.lastChangeAt;
    case SortRole:
        return sortValue(c, index.column());
    default:
        return {};
    }
}

QVariant CustomerListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Name");
    case Channel:
        return tr("Channel");
    case Changes:
        return tr("Changes");
    case LastChange:
        return tr("Last change");
    default:
        return {};
    }
}

void CustomerListModel::sort(int column, Qt::SortOrder order)
{
    d->sortColumn = column >= 0 && column < ColumnCount ? column : -1;
    d->sortOrder = order;
    showRows(d->rows);
}
