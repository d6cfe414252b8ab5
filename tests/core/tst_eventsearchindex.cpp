#include "filter/filterexpression.h"
#include "records/eventrecord.h"
#include "store/eventsearchindex.h"
#include "store/eventstore.h"
#include "testsupport_store.h"

#include <QCoreApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <array>
#include <cstdio>

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
    void trailingEventsAreFoundBeforeAndAfterIndexing();
    void aBatchIsIndexedInTheTransactionThatCommitsIt();
    void schema12StoreRecordsItsIndexAsComplete();
    void killedWriterLeavesTheIndexConsistent();
    void theNewestEventsDecideACommonNeedle();
    void twoWritersIndexEachEventOnce();
    void aFailingIndexKeepsNoDeliveryOut();

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
    QCOMPARE(store.unindexedTextEvents(), 1);
    QVERIFY2(store.indexPendingText(), qPrintable(store.lastError()));
    QCOMPARE(store.unindexedTextEvents(), 0);
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

namespace {

// Rows of the index whose text has the (quoted) trigram query.
int indexed(const QString &path, const QString &needle)
{
    return rawValue(path,
                    QStringLiteral("SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH '%1'")
                        .arg(EventSearchIndex::matchQuery(needle)))
        .toInt();
}

qint64 indexedThrough(const QString &path)
{
    return rawValue(path, QStringLiteral("SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
                                         "'text_indexed_through'"))
        .toLongLong();
}

} // namespace

// The index trails the events: single commits leave their text for later,
// and a search finds those events all the same (the ids above the meta
// row's), on the writer and on a reader, before and after they are indexed.
void TestEventSearchIndex::trailingEventsAreFoundBeforeAndAfterIndexing()
{
    EventStore store;
    QVERIFY(store.open(path()));
    fill(store, 1500); // one transaction: indexed as it commits
    QCOMPARE(store.unindexedTextEvents(), 0);
    for (int n = 1500; n < 1600; ++n) {
        EventRecord r = record(n);
        if (n % 10 == 0)
            r.msg = QStringLiteral("tail marker qwzx %1").arg(n);
        const std::optional<EventStore::AppendResult> added = store.append(r);
        QVERIFY2(added, qPrintable(store.lastError()));
        r.id = added->eventId;
        m_records.append(r);
    }
    QCOMPARE(store.unindexedTextEvents(), 100);
    QCOMPARE(indexed(path(), QStringLiteral("qwzx")), 0);
    QCOMPARE(indexedThrough(path()), m_records.at(1499).id);
    const FilterExpression marker = FilterExpression::parse(QStringLiteral("qwzx"));
    const FilterExpression::Sql viaIndex = marker.toSql({}, kAlways);
    QVERIFY(viaIndex.where.contains(QLatin1String("MATCH")));
    QCOMPARE(store.eventCount(viaIndex.where, viaIndex.binds), 10);
    checkNeedles(store, true);
    {
        EventStore reader;
        QVERIFY(reader.openReadOnly(path()));
        QCOMPARE(reader.unindexedTextEvents(), 0); // a reader never indexes
        QCOMPARE(reader.eventCount(viaIndex.where, viaIndex.binds), 10);
        checkNeedles(reader, true);
    }
    QVERIFY2(store.indexPendingText(), qPrintable(store.lastError()));
    QCOMPARE(store.unindexedTextEvents(), 0);
    QCOMPARE(indexed(path(), QStringLiteral("qwzx")), 10);
    QCOMPARE(indexedThrough(path()), store.maxEventId());
    QCOMPARE(store.eventCount(viaIndex.where, viaIndex.binds), 10);
    checkNeedles(store, true);
    // close() indexes what waits; the next writer finds nothing to do.
    EventRecord last = record(1600);
    last.msg = QStringLiteral("closing qwzx");
    QVERIFY(store.append(last));
    QCOMPARE(store.unindexedTextEvents(), 1);
    store.close();
    QCOMPARE(indexed(path(), QStringLiteral("qwzx")), 11);
}

