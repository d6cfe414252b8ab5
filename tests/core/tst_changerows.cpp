#include "models/eventchanges.h"
#include "records/customertimeline.h"
#include "store/changerows.h"
#include "store/eventstore.h"
#include "store/storeschema.h"
#include "testsupport_summaries.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTest>

// The change rows the writer keeps (docs/storage.md, "Change rows") equal a
// replay of every customer's history: live, after retries that change an
// event's word, after a migration from schema 9 and after a stopped
// migration (tst_summarytables kills a writer mid-write and checks them
// too); the stream's Text column reads them instead of replaying.
class TestChangeRows final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rowStateContinuesTheReplay();
    void rowStateRejectsWhatIsNotOne_data();
    void rowStateRejectsWhatIsNotOne();
    void decodeRejectsWhatIsNotOne_data();
    void decodeRejectsWhatIsNotOne();
    void liveRowsEqualReplay_data();
    void liveRowsEqualReplay();
    void retryWithStrongerWordClearsTheMark();
    void recordWithoutKindGivesTheReplayedRows();
    void migrationFromSchema9GivesTheLiveRows();
    void migrationStopsWhenProgressSaysSo();
    void schema9ReaderReplays();
    void streamReadsStoredRows();
};

namespace {

EventRecord customerEvent(const char *event, const QString &user, qint64 id)
{
    EventRecord r;
    r.id = id;
    r.event = QString::fromLatin1(event);
    r.kind = eventKindFromName(r.event);
    r.chatUserId = user;
    r.receivedAtMs = 1764000000000 + id;
    r.verification = Verification::Verified;
    r.dedupeKey = QStringLiteral("b:%1:%2").arg(r.event).arg(id);
    r.payload = QStringLiteral("{\"id\":%1}").arg(id).toUtf8();
    return r;
}

QString report(const QStringList &lines)
{
    return lines.mid(0, 10).join(u'\n');
}

// `count` random deliveries (seed) into dir/live.db, and its copy at schema
// 9 in dir/old.db; false when either cannot be made.
bool liveAndSchema9(const QTemporaryDir &dir, quint32 seed, int count)
{
    {
        EventStore store;
        RandomDeliveries deliveries(seed);
        if (!store.open(dir.filePath(QStringLiteral("live.db"))) ||
            !SummaryCheck::deliver(store, deliveries, count, nullptr))
            return false;
    }
    return SummaryCheck::makeSchema9Copy(dir.filePath(QStringLiteral("live.db")),
                                         dir.filePath(QStringLiteral("old.db")));
}

} // namespace

void TestChangeRows::rowStateContinuesTheReplay()
{
    QList<EventRecord> events;
    EventRecord a = customerEvent("add_user", QStringLiteral("u"), 1);
    a.name = QStringLiteral("Ann");
    a.labels = QStringLiteral(R"([{"id":1,"label_name":"VIP"},{"label_name":"新"}])");
    a.customField = QStringLiteral(R"({"plan":"a","n":1})");
    events.append(a);
    EventRecord b = customerEvent("update_user", QStringLiteral("u"), 2);
    b.name = QStringLiteral("Ann \"A\" 王");
    b.labels = QStringLiteral(R"([{"id":1,"label_name":"Gold"}])");
    b.customField = QStringLiteral(R"({"plan":"b"})");
    b.verification = Verification::BadSignature;
    events.append(b);
    EventRecord c = customerEvent("update_user", QStringLiteral("u"), 3);
    c.labels = QStringLiteral(R"([{"label_name":"新"},{"id":1,"label_name":"Gold"}])");
    c.customField = QStringLiteral(R"({"n":2})");
    c.email = QStringLiteral("a@example.com");
    events.append(c);

    // Stop after each event, save, restore into a new timeline, go on: the
    // rows are those of one uninterrupted replay.
    const QList<FieldChange> whole = CustomerTimeline::build(events);
    QVERIFY(whole.size() >= 8);
    for (qsizetype stop = 1; stop < events.size(); ++stop) {
        CustomerTimeline first;
        QList<FieldChange> rows;
        for (qsizetype i = 0; i < stop; ++i)
            rows += first.apply(events.at(i));
        CustomerTimeline resumed;
        QVERIFY(resumed.restoreRowState(first.rowState()));
        QCOMPARE(resumed.rowState(), first.rowState());
        for (qsizetype i = stop; i < events.size(); ++i)
            rows += resumed.apply(events.at(i));
        QCOMPARE(rows, whole);
    }
}

