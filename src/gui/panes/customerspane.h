#pragma once

#include "models/customerhistory.h"
#include "models/feedsubscription.h"

#include <QWidget>

class AppendFeed;
class CustomerListModel;
class FilterExpression;
class QLabel;
class QSplitter;
class QTableView;
class TimelineModel;

// Customers seen in add_user / update_user events, and for the selected one
// a timeline of field-level changes (CustomerTimeline) with the merged
// profile above it. New events of the shown customer are appended live.
class CustomersPane final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomersPane)

public:
    explicit CustomersPane(QWidget *parent = nullptr);
    ~CustomersPane() override;

    bool openStore(const QString &path, QString *error = nullptr);
    void closeStore();
    // The receiver's coalesced commits: for the list model, and for the
    // shown customer's timeline, which appends their new changes.
    void setFeed(AppendFeed *feed);
    void setFilter(const FilterExpression &filter);
    void setChannelScope(int code);
    // Selects the customer in the list (and shows the timeline).
    void selectCustomer(const QString &chatUserId);
    QString currentCustomer() const { return m_history.customer(); }

    CustomerListModel *listModel() const { return m_list; }
    TimelineModel *timelineModel() const { return m_timeline; }
    QTableView *listView() const { return m_listView; }
    QTableView *timelineView() const { return m_timelineView; }
    QSplitter *splitter() const { return m_splitter; }
    QString profileText() const;

Q_SIGNALS:
    void customerSelected(const QString &chatUserId);
    // A timeline row was selected: the event that made that change.
    void eventSelected(const EventRecord &record);

protected:
    void changeEvent(QEvent *event) override;

private:
    void setUpViews();
    void showCustomer(const QString &chatUserId);
    void appendTimelineUpTo(qint64 lastEventId);
    void onListCurrentChanged();
    void onTimelineCurrentChanged();
    void updateProfile();

    CustomerListModel *m_list = nullptr;
    TimelineModel *m_timeline = nullptr;
    QTableView *m_listView = nullptr;
    QTableView *m_timelineView = nullptr;
    QLabel *m_profile = nullptr;
    QLabel *m_listTitle = nullptr;
    QSplitter *m_splitter = nullptr;
    // The shown customer's events, read and replayed in core.
    CustomerHistory m_history;
    FeedSubscription m_feed;
};
