#include "filter/filtersql.h"

#include "filter/filternode.h"
#include "filter/filtertext.h"
#include "records/verification.h"
#include "store/eventsearchindex.h"
#include "store/pgschema.h"
#include "store/storecolumns.h"

#include <array>

namespace {

using namespace StoreColumns;

// Only ASCII letters change, as in SQLite's NOCASE.
QString asciiCase(QString text, bool upper)
{
    for (QChar &c : text) {
        if (upper && c >= u'a' && c <= u'z')
            c = QChar(c.unicode() - 32);
        else if (!upper && c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + 32);
    }
    return text;
}

// A LIKE pattern that finds `needle` anywhere: '%', '_' and the escape
// character '\' (PostgreSQL's default) stand for themselves.
QString containsPattern(const QString &needle)
{
    QString out = QStringLiteral("%");
    for (const QChar c : needle) {
        if (c == u'%' || c == u'_' || c == u'\\')
            out.append(u'\\');
        out.append(c);
    }
    return out + u'%';
}

} // namespace

QString FilterSql::buildPostgres(const FilterNode &node, QVariantList *binds,
                                 const QString &columnPrefix)
{
    FilterSql sql(binds, columnPrefix, {}, Dialect::Postgres);
    return sql.node(node);
}

QString FilterSql::build(const FilterNode &node, QVariantList *binds, const QString &columnPrefix,
                         const TextIndex &textIndex)
{
    FilterSql sql(binds, columnPrefix, textIndex);
    return sql.node(node);
}

QString FilterSql::node(const FilterNode &n)
{
    using Kind = FilterNode::Kind;
    switch (n.kind) {
    case Kind::All:
        return join(n, QLatin1String(" AND "));
    case Kind::Any:
        return join(n, QLatin1String(" OR "));
    case Kind::Not:
        return QLatin1String("NOT (") + node(n.children.front()) + QLatin1Char(')');
    case Kind::Text:
        return text(n);
    case Kind::Channel:
        return compare(kChannel, m_dialect == Dialect::Postgres ? "IS NOT DISTINCT FROM" : "IS",
                       n.number);
    case Kind::Event:
        return caseless(kEvent, n.text);
    case Kind::MsgType:
        return caseless(kMsgType, n.text);
    case Kind::User:
        return compare(kChatUserId, "=", n.text);
    case Kind::Session:
        return compare(kChatSessionId, "=", n.text);
    case Kind::Sender:
        return compare(kSenderType, "=", n.number);
    case Kind::Agent:
        return compare(kSysUserId, "=", n.number);
    case Kind::Verified:
        return verified(n);
    case Kind::Since:
        return compare(kReceivedAt, ">=", n.number);
    case Kind::Until:
        return compare(kReceivedAt, "<", n.number);
    case Kind::Test:
        return compare(kTest, "=", n.number != 0 ? 1 : 0);
    }
    return m_dialect == Dialect::Postgres ? QStringLiteral("FALSE") : QStringLiteral("0");
}

QString FilterSql::join(const FilterNode &n, QLatin1String op)
{
    if (n.children.empty()) { // never built by the parser; the identity of op
        const bool all = n.kind == FilterNode::Kind::All;
        if (m_dialect == Dialect::Postgres)
            return all ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
        return all ? QStringLiteral("1") : QStringLiteral("0");
    }
    QString out = QStringLiteral("(");
    for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0)
            out += op;
        out += node(n.children[i]);
    }
    return out + QLatin1Char(')');
}

// The exact test is always the GLOB on the row. When the store says the
// needle is rare enough, the trigram index first narrows the rows to its
// candidates, a superset of the matches (docs/storage.md), so the rows are
// the same and only the plan changes: SQLite reads the candidates by id.
QString FilterSql::text(const FilterNode &n)
{
    if (m_dialect == Dialect::Postgres)
        return like(n);
    QString out = QStringLiteral("(");
    if (m_textIndex) {
        const QString query = EventSearchIndex::matchQuery(n.text);
        if (!query.isEmpty() && m_textIndex(n.text)) {
            m_binds->append(query);
            out += EventSearchIndex::candidatesSql(m_prefix + kId) + QLatin1String(" AND (");
            return out + glob(n) + QLatin1String("))");
        }
    }
    return out + glob(n) + QLatin1Char(')');
}

QString FilterSql::glob(const FilterNode &n)
{
    // The needle is repeated per column: "?" binds are positional.
    static constexpr std::array<Name, 4> columns{kMsg, kName, kPhone, kEmail};
    const QString pattern = FilterText::globPattern(n.text);
    QString out;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i > 0)
            out += QLatin1String(" OR ");
        out += compare(columns[i], "GLOB", pattern);
    }
    return out;
}

// PostgreSQL: the folded needle anywhere in a folded column. The first term
// is the one the trigram index serves (all four columns in one expression: a
// superset of the rows), the others are the exact test per column.
QString FilterSql::like(const FilterNode &n)
{
    const QString pattern = containsPattern(n.text);
    m_binds->append(pattern);
    QString out = u'(' + PgSchema::textIndexExpression(m_prefix) + QLatin1String(" LIKE ? AND (");
    bool first = true;
    for (const Name column : {kMsg, kName, kPhone, kEmail}) {
        if (!first)
            out += QLatin1String(" OR ");
        first = false;
        m_binds->append(pattern);
        out += PgSchema::folded(m_prefix + column) + QLatin1String(" LIKE ?");
    }
    return out + QLatin1String("))");
}

QString FilterSql::verified(const FilterNode &n)
{
    const std::array<Verification, 3> words{Verification::Verified, Verification::VerifiedTimestamp,
                                            Verification::VerifiedLoose};
    for (const Verification v : words)
        m_binds->append(verificationWord(v));
    return m_prefix + kVerification +
           QLatin1String(n.number != 0 ? " IN (?, ?, ?)" : " NOT IN (?, ?, ?)");
}

// `column = ? COLLATE NOCASE` alone reads the whole table: no index on the
// column serves it. SQLite's NOCASE folds ASCII letters only, and in byte
// order every ASCII case variant of a text lies between its upper-case and
// lower-case forms, so that range (which the index serves) loses no row.
QString FilterSql::caseless(QLatin1String column, const QString &text)
{
    if (m_dialect == Dialect::Postgres) {
        m_binds->append(text);
        return PgSchema::folded(m_prefix + column) + QLatin1String(" = ?");
    }
    const QString lower = compare(column, "<=", asciiCase(text, false));
    const QString upper = compare(column, ">=", asciiCase(text, true));
    return u'(' + lower + QLatin1String(" AND ") + upper + QLatin1String(" AND ") +
           compare(column, "=", text, " COLLATE NOCASE") + u')';
}

QString FilterSql::compare(QLatin1String column, const char *op, const QVariant &value,
                           const char *suffix)
{
    m_binds->append(value);
    return m_prefix + column + QLatin1Char(' ') + QLatin1String(op) + QLatin1String(" ?") +
           QLatin1String(suffix);
}
