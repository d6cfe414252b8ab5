#pragma once

#include "notify/notificationsink.h"

#include <QHash>

class QDBusInterface;

// The freedesktop notification service (org.freedesktop.Notifications on
// the session bus), with a "default" action: clicking the notification
// opens its event. Replies and signals from the bus are not trusted: an id
// this sink did not get back from its own Notify call is ignored.
class DBusNotificationSink final : public NotificationSink {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DBusNotificationSink)

public:
    static constexpr int kMaxRemembered = 100; // ids awaiting a click
    static constexpr int kTimeoutMs = 10000;   // how long a bubble stays

    explicit DBusNotificationSink(QObject *parent = nullptr);
    ~DBusNotificationSink() override;

    // Whether a notification service is registered on the session bus now.
    static bool isServiceAvailable();
    void show(const Notification &notification) override;

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &action);
    void onClosed(uint id, uint reason);

private:
    QHash<uint, qint64> m_events; // notification id -> event id
    QList<uint> m_order;          // oldest first, at most kMaxRemembered
};
