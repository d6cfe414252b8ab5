#include "notify/notificationrules.h"

#include "records/channelcatalog.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>

namespace {

bool isCustomerMessage(const EventRecord &r)
{
    return r.kind == EventKind::Message && r.senderType == SenderType::Customer;
}

// One line of plain text: control characters (newlines, escapes) become spaces.
QString oneLine(const QString &text)
{
    QString line;
    line.reserve(text.size());
    for (const QChar c : text)
        line.append(c.isPrint() ? c : QLatin1Char(' '));
    return line.simplified();
}

} // namespace

NotificationRules::NotificationRules()
    : m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

void NotificationRules::setSettings(const Settings::Notifications &settings)
{
    m_settings = settings;
    QStringList keywords;
    for (const QString &k : settings.keywords) {
        const QString keyword = oneLine(k).left(kMaxKeywordLength);
        if (!keyword.isEmpty() && !keywords.contains(keyword, Qt::CaseInsensitive))
            keywords.append(keyword);
        if (keywords.size() >= kMaxKeywords)
            break;
    }
    m_settings.keywords = keywords;
}

QString NotificationRules::matchingKeyword(const QString &text) const
{
    for (const QString &k : m_settings.keywords) {
        if (text.contains(k, Qt::CaseInsensitive))
            return k;
    }
    return {};
}

QString NotificationRules::elided(const QString &text, int chars)
{
    const QString line = oneLine(text);
    if (line.size() <= chars)
        return line;
    return line.left(std::max(0, chars - 1)) + QChar(0x2026);
}

QString NotificationRules::channelName(const EventRecord &record)
{
    return record.channelName.isEmpty() ? ChannelCatalog::name(record.channel)
                                        : elided(record.channelName, 40);
}

Notification NotificationRules::single(const EventRecord &r, const QString &keyword) const
{
    Notification n;
    n.kind = keyword.isEmpty() ? Notification::Kind::Message : Notification::Kind::Keyword;
    n.eventId = r.id;
    QString who = m_names ? elided(m_names(r.chatUserId), 60) : QString();
    if (who.isEmpty())
        who = tr("A customer");
    n.title = keyword.isEmpty()
                  ? tr("%1 on %2").arg(who, channelName(r))
                  : tr("“%1” — %2 on %3").arg(elided(keyword, 40), who, channelName(r));
    n.body = r.msgType == QLatin1String("text") || r.msgType.isEmpty()
                 ? elided(r.msg)
                 : tr("[%1] %2").arg(elided(r.msgType, 20), elided(r.msg));
    return n;
}

QList<Notification> NotificationRules::onEvents(const QList<EventRecord> &events, qint64 more)
{
    if (quiet())
        return {};
    QList<const EventRecord *> keywordHits;
    QList<const EventRecord *> messages;
    for (const EventRecord &r : events) {
        if (!isCustomerMessage(r))
            continue;
        if (!matchingKeyword(r.msg).isEmpty())
            keywordHits.append(&r);
        else if (m_settings.messages && !m_settings.mutedChannels.contains(r.channel))
            messages.append(&r);
    }
    QList<Notification> shown;
    // Keyword hits notify even on a muted channel; many at once are one.
    if (keywordHits.size() <= kMaxSingle) {
        for (const EventRecord *r : keywordHits)
            shown.append(single(*r, matchingKeyword(r->msg)));
    } else {
        Notification n;
        n.kind = Notification::Kind::Keyword;
        n.eventId = keywordHits.last()->id;
        n.title = tr("%n new messages match your keywords", nullptr,
                     static_cast<int>(keywordHits.size()));
        n.body = elided(keywordHits.last()->msg);
        shown.append(n);
    }
    // `more` are newer than what was read: without reading them, their
    // channels are unknown, so they only add to a summary of unmuted ones.
    const qint64 total = messages.size() + (messages.isEmpty() ? 0 : more);
    if (total == 0)
        return shown;
    if (total <= kMaxSingle) {
        for (const EventRecord *r : messages)
            shown.append(single(*r, QString()));
        return shown;
    }
    QSet<int> channels;
    for (const EventRecord *r : messages)
        channels.insert(r->channel);
    Notification n;
    n.kind = Notification::Kind::Message;
    n.eventId = messages.last()->id;
    const int count = static_cast<int>(std::min<qint64>(total, 1'000'000'000));
    n.title = channels.size() == 1
                  ? tr("%n new messages on %1", nullptr, count).arg(channelName(*messages.last()))
                  : tr("%n new messages on %1 channels", nullptr, count).arg(channels.size());
    n.body = tr("Latest: %1").arg(elided(messages.last()->msg));
    shown.append(n);
    return shown;
}

QList<Notification> NotificationRules::onReceiverFailed(const QString &reason)
{
    if (quiet() || !m_settings.receiverProblems)
        return {};
    Notification n;
    n.kind = Notification::Kind::Receiver;
    n.urgent = true;
    n.title = tr("The receiver stopped");
    n.body = reason.isEmpty() ? tr("Deliveries are not being received.") : elided(reason, 240);
    return {n};
}

QList<Notification> NotificationRules::onStoreFault(const QString &reason)
{
    if (quiet() || !m_settings.storeProblems)
        return {};
    Notification n;
    n.kind = Notification::Kind::Store;
    n.urgent = true;
    n.title = tr("The store cannot save deliveries");
    n.body = elided(reason, 240);
    return {n};
}

// Refusals are remembered even while quiet, so a burst is a burst whatever
// the settings were when it began; what pops up is decided at the end.
QList<Notification> NotificationRules::onRefusals(qint64 count)
{
    if (count <= 0)
        return {};
    const qint64 now = m_clock();
    for (qint64 i = 0; i < std::min<qint64>(count, kBurstCount); ++i)
        m_refusalTimes.append(now);
    m_refusalTimes.removeIf([now](qint64 at) { return now - at > kBurstWindowMs; });
    while (m_refusalTimes.size() > kBurstCount)
        m_refusalTimes.removeFirst();
    if (m_refusalTimes.size() < kBurstCount || now < m_quietUntilMs)
        return {};
    m_refusalTimes.clear();
    m_quietUntilMs = now + kBurstQuietMs;
    if (quiet() || !m_settings.refusalBursts)
        return {};
    Notification n;
    n.kind = Notification::Kind::Refusals;
    n.urgent = true;
    n.title = tr("Deliveries are being refused");
    n.body = tr("At least %n deliveries were refused or failed their signature check within "
                "a minute. Is the secret the same as SaleSmartly's webhook key?",
                nullptr, kBurstCount);
    return {n};
}
