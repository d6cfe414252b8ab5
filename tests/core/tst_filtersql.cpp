#include "filter/filterexpression.h"
#include "records/eventrecord.h"
#include "store/eventstore.h"
#include "store/pgeventstore.h"
#include "store/storelocation.h"
#include "store/storeschema.h"
#include "testpostgres.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <memory>

namespace {

const QDateTime kNow = QDateTime::fromString(QStringLiteral("2026-11-27T12:00:00Z"), Qt::ISODate);
constexpr qint64 kDay = 24 * 3600 * 1000LL;
constexpr int kRecordCount = 4000;

// A null QString binds as SQL NULL: coalesce() keeps the NOT NULL text columns ''.
const char kInsert[] =
    "INSERT INTO events(id, received_at, last_received_at, event, channel, chat_user_id,"
    " chat_session_id, msg_type, sender_type, sys_user_id, msg, name, phone, email,"
    " verification, dedupe_key, payload, test) VALUES (?, ?, ?, coalesce(?, ''), ?,"
    " coalesce(?, ''), coalesce(?, ''), coalesce(?, ''), ?, ?, coalesce(?, ''), coalesce(?, ''),"
    " coalesce(?, ''), coalesce(?, ''), ?, ?, ?, ?)";

template<typename T, std::size_t N>
const T &pick(QRandomGenerator &rng, const std::array<T, N> &pool)
{
    return pool[rng.bounded(int(N))];
}

template<std::size_t N>
QString pickText(QRandomGenerator &rng, const std::array<const char *, N> &pool)
{
    return QString::fromUtf8(pick(rng, pool));
}

// Varied, deterministic events: mixed case, Chinese, emoji, accents, LIKE and
// GLOB metacharacters, no channel, every verification word, day boundaries.
EventRecord randomRecord(QRandomGenerator &rng, qint64 id)
{
    // clang-format off
    static const std::array<const char *, 21> msgs{
        "hello", "Hello World", "HELLO there", "你好，世界", "价格是多少？", "ÉCOLE", "école",
        "emoji 😀👍 ok", "50% off_now", "a*b?c[d]", "[x] marks", "back\\slash", "Straße",
        "STRASSE", "İstanbul", "ıi", "say \"hi\"", "https://cdn.example.com/img_01.jpg",
        "(555) 123", "", "Zoë"};
    static const std::array<const char *, 18> people{
        "Alice", "ALICE Smith", "张伟", "Zoë", "José ÁLVAREZ", "", "O'Brien", "李小龙 Bruce",
        "alice@example.com", "ZOE@Example.COM", "zhang_wei@qq.com", "+86 138 0013 8000",
        "+1 (555) 123-4567", "555%12", "", "hello kitty", "JOSÉ", "ß"};
    static const std::array<const char *, 6> events{
        "message", "add_user", "update_user", "Message", "UPDATE_USER", "custom_event"};
    static const std::array<const char *, 7> types{
        "text", "TEXT", "button", "image", "Image", "", "文本"};
    // clang-format on
    static const std::array<int, 8> channels{-1, 1, 2, 6, 7, 12, 15, 99};
    static const std::array<qint64, 5> agents{-1, 0, 1, 42, 1001};
    EventRecord r;
    r.id = id;
    r.event = QString::fromLatin1(pick(rng, events));
    r.channel = pick(rng, channels);
    r.chatUserId = (rng.bounded(8) == 0 ? QStringLiteral("U") : QStringLiteral("u")) +
                   QString::number(rng.bounded(20));
    r.chatSessionId = QStringLiteral("s") + QString::number(rng.bounded(10));
    r.msgType = QString::fromUtf8(pick(rng, types));
    r.senderType = static_cast<SenderType>(rng.bounded(3));
    r.sysUserId = pick(rng, agents);
    r.msg = pickText(rng, msgs) + QLatin1Char(' ') + pickText(rng, msgs);
    r.name = pickText(rng, people);
    r.phone = rng.bounded(2) ? pickText(rng, people) : QString();
    r.email = rng.bounded(2) ? pickText(rng, people) : QString();
    r.verification = static_cast<Verification>(rng.bounded(6));
    const qint64 start = kNow.toMSecsSinceEpoch() - 10 * kDay;
    // One in ten sits exactly on (or just before) a midnight: the since/until edges.
    r.receivedAtMs = rng.bounded(10) == 0
                         ? start + 12 * 3600 * 1000LL + rng.bounded(10) * kDay - rng.bounded(2)
                         : start + qint64(rng.bounded(10 * 24 * 3600)) * 1000 + rng.bounded(1000);
    r.test = id % 5 == 0; // not drawn: the other fields stay as they were
    return r;
}

} // namespace

