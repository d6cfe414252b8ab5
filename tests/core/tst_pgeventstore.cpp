#include "store/eventstore.h"
#include "store/pgeventstore.h"
#include "store/pgschema.h"
#include "store/storelocation.h"
#include "testpostgres.h"
#include "testsupport_records.h"

#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

namespace {

StoreLocation locationOf(const QString &url)
{
    const std::optional<StoreLocation> location = StoreLocation::parse(url);
    Q_ASSERT(location);
    return *location;
}

// Every stored field but the id, which each store hands out itself.
bool sameStored(const EventRecord &a, const EventRecord &b, QString *why)
{
    const std::pair<const char *, bool> fields[] = {
        {"receivedAtMs", a.receivedAtMs == b.receivedAtMs},
        {"lastReceivedAtMs", a.lastReceivedAtMs == b.lastReceivedAtMs},
        {"event", a.event == b.event},
        {"kind", a.kind == b.kind},
        {"channel", a.channel == b.channel},
        {"channelName", a.channelName == b.channelName},
        {"chatUserId", a.chatUserId == b.chatUserId},
        {"chatSessionId", a.chatSessionId == b.chatSessionId},
        {"sequenceId", a.sequenceId == b.sequenceId},
        {"msgType", a.msgType == b.msgType},
        {"senderType", a.senderType == b.senderType},
        {"sender", a.sender == b.sender},
        {"sysUserId", a.sysUserId == b.sysUserId},
        {"sendTimeMs", a.sendTimeMs == b.sendTimeMs},
        {"msg", a.msg == b.msg},
        {"quoteChat", a.quoteChat == b.quoteChat},
        {"channelUid", a.channelUid == b.channelUid},
        {"name", a.name == b.name},
        {"remarkName", a.remarkName == b.remarkName},
        {"phone", a.phone == b.phone},
        {"email", a.email == b.email},
        {"remark", a.remark == b.remark},
        {"labels", a.labels == b.labels},
        {"customField", a.customField == b.customField},
        {"adReferral", a.adReferral == b.adReferral},
        {"presentFields", a.presentFields == b.presentFields},
        {"verification", a.verification == b.verification},
        {"verificationDetail", a.verificationDetail == b.verificationDetail},
        {"deliveries", a.deliveries == b.deliveries},
        {"dedupeKey", a.dedupeKey == b.dedupeKey},
        {"query", a.query == b.query},
        {"payload", a.payload == b.payload},
        {"conflict", a.conflict == b.conflict},
        {"stale", a.stale == b.stale},
        {"test", a.test == b.test},
    };
    for (const auto &[name, same] : fields) {
        if (!same) {
            *why = QStringLiteral("%1 differs (SQLite #%2, PostgreSQL #%3)")
                       .arg(QLatin1String(name))
                       .arg(a.id)
                       .arg(b.id);
            return false;
        }
    }
    return true;
}

EventRecord retryable(int n, const QByteArray &body)
{
    EventRecord r = VariedRecords::makeRecord(n);
    r.dedupeKey = QStringLiteral("m:cu:%1").arg(n);
    r.payload = body;
    return r;
}

} // namespace

class TestPgEventStore final : public QObject {
    Q_OBJECT

private slots:
    void openCreatesTheLayoutOnce();
    void aNewerLayoutIsRefused();
    void aForeignEventsTableIsRefused();
    void aViewerNeedsTheTablesAndCannotWrite();
    void aWrongPasswordIsRefusedWithoutRepeatingIt();
    void bothBackendsStoreTheSameEvents();
    void retriesMergeAndOtherBodiesConflictAsInSqlite();
    void aNulInTextIsStoredAsReplacement();
    void refusedDeliveriesRoundTrip();
    void aCommitAnnouncesTheLastIds();
    void concurrentRetriesMakeOneEventEach();
    void idsAreHandedOutInCommitOrder();
};

