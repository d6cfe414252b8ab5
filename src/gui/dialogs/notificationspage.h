#pragma once

#include "settings/settings.h"

#include <QList>
#include <QWidget>

#include <memory>
#include <optional>

namespace Ui {
class NotificationsPage;
}

// The "Notifications" page of the settings: new messages on or off, which
// channels notify, keyword rules, receiver, refusal and store problems, do
// not disturb, and whether closing the window keeps the receiver running in
// the tray. Self-contained: load() fills it, result() and closeToTray() say
// what to save.
class NotificationsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationsPage)

public:
    explicit NotificationsPage(QWidget *parent = nullptr);
    ~NotificationsPage() override;

    // `seenChannels`: codes seen in the store; the documented channels and
    // the muted ones are listed as well. closeToTray unset: not asked yet.
    void load(const Settings::Notifications &notifications, const QList<int> &seenChannels,
              std::optional<bool> closeToTray = std::nullopt, bool trayAvailable = true);
    Settings::Notifications result() const;
    // Unset while the switch was never set and is left alone (the window
    // still asks once).
    std::optional<bool> closeToTray() const;

    // load() from the settings, and the results saved to them.
    void loadFrom(const Settings &settings, const QList<int> &seenChannels, bool trayAvailable);
    void saveTo(Settings &settings) const;

private:
    void updateEnabled();

    std::unique_ptr<Ui::NotificationsPage> m_ui;
    Settings::Notifications m_loaded;
    std::optional<bool> m_loadedCloseToTray;
    bool m_closeToTrayTouched = false;
};