// toSql() must select exactly the rows matches() accepts: checked on
// thousands of generated events in an in-memory SQLite table.
class TestFilterSql final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void sqlShape_data();
    void sqlShape();
    void predicateAndSqlAgree_data();
    void predicateAndSqlAgree();
    void agreementSurvivesCaseSensitiveLike_data();
    void agreementSurvivesCaseSensitiveLike();
    void eventFilterReadsThroughTheEventIndex();
    void viewKeysReadTheViewIndexAlone_data();
    void viewKeysReadTheViewIndexAlone();
    void viewSqlLeavesThePlannerItsIndices_data();
    void viewSqlLeavesThePlannerItsIndices();
    void viewHidesTestsUnlessNamed_data();
    void viewHidesTestsUnlessNamed();
    // The same filters on PostgreSQL (PgEventStore's layout, the same rows).
    void predicateAndPostgresSqlAgree_data();
    void predicateAndPostgresSqlAgree();
    void postgresViewHidesTestsUnlessNamed_data();
    void postgresViewHidesTestsUnlessNamed();
    void postgresTextTermsCanReadTheTrigramIndex();

private:
    void insert(const EventRecord &r);
    QSet<qint64> selectIds(const FilterExpression::Sql &sql);
    QSet<qint64> selectPostgresIds(const FilterExpression::Sql &sql);
    void fillPostgres();
    void checkAgreement();
    // EXPLAIN QUERY PLAN of `select` on a new store's schema: its steps
    // joined by '|', or "error: ..." when SQLite cannot plan it.
    static QString planOf(const QString &select, const QVariantList &binds);

    QString m_connection = QStringLiteral("tst_filtersql");
    QList<EventRecord> m_records;
    // Only when the suite has a PostgreSQL server (TestPostgres).
    std::unique_ptr<TestPostgres> m_pg;
    QSqlDatabase m_pgDb;
};

void TestFilterSql::initTestCase()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(QStringLiteral(":memory:"));
    QVERIFY2(db.open(), qPrintable(db.lastError().text()));
    // The store's own tables and indices: the filter's SQL is planned as in
    // the store (the caseless range reads through events(event, id)).
    QString error;
    QVERIFY2(StoreSchema::createCurrent(db, &error), qPrintable(error));
    QRandomGenerator rng(20261124);
    QVERIFY(db.transaction());
    for (int i = 1; i <= kRecordCount; ++i) {
        m_records.append(randomRecord(rng, i));
        insert(m_records.back());
    }
    // The store's text index over the same rows (EventSearchIndex), so that
    // every filter is also checked through it.
    QSqlQuery index(db);
    QVERIFY2(index.exec(QStringLiteral("INSERT INTO events_fts(rowid, msg, name, phone, email) "
                                       "SELECT id, msg, name, phone, email FROM events")),
             qPrintable(index.lastError().text()));
    // ... all of them: no event trails the index (it would be a candidate
    // whatever its text).
    QVERIFY2(index.exec(QStringLiteral("UPDATE meta SET value = (SELECT MAX(id) FROM events) "
                                       "WHERE key = 'text_indexed_through'")),
             qPrintable(index.lastError().text()));
    QCOMPARE(index.numRowsAffected(), 1);
    QVERIFY(db.commit());
    if (TestPostgres::isConfigured())
        fillPostgres();
}

