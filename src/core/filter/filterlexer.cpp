#include "filter/filterlexer.h"

#include <QCoreApplication>

namespace {

// Messages for the user, marked for lupdate; fail() translates them.
const char *const kMinusNeedsTerm = QT_TRANSLATE_NOOP(
    "FilterExpression", "\"-\" must be followed directly by the term it excludes");
const char *const kQuoteInWord = QT_TRANSLATE_NOOP(
    "FilterExpression", "a quote or parenthesis inside a word: put the whole term in quotes");
const char *const kNeverClosed =
    QT_TRANSLATE_NOOP("FilterExpression", "this quote is never closed");
const char *const kSpaceAfterQuote =
    QT_TRANSLATE_NOOP("FilterExpression", "expected a space after the closing quote");
const char *const kSpaceAfterParen =
    QT_TRANSLATE_NOOP("FilterExpression", "expected a space after \")\"");

bool isSpecial(QChar c)
{
    return c.isSpace() || c == u'"' || c == u'(' || c == u')';
}

// Only letters and "_" make a field name: "10:30" and "::" stay words.
bool looksLikeField(QStringView s)
{
    if (s.isEmpty())
        return false;
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (!((u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || u == u'_'))
            return false;
    }
    return true;
}

} // namespace

bool FilterLexer::run()
{
    const int n = int(m_text.size());
    while (true) {
        while (m_pos < n && m_text[m_pos].isSpace())
            ++m_pos;
        if (m_pos >= n)
            return true;
        const QChar c = m_text[m_pos];
        if (c == u'(') {
            push(FilterToken::Kind::Open, m_pos++, 1);
        } else if (c == u')') {
            push(FilterToken::Kind::Close, m_pos++, 1);
            if (!checkEndOfTerm(m_pos - 1))
                return false;
        } else if (c == u'-') {
            if (m_pos + 1 >= n || m_text[m_pos + 1].isSpace())
                return fail(kMinusNeedsTerm, m_pos, 1);
            push(FilterToken::Kind::Minus, m_pos++, 1);
        } else if (c == u'"') {
            const int start = m_pos;
            QString value;
            if (!lexQuoted(start, start, &value))
                return false;
            push(FilterToken::Kind::Phrase, start, m_pos - start, QString(), value);
            if (!checkEndOfTerm(start))
                return false;
        } else if (!lexBare()) {
            return false;
        }
    }
}

bool FilterLexer::lexBare()
{
    const int start = m_pos;
    const int n = int(m_text.size());
    while (m_pos < n && !isSpecial(m_text[m_pos]))
        ++m_pos;
    const QString run = m_text.mid(start, m_pos - start);
    const int colon = int(run.indexOf(u':'));
    const bool field = colon > 0 && looksLikeField(QStringView(run).left(colon));
    if (field && colon == run.size() - 1 && m_pos < n && m_text[m_pos] == u'"') {
        QString value;
        if (!lexQuoted(m_pos, start, &value))
            return false;
        push(FilterToken::Kind::Field, start, m_pos - start, run.left(colon), value);
        return checkEndOfTerm(start);
    }
    if (m_pos < n && (m_text[m_pos] == u'"' || m_text[m_pos] == u'(')) {
        return fail(kQuoteInWord, start, termEnd(start) - start);
    }
    if (field)
        push(FilterToken::Kind::Field, start, m_pos - start, run.left(colon), run.mid(colon + 1));
    else if (run == QLatin1String("OR"))
        push(FilterToken::Kind::Or, start, m_pos - start);
    else if (run == QLatin1String("AND"))
        push(FilterToken::Kind::And, start, m_pos - start);
    else
        push(FilterToken::Kind::Word, start, m_pos - start, QString(), run);
    return true;
}

// Reads "..." from the quote at start; leaves m_pos after the closing quote.
// An unclosed quote underlines its whole term, from termStart to the end.
bool FilterLexer::lexQuoted(int start, int termStart, QString *value)
{
    const int n = int(m_text.size());
    int i = start + 1;
    while (i < n && m_text[i] != u'"') {
        const bool escape =
            m_text[i] == u'\\' && i + 1 < n && (m_text[i + 1] == u'"' || m_text[i + 1] == u'\\');
        if (escape)
            ++i;
        value->append(m_text[i]);
        ++i;
    }
    if (i >= n)
        return fail(kNeverClosed, termStart, n - termStart);
    m_pos = i + 1;
    return true;
}

// After a closing quote or ")" the term must end: "ab"cd is a typo, not two terms.
bool FilterLexer::checkEndOfTerm(int termStart)
{
    if (isSeparator(m_pos))
        return true;
    const char *message = m_text.at(m_pos - 1) == u'"' ? kSpaceAfterQuote : kSpaceAfterParen;
    return fail(message, termStart, termEnd(m_pos) - termStart);
}

bool FilterLexer::isSeparator(int i) const
{
    return i >= m_text.size() || m_text[i].isSpace() || m_text[i] == u')';
}

// End of the white-space separated run containing i (for underlining).
int FilterLexer::termEnd(int i) const
{
    while (i < m_text.size() && !m_text[i].isSpace())
        ++i;
    return i;
}

bool FilterLexer::fail(const char *message, int position, int length)
{
    m_error.message = QCoreApplication::translate("FilterExpression", message);
    m_error.position = position;
    m_error.length = qMax(1, length);
    return false;
}

void FilterLexer::push(FilterToken::Kind kind, int position, int length, const QString &field,
                       const QString &value)
{
    m_tokens.append(FilterToken{kind, position, length, field, value});
}
