#pragma once

#include "ingest/receiverconfig.h"

#include <QWidget>

#include <memory>

class QLineEdit;

namespace Ui {
class SettingsDialogLimitsPage;
}

// The Settings dialog's "Security and Limits" tab: HTTPS certificate and key,
// the body limit, connection caps, trusted reverse proxies and the window in
// which a signed timestamp counts as fresh. It only edits values. The form is
// ui/settingsdialoglimitspage.ui.
class SettingsDialogLimitsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialogLimitsPage)

public:
    explicit SettingsDialogLimitsPage(const ReceiverConfig &config, QWidget *parent = nullptr);
    ~SettingsDialogLimitsPage() override;

    // Writes this page's fields into `config`; the rest is left alone.
    void applyTo(ReceiverConfig &config) const;
    // Empty when the page is fine; else a sentence, and *field is the widget
    // to put the focus on.
    QString validationError(QWidget **field) const;
    // Refusing stale deliveries only happens under the strict policy.
    void setPolicy(VerifyPolicy policy);
    // The page's fields in the order the Tab key visits them.
    QList<QWidget *> tabOrder() const;

private:
    void setUpFields();
    void alignLabels();
    void browse(QLineEdit *edit, const QString &title, const QString &filter);
    QString tlsError(QWidget **field) const;
    QStringList proxies() const;

    std::unique_ptr<Ui::SettingsDialogLimitsPage> m_ui;
    ReceiverConfig m_base;
};