// The records in a PostgreSQL database laid out by PgEventStore (its
// trigram index included), with the same ids.
void TestFilterSql::fillPostgres()
{
    m_pg = std::make_unique<TestPostgres>();
    QVERIFY2(m_pg->isValid(), qPrintable(m_pg->error()));
    {
        PgEventStore store;
        QVERIFY2(store.open(*StoreLocation::parse(m_pg->url())), qPrintable(store.lastError()));
    }
    m_pgDb = m_pg->open();
    QVERIFY2(m_pgDb.isOpen(), qPrintable(m_pgDb.lastError().text()));
    QVERIFY(m_pgDb.transaction());
    QSqlQuery q(m_pgDb);
    QVERIFY(q.prepare(QString::fromLatin1(kInsert)));
    for (const EventRecord &r : std::as_const(m_records)) {
        const QVariantList values{r.id,
                                  r.receivedAtMs,
                                  r.receivedAtMs,
                                  r.event,
                                  r.channel < 0 ? QVariant(QMetaType::fromType<int>())
                                                : QVariant(r.channel),
                                  r.chatUserId,
                                  r.chatSessionId,
                                  r.msgType,
                                  static_cast<int>(r.senderType),
                                  r.sysUserId,
                                  r.msg,
                                  r.name,
                                  r.phone,
                                  r.email,
                                  verificationWord(r.verification),
                                  QStringLiteral("k%1").arg(r.id),
                                  QByteArray("{}"),
                                  r.test ? 1 : 0};
        int i = 0;
        for (const QVariant &v : values)
            q.bindValue(i++, v);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    QVERIFY(m_pgDb.commit());
    QVERIFY(q.exec(QStringLiteral("ANALYZE events")));
}

QSet<qint64> TestFilterSql::selectPostgresIds(const FilterExpression::Sql &sql)
{
    QString text = QStringLiteral("SELECT id FROM events");
    if (!sql.where.isEmpty())
        text += QStringLiteral(" WHERE ") + sql.where;
    QSqlQuery q(m_pgDb);
    q.prepare(text);
    for (const QVariant &v : sql.binds)
        q.addBindValue(v);
    if (!q.exec())
        qFatal("query failed: %s: %s", qPrintable(text), qPrintable(q.lastError().text()));
    QSet<qint64> ids;
    while (q.next())
        ids.insert(q.value(0).toLongLong());
    return ids;
}

void TestFilterSql::cleanupTestCase()
{
    m_pgDb = QSqlDatabase();
    m_pg.reset();
    QSqlDatabase::database(m_connection).close();
    QSqlDatabase::removeDatabase(m_connection);
}

void TestFilterSql::insert(const EventRecord &r)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QString::fromLatin1(kInsert));
    const QVariantList values{r.id,
                              r.receivedAtMs,
                              r.receivedAtMs,
                              r.event,
                              r.channel < 0 ? QVariant() : QVariant(r.channel),
                              r.chatUserId,
                              r.chatSessionId,
                              r.msgType,
                              static_cast<int>(r.senderType),
                              r.sysUserId,
                              r.msg,
                              r.name,
                              r.phone,
                              r.email,
                              verificationWord(r.verification),
                              QStringLiteral("k%1").arg(r.id),
                              QByteArray("{}"),
                              r.test ? 1 : 0};
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        qFatal("insert failed: %s", qPrintable(q.lastError().text()));
}

QSet<qint64> TestFilterSql::selectIds(const FilterExpression::Sql &sql)
{
    QString text = QStringLiteral("SELECT id FROM events");
    if (!sql.where.isEmpty())
        text += QStringLiteral(" WHERE ") + sql.where;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(text);
    for (const QVariant &v : sql.binds)
        q.addBindValue(v);
    if (!q.exec())
        qFatal("query failed: %s: %s", qPrintable(text), qPrintable(q.lastError().text()));
    QSet<qint64> ids;
    while (q.next())
        ids.insert(q.value(0).toLongLong());
    return ids;
}

