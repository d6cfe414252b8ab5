#include "models/customerlistmodel.h"

#include "models/channelmodel.h"
#include "models/customerrows.h"
#include "models/eventcolumns.h"
#include "models/feedsubscription.h"
#include "models/modelload.h"
#include "records/channelcatalog.h"
#include "store/eventcondition.h"
#include "store/eventstore.h"

#include <algorithm>

struct CustomerListModel::Private {
    EventStore store;
    FeedSubscription feed;
    ModelLoad load;
    qint64 asyncThreshold = kDefaultAsyncLoadThreshold;
    bool folding = false; // the reader is (re)reading the customers
    CustomerRows customers;
    FilterExpression filter;
    int channelScope = ChannelModel::kAllChannels;
    qint64 lastSeenId = 0;

    bool showsAll() const { return filter.isEmpty() && channelScope == ChannelModel::kAllChannels; }
    EventCondition condition()
    {
        // Test deliveries only when the filter names them, as in the stream.
        constexpr int kFirstTestSchema = 6;
        const FilterExpression::TextIndex index = store.textIndex();
        const FilterExpression::Sql sql = store.schemaVersion() >= kFirstTestSchema
                                              ? filter.toViewSql({}, index)
                                              : filter.toSql({}, index);
        const EventCondition filtered{sql.where, sql.binds};
        if (channelScope == ChannelModel::kAllChannels)
            return filtered;
        return filtered.andAlso(EventCondition::inChannel(channelScope));
    }
    // The matching customers among the events afterId < id <= upToId.
    QStringList matching(qint64 afterId, qint64 upToId, const QStringList &touched)
    {
        if (showsAll())
            return touched;
        const EventCondition where = condition();
        QStringList ids = store.customerIds(afterId, upToId, where.where, where.binds);
        ids += store.messageCustomerIds(afterId, upToId, where.where, where.binds);
        ids.removeDuplicates();
        return ids;
    }
    // Every customer of the events afterId < id <= upToId, folded in.
    static QStringList foldAll(CustomerRows::Customers &customers, EventStore &store,
                               qint64 afterId, qint64 upToId)
    {
        // From the start: a row per customer from the summary table, when
        // the file has one, instead of every customer event and message.
        if (afterId <= 0) {
            if (const auto summaries = store.customerSummaries(upToId))
                return CustomerRows::foldSummaries(customers, *summaries);
        }
        QStringList touched = CustomerRows::fold(customers, store.customerEvents(afterId, upToId));
        touched += CustomerRows::foldMessages(customers, store.messageCustomers(afterId, upToId));
        touched.removeDuplicates();
        return touched;
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
    d->lastSeenId = std::max<qint64>(0, d->store.maxEventId());
    const bool async = d->lastSeenId > d->asyncThreshold;
    if (!async) {
        CustomerRows::Customers customers;
        const QStringList touched = Private::foldAll(customers, d->store, 0, d->lastSeenId);
        d->customers.setCustomers(customers);
        showCustomers(touched);
    }
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
    const EventCondition where = d->condition();
    const qint64 upToId = d->lastSeenId;
    const bool started = d->load.start(
        d->store.path(), [this, folding, all, where, upToId](const StoreReader::Job &job) {
            CustomerRows::Customers customers;
            const QStringList touched =
                folding ? Private::foldAll(customers, job.store(), 0, upToId) : QStringList();
            QStringList matching;
            if (!all) {
                matching = job.store().customerIds(0, upToId, where.where, where.binds);
                matching += job.store().messageCustomerIds(0, upToId, where.where, where.binds);
                matching.removeDuplicates();
            }
            const QString error = job.store().lastError();
            job.deliver([this, folding, all, customers, touched, matching, error] {
                if (folding) {
                    d->customers.setCustomers(customers);
                    d->folding = false;
                }
                showRows(all ? (folding ? touched : d->customers.customerIds()) : matching);
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
    d->customers.show(d->matching(0, d->lastSeenId, all));
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
    d->customers.setShowTests(filter.mentionsTest());
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
        showRows(d->matching(0, d->lastSeenId, d->customers.customerIds()));
}

// Replaces the shown customers (a reset), in the current sort order.
void CustomerListModel::showRows(const QStringList &chatUserIds)
{
    if (!d->store.isOpen())
        return;
    beginResetModel();
    d->customers.show(chatUserIds);
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
    QStringList touched = d->customers.foldIn(d->store.customerEvents(afterId, lastEventId));
    touched += d->customers.foldInMessages(d->store.messageCustomers(afterId, lastEventId));
    touched.removeDuplicates();
    for (const QString &id : touched) {
        if (d->customers.rowOf(id) >= 0)
            placeChanged(id);
    }
    QStringList added;
    for (const QString &id : d->matching(afterId, lastEventId, touched)) {
        const CustomerEntry *c = d->customers.find(id);
        if (d->customers.rowOf(id) < 0 && c && d->customers.isShowable(*c))
            added.append(id);
    }
    if (added.isEmpty())
        return;
    if (!d->customers.isSorted()) {
        // Unsorted, arrivals come last, in one batch (like the stream).
        const int first = rowCount();
        beginInsertRows(QModelIndex(), first, first + static_cast<int>(added.size()) - 1);
        for (const QString &id : std::as_const(added))
            d->customers.insertAt(static_cast<int>(d->customers.size()), id);
        endInsertRows();
        return;
    }
    // Sorted, each goes where the chosen sort puts it.
    for (const QString &id : std::as_const(added)) {
        const int row = d->customers.insertPosition(id);
        beginInsertRows(QModelIndex(), row, row);
        d->customers.insertAt(row, id);
        endInsertRows();
    }
}

// A shown customer's values changed: it moves where the sort puts it now.
void CustomerListModel::placeChanged(const QString &chatUserId)
{
    const int from = d->customers.rowOf(chatUserId);
    const int to = d->customers.movedPosition(chatUserId);
    if (to >= 0) {
        // beginMoveRows counts the destination before the row is taken out.
        beginMoveRows(QModelIndex(), from, from, QModelIndex(), to > from ? to + 1 : to);
        d->customers.moveRow(from, to);
        endMoveRows();
    }
    const int row = d->customers.rowOf(chatUserId);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void CustomerListModel::setSearch(const QString &text)
{
    if (text.trimmed() == d->customers.search())
        return;
    d->customers.setSearch(text);
    if (!d->store.isOpen())
        return;
    // The search narrows what the filter chose: rerun that choice in memory
    // when it is everyone, else through the filter's (cheap) refilter.
    refilter();
}

QString CustomerListModel::search() const
{
    return d->customers.search();
}

int CustomerListModel::knownCount() const
{
    const qsizetype all = d->customers.knownCount();
    return static_cast<int>(d->customers.showsTests() ? all : all - testOnlyCount());
}

int CustomerListModel::testOnlyCount() const
{
    return static_cast<int>(d->customers.testOnlyCount());
}

bool CustomerListModel::isNarrowed() const
{
    return !d->showsAll() || !d->customers.search().isEmpty();
}

int CustomerListModel::rowOfCustomer(const QString &chatUserId) const
{
    return d->customers.rowOf(chatUserId);
}

QString CustomerListModel::chatUserId(int row) const
{
    return d->customers.idAt(row);
}

int CustomerListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(d->customers.size());
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
    const CustomerEntry &c = d->customers.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return CustomerRows::nameText(c);
        case Channel:
            return c.channelName.isEmpty() ? ChannelCatalog::name(c.channel) : c.channelName;
        case LastChange:
            return c.lastChangeAt > 0 ? EventColumns::timeText(c.lastChangeAt) : QString();
        case LastMessage:
            return c.lastMessageAt > 0 ? EventColumns::timeText(c.lastMessageAt) : QString();
        default:
            return CustomerRows::sortValue(c, index.column());
        }
    case Qt::ToolTipRole:
        if (index.column() != Name)
            return {};
        if (c.unverifiedChanges > 0)
            return tr("%1\n%n unverified change(s) (bad signature or none)", nullptr,
                      c.unverifiedChanges)
                .arg(c.chatUserId);
        return c.chatUserId;
    case UnverifiedRole:
        return c.customerName.isUnverified();
    case LastMessageAtRole:
        return c.lastMessageAt;
    case ChatUserIdRole:
        return c.chatUserId;
    case ChannelRole:
        return c.channel;
    case LastChangeAtRole:
        return c.lastChangeAt;
    case SortRole:
        return CustomerRows::sortValue(c, index.column());
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
    case LastMessage:
        return tr("Last message");
    default:
        return {};
    }
}

void CustomerListModel::sort(int column, Qt::SortOrder order)
{
    d->customers.setSort(column >= 0 && column < ColumnCount ? column : -1, order);
    showRows(d->customers.rows());
}
