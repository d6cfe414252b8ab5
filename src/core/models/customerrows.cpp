#include "models/customerrows.h"

#include "models/customerlistmodel.h"

#include <algorithm>

namespace {

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

} // namespace

QStringList CustomerRows::fold(Customers &customers,
                               const QList<EventStore::CustomerEventSummary> &events)
{
    QStringList touched;
    for (const EventStore::CustomerEventSummary &e : events) {
        CustomerEntry &c = customers[e.chatUserId];
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

QString CustomerRows::nameText(const CustomerEntry &c)
{
    return c.name.isEmpty() ? c.chatUserId : c.name;
}

QVariant CustomerRows::sortValue(const CustomerEntry &c, int column)
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

QStringList CustomerRows::foldIn(const QList<EventStore::CustomerEventSummary> &events)
{
    return fold(m_customers, events);
}

void CustomerRows::clear()
{
    m_customers.clear();
    m_rows.clear();
    m_rowOf.clear();
}

void CustomerRows::show(const QStringList &chatUserIds)
{
    m_rows = chatUserIds;
    // Every shown row must be a known customer (customer() relies on it).
    m_rows.removeIf([this](const QString &id) { return !m_customers.contains(id); });
    sortRows();
}

void CustomerRows::append(const QString &chatUserId)
{
    m_rowOf.insert(chatUserId, static_cast<int>(m_rows.size()));
    m_rows.append(chatUserId);
}

void CustomerRows::setSort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
}

void CustomerRows::sortRows()
{
    const int column = m_sortColumn;
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    std::stable_sort(m_rows.begin(), m_rows.end(), [&](const QString &a, const QString &b) {
        const CustomerEntry &x = customer(a);
        const CustomerEntry &y = customer(b);
        int order = compareValues(sortValue(x, column), sortValue(y, column));
        if (order == 0)
            order = compareValues(x.firstEventId, y.firstEventId);
        return descending ? order > 0 : order < 0;
    });
    m_rowOf.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowOf.insert(m_rows.at(i), i);
}