void TestFilterSql::sqlShape_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QVariantList>("binds");
    const QString glob = QStringLiteral("*[hH][iI]%[*]_[?][[]]\\*");
    QTest::newRow("channel") << QStringLiteral("channel:7") << QString()
                             << QStringLiteral("channel IS ?") << QVariantList{qint64(7)};
    QTest::newRow("negated channel keeps NULL rows")
        << QStringLiteral("-channel:LINE") << QString() << QStringLiteral("NOT (channel IS ?)")
        << QVariantList{qint64(6)};
    QTest::newRow("glob escapes") << QStringLiteral("\"HI%*_?[]\\\\\"") << QStringLiteral("e.")
                                  << QStringLiteral("(e.msg GLOB ? OR e.name GLOB ? OR e.phone "
                                                    "GLOB ? OR e.email GLOB ?)")
                                  << QVariantList{glob, glob, glob, glob};
    QTest::newRow("or binds tighter")
        << QStringLiteral("channel:7 OR channel:6 type:Text") << QString()
        << QStringLiteral("((channel IS ? OR channel IS ?) AND (msg_type <= ? AND msg_type >= ? "
                          "AND msg_type = ? COLLATE NOCASE))")
        << QVariantList{qint64(7), qint64(6), QStringLiteral("text"), QStringLiteral("TEXT"),
                        QStringLiteral("text")};
    // The binary range (ASCII letters folded only) lets the index serve it.
    QTest::newRow("caseless event")
        << QStringLiteral("event:Add_Usér") << QString()
        << QStringLiteral("(event <= ? AND event >= ? AND event = ? "
                          "COLLATE NOCASE)")
        << QVariantList{QStringLiteral("add_usér"), QStringLiteral("ADD_USéR"),
                        QStringLiteral("add_usér")};
    QTest::newRow("test") << QStringLiteral("-test:yes") << QStringLiteral("e.")
                          << QStringLiteral("NOT (e.test = ?)") << QVariantList{1};
    QTest::newRow("verified") << QStringLiteral("verified:yes") << QString()
                              << QStringLiteral("verification IN (?, ?, ?)")
                              << QVariantList{QStringLiteral("verified"),
                                              QStringLiteral("verified+timestamp"),
                                              QStringLiteral("verified-loose")};
}

void TestFilterSql::sqlShape()
{
    QFETCH(QString, filter);
    QFETCH(QString, prefix);
    QFETCH(QString, where);
    QFETCH(QVariantList, binds);
    const FilterExpression f = FilterExpression::parse(filter, kNow);
    QVERIFY2(f.isValid(), qPrintable(f.errorMessage()));
    const FilterExpression::Sql sql = f.toSql(prefix);
    QCOMPARE(sql.where, where);
    QCOMPARE(sql.binds, binds);
}

void TestFilterSql::predicateAndSqlAgree_data()
{
    QTest::addColumn<QString>("filter");
    const char *const filters[] = {
        "hello",
        "HELLO",
        "-hello",
        "\"hello world\"",
        "你好",
        "😀",
        "😀👍",
        "école",
        "ÉCOLE",
        "straße",
        "STRASSE",
        "İstanbul",
        "ı",
        "50%",
        "%",
        "off_now",
        "_",
        "\"a*b?c[d]\"",
        "\"[x]\"",
        "*",
        "?",
        "\"back\\\\slash\"",
        "alice",
        "zoe@example",
        "138",
        "\"(555)\"",
        "\"say \\\"hi\\\"\"",
        "channel:7",
        "-channel:7",
        "channel:\"WhatsApp API\" OR channel:line",
        "-channel:7 -channel:6",
        "channel:99",
        "event:message",
        "event:MESSAGE",
        "-event:message",
        "event:custom_event",
        "type:text",
        "type:image OR type:button",
        "type:文本",
        "-type:text",
        "user:u1",
        "user:U1",
        "-user:u1 session:s3",
        "session:s1 OR session:s2",
        "sender:customer",
        "sender:agent",
        "-sender:customer",
        "agent:42",
        "agent:-1",
        "-agent:0",
        "verified:yes",
        "verified:no",
        "-verified:yes",
        "since:2026-11-24",
        "until:2026-11-24",
        "since:2026-11-22 until:2026-11-22",
        "since:2026-11-23T06:30 until:2026-11-25T00:00:00Z",
        "since:2d",
        "-since:36h",
        "since:2026-11-24T08:00+08:00",
        "channel:7 OR channel:6 type:text",
        "(channel:7 type:text) OR (channel:6 -type:text)",
        "-(hello OR 你好) verified:yes",
        "alice OR 张 sender:agent",
        "josé",
        "JOSÉ",
        "ss",
        "hello AND channel:1",
        "-(-channel:7 OR -(user:u2 OR ß))",
        "test:yes",
        "test:NO",
        "-test:yes",
        "test:yes OR channel:7",
        "hello test:yes",
    };
    for (const char *filter : filters)
        QTest::newRow(filter) << QString::fromUtf8(filter);
}

