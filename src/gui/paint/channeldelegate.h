#pragma once

#include <QStyledItemDelegate>

// Paints one row of the channels list: icon, name, "last message n min ago",
// an unread badge and the messages-per-minute sparkline. Everything comes
// from ChannelModel roles; colours come from the row's palette.
class ChannelDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChannelDelegate)

public:
    explicit ChannelDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The second line of a row ("3 min ago · 120 messages"), also the
    // accessible description.
    static QString detailText(const QModelIndex &index, qint64 nowMs);

private:
    void paintText(QPainter *painter, const QRect &rect, const QStyleOptionViewItem &option,
                   const QModelIndex &index) const;
    // Unread badge above, sparkline below.
    void paintActivity(QPainter *painter, const QRect &rect, const QStyleOptionViewItem &option,
                       const QModelIndex &index) const;
    void paintBadge(QPainter *painter, const QRect &rect, int unread,
                    const QStyleOptionViewItem &option) const;
};
