#include "window/receiverstatuswidget.h"

#include "paint/steadylabel.h"
#include "paint/theme.h"

#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QToolButton>
#include <QtMath>

namespace {

QPixmap dot(const QColor &colour, qreal dpr)
{
    constexpr int kSize = 10;
    QPixmap pm(qCeil(kSize * dpr), qCeil(kSize * dpr));
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawEllipse(QRectF(0.5, 0.5, kSize - 1, kSize - 1));
    return pm;
}

} // namespace

ReceiverStatusWidget::ReceiverStatusWidget(QWidget *parent)
    : QWidget(parent)
    , m_dot(new QLabel(this))
    , m_state(new QLabel(this))
    , m_url(new QLabel(this))
    , m_copy(new QToolButton(this))
    , m_counts(new SteadyLabel(this))
    , m_rate(new SteadyLabel(this))
{
    setObjectName(QStringLiteral("receiverStatus"));
    m_state->setObjectName(QStringLiteral("receiverState"));
    m_url->setObjectName(QStringLiteral("receiverUrl"));
    m_counts->setObjectName(QStringLiteral("receiverCounts"));
    m_rate->setObjectName(QStringLiteral("receiverRate"));
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url->setContextMenuPolicy(Qt::CustomContextMenu);
    m_copy->setText(tr("Copy URL"));
    m_copy->setToolTip(tr("Copy the webhook URL to paste into SaleSmartly's webhook settings"));
    m_copy->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(6);
    layout->addWidget(m_dot);
    layout->addWidget(m_state);
    layout->addWidget(m_url);
    layout->addWidget(m_copy);
    layout->addSpacing(12);
    layout->addWidget(m_counts);
    layout->addSpacing(8);
    layout->addWidget(m_rate);
    connect(m_copy, &QToolButton::clicked, this, &ReceiverStatusWidget::copyUrl);
    connect(m_url, &QWidget::customContextMenuRequested, this, &ReceiverStatusWidget::showMenu);
    setState(ReceiverService::State::Stopped, QString(), QString());
    setStats({});
}

void ReceiverStatusWidget::setState(ReceiverService::State state, const QString &message,
                                    const QString &url)
{
    m_urlText = url;
    m_stateShown = state;
    m_message = message;
    const QPalette pal = palette();
    Theme::Tone tone = Theme::Tone::Neutral;
    switch (state) {
    case ReceiverService::State::Listening:
        tone = Theme::Tone::Good;
        m_state->setText(tr("Listening on"));
        m_url->setText(url);
        break;
    case ReceiverService::State::Stopped:
        m_state->setText(tr("Stopped"));
        m_url->setText(url.isEmpty() ? QString() : tr("(would listen on %1)").arg(url));
        break;
    case ReceiverService::State::Failed:
        tone = Theme::Tone::Bad;
        m_state->setText(tr("Error: %1").arg(message));
        m_url->clear();
        break;
    }
    m_state->setToolTip(message);
    m_dot->setPixmap(dot(Theme::tone(pal, tone), devicePixelRatioF()));
    m_copy->setEnabled(!url.isEmpty());
}

void ReceiverStatusWidget::setStats(const ReceiverStats &s)
{
    const QLocale locale;
    m_counts->setSteadyText(tr("Received %1 · Verified %2 · Refused %3")
                                .arg(locale.toString(static_cast<qulonglong>(s.received)),
                                     locale.toString(static_cast<qulonglong>(s.verified)),
                                     locale.toString(static_cast<qulonglong>(s.refused))));
    m_counts->setToolTip(
        tr("Since HookScope started (across receiver restarts): %1 stored, %2 failed "
           "to store, %3 waiting for their commit")
            .arg(s.stored)
            .arg(s.failed)
            .arg(s.pending));
    m_rate->setSteadyText(tr("%1/s").arg(locale.toString(s.ratePerSecond, 'f', 1)));
}

void ReceiverStatusWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        setState(m_stateShown, m_message, m_urlText); // the dot's colour
    QWidget::changeEvent(event);
}

void ReceiverStatusWidget::copyUrl()
{
    if (m_urlText.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(m_urlText);
    Q_EMIT urlCopied(m_urlText);
}

QString ReceiverStatusWidget::stateText() const
{
    return m_state->text();
}

QString ReceiverStatusWidget::countsText() const
{
    return m_counts->text();
}

QString ReceiverStatusWidget::rateText() const
{
    return m_rate->text();
}

void ReceiverStatusWidget::showMenu(const QPoint &pos)
{
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("Copy URL"), this, &ReceiverStatusWidget::copyUrl);
    copy->setEnabled(!m_urlText.isEmpty());
    menu.exec(m_url->mapToGlobal(pos));
}