// Once kTextBatch or more events wait, the commit that reaches it indexes
// them with its own rows; a rolled-back batch indexes nothing.
void TestEventSearchIndex::aBatchIsIndexedInTheTransactionThatCommitsIt()
{
    EventStore store;
    QVERIFY(store.open(path()));
    QVERIFY(store.beginTransaction());
    for (int n = 0; n < 300; ++n) {
        EventRecord r = record(n);
        r.msg = QStringLiteral("rolled back vkjq");
        QVERIFY(store.append(r));
    }
    store.rollback();
    QCOMPARE(store.unindexedTextEvents(), 0);
    QCOMPARE(indexedThrough(path()), 0);
    for (int n = 0; n < 255; ++n) // single commits, below the batch
        QVERIFY(store.append(record(n)));
    QCOMPARE(store.unindexedTextEvents(), 255);
    QCOMPARE(indexedThrough(path()), 0);
    EventRecord r = record(255);
    r.msg = QStringLiteral("the batch's last pmvq");
    QVERIFY(store.append(r)); // the 256th
    QCOMPARE(store.unindexedTextEvents(), 0);
    QCOMPARE(indexedThrough(path()), 256);
    QCOMPARE(indexed(path(), QStringLiteral("pmvq")), 1);
    QCOMPARE(indexed(path(), QStringLiteral("vkjq")), 0);
}

// A file of schema 12 indexed every event with its row and has no meta row:
// read-only it searches the index alone; the writer's upgrade records it as
// complete, and new events trail it from there.
void TestEventSearchIndex::schema12StoreRecordsItsIndexAsComplete()
{
    {
        EventStore store;
        QVERIFY(store.open(path()));
        fill(store, 600);
    }
    rawExec(path(), {QStringLiteral("DELETE FROM meta WHERE key = 'text_indexed_through'"),
                     QStringLiteral("UPDATE meta SET value = '12' WHERE key = 'schema_version'"),
                     QStringLiteral("PRAGMA user_version = 12")});
    {
        EventStore reader;
        QVERIFY2(reader.openReadOnly(path()), qPrintable(reader.lastError()));
        QCOMPARE(reader.schemaVersion(), 12);
        checkNeedles(reader, true);
    }
    EventStore writer;
    QVERIFY2(writer.open(path()), qPrintable(writer.lastError()));
    QCOMPARE(writer.schemaVersion(), EventStore::currentSchemaVersion());
    QCOMPARE(indexedThrough(path()), m_records.last().id);
    QCOMPARE(writer.unindexedTextEvents(), 0);
    checkNeedles(writer, true);
}

// Two writer connections on one file (the store writer and, say, a refused
// delivery promoted in the window): the second one's open() indexes what
// the first left waiting, and the first carries on from the meta row as it
// is now, not as it read it. (MATCH folds a rowid indexed twice into one
// candidate, so a double entry could not change a result; the row is what
// must not go wrong.)
void TestEventSearchIndex::twoWritersIndexEachEventOnce()
{
    EventStore first;
    QVERIFY(first.open(path()));
    for (int n = 0; n < 10; ++n) {
        EventRecord r = record(n);
        r.msg = QStringLiteral("first ten jxqv");
        QVERIFY(first.append(r));
    }
    QCOMPARE(first.unindexedTextEvents(), 10);
    {
        EventStore second; // its open() indexes what waits
        QVERIFY(second.open(path()));
        QCOMPARE(second.unindexedTextEvents(), 0);
    }
    QCOMPARE(indexed(path(), QStringLiteral("jxqv")), 10);
    QCOMPARE(indexedThrough(path()), 10);
    QVERIFY(first.beginTransaction());
    for (int n = 10; n < 310; ++n)
        QVERIFY(first.append(record(n)));
    QVERIFY(first.commit()); // 300 new ones: indexed from the row's 10, not from 0
    QCOMPARE(indexedThrough(path()), 310);
    QCOMPARE(indexed(path(), QStringLiteral("jxqv")), 10);
    QCOMPARE(first.unindexedTextEvents(), 0);
}

