#include "filter/filterexpression.h"
#include "records/eventrecord.h"
#include "store/eventsearchindex.h"
#include "store/eventstore.h"
#include "testsupport_store.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <array>

namespace {

// clang-format off
// Mixed text: ASCII in both cases, Chinese, Japanese, emoji, quotes, FTS5
// query syntax (quotes, NEAR, AND/OR/NOT, column filters, ^, *, +, -).
const std::array<const char *, 20> kMsgs{
    "Can I change my delivery address? 🚚", "DELIVERY failed", "我想知道价格和数量，谢谢",
    "価格はいくらですか", "カタカナ テスト", "say \"hi\" now", "NEAR(a b) x", "a AND b OR NOT c",
    "col:value ^start -minus +plus *star", "(paren) {brace}", "emoji 😀👍 ok", "ÉCOLE école",
    "İstanbul Straße", "x", "", "abcabc", "hello\nworld", "价格", "Delivery!", "ok"};
const std::array<const char *, 9> kNames{
    "Alice", "ALICE Smith", "张伟", "田中 太郎", "O'Brien", "\"Quoted\" Name", "", "Zoë", "ok"};
const std::array<const char *, 4> kPhones{"+86 138 0013 8000", "", "555%12", "(555) 123"};
const std::array<const char *, 4> kEmails{"alice@example.com", "", "ZOE@Example.COM", "ok@x.io"};
// Needles: short (1-2 characters: no trigram), spanning two fields (never a
// match), operator words and characters, quotes, and text found nowhere.
const std::array<const char *, 46> kNeedles{
    "delivery", "DELIVERY", "deliv", "价格和", "价格", "格", "価格", "テスト", "😀", "😀👍",
    "😀👍 o", "\"hi\"", "say \"hi", "near", "NEAR(a", "and b or", "AND", "OR", "NOT", "col:value",
    "^start", "-minus", "+plus", "*star", "(paren)", "{brace}", "école", "ÉCOLE", "istanbul",
    "straße", "x", "ab", "abc", "abcabc", "bca", "hello\nworld", "ok\nAlice", "okAlice",
    "ok alice", "smith+86", "example.comalice", "o'brien", "\"quoted\"", "555%1", "zqxj", "價格"};
// clang-format on

template<std::size_t N>
QString pick(const std::array<const char *, N> &pool, int n)
{
    return QString::fromUtf8(pool[std::size_t(n) % N]);
}

EventRecord record(int n)
{
    EventRecord r;
    r.receivedAtMs = r.lastReceivedAtMs = 1764000000000 + n * 1000LL;
    r.event = QStringLiteral("message");
    r.kind = EventKind::Message;
    r.channel = 7;
    r.chatUserId = QStringLiteral("cu%1").arg(n % 13);
    r.sequenceId = QString::number(n);
    r.dedupeKey = QStringLiteral("m:%1:%2").arg(r.chatUserId, r.sequenceId);
    r.msg = QStringLiteral("ticket ") + pick(kMsgs, n);
    r.name = pick(kNames, n / 3);
    r.phone = pick(kPhones, n / 7);
    r.email = pick(kEmails, n / 11);
    r.verification = Verification::Verified;
    r.payload = QByteArray("{\"n\":") + QByteArray::number(n) + '}';
    return r;
}

QList<qint64> sorted(QList<qint64> ids)
{
    std::sort(ids.begin(), ids.end());
    return ids;
}

const FilterExpression::TextIndex kAlways = [](const QString &) { return true; };

} // namespace

// The trigram index is a pre-filter only: text search through it selects
// exactly the rows of the GLOB scan, which selects what matches() accepts.
class TestEventSearchIndex final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void matchQueryQuotesEveryTrigram_data();
    void matchQueryQuotesEveryTrigram();
    void indexedSearchEqualsTheScan();
    void migratedStoreSearchesLikeTheScan();
    void stoppedMigrationLeavesTheOldSchema();
    void retriesAddNothing();
    void rareNeedlesUseTheIndexCommonOnesScan();

private:
    QString path() const { return m_dir.filePath(QStringLiteral("events.db")); }
    void fill(EventStore &store, int count);
    void checkNeedles(EventStore &store, bool expectIndex);

    QTemporaryDir m_dir;
    QList<EventRecord> m_records; // as stored, with their ids
};

