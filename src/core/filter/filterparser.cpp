#include "filter/filterparser.h"

#include "filter/filterterm.h"
#include "filter/filtertext.h"

#include <QCoreApplication>

#include <utility>

namespace {

using Kind = FilterToken::Kind;

// Messages for the user, marked for lupdate; fail() translates them.
const char *const kUnmatchedClose =
    QT_TRANSLATE_NOOP("FilterExpression", "\")\" without a matching \"(\"");
const char *const kAndNeedsTerms =
    QT_TRANSLATE_NOOP("FilterExpression", "AND needs a term on each side");
const char *const kOrNeedsTerms =
    QT_TRANSLATE_NOOP("FilterExpression", "OR needs a term on each side");
const char *const kMinusNeedsTerm = QT_TRANSLATE_NOOP(
    "FilterExpression", "\"-\" must be followed directly by the term it excludes");
const char *const kTooDeep = QT_TRANSLATE_NOOP("FilterExpression", "parentheses nested too deeply");
const char *const kNeverClosed =
    QT_TRANSLATE_NOOP("FilterExpression", "this \"(\" is never closed");
const char *const kEmptyGroup = QT_TRANSLATE_NOOP("FilterExpression", "empty parentheses");
const char *const kEmptyPhrase =
    QT_TRANSLATE_NOOP("FilterExpression", "an empty phrase \"\" would match everything");

// Several children become one node of the given kind; a single child stays.
FilterNode combine(FilterNode::Kind kind, std::vector<FilterNode> &&children)
{
    if (children.size() == 1)
        return std::move(children.front());
    FilterNode node;
    node.kind = kind;
    node.children = std::move(children);
    return node;
}

} // namespace

bool FilterParser::run(FilterNode *root)
{
    if (m_tokens.isEmpty()) {
        *root = FilterNode();
        return true;
    }
    if (!conjunction(root, 0))
        return false;
    if (m_next < m_tokens.size())
        return fail(kUnmatchedClose, m_tokens[m_next]);
    return true;
}

bool FilterParser::conjunction(FilterNode *out, int depth)
{
    std::vector<FilterNode> children;
    while (m_next < m_tokens.size() && !atKind(Kind::Close)) {
        if (atKind(Kind::And)) {
            const FilterToken &op = m_tokens[m_next++];
            if (children.empty() || atEndOfOperand())
                return fail(kAndNeedsTerms, op);
        }
        FilterNode child;
        if (!disjunction(&child, depth))
            return false;
        children.push_back(std::move(child));
    }
    *out = combine(FilterNode::Kind::All, std::move(children));
    return true;
}

bool FilterParser::disjunction(FilterNode *out, int depth)
{
    std::vector<FilterNode> children(1);
    if (!unary(&children.front(), depth))
        return false;
    while (atKind(Kind::Or)) {
        const FilterToken &op = m_tokens[m_next++];
        if (atEndOfOperand())
            return fail(kOrNeedsTerms, op);
        FilterNode child;
        if (!unary(&child, depth))
            return false;
        children.push_back(std::move(child));
    }
    *out = combine(FilterNode::Kind::Any, std::move(children));
    return true;
}

bool FilterParser::unary(FilterNode *out, int depth)
{
    if (!atKind(Kind::Minus))
        return primary(out, depth);
    const FilterToken &minus = m_tokens[m_next++];
    if (atEndOfOperand() || atKind(Kind::Minus))
        return fail(kMinusNeedsTerm, minus);
    FilterNode child;
    if (!primary(&child, depth))
        return false;
    out->kind = FilterNode::Kind::Not;
    out->children.clear();
    out->children.push_back(std::move(child));
    return true;
}

bool FilterParser::primary(FilterNode *out, int depth)
{
    const FilterToken &token = m_tokens[m_next];
    switch (token.kind) {
    case Kind::Open:
        return group(out, depth + 1);
    case Kind::Word:
    case Kind::Phrase:
    case Kind::Field:
        return leaf(out);
    case Kind::Or:
        return fail(kOrNeedsTerms, token);
    case Kind::And:
        return fail(kAndNeedsTerms, token);
    case Kind::Close:
        return fail(kUnmatchedClose, token);
    case Kind::Minus:
        break;
    }
    return fail(kMinusNeedsTerm, token);
}

bool FilterParser::group(FilterNode *out, int depth)
{
    const FilterToken &open = m_tokens[m_next++];
    if (depth > kMaxDepth)
        return fail(kTooDeep, open);
    if (!conjunction(out, depth))
        return false;
    if (!atKind(Kind::Close))
        return fail(kNeverClosed, open);
    const FilterToken &close = m_tokens[m_next++];
    if (out->kind == FilterNode::Kind::All && out->children.empty())
        return fail(QCoreApplication::translate("FilterExpression", kEmptyGroup), open.position,
                    close.position + 1 - open.position);
    return true;
}

bool FilterParser::leaf(FilterNode *out)
{
    const FilterToken &token = m_tokens[m_next++];
    if (token.kind == Kind::Field) {
        QString message;
        if (!FilterTerm::build(token.field, token.value, m_nowMs, out, &message))
            return fail(message, token);
        return true;
    }
    if (token.value.isEmpty())
        return fail(kEmptyPhrase, token);
    *out = FilterNode::leaf(FilterNode::Kind::Text, FilterText::foldAscii(token.value));
    return true;
}

bool FilterParser::atKind(FilterToken::Kind kind) const
{
    return m_next < m_tokens.size() && m_tokens[m_next].kind == kind;
}

// True when no operand can start here: end of input, ")", OR or AND.
bool FilterParser::atEndOfOperand() const
{
    return m_next >= m_tokens.size() || atKind(Kind::Close) || atKind(Kind::Or) ||
           atKind(Kind::And);
}

bool FilterParser::fail(const char *message, const FilterToken &token)
{
    return fail(QCoreApplication::translate("FilterExpression", message), token.position,
                token.length);
}

bool FilterParser::fail(const QString &message, const FilterToken &token)
{
    return fail(message, token.position, token.length);
}

bool FilterParser::fail(const QString &message, int position, int length)
{
    m_error.message = message;
    m_error.position = position;
    m_error.length = length;
    return false;
}