// The index is only a way to search faster: when it cannot be written (here
// a trigger refuses its mark), the events still commit with nothing of the
// index's half-written, the store still opens, searches still find them,
// and once the index can be written again the next writer catches up.
void TestEventSearchIndex::aFailingIndexKeepsNoDeliveryOut()
{
    const QString refuse =
        QStringLiteral("CREATE TRIGGER refuse_mark BEFORE INSERT ON meta WHEN NEW.key = "
                       "'text_indexed_through' BEGIN SELECT RAISE(ABORT, 'mark refused'); END");
    const QRegularExpression refused(QStringLiteral("mark refused"));
    EventStore store;
    QVERIFY(store.open(path()));
    rawExec(path(), {refuse});
    QVERIFY(store.beginTransaction());
    for (int n = 0; n < 300; ++n) {
        EventRecord r = record(n);
        r.id = store.append(r).value_or(EventStore::AppendResult{}).eventId;
        QVERIFY2(r.id > 0, qPrintable(store.lastError()));
        m_records.append(r);
    }
    QTest::ignoreMessage(QtWarningMsg, refused);
    QVERIFY2(store.commit(), qPrintable(store.lastError()));
    QCOMPARE(store.eventCount(), 300);
    QCOMPARE(store.unindexedTextEvents(), 300);
    QCOMPARE(indexed(path(), QStringLiteral("ticket")), 0); // the index's rows undone too
    QCOMPARE(indexedThrough(path()), 0);
    checkNeedles(store, true);
    EventRecord more = record(300);
    more.id = 301;
    QVERIFY(store.append(more)); // tried again only kTextRetry events later: no warning
    m_records.append(more);
    QCOMPARE(store.unindexedTextEvents(), 301);
    QTest::ignoreMessage(QtWarningMsg, refused); // close() tries
    store.close();
    QTest::ignoreMessage(QtWarningMsg, refused); // and open()
    QVERIFY2(store.open(path()), qPrintable(store.lastError()));
    QCOMPARE(store.eventCount(), 301);
    checkNeedles(store, true);
    QTest::ignoreMessage(QtWarningMsg, refused); // close() again
    store.close();
    rawExec(path(), {QStringLiteral("DROP TRIGGER refuse_mark")});
    QVERIFY(store.open(path()));
    QCOMPARE(store.unindexedTextEvents(), 0);
    QCOMPARE(indexedThrough(path()), 301);
    checkNeedles(store, true);
}

