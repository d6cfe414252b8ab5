#include "paint/channelcelldelegate.h"

#include "paint/channelicon.h"

ChannelCellDelegate::ChannelCellDelegate(int column, int channelRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_column(column)
    , m_channelRole(channelRole)
{
}

void ChannelCellDelegate::initStyleOption(QStyleOptionViewItem *option,
                                          const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() != m_column)
        return;
    const QVariant code = index.data(m_channelRole);
    if (!code.isValid())
        return;
    option->icon = ChannelIcon::icon(code.toInt(), option->text);
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->decorationSize = QSize(16, 16);
}
