#pragma once

#include "models/customerentry.h"
#include "store/eventstore.h"

#include <QHash>
#include <QStringList>
#include <QVariant>

// CustomerListModel's bookkeeping, apart from its model plumbing: every
// known customer (folded from the customer events) and the chat_user_ids
// shown, in row order, with the sort that orders them.
class CustomerRows final {
public:
    using Customers = QHash<QString, CustomerEntry>;

    // Applies customer events (id order) to `customers`; returns the
    // customers they touched.
    static QStringList fold(Customers &customers,
                            const QList<EventStore::CustomerEventSummary> &events);
    // The Name column's text: the name, or the id when there is none.
    static QString nameText(const CustomerEntry &c);
    // The raw value a column sorts on (CustomerListModel::Column).
    static QVariant sortValue(const CustomerEntry &c, int column);

    QStringList foldIn(const QList<EventStore::CustomerEventSummary> &events);
    void setCustomers(const Customers &customers) { m_customers = customers; }
    QStringList customerIds() const { return m_customers.keys(); }
    // Forgets the customers and the rows.
    void clear();

    qsizetype size() const { return m_rows.size(); }
    QStringList rows() const { return m_rows; }
    QString idAt(int row) const { return m_rows.value(row); }
    int rowOf(const QString &chatUserId) const { return m_rowOf.value(chatUserId, -1); }
    // Only for rows in [0, size()).
    const CustomerEntry &at(int row) const { return customer(m_rows.at(row)); }
    // Shows the known ones of `chatUserIds`, in the sort order.
    void show(const QStringList &chatUserIds);
    // Appends a known customer that is not shown yet, whatever the sort.
    void append(const QString &chatUserId);
    void setSort(int column, Qt::SortOrder order);

private:
    // Only for ids in m_customers (every shown row is).
    const CustomerEntry &customer(const QString &chatUserId) const
    {
        return *m_customers.constFind(chatUserId);
    }
    void sortRows();

    Customers m_customers; // all known, shown or not
    QStringList m_rows;    // chat_user_ids shown, in row order
    QHash<QString, int> m_rowOf;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};
