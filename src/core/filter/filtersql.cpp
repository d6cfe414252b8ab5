#include "filter/filtersql.h"

#include "filter/filternode.h"
#include "filter/filtertext.h"
#include "records/verification.h"

#include <array>

namespace {

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

} // namespace

QString FilterSql::build(const FilterNode &node, QVariantList *binds, const QString &columnPrefix)
{
    FilterSql sql(binds, columnPrefix);
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
        return compare("channel", "IS", n.number);
    case Kind::Event:
        return caseless("event", n.text);
    case Kind::MsgType:
        return caseless("msg_type", n.text);
    case Kind::User:
        return compare("chat_user_id", "=", n.text);
    case Kind::Session:
        return compare("chat_session_id", "=", n.text);
    case Kind::Sender:
        return compare("sender_type", "=", n.number);
    case Kind::Agent:
        return compare("sys_user_id", "=", n.number);
    case Kind::Verified:
        return verified(n);
    case Kind::Since:
        return compare("received_at", ">=", n.number);
    case Kind::Until:
        return compare("received_at", "<", n.number);
    }
    return QStringLiteral("0");
}

QString FilterSql::join(const FilterNode &n, QLatin1String op)
{
    if (n.children.empty()) // never built by the parser; the identity of op
        return n.kind == FilterNode::Kind::All ? QStringLiteral("1") : QStringLiteral("0");
    QString out = QStringLiteral("(");
    for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0)
            out += op;
        out += node(n.children[i]);
    }
    return out + QLatin1Char(')');
}

QString FilterSql::text(const FilterNode &n)
{
    // The needle is repeated per column: "?" binds are positional.
    static const std::array<const char *, 4> columns{"msg", "name", "phone", "email"};
    const QString pattern = FilterText::globPattern(n.text);
    QString out = QStringLiteral("(");
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i > 0)
            out += QLatin1String(" OR ");
        out += compare(columns[i], "GLOB", pattern);
    }
    return out + QLatin1Char(')');
}

QString FilterSql::verified(const FilterNode &n)
{
    const std::array<Verification, 3> words{Verification::Verified, Verification::VerifiedTimestamp,
                                            Verification::VerifiedLoose};
    for (const Verification v : words)
        m_binds->append(verificationWord(v));
    return m_prefix + QLatin1String(n.number != 0 ? "verification IN (?, ?, ?)"
                                                  : "verification NOT IN (?, ?, ?)");
}

// `column = ? COLLATE NOCASE` alone reads the whole table: no index on the
// column serves it. SQLite's NOCASE folds ASCII letters only, and in byte
// order every ASCII case variant of a text lies between its upper-case and
// lower-case forms, so that range (which the index serves) loses no row.
QString FilterSql::caseless(const char *column, const QString &text)
{
    const QString lower = compare(column, "<=", asciiCase(text, false));
    const QString upper = compare(column, ">=", asciiCase(text, true));
    return u'(' + lower + QLatin1String(" AND ") + upper + QLatin1String(" AND ") +
           compare(column, "=", text, " COLLATE NOCASE") + u')';
}

QString FilterSql::compare(const char *column, const char *op, const QVariant &value,
                           const char *suffix)
{
    m_binds->append(value);
    return m_prefix + QLatin1String(column) + QLatin1Char(' ') + QLatin1String(op) +
           QLatin1String(" ?") + QLatin1String(suffix);
}
