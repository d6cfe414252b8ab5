#include "models/refusedmodel.h"

#include "ingest/refusedrequest.h"
#include "models/eventcolumns.h"
#include "models/feedsubscription.h"
#include "models/recordpagecache.h"
#include "store/eventstore.h"

#include <QLocale>

#include <algorithm>

struct RefusedModel::Private {
    EventStore store;
    FeedSubscription feed;
    RecordPageCache<RefusedRecord> pages;
    QList<qint64> ids;
    qint64 lastSeenId = 0;
    // What each shown body says (parsed once, bounded like the pages).
    QHash<qint64, RefusedRequest::Content> contents;
    static constexpr qsizetype kMaxContents = 5'000;

    const RefusedRequest::Content &contentOf(const RefusedRecord &r)
    {
        if (const auto it = contents.constFind(r.id); it != contents.cend())
            return *it;
        if (contents.size() >= kMaxContents)
            contents.clear();
        return *contents.insert(r.id, RefusedRequest::content(r));
    }

    const RefusedRecord &recordAt(int row)
    {
        return pages.at(
            ids, row, [this](const QList<qint64> &pageIds) { return store.refusedByIds(pageIds); });
    }
};

namespace {

QVariant displayValue(const RefusedRecord &r, int column, const RefusedRequest::Content &content)
{
    switch (column) {
    case RefusedModel::Event:
        return content.event;
    case RefusedModel::Channel:
        return content.channel;
    case RefusedModel::Customer:
        return content.customer;
    case RefusedModel::Time:
        return EventColumns::timeText(r.receivedAtMs);
    case RefusedModel::Status:
        return r.status;
    case RefusedModel::Reason:
        return r.reason;
    case RefusedModel::Method:
        return r.method;
    case RefusedModel::Path:
        return r.query.isEmpty() ? r.path : r.path + u'?' + r.query;
    case RefusedModel::Peer:
        return r.peer;
    case RefusedModel::Body:
        return RefusedModel::bodySizeText(r);
    default:
        return {};
    }
}

} // namespace

QString RefusedModel::bodySizeText(const RefusedRecord &record)
{
    const QLocale locale;
    const auto size = [&locale](qint64 bytes) {
        return locale.formattedDataSize(bytes, 0, QLocale::DataSizeIecFormat);
    };
    if (!record.bodyCut())
        return size(record.body.size());
    //: A refused delivery's body, of which only the start was kept, e.g. "(first 64 KiB of 16 MiB)"
    return tr("(first %1 of %2)").arg(size(record.body.size()), size(record.bodyBytes));
}

RefusedModel::RefusedModel(QObject *parent)
    : QAbstractTableModel(parent)
    , d(std::make_unique<Private>())
{
}

RefusedModel::~RefusedModel() = default;

bool RefusedModel::openStore(const QString &path, QString *error)
{
    closeStore();
    if (!d->store.openReadOnly(path, error))
        return false;
    const qint64 lastId = d->store.maxRefusedId();
    if (lastId < 0) {
        if (error)
            *error = d->store.lastError();
        d->store.close();
        return false;
    }
    beginResetModel();
    d->lastSeenId = lastId;
    d->ids = d->store.refusedIds(0, lastId);
    endResetModel();
    return true;
}

void RefusedModel::closeStore()
{
    beginResetModel();
    d->store.close();
    d->pages.clear();
    d->contents.clear();
    d->ids.clear();
    d->lastSeenId = 0;
    endResetModel();
}

QString RefusedModel::storePath() const
{
    return d->store.isOpen() ? d->store.path() : QString();
}

void RefusedModel::setFeed(AppendFeed *feed)
{
    d->feed.subscribe(
        feed, this, [this] { return d->store.isOpen() ? d->store.path() : QString(); },
        [this](qint64, qint64 lastRefusedId) { appendUpTo(lastRefusedId); });
}

void RefusedModel::appendUpTo(qint64 lastRefusedId)
{
    if (!d->store.isOpen() || lastRefusedId <= d->lastSeenId)
        return;
    const QList<qint64> newIds = d->store.refusedIds(d->lastSeenId, lastRefusedId);
    d->lastSeenId = lastRefusedId;
    if (newIds.isEmpty())
        return;
    const int first = rowCount();
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(newIds.size()) - 1);
    d->ids += newIds;
    endInsertRows();
}

RefusedRecord RefusedModel::record(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return d->recordAt(row);
}

int RefusedModel::rowOfId(qint64 id) const
{
    // Ids ascend: rows are appended in id order.
    const auto it = std::lower_bound(d->ids.cbegin(), d->ids.cend(), id);
    return it != d->ids.cend() && *it == id ? static_cast<int>(it - d->ids.cbegin()) : -1;
}

void RefusedModel::removeId(qint64 id)
{
    const int row = rowOfId(id);
    if (row < 0)
        return;
    beginRemoveRows(QModelIndex(), row, row);
    d->ids.removeAt(row);
    d->pages.clear(); // pages are cut by row
    d->contents.remove(id);
    endRemoveRows();
}

qsizetype RefusedModel::cachedRecordCount() const
{
    return d->pages.recordCount();
}

int RefusedModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(d->ids.size());
}

int RefusedModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RefusedModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    if (!index.isValid())
        return {};
    if (role == RefusedIdRole)
        return d->ids.at(index.row());
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != ReceivedAtRole &&
        role != StatusRole && role != RecordRole && role != BodyBytesRole)
        return {};
    const RefusedRecord &r = d->recordAt(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        const int column = index.column();
        const bool fromBody = column == Event || column == Channel || column == Customer;
        return displayValue(r, column, fromBody ? d->contentOf(r) : RefusedRequest::Content());
    }
    case Qt::ToolTipRole:
        return index.column() == Reason ? QVariant(r.reason) : QVariant();
    case ReceivedAtRole:
        return r.receivedAtMs;
    case StatusRole:
        return r.status;
    case BodyBytesRole:
        return std::max<qint64>(r.bodyBytes, r.body.size());
    default:
        return QVariant::fromValue(r);
    }
}

QVariant RefusedModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Status:
        return tr("Status");
    case Reason:
        return tr("Reason");
    case Method:
        return tr("Method");
    case Path:
        return tr("Path");
    case Peer:
        return tr("Peer");
    case Body:
        return tr("Body");
    case Event:
        return tr("Event");
    case Channel:
        return tr("Channel");
    case Customer:
        return tr("Customer");
    default:
        return {};
    }
}