void TestFilterSql::predicateAndSqlAgree()
{
    checkAgreement();
}

void TestFilterSql::agreementSurvivesCaseSensitiveLike_data()
{
    predicateAndSqlAgree_data();
}

// A store that switches LIKE to case-sensitive must not change filter results.
void TestFilterSql::agreementSurvivesCaseSensitiveLike()
{
    QSqlQuery pragma(QSqlDatabase::database(m_connection));
    QVERIFY(pragma.exec(QStringLiteral("PRAGMA case_sensitive_like = ON")));
    checkAgreement();
    QVERIFY(pragma.exec(QStringLiteral("PRAGMA case_sensitive_like = OFF")));
}

QString TestFilterSql::planOf(const QString &select, const QVariantList &binds)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("plan.db"));
    {
        EventStore store;
        if (!store.open(path))
            return QStringLiteral("error: ") + store.lastError();
    }
    QStringList steps;
    const QString connection = QStringLiteral("tst_filtersql_plan");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        QSqlQuery plan(db);
        if (!db.open() || !plan.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + select)) {
            steps.append(QStringLiteral("error: ") + plan.lastError().text());
        } else {
            for (const QVariant &bind : binds)
                plan.addBindValue(bind);
            if (!plan.exec())
                steps.append(QStringLiteral("error: ") + plan.lastError().text());
            while (plan.next())
                steps.append(plan.value(3).toString());
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return steps.join(u'|');
}

// On the real schema, `event:` must not scan the table (a million rows).
void TestFilterSql::eventFilterReadsThroughTheEventIndex()
{
    const FilterExpression::Sql sql =
        FilterExpression::parse(QStringLiteral("event:ADD_user -verified:yes")).toSql();
    const QString plan =
        planOf(QStringLiteral("SELECT id FROM events WHERE ") + sql.where, sql.binds);
    QVERIFY2(plan.contains(QLatin1String("USING INDEX events_event")), qPrintable(plan));
}

void TestFilterSql::viewKeysReadTheViewIndexAlone_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<bool>("covering"); // the index alone answers it
    QTest::newRow("the whole view") << QString() << true;
    QTest::newRow("since") << QStringLiteral("since:2d") << true;
    QTest::newRow("a column") << QStringLiteral("type:image") << false;
    QTest::newRow("text") << QStringLiteral("delivery -verified:yes") << false;
}

// The stream's key scan of a view (EventStore::scanEventKeys, Time order)
// walks events_view_time: SQLite accepts the index for the view's
// condition (a partial index needs its own literal term there), and for
// the whole view reads nothing else.
void TestFilterSql::viewKeysReadTheViewIndexAlone()
{
    QFETCH(QString, filter);
    QFETCH(bool, covering);
    const FilterExpression::Sql sql = FilterExpression::parse(filter, kNow).toViewSql();
    QVERIFY(sql.where.contains(StoreSchema::realEventsCondition()));
    const QString plan =
        planOf(QStringLiteral("SELECT received_at, id FROM events INDEXED BY events_view_time "
                              "WHERE +id > 0 AND +id <= 100 AND (") +
                   sql.where + QLatin1String(") AND ") + StoreSchema::viewTimeIndexCondition() +
                   QLatin1String(" ORDER BY received_at, id"),
               sql.binds);
    QVERIFY2(!plan.startsWith(QLatin1String("error")), qPrintable(plan));
    QVERIFY2(!plan.contains(QLatin1String("TEMP B-TREE")), qPrintable(plan)); // no sort
    QCOMPARE(plan.contains(QLatin1String("COVERING INDEX events_view_time")), covering);
    // A filter that names tests keeps its own (bound) test term: no literal.
    const FilterExpression::Sql tests =
        FilterExpression::parse(filter + QLatin1String(" test:yes"), kNow).toViewSql();
    QVERIFY(!tests.where.contains(StoreSchema::realEventsCondition()));
}

