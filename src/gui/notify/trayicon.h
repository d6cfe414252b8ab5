#pragma once

#include "receiverservice.h"

#include <QIcon>
#include <QObject>
#include <QString>

class QAction;
class QMenu;
class QSystemTrayIcon;

// The tray icon: the application's icon with the unread count painted on it
// as a badge, a tooltip saying how many are unread and where the receiver
// listens, and a menu (show, start/stop, do not disturb, quit) made of the
// window's own actions. A click toggles the window.
class TrayIcon final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)

public:
    explicit TrayIcon(QObject *parent = nullptr);
    ~TrayIcon() override;

    // The menu's actions, in this order; `show` is the tray's own.
    void setMenuActions(QAction *start, QAction *stop, QAction *doNotDisturb, QAction *quit);
    // Puts the icon in the tray (no-op when already there).
    void setVisible(bool visible);
    bool isVisible() const;
    void setUnread(int unread);
    int unread() const { return m_unread; }
    void setReceiverState(ReceiverService::State state, const QString &url);
    QString toolTip() const;
    QIcon icon() const { return m_icon; }
    QMenu *menu() const { return m_menu; }
    QAction *showAction() const { return m_show; }
    QSystemTrayIcon *systemTrayIcon() const { return m_tray; }

    // "9", "99", "99+" ("" for none): what the badge says.
    static QString badgeText(int unread);
    // `base` (the window icon, else a painted one) with the badge.
    static QIcon badgedIcon(const QIcon &base, int unread);
    // The icon painted when the application has none.
    static QIcon fallbackIcon();
    static QString toolTipText(int unread, ReceiverService::State state, const QString &url);

Q_SIGNALS:
    void toggleWindowRequested();
    void showWindowRequested();

private:
    void refresh();

    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_show = nullptr;
    QIcon m_icon;
    int m_unread = 0;
    ReceiverService::State m_state = ReceiverService::State::Stopped;
    QString m_url;
};
