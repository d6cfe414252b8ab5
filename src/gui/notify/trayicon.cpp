#include "notify/trayicon.h"

#include <QAction>
#include <QApplication>
#include <QFont>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QSystemTrayIcon>

TrayIcon::TrayIcon(QObject *parent)
    : QObject(parent)
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(new QMenu)
    , m_show(new QAction(tr("Show HookScope"), this))
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_menu->addAction(m_show);
    m_tray->setContextMenu(m_menu);
    connect(m_show, &QAction::triggered, this, &TrayIcon::showWindowRequested);
    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    Q_EMIT toggleWindowRequested();
            });
    refresh();
}

TrayIcon::~TrayIcon()
{
    delete m_menu; // a QMenu has no QObject parent here (it is a top-level widget)
}

void TrayIcon::setMenuActions(QAction *start, QAction *stop, QAction *doNotDisturb, QAction *quit)
{
    m_menu->addSeparator();
    m_menu->addActions({start, stop});
    m_menu->addSeparator();
    m_menu->addAction(doNotDisturb);
    m_menu->addSeparator();
    m_menu->addAction(quit);
}

void TrayIcon::setVisible(bool visible)
{
    m_tray->setVisible(visible);
}

bool TrayIcon::isVisible() const
{
    return m_tray->isVisible();
}

void TrayIcon::setUnread(int unread)
{
    unread = std::max(0, unread);
    if (unread == m_unread)
        return;
    m_unread = unread;
    refresh();
}

void TrayIcon::setReceiverState(ReceiverService::State state, const QString &url)
{
    m_state = state;
    m_url = url;
    refresh();
}

QString TrayIcon::toolTip() const
{
    return m_tray->toolTip();
}

void TrayIcon::refresh()
{
    const QIcon base = QApplication::windowIcon();
    m_icon = badgedIcon(base.isNull() ? fallbackIcon() : base, m_unread);
    m_tray->setIcon(m_icon);
    m_tray->setToolTip(toolTipText(m_unread, m_state, m_url));
}

QString TrayIcon::badgeText(int unread)
{
    if (unread <= 0)
        return {};
    return unread > 99 ? QStringLiteral("99+") : QString::number(unread);
}

QString TrayIcon::toolTipText(int unread, ReceiverService::State state, const QString &url)
{
    const QString count = tr("%n unread", nullptr, std::max(0, unread));
    switch (state) {
    case ReceiverService::State::Listening:
        return tr("HookScope — %1, receiver listening on %2").arg(count, url);
    case ReceiverService::State::Failed:
        return tr("HookScope — %1, the receiver failed").arg(count);
    case ReceiverService::State::Stopped:
        break;
    }
    return tr("HookScope — %1, receiver stopped").arg(count);
}

QIcon TrayIcon::fallbackIcon()
{
    // A rounded square with a hook-like arc: readable at 16 px.
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        const qreal s = size;
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x1f, 0x6f, 0xd1));
        p.drawRoundedRect(QRectF(0.5, 0.5, s - 1, s - 1), s * 0.22, s * 0.22);
        QPen pen(Qt::white, std::max(1.5, s / 9), Qt::SolidLine, Qt::RoundCap);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        QPainterPath hook;
        hook.moveTo(s * 0.58, s * 0.2);
        hook.lineTo(s * 0.58, s * 0.6);
        hook.arcTo(QRectF(s * 0.28, s * 0.45, s * 0.3, s * 0.3), 0, -180);
        p.drawPath(hook);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QIcon TrayIcon::badgedIcon(const QIcon &base, int unread)
{
    const QString text = badgeText(unread);
    if (text.isEmpty())
        return base;
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap = base.pixmap(size, size);
        if (pixmap.isNull()) {
            pixmap = QPixmap(size, size);
            pixmap.fill(Qt::transparent);
        }
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        QFont font = QApplication::font();
        font.setBold(true);
        font.setPixelSize(std::max(7, size * (text.size() > 2 ? 9 : 11) / 22));
        p.setFont(font);
        const qreal h = size * 0.6;
        const qreal w = std::max(h, p.fontMetrics().horizontalAdvance(text) + h * 0.4);
        const QRectF badge(size - w, 0, w, h);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xd9, 0x30, 0x25));
        p.drawRoundedRect(badge, h / 2, h / 2);
        p.setPen(Qt::white);
        p.drawText(badge, Qt::AlignCenter, text);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}