void TestPgEventStore::openCreatesTheLayoutOnce()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    {
        PgEventStore store;
        QVERIFY2(store.open(locationOf(pg.url())), qPrintable(store.lastError()));
        QCOMPARE(store.schemaVersion(), PgSchema::kCurrentVersion);
        QCOMPARE(store.maxEventId(), 0);
        QVERIFY(store.append(VariedRecords::makeRecord(1)));
    }
    PgEventStore again; // the tables are kept, not made twice
    QVERIFY2(again.open(locationOf(pg.url())), qPrintable(again.lastError()));
    QCOMPARE(again.eventCount(), 1);
    QSqlDatabase db = pg.open();
    QSqlQuery query(db);
    QVERIFY(query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QString::number(PgSchema::kCurrentVersion));
}

void TestPgEventStore::aNewerLayoutIsRefused()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    {
        PgEventStore store;
        QVERIFY(store.open(locationOf(pg.url())));
    }
    QSqlDatabase db = pg.open();
    QSqlQuery query(db);
    QVERIFY(
        query.exec(QStringLiteral("UPDATE meta SET value = '99' WHERE key = 'schema_version'")));
    PgEventStore store;
    QString error;
    QVERIFY(!store.open(locationOf(pg.url()), &error));
    QVERIFY2(error.contains(QLatin1String("newer HookScope")), qPrintable(error));
    QVERIFY(!store.isOpen());
    QVERIFY(!store.openReadOnly(locationOf(pg.url()), &error));
    QVERIFY2(error.contains(QLatin1String("update HookScope")), qPrintable(error));
}

void TestPgEventStore::aForeignEventsTableIsRefused()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QSqlDatabase db = pg.open();
    QSqlQuery query(db);
    QVERIFY(query.exec(QStringLiteral("CREATE TABLE events(x INTEGER)")));
    PgEventStore store;
    QString error;
    QVERIFY(!store.open(locationOf(pg.url()), &error));
    QVERIFY2(error.contains(QLatin1String("did not make")), qPrintable(error));
    QVERIFY(query.exec(QStringLiteral("SELECT to_regclass('meta') IS NULL")));
    QVERIFY(query.next());
    QVERIFY(query.value(0).toBool()); // nothing was added beside it
}

void TestPgEventStore::aViewerNeedsTheTablesAndCannotWrite()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgEventStore viewer;
    QString error;
    QVERIFY(!viewer.openReadOnly(locationOf(pg.url()), &error));
    QVERIFY2(error.contains(QLatin1String("no HookScope tables yet")), qPrintable(error));
    {
        PgEventStore writer;
        QVERIFY(writer.open(locationOf(pg.url())));
        QVERIFY(writer.append(VariedRecords::makeRecord(3)));
    }
    QVERIFY2(viewer.openReadOnly(locationOf(pg.url()), &error), qPrintable(error));
    QCOMPARE(viewer.eventsAfter(0, -1).size(), 1);
    QVERIFY(!viewer.append(VariedRecords::makeRecord(4)));
    QVERIFY(!viewer.appendRefused(RefusedRecord()));
    QCOMPARE(viewer.eventCount(), 1);
}

void TestPgEventStore::aWrongPasswordIsRefusedWithoutRepeatingIt()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    const QString url = QStringLiteral("postgresql://%1:SeCrEt%2@%3:%4/%5")
                            .arg(pg.user(), QStringLiteral("x"), pg.host())
                            .arg(pg.port())
                            .arg(pg.databaseName());
    PgEventStore store;
    QString error;
    QVERIFY(!store.open(locationOf(url), &error));
    QVERIFY2(error.contains(QLatin1String("password authentication failed")), qPrintable(error));
    QVERIFY2(error.contains(pg.databaseName()), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("SeCrEt")), qPrintable(error));
    QVERIFY(!store.lastError().contains(QLatin1String("SeCrEt")));
}

