#include "window/conditionbanner.h"

#include "paint/theme.h"
#include "window/receivercontroller.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QStringList>
#include <QVBoxLayout>

ConditionBanner::ConditionBanner(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("conditionBanner"));
    m_label->setObjectName(QStringLiteral("conditionText"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setTextFormat(Qt::PlainText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_label, 1);
    hide();
}

void ConditionBanner::follow(ReceiverController *receiver)
{
    connect(receiver, &ReceiverController::storeFaultChanged, this,
            &ConditionBanner::setStoreFault);
    connect(receiver, &ReceiverController::stateChanged, this,
            [this, receiver](ReceiverService::State state, const QString &message) {
                setStartFailure(state == ReceiverService::State::Failed ? message : QString());
                const bool open = state == ReceiverService::State::Listening &&
                                  receiver->config().isOpenToAnyone();
                setOpenToAnyone(open ? receiver->url() : QString());
            });
}

QWidget *ConditionBanner::placeAbove(QWidget *content)
{
    auto *container = new QWidget(parentWidget());
    auto *layout = new QVBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(this);
    layout->addWidget(content, 1);
    return container;
}

void ConditionBanner::setStoreFault(const StoreFault &fault)
{
    m_fault = fault;
    update();
}

void ConditionBanner::setStartFailure(const QString &message)
{
    m_startFailure = message;
    update();
}

void ConditionBanner::setOpenToAnyone(const QString &url)
{
    m_openUrl = url;
    update();
}

QString ConditionBanner::text() const
{
    return m_label->text();
}

bool ConditionBanner::isError() const
{
    return m_fault.isFault() || !m_startFailure.isEmpty();
}

void ConditionBanner::update()
{
    QStringList lines;
    if (m_fault.isFault()) {
        lines.append(m_fault.kind == StoreFault::Kind::Damaged
                         ? tr("The store is damaged; deliveries are answered 503 and nothing "
                              "is written to it: %1")
                               .arg(m_fault.reason)
                         : tr("The store cannot take deliveries; they are answered 503 until it "
                              "recovers: %1")
                               .arg(m_fault.reason));
    }
    if (!m_startFailure.isEmpty())
        lines.append(tr("The receiver is not running: %1").arg(m_startFailure));
    if (!m_openUrl.isEmpty()) {
        lines.append(tr("Anyone can post here: the receiver listens on %1 without a secret. Set "
                        "a secret in Settings, or listen on 127.0.0.1 only.")
                         .arg(m_openUrl));
    }
    m_label->setText(lines.join(u'\n'));
    setVisible(!lines.isEmpty());
    QWidget::update();
}

void ConditionBanner::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(this);
    const Theme::Tone tone = isError() ? Theme::Tone::Bad : Theme::Tone::Warning;
    painter.fillRect(rect(), Theme::blend(palette().color(QPalette::Window),
                                          Theme::tone(palette(), tone), 0.22));
}
