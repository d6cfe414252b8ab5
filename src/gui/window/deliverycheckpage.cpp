#include "window/deliverycheckpage.h"

#include "paint/theme.h"
#include "window/receivercontroller.h"
#include "window/testdeliverysender.h"

#include "ui_connectassistantcheck.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QUrl>
#include <QWizard>

DeliveryCheckPage::DeliveryCheckPage(ReceiverController *receiver, TestDeliverySender *sender,
                                     QWidget *parent)
    : QWizardPage(parent)
    , m_receiver(receiver)
    , m_sender(sender)
    , m_check(new DeliveryCheck(this))
    , m_ui(std::make_unique<Ui::ConnectAssistantCheck>())
{
    m_ui->setupUi(this);
    QFont bigger = m_ui->checkStatus->font();
    bigger.setPointSizeF(bigger.pointSizeF() * 1.15);
    m_ui->checkStatus->setFont(bigger);
    connect(m_check, &DeliveryCheck::changed, this, &DeliveryCheckPage::showVerdict);
    connect(m_ui->checkCopyUrl, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(urlText()); });
    connect(m_ui->sendTest, &QPushButton::clicked, this, &DeliveryCheckPage::sendTestDelivery);
    connect(m_sender, &TestDeliverySender::finished, this, [this](bool ok, const QString &summary) {
        m_ui->sendTest->setEnabled(true);
        if (!ok)
            m_ui->checkHint->setText(summary);
    });
}

DeliveryCheckPage::~DeliveryCheckPage() = default;

void DeliveryCheckPage::initializePage()
{
    // After Apply nothing is left to cancel: Finish closes.
    if (wizard())
        wizard()->setOption(QWizard::NoCancelButton, true);
    startCheck();
}

void DeliveryCheckPage::cleanupPage()
{
    m_check->stop();
    if (wizard())
        wizard()->setOption(QWizard::NoCancelButton, false);
}

void DeliveryCheckPage::startCheck()
{
    m_ui->checkUrlEdit->setText(m_receiver->shownUrl());
    const ReceiverConfig config = m_receiver->config();
    // Typed into a terminal on this machine: the local URL, and the secret
    // read from its file rather than written out.
    m_ui->checkCommand->setText(
        QStringLiteral("hookscope-cli send --url %1 --secret \"$(cat '%2')\" --sample text")
            .arg(m_receiver->url(), m_receiver->secretFilePath()));
    m_ui->checkCommand->setCursorPosition(0);
    m_check->start(m_receiver->feed(), m_receiver->shownStorePath(), config);
}

void DeliveryCheckPage::sendTestDelivery()
{
    if (!m_receiver->isRunning()) {
        showVerdict(
            DeliveryCheck::Outcome::Refused,
            tr("The receiver is not running: start it with Receiver > Start Receiver (F5)."));
        return;
    }
    QString error;
    if (!m_sender->send(QUrl(m_receiver->url()), m_receiver->config().secret, &error)) {
        m_ui->checkHint->setText(error);
        return;
    }
    m_ui->sendTest->setEnabled(false);
}

QString DeliveryCheckPage::statusText() const
{
    return m_ui->checkStatus->text();
}

QString DeliveryCheckPage::urlText() const
{
    return m_ui->checkUrlEdit->text();
}

QString DeliveryCheckPage::commandText() const
{
    return m_ui->checkCommand->text();
}

void DeliveryCheckPage::showVerdict(DeliveryCheck::Outcome outcome, const QString &text)
{
    Theme::Tone tone = Theme::Tone::Bad;
    if (outcome == DeliveryCheck::Outcome::Verified)
        tone = Theme::Tone::Good;
    else if (outcome == DeliveryCheck::Outcome::Waiting || outcome == DeliveryCheck::Outcome::Idle)
        tone = Theme::Tone::Neutral;
    QPalette pal = m_ui->checkStatus->palette();
    if (tone != Theme::Tone::Neutral)
        pal.setColor(QPalette::WindowText, Theme::tone(palette(), tone));
    else
        pal = palette();
    m_ui->checkStatus->setPalette(pal);
    m_ui->checkStatus->setText(text);
}
