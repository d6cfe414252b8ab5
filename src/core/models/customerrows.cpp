#include "models/customerrows.h"

#include "models/customerlistmodel.h"
#include "records/verification.h"

#include <algorithm>
#include <limits>

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

bool isUnverified(Verification v)
{
    return v == Verification::BadSignature || v == Verification::Unsigned;
}

void setValue(CustomerEntry::Value &value, const QString &text, bool unverified)
{
    if (text.isEmpty())
        return;
    (unverified ? value.unverified : value.verified) = text;
}

CustomerEntry &entry(CustomerRows::Customers &customers, const QString &chatUserId, qint64 eventId)
{
    // Met first here (an empty chat_user_id is a customer too: the test is
    // whether the id is known, not whether the entry's id is empty).
    auto it = customers.find(chatUserId);
    if (it == customers.end()) {
        it = customers.insert(chatUserId, CustomerEntry{});
        it->chatUserId = chatUserId;
        it->firstEventId = eventId;
    }
    return *it;
}

} // namespace

QStringList CustomerRows::fold(Customers &customers,
                               const QList<EventStore::CustomerEventSummary> &events)
{
    QStringList touched;
    for (const EventStore::CustomerEventSummary &e : events) {
        CustomerEntry &c = entry(customers, e.chatUserId, e.id);
        const bool unverified = isUnverified(e.verification);
        setValue(c.customerName, e.name, unverified);
        setValue(c.phone, e.phone, unverified);
        setValue(c.email, e.email, unverified);
        // An update without a channel leaves it unchanged (spec section 4);
        // an unverified one never replaces a verified channel.
        if (e.channel >= 0 && (!unverified || c.changes == c.unverifiedChanges)) {
            c.channel = e.channel;
            c.channelName = e.channelName;
        }
        ++c.changes;
        if (!e.test)
            ++c.realEvents;
        if (unverified)
            ++c.unverifiedChanges;
        c.lastChangeAt = std::max(c.lastChangeAt, e.receivedAtMs);
        touched.append(e.chatUserId);
    }
    touched.removeDuplicates();
    return touched;
}

QStringList CustomerRows::foldMessages(Customers &customers,
                                       const QList<EventStore::MessageCustomerSummary> &summaries)
{
    QStringList touched;
    for (const EventStore::MessageCustomerSummary &s : summaries) {
        CustomerEntry &c = entry(customers, s.chatUserId, s.lastEventId);
        if (!s.name.isEmpty())
            c.messageName = s.name;
        // The customer events' channel wins; a customer who only wrote is
        // on the channel of their latest message.
        if (c.changes == 0 && s.channel >= 0) {
            c.channel = s.channel;
            c.channelName = s.channelName;
        }
        c.messages += s.messages;
        c.realEvents += s.messages - s.testMessages;
        c.lastMessageAt = std::max(c.lastMessageAt, s.lastMessageAtMs);
        touched.append(s.chatUserId);
    }
    touched.removeDuplicates();
    return touched;
}

QStringList CustomerRows::foldSummaries(Customers &customers,
                                        const QList<EventStore::CustomerSummary> &summaries)
{
    const auto clamped = [](qint64 n) {
        return static_cast<int>(std::min<qint64>(n, std::numeric_limits<int>::max()));
    };
    QStringList touched;
    touched.reserve(summaries.size());
    for (const EventStore::CustomerSummary &s : summaries) {
        CustomerEntry &c = customers[s.chatUserId];
        c.chatUserId = s.chatUserId;
        const bool changed = s.changes > 0;
        // fold() meets a customer at the first customer event, foldMessages()
        // at the summary of the messages.
        c.firstEventId = changed ? s.firstChangeId : s.lastMessageId;
        c.customerName = {s.name, s.unverifiedName};
        c.phone = {s.phone, s.unverifiedPhone};
        c.email = {s.email, s.unverifiedEmail};
        c.messageName = s.messageName;
        if (changed) {
            c.channel = s.channel;
            c.channelName = s.channelName;
        } else if (s.messageChannel >= 0) {
            c.channel = s.messageChannel;
            c.channelName = s.messageChannelName;
        }
        c.changes = clamped(s.changes);
        c.unverifiedChanges = clamped(s.unverifiedChanges);
        c.lastChangeAt = s.lastChangeAtMs;
        c.messages = s.messages;
        c.lastMessageAt = s.lastMessageAtMs;
        c.realEvents = s.changes - s.testChanges + s.messages - s.testMessages;
        touched.append(s.chatUserId);
    }
    return touched;
}

