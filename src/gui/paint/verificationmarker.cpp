#include "paint/verificationmarker.h"

#include "paint/theme.h"

#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QtMath>

namespace {

void drawCheck(QPainter *p, const QRectF &r, const QColor &colour)
{
    QPainterPath path;
    path.moveTo(r.left() + r.width() * 0.27, r.top() + r.height() * 0.52);
    path.lineTo(r.left() + r.width() * 0.44, r.top() + r.height() * 0.68);
    path.lineTo(r.left() + r.width() * 0.74, r.top() + r.height() * 0.34);
    p->setPen(
        QPen(colour, qMax(1.2, r.width() * 0.13), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p->setBrush(Qt::NoBrush);
    p->drawPath(path);
}

void drawCross(QPainter *p, const QRectF &r, const QColor &colour)
{
    const QRectF c =
        r.adjusted(r.width() * 0.32, r.height() * 0.32, -r.width() * 0.32, -r.height() * 0.32);
    p->setPen(QPen(colour, qMax(1.2, r.width() * 0.13), Qt::SolidLine, Qt::RoundCap));
    p->drawLine(c.topLeft(), c.bottomRight());
    p->drawLine(c.topRight(), c.bottomLeft());
}

void drawBang(QPainter *p, const QRectF &r, const QColor &colour)
{
    const qreal x = r.center().x();
    p->setPen(QPen(colour, qMax(1.2, r.width() * 0.14), Qt::SolidLine, Qt::RoundCap));
    p->drawLine(QPointF(x, r.top() + r.height() * 0.26), QPointF(x, r.top() + r.height() * 0.56));
    p->drawPoint(QPointF(x, r.top() + r.height() * 0.74));
}

} // namespace

void VerificationMarker::paint(QPainter *painter, const QRectF &rect, Verification verification,
                               const QPalette &palette)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor colour = Theme::tone(palette, Theme::verificationTone(verification));
    const QColor onColour = Theme::isDark(palette) ? palette.color(QPalette::Base) : Qt::white;
    const QRectF circle = rect.adjusted(0.5, 0.5, -0.5, -0.5);
    if (verification == Verification::NotChecked) {
        QPen pen(colour, qMax(1.0, rect.width() * 0.1), Qt::DashLine);
        pen.setDashPattern({1.6, 1.4});
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(circle.adjusted(1, 1, -1, -1));
        painter->restore();
        return;
    }
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawEllipse(circle);
    switch (verification) {
    case Verification::BadSignature:
        drawCross(painter, rect, onColour);
        break;
    case Verification::Unsigned:
        drawBang(painter, rect, onColour);
        break;
    default:
        drawCheck(painter, rect, onColour);
        break;
    }
    painter->restore();
}

QPixmap VerificationMarker::pixmap(Verification verification, const QPalette &palette, int size,
                                   qreal devicePixelRatio)
{
    const int pixels = qCeil(size * devicePixelRatio);
    QPixmap pm(pixels, pixels);
    pm.setDevicePixelRatio(devicePixelRatio);
    pm.fill(Qt::transparent);
    QPainter painter(&pm);
    paint(&painter, QRectF(0, 0, size, size), verification, palette);
    return pm;
}
