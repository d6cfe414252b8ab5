#include "paint/streamdelegate.h"

#include "models/eventtablemodel.h"
#include "paint/channelicon.h"
#include "paint/theme.h"
#include "paint/verificationmarker.h"

#include <QApplication>
#include <QPainter>

namespace {

constexpr int kMarkerSpace = 4 + 14 + 3; // left margin, marker, gap (paint())
constexpr int kBadgeGap = 4;

QFont badgeFont(const QFont &font)
{
    QFont small = font;
    if (font.pointSizeF() > 0)
        small.setPointSizeF(font.pointSizeF() * 0.85);
    else if (font.pixelSize() > 0)
        small.setPixelSize(qMax(6, font.pixelSize() * 85 / 100));
    return small;
}

} // namespace

StreamDelegate::StreamDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

void StreamDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto verification =
        static_cast<Verification>(index.data(EventTableModel::VerificationRole).toInt());
    // A conflict is tinted like a bad signature: one of the events with the
    // key is not what the sender sent, whatever its own word says.
    const bool conflict = index.data(EventTableModel::ConflictRole).toBool();
    const QColor tint =
        Theme::rowTint(option->palette, conflict ? Verification::BadSignature : verification);
    if (tint.isValid())
        option->backgroundBrush = tint;
    // Multi-line messages stay on one line in the table.
    option->text.replace(u'\n', u' ');
    switch (index.column()) {
    case EventTableModel::Channel: {
        const int code = index.data(EventTableModel::ChannelRole).toInt();
        option->icon = ChannelIcon::icon(code, option->text);
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->decorationSize = QSize(16, 16);
        break;
    }
    case EventTableModel::Direction: {
        const int sender = index.data(EventTableModel::SenderTypeRole).toInt();
        if (sender == 2 && !(option->state & QStyle::State_Selected)) {
            option->palette.setColor(QPalette::Text,
                                     Theme::blend(option->palette.color(QPalette::Text),
                                                  option->palette.color(QPalette::Highlight), 0.6));
        }
        break;
    }
    case EventTableModel::Verification:
        if (verification == Verification::NotChecked && !(option->state & QStyle::State_Selected))
            option->palette.setColor(QPalette::Text, Theme::mutedText(option->palette));
        break;
    default:
        break;
    }
}

void StreamDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                           const QModelIndex &index) const
{
    if (index.column() != EventTableModel::Verification) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const int marker = qMin(opt.rect.height() - 6, 14);
    const QRect markerRect(opt.rect.left() + 4, opt.rect.center().y() - marker / 2 + 1, marker,
                           marker);
    opt.rect.setLeft(markerRect.right() + 3);
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // Background over the whole cell, then the marker, then the text beside it.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
    const auto verification =
        static_cast<Verification>(index.data(EventTableModel::VerificationRole).toInt());
    VerificationMarker::paint(painter, markerRect, verification, option.palette);
    if (index.data(EventTableModel::TestRole).toBool()) {
        const QSize badge = testBadgeSize(opt.font);
        const QRect badgeRect(opt.rect.left(), opt.rect.center().y() - badge.height() / 2 + 1,
                              badge.width(), badge.height());
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const QColor ink = Theme::tone(option.palette, Theme::Tone::Warning);
        painter->setPen(ink);
        painter->setBrush(Theme::blend(option.palette.color(QPalette::Base), ink, 0.15));
        painter->drawRoundedRect(QRectF(badgeRect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        painter->setFont(badgeFont(opt.font));
        painter->drawText(badgeRect, Qt::AlignCenter, testBadgeText());
        painter->restore();
        opt.rect.setLeft(badgeRect.right() + kBadgeGap);
    }
    opt.backgroundBrush = Qt::NoBrush;
    opt.state &= ~(QStyle::State_Selected | QStyle::State_HasFocus | QStyle::State_MouseOver);
    if (option.state & QStyle::State_Selected)
        opt.palette.setColor(QPalette::Text, option.palette.color(QPalette::HighlightedText));
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
}

QSize StreamDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() != EventTableModel::Verification)
        return size;
    // Room for the marker, and the badge when there is one (size to contents).
    size.rwidth() += kMarkerSpace;
    if (index.data(EventTableModel::TestRole).toBool())
        size.rwidth() += testBadgeSize(option.font).width() + kBadgeGap;
    return size;
}

QString StreamDelegate::testBadgeText()
{
    //: A small badge on events sent as a test delivery; keep it short
    return tr("test");
}

QSize StreamDelegate::testBadgeSize(const QFont &font)
{
    const QFontMetrics fm(badgeFont(font));
    return {fm.horizontalAdvance(testBadgeText()) + 8, fm.height() + 2};
}
