#pragma once

#include "filter/filtererror.h"
#include "filter/filtertoken.h"

#include <QList>
#include <QString>

// Splits a filter text into tokens. Outside quotes, white space separates
// terms and ( ) " are special; inside quotes \" and \\ are the only escapes
// (any other backslash is literal, so "C:\path" stays as typed).
class FilterLexer final {
public:
    explicit FilterLexer(const QString &text)
        : m_text(text)
    {
    }

    // False on a lexical error (see error()).
    bool run();
    const QList<FilterToken> &tokens() const { return m_tokens; }
    const FilterError &error() const { return m_error; }

private:
    bool lexBare();
    bool lexQuoted(int start, int termStart, QString *value);
    bool checkEndOfTerm(int termStart);
    bool fail(const char *message, int position, int length);
    void push(FilterToken::Kind kind, int position, int length, const QString &field = QString(),
              const QString &value = QString());
    bool isSeparator(int i) const;
    int termEnd(int i) const;

    QString m_text;
    int m_pos = 0;
    QList<FilterToken> m_tokens;
    FilterError m_error;
};
