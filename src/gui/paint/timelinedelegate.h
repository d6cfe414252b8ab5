#pragma once

#include <QStyledItemDelegate>

// Cells of a customer's change timeline: field names as people read them
// ("Remark name", "Custom field: budget"), channel codes as channel names,
// the time only on the first row of each event so that one update reads as
// one group; added labels and created fields in the "good" colour, removed
// labels struck through in the "bad" colour, a replaced value struck
// through and muted.
class TimelineDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineDelegate)

public:
    explicit TimelineDelegate(QObject *parent = nullptr);

    static QString fieldLabel(const QString &field);
    static QString valueText(const QString &field, const QString &value);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    static void colourValue(QStyleOptionViewItem *option, int column, int kind);
};