void TestFilterSql::viewSqlLeavesThePlannerItsIndices_data()
{
    QTest::addColumn<QString>("select"); // %1: the view's condition
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("index"); // the plan reads through it
    const QString arrival = QStringLiteral("SELECT id FROM events WHERE id > 0 AND id <= 100 "
                                           "AND %1 ORDER BY id DESC");
    const QString byTime = QStringLiteral("SELECT received_at, id FROM events WHERE +id > 0 AND "
                                          "+id <= 100 AND %1 ORDER BY received_at, id");
    QTest::newRow("the view in arrival order") << arrival << QString() << QString();
    QTest::newRow("a column in arrival order")
        << arrival << QStringLiteral("type:image") << QString();
    QTest::newRow("an export") << QStringLiteral("SELECT * FROM events WHERE %1 ORDER BY id")
                               << QStringLiteral("verified:no") << QString();
    QTest::newRow("a customer by time")
        << byTime << QStringLiteral("user:u3") << QStringLiteral("events_chat_user_time");
    QTest::newRow("a session by time")
        << byTime << QStringLiteral("session:s3") << QStringLiteral("events_chat_session");
    QTest::newRow("a channel by time")
        << byTime << QStringLiteral("channel:7") << QStringLiteral("events_channel_time");
}

// The view's test term does not draw SQLite to events_view_time by itself
// (schema 11): left to choose, it walked that index for every view, and
// sorted all real events for arrival order or an export, or read every real
// event for one customer's few.
void TestFilterSql::viewSqlLeavesThePlannerItsIndices()
{
    QFETCH(QString, select);
    QFETCH(QString, filter);
    QFETCH(QString, index);
    const FilterExpression::Sql sql = FilterExpression::parse(filter, kNow).toViewSql();
    const QString plan = planOf(select.arg(u'(' + sql.where + u')'), sql.binds);
    QVERIFY2(!plan.startsWith(QLatin1String("error")), qPrintable(plan));
    QVERIFY2(!plan.contains(QLatin1String("events_view_time")), qPrintable(plan));
    if (index.isEmpty() || index == QLatin1String("events_chat_user_time"))
        QVERIFY2(!plan.contains(QLatin1String("TEMP B-TREE")), qPrintable(plan));
    if (!index.isEmpty())
        QVERIFY2(plan.contains(QLatin1String("INDEX ") + index + u' '), qPrintable(plan));
}

void TestFilterSql::checkAgreement()
{
    QFETCH(QString, filter);
    const FilterExpression f = FilterExpression::parse(filter, kNow);
    QVERIFY2(f.isValid(), qPrintable(f.errorMessage()));
    QSet<qint64> expected;
    for (const EventRecord &r : m_records) {
        if (f.matches(r))
            expected.insert(r.id);
    }
    const QSet<qint64> actual = selectIds(f.toSql());
    QCOMPARE(actual.size(), expected.size());
    QCOMPARE(actual, expected);
    // Through the trigram index wherever a text term can use it: the same rows.
    const FilterExpression::Sql indexed = f.toSql({}, [](const QString &) { return true; });
    QCOMPARE(selectIds(indexed), expected);
    // A filter that selects nothing or everything would prove little.
    QVERIFY2(expected.size() > 0 && expected.size() < kRecordCount,
             qPrintable(QString::number(expected.size())));
}

void TestFilterSql::viewHidesTestsUnlessNamed_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<bool>("named"); // the filter names test: it is taken as written
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("channel") << QStringLiteral("channel:7") << false;
    QTest::newRow("or") << QStringLiteral("hello OR channel:6") << false;
    QTest::newRow("test:yes") << QStringLiteral("test:yes") << true;
    QTest::newRow("negated") << QStringLiteral("-test:no") << true;
    QTest::newRow("inside an or") << QStringLiteral("channel:7 OR test:yes") << true;
}

// The window's view (toViewSql / matchesInView) is the filter AND test:no
// unless the filter names test; SQL and predicate agree on it.
void TestFilterSql::viewHidesTestsUnlessNamed()
{
    QFETCH(QString, filter);
    QFETCH(bool, named);
    const FilterExpression f = FilterExpression::parse(filter, kNow);
    QVERIFY(f.isValid());
    QCOMPARE(f.mentionsTest(), named);
    QSet<qint64> expected;
    bool someTest = false;
    for (const EventRecord &r : m_records) {
        QCOMPARE(f.matchesInView(r), f.matches(r) && (named || !r.test));
        if (f.matchesInView(r)) {
            expected.insert(r.id);
            someTest = someTest || r.test;
        }
    }
    QCOMPARE(someTest, named);
    QCOMPARE(selectIds(f.toViewSql()), expected);
    if (named)
        QCOMPARE(f.toViewSql().where, f.toSql().where);
    QVERIFY(f.toViewSql(QStringLiteral("e.")).where.contains(QLatin1String("e.test")));
}

