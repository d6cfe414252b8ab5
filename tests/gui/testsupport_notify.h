#pragma once

#include "notify/notificationsink.h"

#include <QList>

// A notification transport that keeps what would be shown, and clicks one
// as the notification server would (ActionInvoked).
class FakeSink final : public NotificationSink {
public:
    using NotificationSink::NotificationSink;
    void show(const Notification &n) override { shown.append(n); }
    void click(qint64 eventId) { Q_EMIT activated(eventId); }
    QList<Notification> shown;
};
