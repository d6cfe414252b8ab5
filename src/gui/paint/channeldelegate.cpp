#include "paint/channeldelegate.h"

#include "models/channelmodel.h"
#include "paint/channelicon.h"
#include "paint/sparklinepainter.h"
#include "paint/theme.h"
#include "paint/timetext.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>

namespace {

constexpr int kPadding = 6;
constexpr int kIconSize = 30;
constexpr int kSparkWidth = 52;
constexpr int kSparkHeight = 15;

} // namespace

ChannelDelegate::ChannelDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString ChannelDelegate::detailText(const QModelIndex &index, qint64 nowMs)
{
    const QVariant counted = index.data(ChannelModel::MessageCountRole);
    if (!counted.isValid())
        return tr("counting…"); // a large store, tallied on the reader thread
    const qint64 last = index.data(ChannelModel::LastMessageAtRole).toLongLong();
    const qint64 count = counted.toLongLong();
    if (count <= 0)
        return tr("no messages");
    return tr("%1 · %2").arg(TimeText::relative(last, nowMs), QLocale().toString(count));
}

QSize ChannelDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index)
    const int lines = option.fontMetrics.height() * 2 + 2;
    return {200, qMax(kIconSize, lines) + 2 * kPadding};
}

void ChannelDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = QIcon();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // The style draws the selection and hover background only.
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect r = option.rect.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    const int code = index.data(ChannelModel::CodeRole).toInt();
    const QString name = index.data(ChannelModel::NameRole).toString();
    const QRect iconRect(r.left(), r.center().y() - kIconSize / 2 + 1, kIconSize, kIconSize);
    painter->drawPixmap(
        iconRect.topLeft(),
        ChannelIcon::pixmap(code, name, kIconSize, painter->device()->devicePixelRatioF()));
    const QRect rightCol(r.right() - kSparkWidth + 1, r.top(), kSparkWidth, r.height());
    paintText(painter,
              QRect(iconRect.right() + kPadding + 2, r.top(),
                    rightCol.left() - iconRect.right() - 2 * kPadding - 2, r.height()),
              option, index);
    paintActivity(painter, rightCol, option, index);
}

void ChannelDelegate::paintText(QPainter *painter, const QRect &rect,
                                const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &pal = option.palette;
    const QColor text = pal.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const int code = index.data(ChannelModel::CodeRole).toInt();
    QFont nameFont = option.font;
    nameFont.setBold(index.data(ChannelModel::UnreadRole).toInt() > 0 ||
                     code == ChannelModel::kAllChannels);
    painter->save();
    painter->setFont(nameFont);
    painter->setPen(text);
    const QFontMetrics nfm(nameFont);
    const QRect nameRect(rect.left(), rect.top(), rect.width(), nfm.height());
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      nfm.elidedText(index.data(ChannelModel::NameRole).toString(), Qt::ElideRight,
                                     nameRect.width()));
    painter->setFont(option.font);
    painter->setPen(selected ? Theme::blend(text, pal.color(QPalette::Highlight), 0.3)
                             : Theme::mutedText(pal));
    const QRect detailRect(rect.left(), nameRect.bottom() + 2, rect.width(),
                           option.fontMetrics.height());
    const QString detail = detailText(index, QDateTime::currentMSecsSinceEpoch());
    painter->drawText(detailRect, Qt::AlignLeft | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(detail, Qt::ElideRight, detailRect.width()));
    painter->restore();
}

void ChannelDelegate::paintActivity(QPainter *painter, const QRect &rect,
                                    const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    const int unread = index.data(ChannelModel::UnreadRole).toInt();
    if (unread > 0) {
        QFont bold = option.font;
        bold.setBold(true);
        paintBadge(painter,
                   QRect(rect.left(), rect.top(), rect.width(), QFontMetrics(bold).height()),
                   unread, option);
    }
    const int code = index.data(ChannelModel::CodeRole).toInt();
    const QColor line =
        option.state & QStyle::State_Selected ? option.palette.color(QPalette::HighlightedText)
        : code == ChannelModel::kAllChannels  ? option.palette.color(QPalette::Highlight)
                                              : Theme::channelColour(code);
    SparklinePainter::paint(
        painter, QRectF(rect.left(), rect.bottom() - kSparkHeight, rect.width(), kSparkHeight),
        index.data(ChannelModel::SparklineRole).value<QList<int>>(), line);
}

void ChannelDelegate::paintBadge(QPainter *painter, const QRect &rect, int unread,
                                 const QStyleOptionViewItem &option) const
{
    const QString text = unread > 999 ? QStringLiteral("999+") : QString::number(unread);
    QFont font = option.font;
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.85);
    const QFontMetrics fm(font);
    const int w = qMax(rect.height(), fm.horizontalAdvance(text) + 10);
    const QRect badge(rect.right() - w + 1, rect.top(), w, rect.height());
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &pal = option.palette;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(selected ? pal.color(QPalette::HighlightedText)
                               : pal.color(QPalette::Highlight));
    painter->drawRoundedRect(badge, rect.height() / 2.0, rect.height() / 2.0);
    painter->setFont(font);
    painter->setPen(selected ? pal.color(QPalette::Highlight)
                             : pal.color(QPalette::HighlightedText));
    painter->drawText(badge, Qt::AlignCenter, text);
    painter->restore();
}
