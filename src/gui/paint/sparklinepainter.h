#pragma once

#include <QList>

class QColor;
class QPainter;
class QRectF;

// Draws a small messages-per-minute series: a filled area under a line,
// scaled to the series' own maximum. Nothing is allocated per point beyond
// one polygon, so a list of channels can repaint it every minute.
class SparklinePainter final {
public:
    static void paint(QPainter *painter, const QRectF &rect, const QList<int> &values,
                      const QColor &line);
};
