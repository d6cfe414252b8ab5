#pragma once

#include "records/eventrecord.h"

#include <QAbstractListModel>

#include <memory>

class AppendFeed;

// One conversation as a transcript: the message events of a chat session (or
// of a customer), oldest first (arrival order, which is what live appends
// keep), the latest kMaxMessages of them. The view
// decides how to draw; the model gives the facts per message.
class ConversationModel final : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationModel)

public:
    static constexpr int kMaxMessages = 500;

    enum Role {
        EventIdRole = Qt::UserRole + 1,
        FromCustomerRole, // bool: sender_type 1 (else an agent, or unknown)
        SenderRole,       // sender id
        AgentRole,        // qint64 sys_user_id (<= 0: unassigned or bot)
        TextRole,         // msg
        MsgTypeRole,      // text, button, image, ... (unknown kinds as sent)
        IsMediaRole,      // bool: msg is a media URL (not text/button)
        QuoteRole,        // quote_chat, empty when not a reply
        SendTimeRole,     // qint64 ms (send_time, or received time if absent)
        ChannelRole,      // int
        VerificationRole, // int (Verification)
        RecordRole,
        // QString: the customer's name from their customer events (the
        // latest verified one), else from a verified message that carried
        // one, else the chat_user_id.
        CustomerNameRole,
    };

    explicit ConversationModel(QObject *parent = nullptr);
    ~ConversationModel() override;

    bool openStore(const QString &path, QString *error = nullptr);
    void closeStore();
    // Shows the session's messages; an empty session id shows the customer's
    // messages across sessions instead (chatUserId), both empty = nothing.
    void showSession(const QString &chatSessionId, const QString &chatUserId);
    QString sessionId() const;
    QString chatUserId() const;
    // Listens to `feed` (nullptr: to nothing), like EventTableModel::setFeed.
    void setFeed(AppendFeed *feed);
    // Events up to lastEventId were committed: new messages of the
    // conversation are appended now, in one batch; past kMaxMessages the
    // oldest rows are removed.
    void appendUpTo(qint64 lastEventId);
    EventRecord record(int row) const;
    // CustomerNameRole's value for a customer of the shown conversation
    // (the chat_user_id when no name is known).
    QString customerName(const QString &chatUserId) const;

    // A message whose msg is a media URL: a kind other than text and button,
    // and msg an absolute http(s) URL (spec section 3).
    static bool isMedia(const EventRecord &record);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    void load();
    void readNames();
    void refreshNames();

    struct Private;
    std::unique_ptr<Private> d;
};
