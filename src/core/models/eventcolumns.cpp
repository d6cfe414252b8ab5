#include "models/eventcolumns.h"

#include "models/eventtablemodel.h"
#include "records/channelcatalog.h"
#include "records/eventrecord.h"
#include "store/storecolumns.h"

#include <QCoreApplication>
#include <QDateTime>

namespace {

const QChar kEllipsis(0x2026);

// The SQL of each column's raw value; must give what sortValue() gives.
// Column names come from the store's one declaration (StoreColumns).
QString sqlValue(int column)
{
    using namespace StoreColumns;
    switch (column) {
    case EventTableModel::Time:
        return kReceivedAt;
    case EventTableModel::Channel:
        return QStringLiteral("COALESCE(%1, -1)").arg(kChannel);
    case EventTableModel::Customer:
        return QStringLiteral("COALESCE(%1, %2)").arg(kCustomerName, kChatUserId);
    case EventTableModel::Direction:
        return QStringLiteral("CASE WHEN %1 <> 'message' THEN '-'"
                              " WHEN %2 = 1 THEN 'customer'"
                              " WHEN %2 = 2 THEN 'agent' ELSE '' END")
            .arg(kEvent, kSenderType);
    case EventTableModel::Type:
        return QStringLiteral("CASE WHEN %1 = 'message' THEN %2 ELSE %1 END").arg(kEvent, kMsgType);
    case EventTableModel::Text:
        return kMsg;
    case EventTableModel::Verification:
        return kVerification;
    case EventTableModel::Deliveries:
        return kDeliveries;
    case EventTableModel::Sent:
        return kSendTime;
    default:
        return {};
    }
}

// A value in a tooltip line: one line, at most 80 characters.
QString shortValue(const QString &value)
{
    constexpr qsizetype kMax = 80;
    QString text = value;
    text.replace(u'\n', u' ').replace(u'\r', u' ');
    if (text.size() <= kMax)
        return text;
    qsizetype cut = kMax - 1;
    if (text.at(cut - 1).isHighSurrogate())
        --cut;
    return text.left(cut) + kEllipsis;
}

} // namespace

QVariant EventColumns::display(const EventRecord &r, int column, const QString &customerName,
                               bool milliseconds)
{
    switch (column) {
    case EventTableModel::Time:
        return timeText(r.receivedAtMs, milliseconds);
    case EventTableModel::Sent:
        return sentText(r, milliseconds);
    case EventTableModel::Channel:
        return channelText(r);
    case EventTableModel::Text:
        return summary(r.msg);
    case EventTableModel::Verification:
        return verificationText(r);
    default:
        return sortValue(r, column, customerName);
    }
}

QString EventColumns::verificationText(const EventRecord &r)
{
    // The word, then what must not be missed beside it (issue 9): a forged
    // copy under the same key, or a delivery that may be a replay.
    QString text = verificationWord(r.verification);
    if (r.conflict)
        text += QStringLiteral(" · ") + QCoreApplication::translate("EventTableModel", "conflict");
    if (r.stale)
        text += QStringLiteral(" · ") + QCoreApplication::translate("EventTableModel", "stale");
    return text;
}

QVariant EventColumns::sortValue(const EventRecord &r, int column, const QString &customerName)
{
    switch (column) {
    case EventTableModel::Time:
        return r.receivedAtMs;
    case EventTableModel::Channel:
        return r.channel;
    case EventTableModel::Customer:
        return customerText(r, customerName);
    case EventTableModel::Direction:
        return directionText(r);
    case EventTableModel::Type:
        return typeText(r);
    case EventTableModel::Text:
        return r.msg;
    case EventTableModel::Verification:
        return verificationWord(r.verification);
    case EventTableModel::Deliveries:
        return r.deliveries;
    case EventTableModel::Sent:
        return r.sendTimeMs;
    default:
        return {};
    }
}

QString EventColumns::orderBy(int column, bool descending)
{
    const QString value = sqlValue(column);
    if (value.isEmpty())
        return {};
    const QLatin1String direction = descending ? QLatin1String(" DESC") : QLatin1String(" ASC");
    return value + direction + QLatin1String(", ") + StoreColumns::kEventsTable + u'.' +
           StoreColumns::kId + direction;
}

QString EventColumns::header(int column)
{
    switch (column) {
    case EventTableModel::Time:
        return QCoreApplication::translate("EventTableModel", "Time");
    case EventTableModel::Channel:
        return QCoreApplication::translate("EventTableModel", "Channel");
    case EventTableModel::Customer:
        return QCoreApplication::translate("EventTableModel", "Customer");
    case EventTableModel::Direction:
        return QCoreApplication::translate("EventTableModel", "Direction");
    case EventTableModel::Type:
        return QCoreApplication::translate("EventTableModel", "Type");
    case EventTableModel::Text:
        return QCoreApplication::translate("EventTableModel", "Text");
    case EventTableModel::Verification:
        return QCoreApplication::translate("EventTableModel", "Verification");
    case EventTableModel::Deliveries:
        return QCoreApplication::translate("EventTableModel", "Deliveries");
    case EventTableModel::Sent:
        return QCoreApplication::translate("EventTableModel", "Sent");
    default:
        return {};
    }
}