// The records of the stream model's tests (Chinese, emoji, newlines, empty
// and absent fields, every verification word) read back the same from both.
void TestPgEventStore::bothBackendsStoreTheSameEvents()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QTemporaryDir dir;
    EventStore lite;
    QVERIFY(lite.open(dir.filePath(QStringLiteral("s.db"))));
    PgEventStore store;
    QVERIFY(store.open(locationOf(pg.url())));
    QList<EventRecord> records = VariedRecords::makeRecords(1, 120);
    records[5].payload = QByteArray("{\"a\":\"\0\xff\xfe raw\"}", 16);
    records[6].presentFields = {QStringLiteral("msg"), QStringLiteral("channel")};
    records[7].labels = QStringLiteral(R"([{"id":36577,"label_name":"VIP"}])");
    records[8].stale = true;
    records[9].test = true;
    records[10].sendTimeMs = 1764000000000;
    records[11].channelName = QStringLiteral("WhatsApp API");
    QVERIFY(lite.beginTransaction());
    QVERIFY(store.beginTransaction());
    for (const EventRecord &r : std::as_const(records)) {
        QVERIFY(lite.append(r));
        QVERIFY2(store.append(r), qPrintable(store.lastError()));
    }
    QVERIFY(lite.commit());
    QVERIFY(store.commit());
    const QList<EventRecord> a = lite.eventsAfter(0, -1);
    const QList<EventRecord> b = store.eventsAfter(0, -1);
    QCOMPARE(b.size(), records.size());
    QCOMPARE(a.size(), b.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        QString why;
        QVERIFY2(sameStored(a[i], b[i], &why), qPrintable(why));
    }
    QCOMPARE(store.eventsAfter(10, 5).size(), 5);
    QCOMPARE(store.eventsAfter(10, -1, {}, {}, 20).size(), 10);
    QCOMPARE(store.event(b[3].id)->sequenceId, records[3].sequenceId);
    QVERIFY(!store.event(99999));
}

void TestPgEventStore::retriesMergeAndOtherBodiesConflictAsInSqlite()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QTemporaryDir dir;
    EventStore lite;
    QVERIFY(lite.open(dir.filePath(QStringLiteral("s.db"))));
    PgEventStore store;
    QVERIFY(store.open(locationOf(pg.url())));

    // A test receipt, a real retry that is better verified, a weaker retry,
    // then a forged body under the same sender key.
    EventRecord first = retryable(1, "{\"body\":1}");
    first.verification = Verification::NotChecked;
    first.test = true;
    first.receivedAtMs = first.lastReceivedAtMs = 1000;
    EventRecord better = first;
    better.verification = Verification::Verified;
    better.verificationDetail = QStringLiteral("signature matches");
    better.test = false;
    better.receivedAtMs = 3000;
    EventRecord weaker = first;
    weaker.verification = Verification::BadSignature;
    weaker.receivedAtMs = 2000;
    EventRecord forged = retryable(1, "{\"body\":2}");
    const QList<EventRecord> sequence{first, better, weaker, forged};

    QList<EventStore::AppendResult> fromLite;
    QList<EventStore::AppendResult> fromPg;
    for (const EventRecord &r : sequence) {
        const auto a = lite.append(r);
        const auto b = store.append(r);
        QVERIFY(a);
        QVERIFY2(b, qPrintable(store.lastError()));
        fromLite.append(*a);
        fromPg.append(*b);
    }
    for (qsizetype i = 0; i < sequence.size(); ++i) {
        QCOMPARE(fromPg[i].duplicate, fromLite[i].duplicate);
        QCOMPARE(fromPg[i].conflict, fromLite[i].conflict);
    }
    QCOMPARE(fromPg[1].eventId, fromPg[0].eventId);
    QVERIFY(fromPg[3].conflict);

    const QList<EventRecord> a = lite.eventsAfter(0, -1);
    const QList<EventRecord> b = store.eventsAfter(0, -1);
    QCOMPARE(b.size(), 2);
    QCOMPARE(a.size(), b.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        QString why;
        QVERIFY2(sameStored(a[i], b[i], &why), qPrintable(why));
    }
    QCOMPARE(b[0].deliveries, 3);
    QCOMPARE(b[0].verification, Verification::Verified);
    QCOMPARE(b[0].lastReceivedAtMs, 3000);
    QVERIFY(!b[0].test);
    QVERIFY(b[0].conflict && b[1].conflict);
    const QList<DeliveryRecord> receipts = store.deliveries(b[0].id);
    QCOMPARE(receipts.size(), 3);
    QCOMPARE(receipts[2].verification, Verification::BadSignature);
}

