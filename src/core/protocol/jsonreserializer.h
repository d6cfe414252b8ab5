#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Rewrites JSON text the way common senders serialise it, keeping member
// order and number text. Used only for the "verified-loose" fallbacks, after
// the exact data text failed to match (spec section 2, DECISION).
class JsonReserializer final {
public:
    enum class Style {
        Compact, // no insignificant whitespace, UTF-8 as is (JS, Go, Java)
        Php,     // json_encode defaults: compact, "\/" and \uXXXX escapes
        Python,  // json.dumps defaults: ", " and ": " separators, \uXXXX
    };

    // Null when the text is not one well-formed JSON value (JsonCursor's rules).
    static QByteArray rewrite(QByteArrayView json, Style style);
};