void TestEventSearchIndex::init()
{
    QFile::remove(path());
    m_records.clear();
}

void TestEventSearchIndex::fill(EventStore &store, int count)
{
    QVERIFY(store.beginTransaction());
    for (int n = 0; n < count; ++n) {
        EventRecord r = record(n);
        const std::optional<EventStore::AppendResult> added = store.append(r);
        QVERIFY2(added, qPrintable(store.lastError()));
        r.id = added->eventId;
        m_records.append(r);
    }
    QVERIFY(store.commit());
}

void TestEventSearchIndex::checkNeedles(EventStore &store, bool expectIndex)
{
    const qint64 last = store.maxEventId();
    int found = 0;
    for (const char *needle : kNeedles) {
        const QString value = QString::fromUtf8(needle);
        const QString quoted = FilterExpression::quoteValue(value);
        for (const QString &text : QStringList{quoted, u'-' + quoted}) {
            const FilterExpression f = FilterExpression::parse(text);
            QVERIFY2(f.isValid(), qPrintable(text + u' ' + f.errorMessage()));
            QList<qint64> expected;
            for (const EventRecord &r : std::as_const(m_records)) {
                if (f.matches(r))
                    expected.append(r.id);
            }
            const FilterExpression::Sql scan = f.toSql();
            QCOMPARE(sorted(store.eventIds(0, last, scan.where, scan.binds)), expected);
            const FilterExpression::Sql indexed =
                f.toSql({}, expectIndex ? kAlways : FilterExpression::TextIndex());
            QCOMPARE(indexed.where.contains(QLatin1String("MATCH")),
                     expectIndex && !EventSearchIndex::matchQuery(value).isEmpty());
            QCOMPARE(sorted(store.eventIds(0, last, indexed.where, indexed.binds)), expected);
            QVERIFY2(store.lastError().isEmpty(), qPrintable(text + u' ' + store.lastError()));
            const FilterExpression::Sql chosen = f.toSql({}, store.textIndex());
            QCOMPARE(sorted(store.eventIds(0, last, chosen.where, chosen.binds)), expected);
            if (text.front() != u'-' && !expected.isEmpty())
                ++found;
        }
    }
    // Most needles are found somewhere: the comparisons are not of empty lists.
    QVERIFY2(found > 30, qPrintable(QString::number(found)));
}

void TestEventSearchIndex::matchQueryQuotesEveryTrigram_data()
{
    QTest::addColumn<QString>("needle");
    QTest::addColumn<QString>("query");
    const QChar lone(char16_t(0xD83D));
    QTest::newRow("two characters") << QStringLiteral("ab") << QString();
    QTest::newRow("three") << QStringLiteral("abc") << QStringLiteral("\"abc\"");
    QTest::newRow("repeated trigram once") << QStringLiteral("aaaa") << QStringLiteral("\"aaa\"");
    QTest::newRow("quote doubled")
        << QStringLiteral("a\"bc") << QStringLiteral("\"a\"\"b\" \"\"\"bc\"");
    QTest::newRow("operators are text") << QStringLiteral("OR*") << QStringLiteral("\"OR*\"");
    QTest::newRow("emoji is one character") << QStringLiteral("😀👍") << QString();
    QTest::newRow("emoji trigram") << QStringLiteral("😀👍x") << QStringLiteral("\"😀👍x\"");
    QTest::newRow("lone surrogate") << (QStringLiteral("abc") + lone) << QString();
    QTest::newRow("nul") << (QStringLiteral("abc") + QChar(u'\0')) << QString();
    QTest::newRow("long needle keeps twelve")
        << QStringLiteral("abcdefghijklmnopqrstuvwxyz")
        << QStringLiteral("\"abc\" \"cde\" \"efg\" \"ghi\" \"ijk\" \"klm\" \"mno\" \"opq\" "
                          "\"qrs\" \"stu\" \"uvw\" \"xyz\"");
}

void TestEventSearchIndex::matchQueryQuotesEveryTrigram()
{
    QFETCH(QString, needle);
    QFETCH(QString, query);
    QCOMPARE(EventSearchIndex::matchQuery(needle), query);
}

void TestEventSearchIndex::indexedSearchEqualsTheScan()
{
    EventStore store;
    QVERIFY2(store.open(path()), qPrintable(store.lastError()));
    fill(store, 1500);
    checkNeedles(store, true);
}

