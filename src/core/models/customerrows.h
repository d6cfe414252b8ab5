#pragma once

#include "models/customerentry.h"
#include "store/eventstore.h"

#include <QHash>
#include <QStringList>
#include <QVariant>

#include <algorithm>

// CustomerListModel's bookkeeping, apart from its model plumbing: every
// known customer (folded from the customer events and the messages) and the
// chat_user_ids shown, in row order, with the sort that orders them and the
// search that narrows them.
class CustomerRows final {
public:
    using Customers = QHash<QString, CustomerEntry>;

    // Applies customer events (id order) to `customers`; returns the
    // customers they touched.
    static QStringList fold(Customers &customers,
                            const QList<EventStore::CustomerEventSummary> &events);
    // Applies what later messages tell (EventStore::messageCustomers of the
    // next id range); returns the customers they touched.
    static QStringList foldMessages(Customers &customers,
                                    const QList<EventStore::MessageCustomerSummary> &summaries);
    // Sets the customers from their summary rows (EventStore::customerSummaries),
    // as fold() and then foldMessages() of all their events would; returns them.
    static QStringList foldSummaries(Customers &customers,
                                     const QList<EventStore::CustomerSummary> &summaries);
    // The Name column's text: the name, or the id when there is none.
    static QString nameText(const CustomerEntry &c);
    // The raw value a column sorts on (CustomerListModel::Column).
    static QVariant sortValue(const CustomerEntry &c, int column);
    // Does the search text occur (case-insensitively) in the name, phone,
    // email or id? An empty search matches everyone.
    static bool matchesSearch(const CustomerEntry &c, const QString &search);

    // Matches the search, and is not known from test deliveries only unless
    // those are shown (setShowTests).
    bool isShowable(const CustomerEntry &c) const;
    void setShowTests(bool show) { m_showTests = show; }

    QStringList foldIn(const QList<EventStore::CustomerEventSummary> &events);
    QStringList foldInMessages(const QList<EventStore::MessageCustomerSummary> &summaries);
    void setCustomers(const Customers &customers) { m_customers = customers; }
    QStringList customerIds() const { return m_customers.keys(); }
    qsizetype knownCount() const { return m_customers.size(); }
    // Known only from test deliveries (CustomerEntry::isTestOnly).
    qsizetype testOnlyCount() const
    {
        return std::count_if(m_customers.cbegin(), m_customers.cend(),
                             [](const CustomerEntry &c) { return c.isTestOnly(); });
    }
    bool showsTests() const { return m_showTests; }
    bool isKnown(const QString &chatUserId) const { return m_customers.contains(chatUserId); }
    // nullptr when not known.
    const CustomerEntry *find(const QString &chatUserId) const
    {
        const auto it = m_customers.constFind(chatUserId);
        return it == m_customers.cend() ? nullptr : &*it;
    }
    // Forgets the customers and the rows.
    void clear();

    qsizetype size() const { return m_rows.size(); }
    QStringList rows() const { return m_rows; }
    QString idAt(int row) const { return m_rows.value(row); }
    int rowOf(const QString &chatUserId) const { return m_rowOf.value(chatUserId, -1); }
    // Only for rows in [0, size()).
    const CustomerEntry &at(int row) const { return customer(m_rows.at(row)); }
    // Shows the known ones of `chatUserIds` that match the search, in the
    // sort order.
    void show(const QStringList &chatUserIds);
    // Where a known customer that is not shown yet goes in the sort order
    // (the end when unsorted).
    int insertPosition(const QString &chatUserId) const;
    void insertAt(int row, const QString &chatUserId);
    // Where a shown customer belongs now that its values changed: -1 when
    // it stays, else the row it moves to once taken out of its place.
    int movedPosition(const QString &chatUserId) const;
    void moveRow(int from, int to);
    void setSort(int column, Qt::SortOrder order);
    bool isSorted() const { return m_sortColumn >= 0; }
    void setSearch(const QString &search) { m_search = search.trimmed(); }
    QString search() const { return m_search; }

private:
    // Only for ids in m_customers (every shown row is).
    const CustomerEntry &customer(const QString &chatUserId) const
    {
        return *m_customers.constFind(chatUserId);
    }
    bool lessThan(const QString &a, const QString &b) const;
    void sortRows();
    void reindex();

    Customers m_customers; // all known, shown or not
    QStringList m_rows;    // chat_user_ids shown, in row order
    QHash<QString, int> m_rowOf;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QString m_search;
    bool m_showTests = false;
};
