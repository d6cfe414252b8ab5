#include "window/storebanner.h"

#include "paint/theme.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>

StoreBanner::StoreBanner(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_back(new QPushButton(tr("Back to the Receiver's Store"), this))
{
    setObjectName(QStringLiteral("storeBanner"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_back);
    connect(m_back, &QPushButton::clicked, this, &StoreBanner::backRequested);
    hide();
}

void StoreBanner::showStore(const QString &shownPath, const QString &ownPath)
{
    m_label->setText(
        tr("Showing %1 read-only. The receiver keeps storing new deliveries in %2.")
            .arg(QDir::toNativeSeparators(shownPath), QDir::toNativeSeparators(ownPath)));
}

QString StoreBanner::text() const
{
    return m_label->text();
}

void StoreBanner::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(this);
    painter.fillRect(rect(), Theme::blend(palette().color(QPalette::Window),
                                          Theme::tone(palette(), Theme::Tone::Warning), 0.18));
}
