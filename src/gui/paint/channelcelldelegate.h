#pragma once

#include <QStyledItemDelegate>

// Adds the channel icon to one column of a table whose model gives the
// channel code in `channelRole` (the customers list).
class ChannelCellDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChannelCellDelegate)

public:
    explicit ChannelCellDelegate(int column, int channelRole, QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    int m_column = 0;
    int m_channelRole = 0;
};
