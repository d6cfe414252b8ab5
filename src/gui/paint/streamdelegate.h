#pragma once

#include <QStyledItemDelegate>

// Cells of the message stream: a red-tinted row for deliveries whose
// signature was bad or missing, the verification marker, channel icons and
// a coloured direction, and a "test" badge beside the verification of test
// deliveries (TestRole). Reads EventTableModel roles only; no queries.
class StreamDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamDelegate)

public:
    explicit StreamDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The badge's word ("test", translated) and its size in `font`.
    static QString testBadgeText();
    static QSize testBadgeSize(const QFont &font);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
