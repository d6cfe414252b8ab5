#pragma once

#include <QString>
#include <QVariantList>

#include <functional>

struct FilterNode;

// Compiles a filter tree into an SQLite boolean expression over the events
// table (docs/storage.md) with positional "?" binds, equivalent to
// FilterNode::matches(): text search is GLOB with [aA] classes (ASCII-only
// folding, as in C++), exact names use COLLATE NOCASE (also ASCII-only), and
// channel uses IS so a NULL channel is a plain "no" that negation turns into
// "yes". See docs/filter-language.md.
//
// The same tree compiles to PostgreSQL's SQL too (Dialect::Postgres, for
// PgEventStore), with the same rows: text search is LIKE on the column with
// only ASCII letters folded (translate(), never lower() or ILIKE, which fold
// by the server's locale), exact names compare the folded column, channel
// uses IS NOT DISTINCT FROM; the trigram index (pg_trgm, docs/team.md) is
// the planner's to take.
class FilterSql final {
public:
    enum class Dialect {
        Sqlite,
        Postgres,
    };

    // Per folded needle: true to read the candidate rows from the store's
    // trigram index (EventStore::textIndex); empty: always scan.
    using TextIndex = std::function<bool(const QString &foldedNeedle)>;

    // columnPrefix is put before every column name ("e." for a join).
    static QString build(const FilterNode &node, QVariantList *binds,
                         const QString &columnPrefix = QString(), const TextIndex &textIndex = {});
    static QString buildPostgres(const FilterNode &node, QVariantList *binds,
                                 const QString &columnPrefix = QString());

private:
    explicit FilterSql(QVariantList *binds, const QString &columnPrefix, const TextIndex &textIndex,
                       Dialect dialect = Dialect::Sqlite)
        : m_binds(binds)
        , m_prefix(columnPrefix)
        , m_textIndex(textIndex)
        , m_dialect(dialect)
    {
    }

    QString node(const FilterNode &n);
    QString join(const FilterNode &n, QLatin1String op);
    QString text(const FilterNode &n);
    QString glob(const FilterNode &n);
    QString like(const FilterNode &n);
    QString verified(const FilterNode &n);
    // Column names come from StoreColumns, the store's one declaration.
    QString caseless(QLatin1String column, const QString &text);
    QString compare(QLatin1String column, const char *op, const QVariant &value,
                    const char *suffix = "");

    QVariantList *m_binds = nullptr;
    QString m_prefix;
    TextIndex m_textIndex;
    Dialect m_dialect = Dialect::Sqlite;
};
