#pragma once

#include "ingest/receiverconfig.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QToolButton;
class SettingsDialogLimitsPage;

// Receiver settings: listen address and port, webhook path, the secret
// (masked, with a show toggle), verification policy and the database file;
// on a second tab HTTPS, limits, trusted proxies and the stale window.
// The dialog only edits values; the caller saves and applies them.
class SettingsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(const ReceiverConfig &config, const QString &databasePath,
                            bool startOnLaunch, QWidget *parent = nullptr);

    ReceiverConfig config() const;
    QString databasePath() const;
    bool startOnLaunch() const;

    QLineEdit *secretEdit() const { return m_secret; }
    QToolButton *showSecretButton() const { return m_showSecret; }

    void accept() override;

private:
    void setUpFields();
    void buildLayout();
    QWidget *receiverPage();
    void setTabOrder();
    void browseDatabase();
    void setSecretVisible(bool visible);
    QString validationError() const;

    ReceiverConfig m_base;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_path = nullptr;
    QLineEdit *m_secret = nullptr;
    QToolButton *m_showSecret = nullptr;
    QComboBox *m_policy = nullptr;
    QLineEdit *m_database = nullptr;
    QCheckBox *m_startOnLaunch = nullptr;
    QPushButton *m_browse = nullptr;
    QWidget *m_buttons = nullptr;
    SettingsDialogLimitsPage *m_limits = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_error = nullptr;
};
