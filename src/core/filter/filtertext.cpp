#include "filter/filtertext.h"

QString FilterText::foldAscii(QStringView s)
{
    QString out;
    out.reserve(s.size());
    for (const QChar c : s)
        out.append(fold(c));
    return out;
}

bool FilterText::containsFolded(QStringView haystack, QStringView foldedNeedle)
{
    const qsizetype n = foldedNeedle.size();
    if (n == 0)
        return true;
    const QChar first = foldedNeedle.front();
    for (qsizetype i = 0; i + n <= haystack.size(); ++i) {
        if (fold(haystack[i]) != first)
            continue;
        qsizetype j = 1;
        while (j < n && fold(haystack[i + j]) == foldedNeedle[j])
            ++j;
        if (j == n)
            return true;
    }
    return false;
}

bool FilterText::equalsFolded(QStringView s, QStringView folded)
{
    if (s.size() != folded.size())
        return false;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (fold(s[i]) != folded[i])
            return false;
    }
    return true;
}

QString FilterText::globPattern(QStringView foldedNeedle)
{
    QString out;
    out.reserve(foldedNeedle.size() * 4 + 2);
    out.append(u'*');
    for (const QChar c : foldedNeedle) {
        const char16_t u = c.unicode();
        if (u >= u'a' && u <= u'z') {
            out.append(u'[');
            out.append(c);
            out.append(QChar(char16_t(u - (u'a' - u'A'))));
            out.append(u']');
        } else if (u == u'*' || u == u'?' || u == u'[') {
            // Inside a class these are literal; "]" outside a class already is.
            out.append(u'[');
            out.append(c);
            out.append(u']');
        } else {
            out.append(c);
        }
    }
    out.append(u'*');
    return out;
}
