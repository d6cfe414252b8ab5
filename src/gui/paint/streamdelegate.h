#pragma once

#include <QStyledItemDelegate>

// Cells of the message stream: a red-tinted row for deliveries whose
// signature was bad or missing, the verification marker, channel icons and
// a coloured direction. Reads EventTableModel roles only; no queries.
class StreamDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamDelegate)

public:
    explicit StreamDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
