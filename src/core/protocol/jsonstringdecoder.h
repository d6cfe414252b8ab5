#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Decodes the content of a JSON string literal to UTF-8 for JsonCursor, which
// has checked it already: escapes resolved, a surrogate pair joined into one
// character, a lone surrogate written as '?' (what QString::toUtf8() writes,
// so that the decoded text, and every signature over it, stays what the
// receiver computed with QJsonDocument before the cursor existed).
class JsonStringDecoder final {
public:
    // `content` is the literal without its quotes; the result is never null.
    static QByteArray decode(QByteArrayView content);
};