QString CustomerRows::nameText(const CustomerEntry &c)
{
    const QString name = c.name();
    return name.isEmpty() ? c.chatUserId : name;
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
    case CustomerListModel::LastMessage:
        return c.lastMessageAt;
    default:
        return c.firstEventId;
    }
}

bool CustomerRows::matchesSearch(const CustomerEntry &c, const QString &search)
{
    if (search.isEmpty())
        return true;
    const auto has = [&search](const QString &text) {
        return text.contains(search, Qt::CaseInsensitive);
    };
    return has(c.chatUserId) || has(c.name()) || has(c.customerName.verified) ||
           has(c.customerName.unverified) || has(c.phone.text()) || has(c.email.text());
}

bool CustomerRows::isShowable(const CustomerEntry &c) const
{
    return matchesSearch(c, m_search) && (m_showTests || !c.isTestOnly());
}

QStringList CustomerRows::foldIn(const QList<EventStore::CustomerEventSummary> &events)
{
    return fold(m_customers, events);
}

QStringList CustomerRows::foldInMessages(const QList<EventStore::MessageCustomerSummary> &summaries)
{
    return foldMessages(m_customers, summaries);
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
    m_rows.removeDuplicates();
    // Every shown row must be a known customer (customer() relies on it).
    m_rows.removeIf([this](const QString &id) {
        const auto it = m_customers.constFind(id);
        return it == m_customers.cend() || !isShowable(*it);
    });
    sortRows();
}

bool CustomerRows::lessThan(const QString &a, const QString &b) const
{
    const CustomerEntry &x = customer(a);
    const CustomerEntry &y = customer(b);
    int order = compareValues(sortValue(x, m_sortColumn), sortValue(y, m_sortColumn));
    if (order == 0)
        order = compareValues(x.firstEventId, y.firstEventId);
    return m_sortOrder == Qt::DescendingOrder ? order > 0 : order < 0;
}

int CustomerRows::insertPosition(const QString &chatUserId) const
{
    if (m_sortColumn < 0)
        return static_cast<int>(m_rows.size());
    const auto it = std::upper_bound(
        m_rows.cbegin(), m_rows.cend(), chatUserId,
        [this](const QString &id, const QString &row) { return lessThan(id, row); });
    return static_cast<int>(it - m_rows.cbegin());
}

void CustomerRows::insertAt(int row, const QString &chatUserId)
{
    if (row >= m_rows.size()) {
        m_rowOf.insert(chatUserId, static_cast<int>(m_rows.size()));
        m_rows.append(chatUserId);
        return;
    }
    m_rows.insert(row, chatUserId);
    reindex();
}

int CustomerRows::movedPosition(const QString &chatUserId) const
{
    const int row = rowOf(chatUserId);
    if (m_sortColumn < 0 || row < 0)
        return -1;
    const bool afterPrevious = row == 0 || lessThan(m_rows.at(row - 1), chatUserId);
    const bool beforeNext = row + 1 >= m_rows.size() || lessThan(chatUserId, m_rows.at(row + 1));
    if (afterPrevious && beforeNext)
        return -1;
    QStringList others = m_rows;
    others.removeAt(row);
    const auto it = std::upper_bound(
        others.cbegin(), others.cend(), chatUserId,
        [this](const QString &id, const QString &other) { return lessThan(id, other); });
    const int to = static_cast<int>(it - others.cbegin());
    return to == row ? -1 : to;
}

void CustomerRows::moveRow(int from, int to)
{
    const QString id = m_rows.takeAt(from);
    m_rows.insert(to, id);
    reindex();
}

void CustomerRows::setSort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
}

void CustomerRows::sortRows()
{
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [this](const QString &a, const QString &b) { return lessThan(a, b); });
    reindex();
}

void CustomerRows::reindex()
{
    m_rowOf.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowOf.insert(m_rows.at(i), i);
}
