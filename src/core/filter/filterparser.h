#pragma once

#include "filter/filtererror.h"
#include "filter/filternode.h"
#include "filter/filtertoken.h"

#include <QList>

// The grammar of the filter language (docs/filter-language.md):
//
//   query       = [ conjunction ]
//   conjunction = disjunction { [ "AND" ] disjunction }   (implicit AND)
//   disjunction = unary { "OR" unary }                    (OR binds tighter)
//   unary       = [ "-" ] primary
//   primary     = "(" conjunction ")" | field-term | word | phrase
class FilterParser final {
public:
    FilterParser(const QList<FilterToken> &tokens, qint64 nowMs)
        : m_tokens(tokens)
        , m_nowMs(nowMs)
    {
    }

    // False on a syntax or value error (see error()). An empty token list
    // parses to an empty All node, which matches everything.
    bool run(FilterNode *root);
    const FilterError &error() const { return m_error; }

private:
    static constexpr int kMaxDepth = 64;

    bool conjunction(FilterNode *out, int depth);
    bool disjunction(FilterNode *out, int depth);
    bool unary(FilterNode *out, int depth);
    bool primary(FilterNode *out, int depth);
    bool group(FilterNode *out, int depth);
    bool leaf(FilterNode *out);
    bool atKind(FilterToken::Kind kind) const;
    bool atEndOfOperand() const;
    bool fail(const char *message, const FilterToken &token);
    bool fail(const QString &message, const FilterToken &token);
    bool fail(const QString &message, int position, int length);

    const QList<FilterToken> &m_tokens;
    qint64 m_nowMs = 0;
    int m_next = 0;
    FilterError m_error;
};
