#include "protocol/jsonreserializer.h"

#include "protocol/jsoncursor.h"

#include <QString>

namespace {

void appendHex4(QByteArray &out, char16_t unit)
{
    static const char digits[] = "0123456789abcdef";
    out.append("\\u");
    for (int shift = 12; shift >= 0; shift -= 4)
        out.append(digits[(unit >> shift) & 0xF]);
}

// JSON's two-character escapes; false for a unit that has none.
bool appendShortEscape(QByteArray &out, char16_t u, JsonReserializer::Style style)
{
    switch (u) {
    case u'"':
        out.append("\\\"");
        return true;
    case u'\\':
        out.append("\\\\");
        return true;
    case u'\n':
        out.append("\\n");
        return true;
    case u'\r':
        out.append("\\r");
        return true;
    case u'\t':
        out.append("\\t");
        return true;
    case u'\b':
        out.append("\\b");
        return true;
    case u'\f':
        out.append("\\f");
        return true;
    case u'/':
        out.append(style == JsonReserializer::Style::Php ? "\\/" : "/");
        return true;
    default:
        return false;
    }
}

// The unit at text[i], which has no short escape, as \uXXXX, ASCII or UTF-8;
// returns how many units it took (two for a surrogate pair).
qsizetype appendUnit(QByteArray &out, QStringView text, qsizetype i, bool asciiOnly)
{
    const char16_t u = text.at(i).unicode();
    if (u < 0x20 || (asciiOnly && u > 0x7F)) {
        appendHex4(out, u);
        return 1;
    }
    if (u < 0x80) {
        out.append(static_cast<char>(u));
        return 1;
    }
    // A surrogate pair must reach toUtf8() whole to become one code point.
    const bool pair =
        QChar::isHighSurrogate(u) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate();
    const qsizetype units = pair ? 2 : 1;
    out.append(text.mid(i, units).toUtf8());
    return units;
}

void appendEncoded(QByteArray &out, const QString &text, JsonReserializer::Style style)
{
    const bool asciiOnly = style != JsonReserializer::Style::Compact;
    out.append('"');
    for (qsizetype i = 0; i < text.size();) {
        if (appendShortEscape(out, text.at(i).unicode(), style))
            ++i;
        else
            i += appendUnit(out, text, i, asciiOnly);
    }
    out.append('"');
}

} // namespace

QByteArray JsonReserializer::rewrite(QByteArrayView json, Style style)
{
    using Token = JsonCursor::Token;
    QByteArray out;
    out.reserve(json.size() + json.size() / 4);
    JsonCursor cursor(json);
    for (Token token = cursor.next(); token != Token::End; token = cursor.next()) {
        switch (token) {
        case Token::Error:
            return {};
        case Token::String:
            // PHP and Python escape each UTF-16 unit of a pair separately,
            // which appendEncoded does for the ASCII-only styles.
            appendEncoded(out, QString::fromUtf8(cursor.decodedString()), style);
            break;
        default: // structure, numbers and literals as written
            out.append(cursor.tokenText());
            if (style == Style::Python &&
                (token == Token::NameSeparator || token == Token::ValueSeparator))
                out.append(' ');
        }
    }
    return out;
}
