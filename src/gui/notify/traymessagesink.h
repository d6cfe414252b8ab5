#pragma once

#include "notify/notificationsink.h"

class QSystemTrayIcon;

// The fallback when no notification service is on the session bus: the
// tray icon's balloon. It has no ids, so a click opens the event of the
// last one shown.
class TrayMessageSink final : public NotificationSink {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayMessageSink)

public:
    explicit TrayMessageSink(QSystemTrayIcon *tray, QObject *parent = nullptr);
    ~TrayMessageSink() override;
    void show(const Notification &notification) override;

private:
    QSystemTrayIcon *m_tray = nullptr;
    qint64 m_lastEventId = 0;
};
