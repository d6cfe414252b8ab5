#pragma once

#include "notify/notificationrules.h"

#include <QObject>

// Where notifications go: the desktop's notification service, the tray's
// balloon, or a test's list. A click on a shown notification comes back as
// activated() with its event id (0: none, e.g. a receiver problem).
class NotificationSink : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationSink)

public:
    using QObject::QObject;
    ~NotificationSink() override;
    virtual void show(const Notification &notification) = 0;

Q_SIGNALS:
    void activated(qint64 eventId);
};
