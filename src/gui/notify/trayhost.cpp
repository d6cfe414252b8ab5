#include "notify/trayhost.h"

#include "models/channelmodel.h"
#include "notify/dbusnotificationsink.h"
#include "notify/desktopnotifier.h"
#include "notify/trayicon.h"
#include "notify/traymessagesink.h"
#include "settings/settings.h"
#include "store/storefault.h"

#include <QAction>
#include <QMessageBox>
#include <QPushButton>
#include <QSystemTrayIcon>
#include <QWidget>

TrayHost::TrayHost(Settings *settings, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_window(window)
    , m_tray(new TrayIcon(this))
    , m_notifier(new DesktopNotifier(this))
{
    m_trayAvailable = QSystemTrayIcon::isSystemTrayAvailable();
    reloadSettings();
    // The desktop's notification service when there is one, else the
    // tray's balloon (docs/notifications.md).
    if (DBusNotificationSink::isServiceAvailable())
        m_notifier->setSink(std::make_unique<DBusNotificationSink>());
    else if (m_trayAvailable)
        m_notifier->setSink(std::make_unique<TrayMessageSink>(m_tray->systemTrayIcon()));
    connect(m_notifier, &DesktopNotifier::openEventRequested, this, &TrayHost::openEventRequested);
    connect(m_tray, &TrayIcon::showWindowRequested, this, &TrayHost::showWindow);
    connect(m_tray, &TrayIcon::toggleWindowRequested, this, [this] {
        if (m_window && m_window->isVisible() && !m_window->isMinimized() &&
            m_window->isActiveWindow())
            m_window->hide();
        else
            showWindow();
    });
    m_tray->setVisible(m_trayAvailable);
}

TrayHost::~TrayHost() = default;

void TrayHost::setTrayAvailable(bool available)
{
    m_trayAvailable = available;
    m_tray->setVisible(available);
}

void TrayHost::setActions(QAction *start, QAction *stop, QAction *doNotDisturb, QAction *quit)
{
    m_doNotDisturb = doNotDisturb;
    doNotDisturb->setCheckable(true);
    doNotDisturb->setChecked(m_settings->notifications().doNotDisturb);
    connect(doNotDisturb, &QAction::toggled, this, &TrayHost::setDoNotDisturb);
    m_tray->setMenuActions(start, stop, doNotDisturb, quit);
}

void TrayHost::setFeed(AppendFeed *feed)
{
    m_notifier->setFeed(feed);
}

void TrayHost::setUnreadModel(ChannelModel *channels)
{
    m_channels = channels;
    connect(channels, &QAbstractItemModel::modelReset, this, &TrayHost::updateUnread);
    connect(channels, &QAbstractItemModel::dataChanged, this, &TrayHost::updateUnread);
    connect(channels, &QAbstractItemModel::rowsInserted, this, &TrayHost::updateUnread);
    updateUnread();
}

void TrayHost::updateUnread()
{
    if (!m_channels || m_channels->rowCount() == 0) {
        m_tray->setUnread(0);
        return;
    }
    m_tray->setUnread(m_channels->index(0).data(ChannelModel::UnreadRole).toInt());
}

void TrayHost::setReceiverState(ReceiverService::State state, const QString &message,
                                const QString &url)
{
    m_tray->setReceiverState(state, url);
    m_notifier->onReceiverState(state, message);
}

void TrayHost::setStoreFault(const StoreFault &fault)
{
    m_notifier->onStoreFault(fault);
}

void TrayHost::reloadSettings()
{
    const Settings::Notifications n = m_settings->notifications();
    m_notifier->rules().setSettings(n);
    if (m_doNotDisturb && m_doNotDisturb->isChecked() != n.doNotDisturb)
        m_doNotDisturb->setChecked(n.doNotDisturb);
}

void TrayHost::setDoNotDisturb(bool on)
{
    Settings::Notifications n = m_settings->notifications();
    m_notifier->rules().setDoNotDisturb(on);
    if (n.doNotDisturb == on)
        return;
    n.doNotDisturb = on;
    m_settings->setNotifications(n);
}

TrayHost::CloseAction TrayHost::closeAction()
{
    if (!m_trayAvailable)
        return CloseAction::Quit;
    if (const std::optional<bool> remembered = m_settings->closeToTray())
        return *remembered ? CloseAction::HideToTray : CloseAction::Quit;
    const std::optional<bool> answer = m_asker(m_window);
    if (!answer)
        return CloseAction::Cancel;
    m_settings->setCloseToTray(*answer); // asked once: the settings page can change it
    return *answer ? CloseAction::HideToTray : CloseAction::Quit;
}

void TrayHost::showWindow()
{
    if (!m_window)
        return;
    if (m_window->isMinimized())
        m_window->showNormal();
    else
        m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

std::optional<bool> TrayHost::askKeepRunning(QWidget *window)
{
    QMessageBox box(window);
    box.setIcon(QMessageBox::Question);
    box.setWindowTitle(tr("Close HookScope"));
    box.setText(tr("Keep the receiver running in the tray?"));
    box.setInformativeText(
        tr("HookScope can keep receiving deliveries and notify you of new messages while its "
           "window is closed. Your answer is remembered; change it under Settings > "
           "Notifications. File > Quit always quits."));
    QPushButton *keep = box.addButton(tr("Keep Running in Tray"), QMessageBox::AcceptRole);
    QPushButton *quit = box.addButton(tr("Quit"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(keep);
    box.exec();
    if (box.clickedButton() == keep)
        return true;
    if (box.clickedButton() == quit)
        return false;
    return std::nullopt;
}
