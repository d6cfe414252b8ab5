#pragma once

#include "store/eventcondition.h"

#include <QAbstractTableModel>
#include <QHash>

#include <functional>
#include <memory>

class AppendFeed;

// The conversation inbox (docs/inbox.md): one row per chat session (per
// customer on channels without sessions), newest activity first, with the
// customer's name (the latest from their customer events, else the id), the
// channel, the last message and its time, the unread customer messages and
// the serving agent (EventStore::SessionSummary::sysUserId; <= 0: unassigned
// or a bot). At most kMaxSessions rows: the oldest fall off the end. Read only.
//
// Unread: customer messages newer than the session's read mark. The marks
// come from a loader (the settings) when a store opens and leave through
// readMarksChanged(); the key "" holds the mark of every session without its
// own (a store seen for the first time starts with everything read, like the
// channel badges).
class SessionListModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionListModel)

public:
    enum Column { Customer, Channel, LastMessage, LastTime, Unread, Agent, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        SessionKeyRole = Qt::UserRole + 1, // "s:<chat_session_id>" or "u:<chat_user_id>"
        ChatSessionIdRole,
        ChatUserIdRole,
        LastEventIdRole, // qint64
        LastAtRole,      // qint64 ms
        UnreadRole,      // qint64
        ChannelRole,     // int
        AgentRole,       // qint64 sys_user_id
        SearchTextRole,  // name, ids and last message, for the search box
    };

    static constexpr int kMaxSessions = 5000;
    static constexpr qint64 kDefaultAsyncLoadThreshold = 50'000;
    // Read marks: session key -> id of the last message read; "" the rest.
    using ReadMarks = QHash<QString, qint64>;
    static constexpr int kMaxReadMarks = 2000;

    explicit SessionListModel(QObject *parent = nullptr);
    ~SessionListModel() override;

    // A store with more events than the threshold is read on a reader
    // thread (loadingChanged).
    bool openStore(const QString &path, QString *error = nullptr);
    void closeStore();
    QString storePath() const;
    void setAsyncLoadThreshold(qint64 events);
    bool isLoading() const;
    // Only messages matching this condition count (the default view's
    // condition, when there is one). Reloads.
    void setCondition(const EventCondition &condition);
    void setFeed(AppendFeed *feed);
    // Messages up to lastEventId were committed: their sessions are updated
    // in one batch and move to the top (a layout change: selections stay).
    void appendUpTo(qint64 lastEventId);

    void setReadMarkLoader(std::function<ReadMarks(const QString &storePath)> loader);
    ReadMarks readMarks() const;
    // The session is read up to its last message; while it is the open one
    // (setOpenSession), its new messages are read as they arrive.
    void markRead(int row);
    void setOpenSession(const QString &key);

    int rowOfSession(const QString &key) const;
    QString sessionKey(int row) const;
    static QString keyOf(const QString &chatSessionId, const QString &chatUserId);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    void errorOccurred(const QString &message);
    void readMarksChanged(const QString &storePath, const SessionListModel::ReadMarks &marks);

private:
    void reload();
    void finishLoad();
    void saveMarks();

    struct Private;
    std::unique_ptr<Private> d;
};
