#include "models/eventroles.h"

#include "models/eventtablemodel.h"

bool EventRoles::isRecordRole(int role)
{
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case EventTableModel::ReceivedAtRole:
    case EventTableModel::ChannelRole:
    case EventTableModel::ChatUserIdRole:
    case EventTableModel::ChatSessionIdRole:
    case EventTableModel::EventNameRole:
    case EventTableModel::MsgTypeRole:
    case EventTableModel::SenderTypeRole:
    case EventTableModel::VerificationRole:
    case EventTableModel::VerifiedRole:
    case EventTableModel::DeliveriesRole:
    case EventTableModel::RecordRole:
    case EventTableModel::SortRole:
    case EventTableModel::ConflictRole:
    case EventTableModel::StaleRole:
    case EventTableModel::TestRole:
    case EventTableModel::ChangesRole:
        return true;
    default:
        return false;
    }
}

QVariant EventRoles::rowValue(const EventRecord &r, int role)
{
    switch (role) {
    case EventTableModel::ReceivedAtRole:
        return r.receivedAtMs;
    case EventTableModel::ChannelRole:
        return r.channel;
    case EventTableModel::ChatUserIdRole:
        return r.chatUserId;
    case EventTableModel::ChatSessionIdRole:
        return r.chatSessionId;
    case EventTableModel::EventNameRole:
        return r.event;
    case EventTableModel::MsgTypeRole:
        return r.msgType;
    case EventTableModel::SenderTypeRole:
        return static_cast<int>(r.senderType);
    case EventTableModel::VerificationRole:
        return static_cast<int>(r.verification);
    case EventTableModel::VerifiedRole:
        return isVerified(r.verification);
    case EventTableModel::DeliveriesRole:
        return r.deliveries;
    case EventTableModel::RecordRole:
        return QVariant::fromValue(r);
    case EventTableModel::ConflictRole:
        return r.conflict;
    case EventTableModel::StaleRole:
        return r.stale;
    case EventTableModel::TestRole:
        return r.test;
    default:
        return {};
    }
}
