#include "paint/sparklinepainter.h"

#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>

void SparklinePainter::paint(QPainter *painter, const QRectF &rect, const QList<int> &values,
                             const QColor &line)
{
    if (values.isEmpty() || rect.width() < 4 || rect.height() < 4)
        return;
    const int peak = *std::max_element(values.cbegin(), values.cend());
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor base = line;
    base.setAlphaF(0.35f);
    painter->setPen(QPen(base, 1.0));
    painter->drawLine(rect.bottomLeft(), rect.bottomRight());
    if (peak <= 0) {
        painter->restore();
        return;
    }
    const qreal step = values.size() > 1 ? rect.width() / static_cast<qreal>(values.size() - 1) : 0;
    QPolygonF points;
    points.reserve(values.size());
    for (qsizetype i = 0; i < values.size(); ++i) {
        const qreal y = rect.bottom() - rect.height() * values.at(i) / static_cast<qreal>(peak);
        points.append(QPointF(rect.left() + step * static_cast<qreal>(i), y));
    }
    QPainterPath area;
    area.moveTo(rect.left(), rect.bottom());
    area.addPolygon(points);
    area.lineTo(points.constLast().x(), rect.bottom());
    area.closeSubpath();
    QColor fill = line;
    fill.setAlphaF(0.22f);
    painter->fillPath(area, fill);
    painter->setPen(QPen(line, 1.3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->drawPolyline(points);
    painter->restore();
}