// A schema-6 file: read-only it has no index and scans; opened for writing
// it gets the index of every existing event, and searches the same.
void TestEventSearchIndex::migratedStoreSearchesLikeTheScan()
{
    {
        EventStore store;
        QVERIFY(store.open(path()));
        fill(store, 1200);
    }
    // Schema 7 is the layout just before the index (the summary tables').
    rawExec(path(), {QStringLiteral("DROP TABLE events_fts"),
                     QStringLiteral("UPDATE meta SET value = '7' WHERE key = 'schema_version'"),
                     QStringLiteral("PRAGMA user_version = 7")});
    {
        EventStore reader;
        QVERIFY2(reader.openReadOnly(path()), qPrintable(reader.lastError()));
        QCOMPARE(reader.schemaVersion(), 7);
        QVERIFY(!reader.textIndex());
        checkNeedles(reader, false);
    }
    QList<std::pair<qint64, qint64>> reports;
    EventStore writer;
    writer.setMigrationProgress([&reports](qint64 done, qint64 total) {
        reports.append({done, total});
        return true;
    });
    QVERIFY2(writer.open(path()), qPrintable(writer.lastError()));
    QCOMPARE(writer.schemaVersion(), EventStore::currentSchemaVersion());
    QVERIFY(!reports.isEmpty());
    // The index's step ends at its total (later steps report their own).
    QVERIFY(reports.contains(std::make_pair(qint64(1200), qint64(1200))));
    QVERIFY(writer.textIndex());
    checkNeedles(writer, true);
}

void TestEventSearchIndex::stoppedMigrationLeavesTheOldSchema()
{
    {
        EventStore store;
        QVERIFY(store.open(path()));
        fill(store, 10);
    }
    rawExec(path(),
            {QStringLiteral("DROP TABLE events_fts"), QStringLiteral("PRAGMA user_version = 7")});
    EventStore writer;
    writer.setMigrationProgress([](qint64, qint64) { return false; });
    QVERIFY(!writer.open(path()));
    QVERIFY2(writer.lastError().contains(QLatin1String("schema 7 to 8")),
             qPrintable(writer.lastError()));
    QCOMPARE(rawValue(path(), QStringLiteral("PRAGMA user_version")).toInt(), 7);
    QCOMPARE(rawValue(path(), QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = "
                                             "'events_fts'"))
                 .toInt(),
             0);
}

// A retry (the same body again) updates the event's counts, not its text:
// the index gets nothing, so the event is one candidate, not two.
void TestEventSearchIndex::retriesAddNothing()
{
    EventStore store;
    QVERIFY(store.open(path()));
    EventRecord r = record(1);
    r.msg = QStringLiteral("unique words here");
    QVERIFY(store.append(r));
    const std::optional<EventStore::AppendResult> again = store.append(r);
    QVERIFY(again && again->duplicate);
    const QString count =
        QStringLiteral("SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH '%1'")
            .arg(EventSearchIndex::matchQuery(u"unique words"));
    QCOMPARE(rawValue(path(), count).toInt(), 1);
}

// The decision only changes the plan: a needle in every row scans in the
// caller's order (its first page comes at once), a rare one reads its few
// candidates by id, a needle found nowhere reads none.
void TestEventSearchIndex::rareNeedlesUseTheIndexCommonOnesScan()
{
    EventStore store;
    QVERIFY(store.open(path()));
    fill(store, 2500); // above the smallest cap (2000)
    const FilterExpression::TextIndex index = store.textIndex();
    QVERIFY(index);
    QVERIFY(!index(QStringLiteral("ticket")));
    QVERIFY(index(QStringLiteral("价格和")));
    QVERIFY(index(QStringLiteral("zqxj")));
    QVERIFY(!index(QStringLiteral("ab"))); // no trigram
    const FilterExpression f = FilterExpression::parse(QStringLiteral("ticket zqxj"));
    const FilterExpression::Sql sql = f.toSql({}, index);
    QCOMPARE(sql.where.count(QLatin1String("MATCH")), 1);
    QCOMPARE(store.eventCount(sql.where, sql.binds), 0);
}

QTEST_GUILESS_MAIN(TestEventSearchIndex)
#include "tst_eventsearchindex.moc"
