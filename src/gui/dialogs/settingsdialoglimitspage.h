#pragma once

#include "ingest/receiverconfig.h"

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

// The Settings dialog's "Security and Limits" tab: HTTPS certificate and key,
// the body limit, connection caps, trusted reverse proxies and the window in
// which a signed timestamp counts as fresh. It only edits values.
class SettingsDialogLimitsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialogLimitsPage)

public:
    explicit SettingsDialogLimitsPage(const ReceiverConfig &config, QWidget *parent = nullptr);

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
    void setUpToolTips();
    void buildLayout();
    QWidget *httpsGroup();
    void alignLabels();
    QWidget *fileRow(QLineEdit *edit, QPushButton *browse);
    void browse(QLineEdit *edit, const QString &title, const QString &filter);
    QString tlsError(QWidget **field) const;
    QStringList proxies() const;

    ReceiverConfig m_base;
    QLineEdit *m_cert = nullptr;
    QPushButton *m_certBrowse = nullptr;
    QLineEdit *m_key = nullptr;
    QPushButton *m_keyBrowse = nullptr;
    QSpinBox *m_maxBody = nullptr;
    QSpinBox *m_maxConnections = nullptr;
    QSpinBox *m_perAddress = nullptr;
    QLineEdit *m_proxies = nullptr;
    QSpinBox *m_staleMinutes = nullptr;
    QCheckBox *m_refuseStale = nullptr;
};