void TestChangeRows::rowStateRejectsWhatIsNotOne_data()
{
    QTest::addColumn<QByteArray>("state");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("array") << QByteArray("[]");
    QTest::newRow("cut") << QByteArray(R"({"u":"x","f":{},"l":[)");
    QTest::newRow("no user") << QByteArray(R"({"f":{},"l":[]})");
    QTest::newRow("field not text") << QByteArray(R"({"u":"x","f":{"name":1},"l":[]})");
    QTest::newRow("label not a pair") << QByteArray(R"({"u":"x","f":{},"l":[["1"]]})");
    QTest::newRow("label not text") << QByteArray(R"({"u":"x","f":{},"l":[[1,"a"]]})");
}

void TestChangeRows::rowStateRejectsWhatIsNotOne()
{
    QFETCH(QByteArray, state);
    CustomerTimeline timeline;
    EventRecord a = customerEvent("add_user", QStringLiteral("u"), 1);
    a.name = QStringLiteral("Ann");
    timeline.apply(a);
    const QByteArray before = timeline.rowState();
    QVERIFY(!timeline.restoreRowState(state));
    QCOMPARE(timeline.rowState(), before); // unchanged
}

void TestChangeRows::decodeRejectsWhatIsNotOne_data()
{
    QTest::addColumn<QByteArray>("stored");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not json") << QByteArray("name");
    QTest::newRow("no rows") << QByteArray(R"({"n":"a"})");
    QTest::newRow("short row") << QByteArray(R"({"n":"a","c":[["name",1,"x"]]})");
    QTest::newRow("kind out of range") << QByteArray(R"({"n":"a","c":[["name",9,"x","y"]]})");
    QTest::newRow("kind negative") << QByteArray(R"({"n":"a","c":[["name",-1,"x","y"]]})");
    QTest::newRow("value not text") << QByteArray(R"({"n":"a","c":[["name",1,2,"y"]]})");
}

void TestChangeRows::decodeRejectsWhatIsNotOne()
{
    QFETCH(QByteArray, stored);
    const EventRecord e = customerEvent("update_user", QStringLiteral("u"), 5);
    QVERIFY(!ChangeRows::decode(stored, e).has_value());
}

void TestChangeRows::liveRowsEqualReplay_data()
{
    QTest::addColumn<quint32>("seed");
    for (const quint32 seed : {1u, 5u, 42u, 2026u})
        QTest::addRow("seed %u", seed) << seed;
}

void TestChangeRows::liveRowsEqualReplay()
{
    QFETCH(quint32, seed);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("live.db"));
    EventStore store;
    QVERIFY2(store.open(path), qPrintable(store.lastError()));
    RandomDeliveries deliveries(seed);
    QString error;
    for (int round = 0; round < 3; ++round) {
        QVERIFY2(SummaryCheck::deliver(store, deliveries, 300, &error), qPrintable(error));
        const QStringList mismatches = SummaryCheck::compareChangeRows(path);
        QVERIFY2(mismatches.isEmpty(), qPrintable(report(mismatches)));
    }
    // One row per customer event, one state per customer with one.
    QCOMPARE(SummaryCheck::rows(path, QStringLiteral("SELECT COUNT(*) FROM event_changes")),
             SummaryCheck::rows(path, QStringLiteral("SELECT COUNT(*) FROM events WHERE event "
                                                     "IN ('add_user', 'update_user')")));
    QCOMPARE(SummaryCheck::rows(path, QStringLiteral("SELECT COUNT(*) FROM customer_state")),
             SummaryCheck::rows(path, QStringLiteral("SELECT COUNT(DISTINCT chat_user_id) FROM "
                                                     "events WHERE event IN ('add_user', "
                                                     "'update_user')")));
}

