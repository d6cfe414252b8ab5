#pragma once

#include "models/customerhistory.h"
#include "models/feedsubscription.h"

#include <QWidget>

class AppendFeed;
class CustomerListModel;
class FilterExpression;
class QCheckBox;
class QLabel;
class QLineEdit;
class QScrollArea;
class QSplitter;
class QTableView;
class TimelineModel;

// Customers seen in add_user / update_user events or in their messages, with
// a search box; for the selected one a timeline of field-level changes
// (CustomerTimeline) with the merged profile above it. New events of the
// shown customer are appended live. Unverified customer events (a bad
// signature or none) are marked in the timeline and the profile, and their
// values only replace verified ones with "Show unverified data" on.
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
    QLineEdit *searchEdit() const { return m_search; }
    QCheckBox *showUnverifiedCheck() const { return m_showUnverified; }
    // The words over an empty list ("No customer matches …"), empty when
    // the list shows someone.
    QString placeholderText() const;
    void setShowUnverified(bool on);
    bool showUnverified() const;

Q_SIGNALS:
    void customerSelected(const QString &chatUserId);
    // A timeline row was selected: the event that made that change.
    void eventSelected(const EventRecord &record);
    // The user turned "Show unverified data" on or off (to remember it).
    void showUnverifiedChanged(bool on);

protected:
    void changeEvent(QEvent *event) override;

private:
    void setUpViews();
    void showCustomer(const QString &chatUserId);
    void appendTimelineUpTo(qint64 lastEventId);
    void onListCurrentChanged();
    void onTimelineCurrentChanged();
    void updateProfile();
    void updatePlaceholder();
    void fitProfile();
    bool eventFilter(QObject *watched, QEvent *event) override;

    CustomerListModel *m_list = nullptr;
    TimelineModel *m_timeline = nullptr;
    QTableView *m_listView = nullptr;
    QTableView *m_timelineView = nullptr;
    QLabel *m_profile = nullptr;
    QLabel *m_listTitle = nullptr;
    QLineEdit *m_search = nullptr;
    QCheckBox *m_showUnverified = nullptr;
    QLabel *m_placeholder = nullptr;
    QScrollArea *m_profileArea = nullptr;
    QSplitter *m_splitter = nullptr;
    // The shown customer's events, read and replayed in core.
    CustomerHistory m_history;
    FeedSubscription m_feed;
};