void TestFilterSql::predicateAndPostgresSqlAgree_data()
{
    predicateAndSqlAgree_data();
}

void TestFilterSql::predicateAndPostgresSqlAgree()
{
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(*m_pg);
    QFETCH(QString, filter);
    const FilterExpression f = FilterExpression::parse(filter, kNow);
    QVERIFY2(f.isValid(), qPrintable(f.errorMessage()));
    QSet<qint64> expected;
    for (const EventRecord &r : std::as_const(m_records)) {
        if (f.matches(r))
            expected.insert(r.id);
    }
    const FilterExpression::Sql sql = f.toPostgresSql();
    QCOMPARE(selectPostgresIds(sql), expected);
    // ... and against the SQLite table, row for row.
    QCOMPARE(selectPostgresIds(sql), selectIds(f.toSql()));
    QVERIFY(expected.size() > 0 && expected.size() < kRecordCount);
    // With a column prefix, in a join.
    const FilterExpression::Sql joined = f.toPostgresSql(QStringLiteral("e."));
    QSqlQuery q(m_pgDb);
    q.prepare(QStringLiteral("SELECT count(*) FROM events e JOIN events o ON o.id = e.id WHERE ") +
              joined.where);
    for (const QVariant &v : joined.binds)
        q.addBindValue(v);
    QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text()));
    QCOMPARE(q.value(0).toLongLong(), qint64(expected.size()));
}

void TestFilterSql::postgresViewHidesTestsUnlessNamed_data()
{
    viewHidesTestsUnlessNamed_data();
}

void TestFilterSql::postgresViewHidesTestsUnlessNamed()
{
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(*m_pg);
    QFETCH(QString, filter);
    const FilterExpression f = FilterExpression::parse(filter, kNow);
    QVERIFY(f.isValid());
    QSet<qint64> expected;
    for (const EventRecord &r : std::as_const(m_records)) {
        if (f.matchesInView(r))
            expected.insert(r.id);
    }
    QCOMPARE(selectPostgresIds(f.toPostgresViewSql()), expected);
    QCOMPARE(selectPostgresIds(f.toPostgresViewSql()), selectIds(f.toViewSql()));
    // An invalid filter selects nothing, in valid SQL.
    const FilterExpression bad = FilterExpression::parse(QStringLiteral("channel:"), kNow);
    QVERIFY(!bad.isValid());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("invalid filter")));
    QCOMPARE(selectPostgresIds(bad.toPostgresSql()), QSet<qint64>());
}

// The text term's first condition is the expression of PgSchema's trigram
// index, so PostgreSQL can read a rare needle's candidates from it.
void TestFilterSql::postgresTextTermsCanReadTheTrigramIndex()
{
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(*m_pg);
    const FilterExpression f = FilterExpression::parse(QStringLiteral("kitty"), kNow);
    const FilterExpression::Sql sql = f.toPostgresSql();
    QSqlQuery q(m_pgDb);
    QVERIFY(q.exec(QStringLiteral("SET enable_seqscan = off")));
    // EXPLAIN cannot be prepared: the binds (text patterns) go in as literals.
    QString where = sql.where;
    for (const QVariant &v : sql.binds) {
        QString literal = v.toString();
        literal.replace(u'\'', QLatin1String("''"));
        where.replace(where.indexOf(u'?'), 1, u'\'' + literal + u'\'');
    }
    QVERIFY2(q.exec(QStringLiteral("EXPLAIN SELECT id FROM events WHERE ") + where),
             qPrintable(q.lastError().text()));
    QString plan;
    while (q.next())
        plan += q.value(0).toString() + u'\n';
    QVERIFY(q.exec(QStringLiteral("RESET enable_seqscan")));
    QVERIFY2(plan.contains(QLatin1String("events_text")), qPrintable(plan));
}

QTEST_GUILESS_MAIN(TestFilterSql)
#include "tst_filtersql.moc"
