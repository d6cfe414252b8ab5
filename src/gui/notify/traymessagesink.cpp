#include "notify/traymessagesink.h"

#include <QSystemTrayIcon>

TrayMessageSink::TrayMessageSink(QSystemTrayIcon *tray, QObject *parent)
    : NotificationSink(parent)
    , m_tray(tray)
{
    connect(m_tray, &QSystemTrayIcon::messageClicked, this,
            [this] { Q_EMIT activated(m_lastEventId); });
}

TrayMessageSink::~TrayMessageSink() = default;

void TrayMessageSink::show(const Notification &n)
{
    m_lastEventId = n.eventId;
    m_tray->showMessage(n.title, n.body,
                        n.urgent ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information,
                        n.urgent ? 0 : 10000);
}
