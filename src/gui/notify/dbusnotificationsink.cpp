#include "notify/dbusnotificationsink.h"

#include "guilog.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QVariantMap>

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");

// The body is markup for some servers: escape it so a message text never
// becomes a link or an image.
QString plain(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

DBusNotificationSink::DBusNotificationSink(QObject *parent)
    : NotificationSink(parent)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                SLOT(onActionInvoked(uint, QString)));
    bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
                SLOT(onClosed(uint, uint)));
}

DBusNotificationSink::~DBusNotificationSink() = default;

bool DBusNotificationSink::isServiceAvailable()
{
    const QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface())
        return false;
    // Registered, or activatable on demand (a daemon started by the bus).
    if (bus.interface()->isServiceRegistered(kService).value())
        return true;
    return bus.interface()->activatableServiceNames().value().contains(kService);
}

void DBusNotificationSink::show(const Notification &n)
{
    QDBusMessage call =
        QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("hookscope"));
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue<uchar>(n.urgent ? 2 : 1));
    hints.insert(QStringLiteral("category"),
                 n.urgent ? QStringLiteral("network.error") : QStringLiteral("im.received"));
    const QStringList actions =
        n.eventId > 0 ? QStringList{QStringLiteral("default"), tr("Open conversation")}
                      : QStringList{QStringLiteral("default"), tr("Show HookScope")};
    call << QStringLiteral("HookScope") << uint(0) << QStringLiteral("hookscope") << n.title
         << plain(n.body) << actions << hints << (n.urgent ? 0 : kTimeoutMs);
    auto *watcher =
        new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call), this);
    const qint64 eventId = n.eventId;
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, eventId](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                const QDBusPendingReply<uint> reply = *w;
                if (reply.isError()) {
                    qCWarning(lcGui).noquote()
                        << "The desktop notification was not shown:" << reply.error().message();
                    return;
                }
                const uint id = reply.value();
                m_events.insert(id, eventId);
                m_order.append(id);
                while (m_order.size() > kMaxRemembered)
                    m_events.remove(m_order.takeFirst());
            });
}

void DBusNotificationSink::onActionInvoked(uint id, const QString &action)
{
    if (action != QLatin1String("default") || !m_events.contains(id))
        return; // another program's notification, or an action we never offered
    const qint64 eventId = m_events.take(id);
    m_order.removeOne(id);
    Q_EMIT activated(eventId);
}

void DBusNotificationSink::onClosed(uint id, uint)
{
    if (m_events.remove(id) > 0)
        m_order.removeOne(id);
}