QString EventColumns::headerToolTip(int column)
{
    switch (column) {
    case EventTableModel::Time:
        return QCoreApplication::translate(
            "EventTableModel", "Received: when this machine received the event's first delivery "
                               "(its own clock, local time)");
    case EventTableModel::Sent:
        return QCoreApplication::translate(
            "EventTableModel", "Sent: when SaleSmartly sent the message (send_time in the payload, "
                               "local time); empty when the event has none");
    case EventTableModel::Direction:
        return QCoreApplication::translate(
            "EventTableModel", "Who wrote a message: customer or agent; \"-\" for other events");
    case EventTableModel::Text:
        return QCoreApplication::translate("EventTableModel",
                                           "The message text, or what a customer event changed");
    case EventTableModel::Deliveries:
        return QCoreApplication::translate(
            "EventTableModel", "How many times the event was delivered (retries count)");
    default:
        return {};
    }
}

QString EventColumns::timeText(qint64 msSinceEpoch, bool milliseconds)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch)
        .toLocalTime()
        .toString(milliseconds ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")
                               : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString EventColumns::sentText(const EventRecord &r, bool milliseconds)
{
    return r.sendTimeMs > 0 ? timeText(r.sendTimeMs, milliseconds) : QString();
}

QString EventColumns::channelText(const EventRecord &r)
{
    return r.channelName.isEmpty() ? ChannelCatalog::name(r.channel) : r.channelName;
}

QString EventColumns::customerText(const EventRecord &r, const QString &customerName)
{
    return customerName.isEmpty() ? r.chatUserId : customerName;
}

QString EventColumns::directionText(const EventRecord &r)
{
    if (r.kind != EventKind::Message)
        return QStringLiteral("-");
    switch (r.senderType) {
    case SenderType::Customer:
        return QStringLiteral("customer");
    case SenderType::Agent:
        return QStringLiteral("agent");
    case SenderType::Unknown:
        break;
    }
    return QString();
}

QString EventColumns::typeText(const EventRecord &r)
{
    return r.kind == EventKind::Message ? r.msgType : r.event;
}

QString EventColumns::summary(const QString &msg)
{
    qsizetype end = msg.indexOf(u'\n');
    const bool moreLines = end >= 0;
    if (!moreLines)
        end = msg.size();
    if (end > 0 && msg.at(end - 1) == u'\r')
        --end;
    if (end > kMaxTextLength) {
        qsizetype cut = kMaxTextLength - 1;
        if (msg.at(cut - 1).isHighSurrogate()) // never split an emoji
            --cut;
        return msg.left(cut) + kEllipsis;
    }
    return moreLines ? msg.left(end) + kEllipsis : msg;
}

QString EventColumns::changeSummary(const QList<FieldChange> &changes)
{
    QStringList parts;
    QStringList labels; // "+VIP", "-Trial"
    qsizetype labelsAt = -1;
    for (const FieldChange &c : changes) {
        if (c.field == QLatin1String("label")) {
            if (labelsAt < 0)
                labelsAt = parts.size();
            labels.append(c.kind == FieldChange::Removed ? u'-' + shortValue(c.oldValue)
                                                         : u'+' + shortValue(c.newValue));
        } else if (!parts.contains(c.field)) {
            parts.append(c.field);
        }
    }
    if (labelsAt >= 0)
        parts.insert(labelsAt, QStringLiteral("labels ") + labels.join(u' '));
    if (parts.isEmpty())
        return QCoreApplication::translate("EventTableModel", "no change");
    return summary(parts.join(QStringLiteral(", ")));
}

QString EventColumns::changeDetails(const QList<FieldChange> &changes)
{
    QStringList lines;
    constexpr qsizetype kMaxLines = 40;
    for (const FieldChange &c : changes) {
        if (lines.size() == kMaxLines) {
            lines.append(kEllipsis);
            break;
        }
        switch (c.kind) {
        case FieldChange::Added:
            lines.append(QStringLiteral("labels: +") + shortValue(c.newValue));
            break;
        case FieldChange::Removed:
            lines.append(QStringLiteral("labels: -") + shortValue(c.oldValue));
            break;
        case FieldChange::Created:
        case FieldChange::Changed:
            if (c.oldValue.isEmpty())
                lines.append(c.field + QStringLiteral(": ") + shortValue(c.newValue));
            else
                lines.append(c.field + QStringLiteral(": ") + shortValue(c.oldValue) +
                             QStringLiteral(" \u2192 ") + shortValue(c.newValue));
            break;
        }
    }
    return lines.join(u'\n');
}
