#pragma once

#include "dialogs/connectassistant.h"

#include <QWizardPage>

#include <memory>

namespace Ui {
class ConnectAssistantIntro;
class ConnectAssistantKey;
class ConnectAssistantWay;
} // namespace Ui

// The first pages of the assistant: what a webhook is (and the Max plan),
// the webhook key, and the choice of way. The ways' own pages are in
// connectassistantways.h.

class ConnectIntroPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectIntroPage)

public:
    explicit ConnectIntroPage(QWidget *parent = nullptr);
    ~ConnectIntroPage() override;

private:
    std::unique_ptr<Ui::ConnectAssistantIntro> m_ui;
};

class ConnectKeyPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectKeyPage)

public:
    static constexpr int kMaxKeyBytes = 512;

    ConnectKeyPage(const QByteArray &secret, const QString &secretFile, QWidget *parent = nullptr);
    ~ConnectKeyPage() override;

    // The key as pasted, without surrounding white space.
    QByteArray key() const;
    void setKey(const QString &text);
    QString warningText() const;
    bool isComplete() const override;

private:
    void update();

    std::unique_ptr<Ui::ConnectAssistantKey> m_ui;
};

class ConnectWayPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectWayPage)

public:
    explicit ConnectWayPage(ConnectAssistant::Way initial, QWidget *parent = nullptr);
    ~ConnectWayPage() override;

    ConnectAssistant::Way way() const;
    void setWay(ConnectAssistant::Way way);

private:
    std::unique_ptr<Ui::ConnectAssistantWay> m_ui;
};
