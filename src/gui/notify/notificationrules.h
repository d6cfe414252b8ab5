#pragma once

#include "records/eventrecord.h"
#include "settings/settings.h"

#include <QCoreApplication>
#include <QList>
#include <QMetaType>
#include <QString>

#include <functional>

// One desktop notification: what would be shown, never the raw payload or a
// signature. eventId (> 0) is the event a click opens.
struct Notification {
    enum class Kind { Message, Keyword, Receiver, Refusals, Store };
    Kind kind = Kind::Message;
    QString title;
    QString body;
    qint64 eventId = 0;
    bool urgent = false; // a problem with the receiver or the store
};

Q_DECLARE_METATYPE(Notification)

// What deserves a desktop notification (docs/notifications.md): pure
// decisions over what the receiver committed and what happened to it, with
// an injected clock, so tests can say exactly what would be shown. The
// notifier feeds it; it never reads the store itself.
class NotificationRules final {
    Q_DECLARE_TR_FUNCTIONS(NotificationRules)

public:
    static constexpr int kMaxKeywords = 50;
    static constexpr int kMaxKeywordLength = 100;
    static constexpr int kTextChars = 120;                 // message text beyond this is elided
    static constexpr int kMaxSingle = 3;                   // more messages than this: one summary
    static constexpr int kBurstCount = 5;                  // refused or unverified deliveries ...
    static constexpr qint64 kBurstWindowMs = 60 * 1000;    // ... within a minute
    static constexpr qint64 kBurstQuietMs = 5 * 60 * 1000; // then quiet

    NotificationRules();

    // Takes the settings, keywords bounded (kMaxKeywords of at most
    // kMaxKeywordLength characters, blank ones dropped).
    void setSettings(const Settings::Notifications &settings);
    const Settings::Notifications &settings() const { return m_settings; }
    void setDoNotDisturb(bool on) { m_settings.doNotDisturb = on; }
    void setClock(std::function<qint64()> nowMs) { m_clock = std::move(nowMs); }
    // The customer's name for a chat_user_id ("" when unknown); asked for
    // the few messages shown one by one only.
    void setNameLookup(std::function<QString(const QString &chatUserId)> lookup)
    {
        m_names = std::move(lookup);
    }

    // New events committed, oldest first; `more` is how many newer customer
    // messages than these were committed but not read (a burst larger than
    // what the notifier reads). Only customer messages count.
    QList<Notification> onEvents(const QList<EventRecord> &events, qint64 more = 0);
    // The receiver failed (the window's own Stop is not a failure).
    QList<Notification> onReceiverFailed(const QString &reason);
    // The store stopped taking writes (`reason` names the file and cause).
    QList<Notification> onStoreFault(const QString &reason);
    // `count` deliveries were refused or stored unverified just now.
    QList<Notification> onRefusals(qint64 count);

    // The keyword of `text` that matches first (case-insensitive), or "".
    QString matchingKeyword(const QString &text) const;
    static QString elided(const QString &text, int chars = kTextChars);
    static QString channelName(const EventRecord &record);

private:
    Notification single(const EventRecord &record, const QString &keyword) const;
    bool quiet() const { return m_settings.doNotDisturb; }

    Settings::Notifications m_settings;
    std::function<qint64()> m_clock;
    std::function<QString(const QString &)> m_names;
    QList<qint64> m_refusalTimes; // ms of recent refusals, at most kBurstCount
    qint64 m_quietUntilMs = 0;
};
