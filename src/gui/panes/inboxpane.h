#pragma once

#include <QWidget>

class AppendFeed;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class Settings;
class SessionListModel;
struct EventRecord;

// The conversation inbox tab (docs/inbox.md): the sessions, newest activity
// first, with a search box (name, ids, last message). Opening one marks it
// read and asks for its transcript (sessionOpened, which the window hands to
// its ConversationPane). Read only.
class InboxPane final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InboxPane)

public:
    explicit InboxPane(QWidget *parent = nullptr);
    ~InboxPane() override;

    bool openStore(const QString &path, QString *error = nullptr);
    void closeStore();
    void setFeed(AppendFeed *feed);
    // The read marks live in these settings (per store).
    void useSettings(Settings *settings);

    void setSearchText(const QString &text);
    // Selects the session (SessionListModel::keyOf); false if not shown.
    bool selectSession(const QString &key);
    QString currentSessionKey() const;

    SessionListModel *model() const { return m_model; }
    QSortFilterProxyModel *shownModel() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QLineEdit *searchEdit() const { return m_search; }

Q_SIGNALS:
    // A session was opened: `last` names its newest message (id, session,
    // customer), what ConversationPane::showRecord shows with it in view.
    void sessionOpened(const EventRecord &last);

private:
    void onCurrentChanged(const QModelIndex &current);
    void updateEmptyText();

    SessionListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_empty = nullptr;
    QTableView *m_view = nullptr;
};
