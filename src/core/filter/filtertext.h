#pragma once

#include <QString>
#include <QStringView>

// Case-insensitive text comparison for the filter language, with the SAME
// semantics in C++ and in SQLite: only ASCII letters are folded (A-Z to a-z).
// SQLite folds only ASCII in NOCASE, LIKE and lower() unless built with ICU,
// and ICU builds replace like()/lower() with Unicode folding; GLOB with
// explicit [aA] classes behaves the same in every build, so substring search
// in SQL uses globPattern() and in C++ containsFolded(). docs/filter-language.md
class FilterText final {
public:
    // s with A-Z mapped to a-z; every other character unchanged.
    static QString foldAscii(QStringView s);
    // True when foldAscii(haystack) contains foldedNeedle (which must be folded).
    static bool containsFolded(QStringView haystack, QStringView foldedNeedle);
    // True when foldAscii(s) == folded: SQLite's "= ? COLLATE NOCASE".
    static bool equalsFolded(QStringView s, QStringView folded);
    // "*[hH][iI]*" for "hi": a GLOB pattern matching exactly what
    // containsFolded() matches; *, ? and [ in the needle are made literal.
    static QString globPattern(QStringView foldedNeedle);

private:
    static QChar fold(QChar c)
    {
        const char16_t u = c.unicode();
        return (u >= u'A' && u <= u'Z') ? QChar(char16_t(u + (u'a' - u'A'))) : c;
    }
};
