#pragma once

#include "window/deliverycheck.h"

#include <QWizardPage>

#include <memory>

class ReceiverController;
class TestDeliverySender;

namespace Ui {
class ConnectAssistantCheck;
} // namespace Ui

// The live check's page (the last of "Connect SaleSmartly"): the URL to
// paste with a Copy button, what DeliveryCheck found, a "Send a test
// delivery" button (TestDeliverySender, the real HTTP path) and the same as
// a hookscope-cli command line. The check starts when the page is shown.
class DeliveryCheckPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveryCheckPage)

public:
    DeliveryCheckPage(ReceiverController *receiver, TestDeliverySender *sender,
                      QWidget *parent = nullptr);
    ~DeliveryCheckPage() override;

    void initializePage() override;
    void cleanupPage() override;
    // Starts (again) from now.
    void startCheck();
    void sendTestDelivery();

    DeliveryCheck *check() const { return m_check; }
    QString statusText() const;
    QString urlText() const;
    QString commandText() const;

private:
    void showVerdict(DeliveryCheck::Outcome outcome, const QString &text);

    ReceiverController *m_receiver = nullptr;
    TestDeliverySender *m_sender = nullptr;
    DeliveryCheck *m_check = nullptr;
    std::unique_ptr<Ui::ConnectAssistantCheck> m_ui;
};
