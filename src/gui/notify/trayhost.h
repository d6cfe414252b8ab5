#pragma once

#include "receiverservice.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class AppendFeed;
class ChannelModel;
class DesktopNotifier;
class QAction;
class QWidget;
class Settings;
class TrayIcon;
struct StoreFault;

// The window's "never miss a message" part (docs/notifications.md): the
// tray icon with the unread count, desktop notifications, do not disturb,
// and what closing the window does (asked once: keep running in the tray,
// or quit). The window wires its receiver and actions in and asks
// closeAction() from its closeEvent.
class TrayHost final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayHost)

public:
    enum class CloseAction { Quit, HideToTray, Cancel };
    // What the user answers to "keep running in the tray?": true keeps it,
    // false quits, nullopt cancels the close. Tests inject one.
    using Asker = std::function<std::optional<bool>(QWidget *window)>;

    // `window` is what the tray shows, hides and parents the question to.
    TrayHost(Settings *settings, QWidget *window, QObject *parent = nullptr);
    ~TrayHost() override;

    // Whether a system tray is there (default: QSystemTrayIcon says so).
    // Without one there is no icon, and closing quits.
    void setTrayAvailable(bool available);
    bool isTrayAvailable() const { return m_trayAvailable; }
    void setAsker(Asker asker) { m_asker = std::move(asker); }

    // The window's actions for the tray menu; doNotDisturb must be checkable.
    void setActions(QAction *start, QAction *stop, QAction *doNotDisturb, QAction *quit);
    void setFeed(AppendFeed *feed);
    void setUnreadModel(ChannelModel *channels);
    void setReceiverState(ReceiverService::State state, const QString &message, const QString &url);
    void setStoreFault(const StoreFault &fault);
    // Rereads the notification settings (after the settings page saved them).
    void reloadSettings();

    // What a close of the window (not Quit) does; may ask once and remember.
    CloseAction closeAction();
    // Shows, raises and activates the window (a restore from the tray).
    void showWindow();

    TrayIcon *tray() const { return m_tray; }
    DesktopNotifier *notifier() const { return m_notifier; }

    // The question, as the window shows it.
    static std::optional<bool> askKeepRunning(QWidget *window);

Q_SIGNALS:
    // A notification was clicked: show this event (0: just the window).
    void openEventRequested(qint64 eventId);

private:
    void updateUnread();
    void setDoNotDisturb(bool on);

    Settings *m_settings = nullptr;
    QPointer<QWidget> m_window;
    TrayIcon *m_tray = nullptr;
    DesktopNotifier *m_notifier = nullptr;
    QPointer<ChannelModel> m_channels;
    QPointer<QAction> m_doNotDisturb;
    Asker m_asker = &TrayHost::askKeepRunning;
    bool m_trayAvailable = false;
};