void TestPgEventStore::aNulInTextIsStoredAsReplacement()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgEventStore store;
    QVERIFY(store.open(locationOf(pg.url())));
    EventRecord r = VariedRecords::makeRecord(1);
    r.msg = QStringLiteral("a") + QChar(0) + QStringLiteral("b");
    r.chatUserId = QString(QChar(0));
    r.dedupeKey = QStringLiteral("m:") + QChar(0) + QStringLiteral(":1");
    r.payload = QByteArray("{\"msg\":\"a\\u0000b\"}");
    const auto result = store.append(r);
    QVERIFY2(result, qPrintable(store.lastError()));
    const std::optional<EventRecord> back = store.event(result->eventId);
    QVERIFY(back);
    QCOMPARE(back->msg, QStringLiteral("a\uFFFDb"));
    QCOMPARE(back->chatUserId, QStringLiteral("\uFFFD"));
    QCOMPARE(back->payload, r.payload);  // the body byte for byte
    QVERIFY(store.append(r)->duplicate); // and its retry still merges
}

void TestPgEventStore::refusedDeliveriesRoundTrip()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgEventStore store;
    QVERIFY(store.open(locationOf(pg.url())));
    RefusedRecord r;
    r.receivedAtMs = 42;
    r.status = 413;
    r.reason = QStringLiteral("body too large");
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/webhook");
    r.query = QStringLiteral("a=1");
    r.headers = QStringLiteral("content-type: application/json");
    r.peer = QStringLiteral("203.0.113.9");
    r.body = QByteArray("\0\x01\xff", 3);
    r.bodyBytes = 9000000;
    const std::optional<qint64> id = store.appendRefused(r);
    QVERIFY2(id, qPrintable(store.lastError()));
    QCOMPARE(store.maxRefusedId(), *id);
    QCOMPARE(store.refusedCount(), 1);
    const QList<RefusedRecord> back = store.refusedAfter(0, 10);
    QCOMPARE(back.size(), 1);
    QCOMPARE(back[0].status, 413);
    QCOMPARE(back[0].reason, r.reason);
    QCOMPARE(back[0].body, r.body);
    QCOMPARE(back[0].bodyBytes, 9000000);
    QCOMPARE(back[0].peer, r.peer);
}

void TestPgEventStore::aCommitAnnouncesTheLastIds()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgEventStore store;
    QVERIFY(store.open(locationOf(pg.url())));
    QSqlDatabase listener = pg.open();
    QVERIFY(listener.driver()->subscribeToNotification(QString(PgEventStore::kChannel)));
    QSignalSpy spy(listener.driver(),
                   qOverload<const QString &, QSqlDriver::NotificationSource, const QVariant &>(
                       &QSqlDriver::notification));
    QVERIFY(store.beginTransaction());
    QVERIFY(store.append(VariedRecords::makeRecord(1)));
    QVERIFY(store.append(VariedRecords::makeRecord(2)));
    QVERIFY(store.appendRefused(RefusedRecord()));
    QVERIFY(store.commit());
    QVERIFY(spy.wait());
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy[0][0].toString(), QString(PgEventStore::kChannel));
    QCOMPARE(spy[0][2].toString(), QStringLiteral("2 1"));
    // A transaction rolled back announces nothing; the next commit does.
    QVERIFY(store.beginTransaction());
    QVERIFY(store.append(VariedRecords::makeRecord(3)));
    store.rollback();
    QVERIFY(store.append(VariedRecords::makeRecord(4)));
    QVERIFY(spy.wait());
    QCOMPARE(spy.size(), 2);
    const qint64 last = store.maxEventId();
    QCOMPARE(spy[1][2].toString(), QStringLiteral("%1 1").arg(last));
}

