#pragma once

#include "filter/filterexpression.h"

#include <QAbstractTableModel>

#include <memory>

class AppendFeed;

// Customers known from add_user / update_user events and from the messages
// they wrote (one row per chat_user_id): latest non-empty name (a verified
// one wins over an unverified one), channel of the latest event (of the
// latest message for customers who only wrote), number of customer events
// (changes), last change time, last message time. The filter and the channel
// scope choose which customers are shown (those with a matching customer
// event or message), the search narrows them by name, phone, email or id;
// the values always describe all of a customer's events. Unsorted, rows are
// in order of first appearance; sort() sorts in memory on SortRole (names
// case-insensitively), and later arrivals and changes keep that order.
class CustomerListModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerListModel)

public:
    enum Column { Name, Channel, Changes, LastChange, LastMessage, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        ChatUserIdRole = Qt::UserRole + 1,
        ChannelRole,      // int
        LastChangeAtRole, // qint64 ms
        SortRole,
        UnverifiedRole,    // bool: the shown name comes from an unverified event
        LastMessageAtRole, // qint64 ms, 0 when none
    };

    explicit CustomerListModel(QObject *parent = nullptr);
    ~CustomerListModel() override;

    // A store with more events than the async threshold lists its
    // customers when the reader thread has read them (loadingChanged).
    bool openStore(const QString &path, QString *error = nullptr);
    static constexpr qint64 kDefaultAsyncLoadThreshold = 50'000;
    void setAsyncLoadThreshold(qint64 events);
    bool isLoading() const;
    void closeStore();
    // Only customers with at least one customer event matching the filter
    // (and the channel scope, ChannelModel::kAllChannels for all).
    void setFilter(const FilterExpression &filter);
    FilterExpression filter() const;
    void setChannelScope(int code);
    int channelScope() const;
    // Only customers whose name, phone, email or id contains `text`
    // (case-insensitive; empty: everyone). Applied in memory.
    void setSearch(const QString &text);
    QString search() const;
    // Customers known, shown or not (the view says when a filter or search
    // hides them all); those known only from test deliveries count only
    // while the filter names tests.
    int knownCount() const;
    // Customers known only from test deliveries, counted or not.
    int testOnlyCount() const;
    // A filter, channel scope or search narrows the list.
    bool isNarrowed() const;
    // Listens to `feed` (nullptr: to nothing), like EventTableModel::setFeed.
    void setFeed(AppendFeed *feed);
    // Events up to lastEventId were committed, applied now (after the load
    // while one runs): new customer events update their customers;
    // customers that newly match are inserted where the sort puts them
    // (appended when unsorted), and changed ones move to their sorted place.
    void appendUpTo(qint64 lastEventId);
    void reload();
    int rowOfCustomer(const QString &chatUserId) const;
    QString chatUserId(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    void errorOccurred(const QString &message);

private:
    void startLoad(bool refold);
    void finishLoad();
    void showCustomers(const QStringList &all);
    void refilter();
    void showRows(const QStringList &chatUserIds);
    void placeChanged(const QString &chatUserId);

    struct Private;
    std::unique_ptr<Private> d;
};
