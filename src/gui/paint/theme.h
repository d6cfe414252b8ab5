#pragma once

#include "records/verification.h"

#include <QColor>

class QPalette;

// Every colour the window uses, derived from the current palette so the
// window follows the system's light or dark scheme. Fixed hues (the state
// colours, channel colours) are blended into the palette's own colours
// rather than painted raw, so they sit right on either background.
class Theme final {
public:
    enum class Tone { Good, Warning, Bad, Neutral };

    static bool isDark(const QPalette &palette);
    // a moved `amount` (0..1) of the way towards b, alpha included.
    static QColor blend(const QColor &a, const QColor &b, qreal amount);

    // A state colour readable as text or a marker on the palette's base.
    static QColor tone(const QPalette &palette, Tone tone);
    // Background of a stream row: a faint tint for deliveries whose
    // signature failed or was missing, invalid (no tint) otherwise.
    static QColor rowTint(const QPalette &palette, Verification verification);
    static Tone verificationTone(Verification verification);
    // Secondary text (times, ids) between the text and base colours.
    static QColor mutedText(const QPalette &palette);

    // Chat bubbles: the customer's on the base colour, the agents' tinted
    // with the highlight colour.
    static QColor customerBubble(const QPalette &palette);
    static QColor agentBubble(const QPalette &palette);
    static QColor quoteBar(const QPalette &palette);

    // A stable colour per channel code (brand-like hues for the documented
    // channels, a hue from the code for the others).
    static QColor channelColour(int code);
};