// Two receivers take retries of the same messages at the same moment, each
// in group commits of its own: the database makes one event of each, with
// both deliveries counted.
void TestPgEventStore::concurrentRetriesMakeOneEventEach()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    {
        PgEventStore init;
        QVERIFY(init.open(locationOf(pg.url())));
    }
    static constexpr int kMessages = 400;
    static constexpr int kBatch = 7;
    std::atomic<int> ready{0};
    std::atomic<int> failures{0};
    const QString url = pg.url();
    auto receiver = [&ready, &failures, url](bool reversed) {
        PgEventStore store;
        if (!store.open(locationOf(url))) {
            ++failures;
            return;
        }
        ++ready;
        while (ready.load() < 2)
            QThread::yieldCurrentThread();
        for (int i = 0; i < kMessages; i += kBatch) {
            if (!store.beginTransaction()) {
                ++failures;
                return;
            }
            for (int j = i; j < std::min(i + kBatch, kMessages); ++j) {
                const int n = reversed ? kMessages - j : j + 1;
                if (!store.append(retryable(n, QByteArray::number(n))))
                    ++failures;
            }
            if (!store.commit())
                ++failures;
        }
    };
    std::unique_ptr<QThread> a(QThread::create(receiver, false));
    std::unique_ptr<QThread> b(QThread::create(receiver, true));
    a->start();
    b->start();
    QVERIFY(a->wait());
    QVERIFY(b->wait());
    QCOMPARE(failures.load(), 0);

    PgEventStore store;
    QVERIFY(store.open(locationOf(pg.url())));
    const QList<EventRecord> events = store.eventsAfter(0, -1);
    QCOMPARE(events.size(), kMessages);
    for (const EventRecord &e : events) {
        QCOMPARE(e.deliveries, 2);
        QVERIFY(!e.conflict);
        QCOMPARE(store.deliveries(e.id).size(), 2);
    }
}

// While one writer's transaction is open, another's waits for the write
// lock, so its ids come after every id of the first: a viewer that has read
// up to id N never finds a smaller id committed later.
void TestPgEventStore::idsAreHandedOutInCommitOrder()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgEventStore first;
    QVERIFY(first.open(locationOf(pg.url())));
    QVERIFY(first.beginTransaction());
    const auto early = first.append(VariedRecords::makeRecord(1));
    QVERIFY(early);

    std::atomic<qint64> laterId{0};
    const QString url = pg.url();
    std::unique_ptr<QThread> second(QThread::create([&laterId, url] {
        PgEventStore store;
        if (!store.open(locationOf(url)))
            return;
        const auto result = store.append(VariedRecords::makeRecord(2));
        laterId = result ? result->eventId : -1;
    }));
    second->start();
    // The second writer is waiting on the lock (the server says so) ...
    QSqlDatabase watch = pg.open();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&watch] {
            QSqlQuery query(watch);
            return query.exec(QStringLiteral(
                       "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                       "AND database = (SELECT oid FROM pg_database WHERE datname = "
                       "current_database())")) &&
                   query.next() && query.value(0).toInt() == 1;
        }(),
        30000);
    QCOMPARE(laterId.load(), 0);
    // ... and gets an id after the first writer's, even though the first
    // commits a row it adds after the second began.
    const auto late = first.append(VariedRecords::makeRecord(3));
    QVERIFY(late);
    QVERIFY(first.commit());
    QVERIFY(second->wait());
    QVERIFY(laterId.load() > late->eventId);
    QVERIFY(late->eventId > early->eventId);
}

QTEST_GUILESS_MAIN(TestPgEventStore)
#include "tst_pgeventstore.moc"
