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
class FilterSql final {
public:
    // Per folded needle: true to read the candidate rows from the store's
    // trigram index (EventStore::textIndex); empty: always scan.
    using TextIndex = std::function<bool(const QString &foldedNeedle)>;

    // columnPrefix is put before every column name ("e." for a join).
    static QString build(const FilterNode &node, QVariantList *binds,
                         const QString &columnPrefix = QString(), const TextIndex &textIndex = {});

private:
    explicit FilterSql(QVariantList *binds, const QString &columnPrefix, const TextIndex &textIndex)
        : m_binds(binds)
        , m_prefix(columnPrefix)
        , m_textIndex(textIndex)
    {
    }

    QString node(const FilterNode &n);
    QString join(const FilterNode &n, QLatin1String op);
    QString text(const FilterNode &n);
    QString glob(const FilterNode &n);
    QString verified(const FilterNode &n);
    // Column names come from StoreColumns, the store's one declaration.
    QString caseless(QLatin1String column, const QString &text);
    QString compare(QLatin1String column, const char *op, const QVariant &value,
                    const char *suffix = "");

    QVariantList *m_binds = nullptr;
    QString m_prefix;
    TextIndex m_textIndex;
};
