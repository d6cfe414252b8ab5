#pragma once

#include <QList>
#include <QString>

// Where the terms of a filter text are, as the filter bar's completion and
// "add a term" need them: white space outside quotes separates terms, a
// parenthesis is a term of its own, and inside quotes `\"` does not end the
// phrase (docs/filter-language.md). This does not validate anything; the
// parser does.
class FilterTerms final {
public:
    FilterTerms() = delete;

    struct Span {
        int start = 0;
        int length = 0;
        int depth = 0; // parentheses open before the term
        int end() const { return start + length; }
    };

    static QList<Span> split(const QString &text);
    // The term the cursor is in or just after (cursor == its end); a span of
    // length 0 at the cursor when the cursor is on white space.
    static Span at(const QString &text, int cursor);
    // True when `term` is one of the terms that all must hold: outside
    // parentheses and not next to an OR.
    static bool hasRequiredTerm(const QString &text, const QString &term);
    // `text` AND `term`: appended with a space unless already required.
    static QString withTerm(const QString &text, const QString &term);
};
