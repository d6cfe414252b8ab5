#pragma once

#include <QIcon>
#include <QPixmap>
#include <QString>

class QPainter;
class QRectF;

// Channel icons drawn on the fly: a rounded square in the channel's colour
// with a short label ("WA", "IG"), and a four-tile mark for "All channels".
// Pixmaps are cached per code, size and device pixel ratio, so painting a
// list row only blits.
class ChannelIcon final {
public:
    // The short label shown in the square.
    static QString label(int code, const QString &name);
    static void paint(QPainter *painter, const QRectF &rect, int code, const QString &name);
    static QPixmap pixmap(int code, const QString &name, int size, qreal devicePixelRatio);
    static QIcon icon(int code, const QString &name);
};
