#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <memory>

struct EventRecord;
struct FilterNode;

// A parsed filter of the filter language (DESIGN.md, docs/filter-language.md):
// "channel:7 OR channel:6 type:text -verified:yes refund". Parsed and compiled
// once; matches() is the in-memory predicate (GUI proxy, exporter), toSql()
// the equivalent SQL for the events table. Copies share the compiled tree, so
// passing one to another thread is cheap and safe.
class FilterExpression final {
public:
    struct Sql {
        QString where; // empty: no condition, run the query without WHERE
        QVariantList binds;
    };

    // The empty filter: valid, matches everything.
    FilterExpression() = default;

    // Relative times (since:2h) are resolved against now, once, here.
    static FilterExpression parse(const QString &text,
                                  const QDateTime &now = QDateTime::currentDateTimeUtc());

    static QStringList fieldNames();
    // value as a field value or phrase that parses back to exactly value:
    // unchanged when it is a plain word, otherwise quoted, with backslash and
    // quote escaped ("filter on this customer" builds user:<quoteValue(id)>).
    static QString quoteValue(const QString &value);

    bool isValid() const { return m_errorPosition < 0; }
    // Valid and without any term (blank text): matches everything.
    bool isEmpty() const { return isValid() && !m_root; }
    QString text() const { return m_text; }
    QString errorMessage() const { return m_error; }
    // QString indices into text() of the offending term; -1 and 0 when valid.
    int errorPosition() const { return m_errorPosition; }
    int errorLength() const { return m_errorLength; }

    // False for an invalid filter: callers show errorMessage() instead.
    bool matches(const EventRecord &e) const;
    // An SQLite boolean expression with positional binds, self-contained
    // (safe to AND with other conditions). columnPrefix goes before every
    // column name ("e." when the events table is aliased in a join). For an
    // invalid filter: "0" (no rows), and the caller shows errorMessage().
    // textIndex (EventStore::textIndex() of the store that runs the SQL)
    // lets text terms read their candidates from the store's trigram index;
    // the rows are the same with or without it.
    using TextIndex = std::function<bool(const QString &foldedNeedle)>;
    Sql toSql(const QString &columnPrefix = QString(), const TextIndex &textIndex = {}) const;
    // The same condition in PostgreSQL's SQL (PgEventStore; FilterSql says
    // how it keeps the same rows); "FALSE" for an invalid filter.
    Sql toPostgresSql(const QString &columnPrefix = QString()) const;

    // Test deliveries (docs/test-deliveries.md). A view hides them unless
    // its filter names them: the window's event models and its export use
    // the ...InView forms, which add "test:no" to a filter that has no test:
    // term (test:yes, -test:no, test:yes OR x, ... are kept as written). The
    // command line's export uses matches()/toSql(): everything, as asked.
    bool mentionsTest() const;
    bool matchesInView(const EventRecord &e) const;
    Sql toViewSql(const QString &columnPrefix = QString(), const TextIndex &textIndex = {}) const;
    Sql toPostgresViewSql(const QString &columnPrefix = QString()) const;

private:
    QString m_text;
    QString m_error;
    int m_errorPosition = -1;
    int m_errorLength = 0;
    std::shared_ptr<const FilterNode> m_root; // null when empty or invalid
};

Q_DECLARE_METATYPE(FilterExpression)