void TestChangeRows::retryWithStrongerWordClearsTheMark()
{
    QTemporaryDir dir;
    EventStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("retry.db"))));
    EventRecord a = customerEvent("add_user", QStringLiteral("u"), 0);
    a.name = QStringLiteral("Ann");
    a.verification = Verification::Unsigned;
    const std::optional<EventStore::AppendResult> first = store.append(a);
    QVERIFY(first.has_value());
    const EventRecord stored = store.event(first->eventId).value();
    const std::optional<QList<FieldChange>> before = store.storedChanges(stored);
    QVERIFY(before.has_value());
    QCOMPARE(before->size(), 1);
    QVERIFY(before->first().unverified);
    QCOMPARE(before->first().name, QStringLiteral("Ann"));

    EventRecord again = a; // the same body, now signed
    again.verification = Verification::Verified;
    QVERIFY(store.append(again).value().duplicate);
    const EventRecord upgraded = store.event(first->eventId).value();
    const std::optional<QList<FieldChange>> after = store.storedChanges(upgraded);
    QVERIFY(after.has_value());
    QCOMPARE(after->size(), 1);
    QVERIFY(!after->first().unverified);
    QCOMPARE(after->first().field, QStringLiteral("name"));
    QCOMPARE(after->first().kind, FieldChange::Created);
}

// A caller that fills `event` but not `kind` (the store reads the kind back
// from the name): the stored rows are still those of a replay.
void TestChangeRows::recordWithoutKindGivesTheReplayedRows()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kind.db"));
    {
        EventStore store;
        QVERIFY(store.open(path));
        EventRecord a = customerEvent("add_user", QStringLiteral("u"), 0);
        a.name = QStringLiteral("Ann");
        a.kind = EventKind::Unknown;
        QVERIFY(store.append(a).has_value());
        EventRecord b = customerEvent("update_user", QStringLiteral("u"), 1);
        b.email = QStringLiteral("a@x");
        b.kind = EventKind::Unknown;
        QVERIFY(store.append(b).has_value());
    }
    QCOMPARE(SummaryCheck::compareChangeRows(path), QStringList());
    EventStore reader;
    QVERIFY(reader.openReadOnly(path));
    const QList<FieldChange> rows = reader.storedChanges(reader.event(2).value()).value();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().field, QStringLiteral("email"));
}

void TestChangeRows::migrationFromSchema9GivesTheLiveRows()
{
    QTemporaryDir dir;
    const QString live = dir.filePath(QStringLiteral("live.db"));
    const QString old = dir.filePath(QStringLiteral("old.db"));
    QVERIFY2(liveAndSchema9(dir, 17, 900), "cannot build the stores");
    QCOMPARE(SummaryCheck::rows(old, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE "
                                                    "name IN ('event_changes', "
                                                    "'customer_state')")),
             QStringList{QStringLiteral("0")});
    QList<std::pair<qint64, qint64>> progress;
    QString error;
    QCOMPARE(SummaryCheck::upgradeRecording(old, &progress, &error),
             EventStore::currentSchemaVersion());
    QVERIFY(progress.size() >= 2);
    QCOMPARE(progress.first().first, 0);
    QCOMPARE(progress.last().first, progress.last().second);
    QVERIFY(progress.last().second > 0);

    // Byte for byte what the live writer kept.
    const QStringList liveRows = SummaryCheck::dumpChangeRows(live);
    QVERIFY(liveRows.size() > 100);
    QCOMPARE(SummaryCheck::dumpChangeRows(old), liveRows);
    const QStringList mismatches = SummaryCheck::compareChangeRows(old);
    QVERIFY2(mismatches.isEmpty(), qPrintable(report(mismatches)));
}

