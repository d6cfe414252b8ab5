#pragma once

#include "records/verification.h"

#include <QPixmap>

class QPainter;
class QPalette;
class QRectF;

// The small round marker beside a verification word: a check on green for
// verified, on amber for the loose match, a cross or "!" on red for a bad or
// missing signature, and a dashed hollow ring for "not checked", so the
// three families differ by shape as well as by colour.
class VerificationMarker final {
public:
    static void paint(QPainter *painter, const QRectF &rect, Verification verification,
                      const QPalette &palette);
    static QPixmap pixmap(Verification verification, const QPalette &palette, int size,
                          qreal devicePixelRatio = 1.0);
};
