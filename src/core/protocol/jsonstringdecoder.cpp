#include "protocol/jsonstringdecoder.h"

#include "protocol/hexdigit.h"

#include <QChar>

namespace {

// The four hex digits at `at` (already checked by the lexer).
char32_t hex4(QByteArrayView text, qsizetype at)
{
    char32_t unit = 0;
    for (qsizetype i = at; i < at + 4; ++i)
        unit = unit << 4 | static_cast<char32_t>(hexDigitValue(text.at(i)));
    return unit;
}

// What a one-letter escape stands for (", \ and / stand for themselves).
char simpleEscape(char e)
{
    switch (e) {
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 't':
        return '\t';
    default:
        return e;
    }
}

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.append(static_cast<char>(0xC0 | cp >> 6));
        out.append(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(static_cast<char>(0xE0 | cp >> 12));
        out.append(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
        out.append(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.append(static_cast<char>(0xF0 | cp >> 18));
        out.append(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
        out.append(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
        out.append(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// One \uXXXX escape at `i` (a pair when a high surrogate is followed by a low
// one); returns the offset after it. A lone surrogate becomes '?', as
// QString::toUtf8() writes it: the decoded text stays what the receiver
// computed with QJsonDocument before this cursor existed.
qsizetype appendUnicodeEscape(QByteArray &out, QByteArrayView s, qsizetype i)
{
    const char32_t unit = hex4(s, i + 2);
    i += 6;
    if (QChar::isHighSurrogate(unit) && i + 6 <= s.size() && s.at(i) == '\\' &&
        s.at(i + 1) == 'u') {
        const char32_t low = hex4(s, i + 2);
        if (QChar::isLowSurrogate(low)) {
            appendUtf8(out, QChar::surrogateToUcs4(static_cast<char16_t>(unit),
                                                   static_cast<char16_t>(low)));
            return i + 6;
        }
    }
    appendUtf8(out, QChar::isSurrogate(unit) ? U'?' : unit);
    return i;
}

} // namespace

QByteArray JsonStringDecoder::decode(QByteArrayView s)
{
    QByteArray out("");
    out.reserve(s.size());
    qsizetype run = 0;
    qsizetype i = 0;
    while (i < s.size()) {
        if (s.at(i) != '\\') {
            ++i;
            continue;
        }
        out.append(s.sliced(run, i - run));
        const char e = s.at(i + 1);
        if (e == 'u') {
            i = appendUnicodeEscape(out, s, i);
        } else {
            out.append(simpleEscape(e));
            i += 2;
        }
        run = i;
    }
    out.append(s.sliced(run));
    return out;
}
