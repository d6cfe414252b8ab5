#pragma once

#include "ingest/receiverconfig.h"

#include <QDialog>

#include <memory>

class ForwardingPage;
class NotificationsPage;
class QCheckBox;
class QLineEdit;
class QToolButton;
class SettingsDialogLimitsPage;

namespace Ui {
class SettingsDialog;
}

// Receiver settings: listen address and port, webhook path, the public URL,
// the secret (masked, with a show toggle), verification policy and the
// database file; on a second tab HTTPS, limits, trusted proxies and the stale
// window; on a third the window's language. The form is ui/settingsdialog.ui.
// The dialog only edits values; the caller saves and applies them.
class SettingsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    // The longest public URL taken (SaleSmartly's own field is shorter).
    static constexpr int kMaxPublicUrlLength = 2048;

    explicit SettingsDialog(const ReceiverConfig &config, const QString &databasePath,
                            bool startOnLaunch, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    ReceiverConfig config() const;
    QString databasePath() const;
    bool startOnLaunch() const;

    // Settings::language(): "" (the system's), "en" or "zh_CN". A value the
    // list does not have shows as the system default.
    void setLanguage(const QString &language);
    QString language() const;
    // Settings::publicUrl(): empty or an http(s) URL with a host.
    void setPublicUrl(const QString &url);
    QString publicUrl() const;
    // Why `url` cannot be the public URL, or empty when it can.
    static QString publicUrlError(const QString &url);

    // Whether a 0600 copy of the secret is kept for the background service
    // (Settings::keepSecretFile()); `path` is that file, shown as a tooltip.
    void setKeepSecretFile(bool on, const QString &path);
    bool keepSecretFile() const;
    // Settings::loadRemoteImages(), on the Window page.
    void setLoadRemoteImages(bool on);
    bool loadRemoteImages() const;
    // The "Notifications" tab; the caller loads and saves it.
    NotificationsPage *notificationsPage() const { return m_notifications; }
    // The "Forwarding" tab: config().forwardRules.
    ForwardingPage *forwardingPage() const { return m_forwarding; }

    QLineEdit *secretEdit() const;
    QToolButton *showSecretButton() const;

    void accept() override;

private:
    void setUpFields();
    void setTabOrder();
    void browseDatabase();
    void setSecretVisible(bool visible);
    QString validationError(QWidget **field) const;

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    ReceiverConfig m_base;
    SettingsDialogLimitsPage *m_limits = nullptr;
    NotificationsPage *m_notifications = nullptr;
    QCheckBox *m_loadImages = nullptr;
    ForwardingPage *m_forwarding = nullptr;
};
