#include "filter/filterexpression.h"

#include "corelog.h"
#include "filter/filterlexer.h"
#include "filter/filternode.h"
#include "filter/filterparser.h"
#include "filter/filtersql.h"
#include "filter/filterterm.h"
#include "records/eventrecord.h"
#include "store/storecolumns.h"
#include "store/storeschema.h"

#include <algorithm>

FilterExpression FilterExpression::parse(const QString &text, const QDateTime &now)
{
    FilterExpression result;
    result.m_text = text;
    FilterLexer lexer(text);
    FilterError error;
    auto root = std::make_shared<FilterNode>();
    if (!lexer.run()) {
        error = lexer.error();
    } else {
        FilterParser parser(lexer.tokens(), now.toMSecsSinceEpoch());
        if (!parser.run(root.get()))
            error = parser.error();
        else if (!lexer.tokens().isEmpty())
            result.m_root = std::move(root);
    }
    if (error.isSet()) {
        result.m_error = error.message;
        result.m_errorPosition = error.position;
        result.m_errorLength = error.length;
        qCDebug(lcCore) << "filter" << text << "rejected at" << error.position << error.message;
    }
    return result;
}

QStringList FilterExpression::fieldNames()
{
    return FilterTerm::fieldNames();
}

QString FilterExpression::quoteValue(const QString &value)
{
    const bool plain = !value.isEmpty() && !value.startsWith(u'-') &&
                       value != QLatin1String("OR") && value != QLatin1String("AND") &&
                       std::none_of(value.cbegin(), value.cend(), [](QChar c) {
                           return c.isSpace() || c == u'"' || c == u'(' || c == u')' || c == u':';
                       });
    if (plain)
        return value;
    QString out = QStringLiteral("\"");
    for (const QChar c : value) {
        if (c == u'"' || c == u'\\')
            out.append(u'\\');
        out.append(c);
    }
    return out + QLatin1Char('"');
}

bool FilterExpression::matches(const EventRecord &e) const
{
    if (!isValid())
        return false;
    return !m_root || m_root->matches(e);
}

FilterExpression::Sql FilterExpression::toSql(const QString &columnPrefix,
                                              const TextIndex &textIndex) const
{
    Sql sql;
    if (!isValid()) {
        qCWarning(lcCore) << "SQL asked of an invalid filter" << m_text;
        sql.where = QStringLiteral("0");
    } else if (m_root) {
        sql.where = FilterSql::build(*m_root, &sql.binds, columnPrefix, textIndex);
    }
    return sql;
}

FilterExpression::Sql FilterExpression::toPostgresSql(const QString &columnPrefix) const
{
    Sql sql;
    if (!isValid()) {
        qCWarning(lcCore) << "SQL asked of an invalid filter" << m_text;
        sql.where = QStringLiteral("FALSE");
    } else if (m_root) {
        sql.where = FilterSql::buildPostgres(*m_root, &sql.binds, columnPrefix);
    }
    return sql;
}

bool FilterExpression::mentionsTest() const
{
    return m_root && m_root->mentions(FilterNode::Kind::Test);
}

FilterExpression::Sql FilterExpression::toPostgresViewSql(const QString &columnPrefix) const
{
    if (!isValid() || mentionsTest())
        return toPostgresSql(columnPrefix);
    const QString real = columnPrefix + StoreColumns::kTest + QLatin1String(" = 0");
    if (!m_root)
        return {real, {}};
    Sql sql;
    sql.where = QLatin1Char('(') + FilterSql::buildPostgres(*m_root, &sql.binds, columnPrefix) +
                QLatin1String(" AND ") + real + QLatin1Char(')');
    return sql;
}

bool FilterExpression::matchesInView(const EventRecord &e) const
{
    return matches(e) && (mentionsTest() || !e.test);
}

FilterExpression::Sql FilterExpression::toViewSql(const QString &columnPrefix,
                                                  const TextIndex &textIndex) const
{
    if (!isValid() || mentionsTest())
        return toSql(columnPrefix, textIndex);
    // The filter's terms AND test:no, the latter as a literal the keyed
    // reader recognises (StoreSchema::realEventsCondition).
    const QString real = StoreSchema::realEventsCondition(columnPrefix);
    if (!m_root)
        return {real, {}};
    Sql sql;
    sql.where = QLatin1Char('(') + FilterSql::build(*m_root, &sql.binds, columnPrefix, textIndex) +
                QLatin1String(" AND ") + real + QLatin1Char(')');
    return sql;
}