void TestChangeRows::migrationStopsWhenProgressSaysSo()
{
    QTemporaryDir dir;
    const QString old = dir.filePath(QStringLiteral("old.db"));
    QVERIFY2(liveAndSchema9(dir, 18, 80), "cannot build the stores");
    EventStore stopped;
    stopped.setMigrationProgress([](qint64 done, qint64) { return done == 0; });
    QVERIFY(!stopped.open(old));
    QCOMPARE(SummaryCheck::rows(old, QStringLiteral("PRAGMA user_version")),
             QStringList{QStringLiteral("9")});
    QCOMPARE(SummaryCheck::rows(old, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE "
                                                    "name = 'event_changes'")),
             QStringList{QStringLiteral("0")});
}

// A schema-9 file read without upgrading has no change rows: the stream's
// changes replay the history, and give the same rows.
void TestChangeRows::schema9ReaderReplays()
{
    QTemporaryDir dir;
    const QString live = dir.filePath(QStringLiteral("live.db"));
    const QString old = dir.filePath(QStringLiteral("old.db"));
    QVERIFY2(liveAndSchema9(dir, 19, 300), "cannot build the stores");
    EventStore reader;
    QVERIFY2(reader.openReadOnly(old), qPrintable(reader.lastError()));
    QCOMPARE(reader.schemaVersion(), 9);
    EventStore current;
    QVERIFY(current.openReadOnly(live));
    EventChanges fromReplay;
    EventChanges fromRows;
    int customerEvents = 0;
    int withChanges = 0;
    int stored = 0;
    QList<qint64> differing;
    QVERIFY(current.forEachCustomerEvent([&](const EventRecord &e) {
        ++customerEvents;
        if (reader.storedChanges(e).has_value())
            ++stored; // schema 9 has none
        const QList<FieldChange> replayed = fromReplay.of(reader, e);
        if (!replayed.isEmpty())
            ++withChanges;
        if (fromRows.of(current, e) != replayed)
            differing.append(e.id);
        return true;
    }));
    QCOMPARE(stored, 0);
    QCOMPARE(differing, QList<qint64>());
    QVERIFY(customerEvents > 50);
    QVERIFY(withChanges > 20);
    QCOMPARE(SummaryCheck::compareChangeRows(live), QStringList());
}

// The stream's Text column (EventChanges) shows what is stored, without
// replaying: a row changed behind its back shows the change.
void TestChangeRows::streamReadsStoredRows()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("stream.db"));
    qint64 id = 0;
    {
        EventStore store;
        QVERIFY(store.open(path));
        EventRecord a = customerEvent("add_user", QStringLiteral("u"), 0);
        a.name = QStringLiteral("Ann");
        QVERIFY(store.append(a).has_value());
        EventRecord b = customerEvent("update_user", QStringLiteral("u"), 0);
        b.email = QStringLiteral("a@x");
        id = store.append(b).value().eventId;
    }
    FieldChange planted;
    planted.field = QStringLiteral("phone");
    planted.newValue = QStringLiteral("+86 1");
    planted.name = QStringLiteral("Ann");
    const QString encoded = QString::fromUtf8(ChangeRows::encode({planted}));
    QCOMPARE(SummaryCheck::rows(path, QStringLiteral("UPDATE event_changes SET changes = '%1' "
                                                     "WHERE event_id = %2 RETURNING event_id")
                                          .arg(encoded)
                                          .arg(id)),
             QStringList{QString::number(id)});
    EventStore reader;
    QVERIFY(reader.openReadOnly(path));
    const EventRecord e = reader.event(id).value();
    EventChanges changes;
    const QList<FieldChange> shown = changes.of(reader, e);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.first().field, QStringLiteral("phone"));
    QCOMPARE(shown.first().eventId, id);
    QCOMPARE(shown.first().chatUserId, QStringLiteral("u"));
    QCOMPARE(shown.first().event, QStringLiteral("update_user"));
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    TestChangeRows test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_changerows.moc"