// On a large store the newest 65,536 events are counted first: a needle
// common there scans without counting the rest, a rare one is counted in
// full, and either way the rows are the scan's.
void TestEventSearchIndex::theNewestEventsDecideACommonNeedle()
{
    {
        EventStore store;
        QVERIFY(store.open(path()));
    }
    // 300,000 events written by SQL (appends would take minutes under the
    // sanitizers): "recentword" in every 10th of the newest 65,536 (6,554:
    // below the cap of sqrt(256 * 300,000) = 8,763, so a full count would
    // pick the index), "oldword" in every 10th of the oldest 100,000
    // (10,000), "rareword" in 50.
    rawExec(path(),
            {QStringLiteral(
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
                 "INSERT INTO events(id, received_at, last_received_at, event, channel, "
                 "chat_user_id, msg, verification, dedupe_key, payload) SELECT i, "
                 "1764000000000 + i, 1764000000000 + i, 'message', 7, 'cu' || (i % 13), "
                 "CASE WHEN i > 300000 - 65536 AND i % 10 = 0 THEN 'a recentword here' "
                 "WHEN i <= 100000 AND i % 10 = 0 THEN 'an oldword here' "
                 "WHEN i % 6000 = 7 THEN 'a rareword here' ELSE 'plain text ' || i END, "
                 "'verified', 'k' || i, X'7B7D' FROM n"),
             QStringLiteral("INSERT INTO events_fts(rowid, msg, name, phone, email) SELECT id, "
                            "msg, name, phone, email FROM events"),
             QStringLiteral("UPDATE meta SET value = '300000' WHERE key = "
                            "'text_indexed_through'")});
    EventStore store;
    QVERIFY2(store.openReadOnly(path()), qPrintable(store.lastError()));
    const FilterExpression::TextIndex index = store.textIndex();
    QVERIFY(index);
    QVERIFY(!index(QStringLiteral("recentword")));
    QVERIFY(!index(QStringLiteral("oldword"))); // counted in full: above the cap
    QVERIFY(index(QStringLiteral("rareword")));
    QVERIFY(index(QStringLiteral("zqxjw")));
    const QList<std::pair<QString, qint64>> expected{{QStringLiteral("recentword"), 6554},
                                                     {QStringLiteral("oldword"), 10000},
                                                     {QStringLiteral("rareword"), 50},
                                                     {QStringLiteral("zqxjw"), 0}};
    for (const auto &[needle, count] : expected) {
        const FilterExpression f = FilterExpression::parse(needle);
        const FilterExpression::Sql scan = f.toSql();
        const FilterExpression::Sql chosen = f.toSql({}, index);
        const FilterExpression::Sql viaIndex = f.toSql({}, kAlways);
        QCOMPARE(store.eventCount(scan.where, scan.binds), count);
        QCOMPARE(store.eventCount(chosen.where, chosen.binds), count);
        QCOMPARE(store.eventCount(viaIndex.where, viaIndex.binds), count);
    }
}

// kill -9 while a child writes single deliveries and batches: the index and
// its meta row commit with the events or not at all, so a reader of the
// killed file searches like the scan, and the next writer indexes the rest
// as it opens.
void TestEventSearchIndex::killedWriterLeavesTheIndexConsistent()
{
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--text-writer"), path()});
    QVERIFY(child.waitForStarted());
    QVERIFY(child.waitForReadyRead(30000)); // the first commit is done
    const auto stored = [this]() {
        return rawValue(path(), QStringLiteral("SELECT COUNT(*) FROM events")).toLongLong();
    };
    QTRY_VERIFY_WITH_TIMEOUT(stored() >= 2000, 60000);
    child.kill(); // SIGKILL, mid-write
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    // The records as the child wrote them (the same generator, in id order).
    const qint64 count = stored();
    for (int n = 0; n < count; ++n) {
        EventRecord r = record(n);
        r.id = n + 1;
        m_records.append(r);
    }
    QCOMPARE(rawValue(path(), QStringLiteral("SELECT MAX(id) FROM events")).toLongLong(), count);
    QVERIFY(indexedThrough(path()) <= count);
    {
        EventStore reader;
        QVERIFY(reader.openReadOnly(path()));
        checkNeedles(reader, true);
    }
    EventStore writer;
    QVERIFY2(writer.open(path()), qPrintable(writer.lastError()));
    QCOMPARE(writer.unindexedTextEvents(), 0);
    QCOMPARE(indexedThrough(path()), count);
    checkNeedles(writer, true);
}

// The child of killedWriterLeavesTheIndexConsistent: record(0), record(1),
// ... in commits of one to 40 events, until killed.
static int writeTextUntilKilled(const QString &path)
{
    EventStore store;
    if (!store.open(path))
        return 2;
    for (int n = 0, round = 0;; ++round) {
        const int size = 1 + (round * 7) % 40;
        if (!store.beginTransaction())
            return 3;
        for (int i = 0; i < size; ++i, ++n) {
            if (!store.append(record(n)))
                return 4;
        }
        if (!store.commit())
            return 5;
        if (round == 0) {
            std::fputs("ready\n", stdout);
            std::fflush(stdout);
        }
    }
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--text-writer") == 0)
        return writeTextUntilKilled(QString::fromLocal8Bit(argv[2]));
    TestEventSearchIndex test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_eventsearchindex.moc"
