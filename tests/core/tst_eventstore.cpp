#include "store/eventstore.h"
#include "testsupport_store.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace {

EventRecord makeEvent(const QString &key, qint64 receivedAtMs = 1764000000123,
                      Verification verification = Verification::Verified)
{
    EventRecord r;
    r.receivedAtMs = receivedAtMs;
    r.lastReceivedAtMs = receivedAtMs;
    r.event = QStringLiteral("message");
    r.kind = EventKind::Message;
    r.channel = 7;
    r.chatUserId = QStringLiteral("cu070001");
    r.chatSessionId = QStringLiteral("s-1");
    r.sequenceId = key;
    r.msgType = QStringLiteral("text");
    r.senderType = SenderType::Customer;
    r.msg = QStringLiteral("hello ") + key;
    r.verification = verification;
    r.verificationDetail = QStringLiteral("detail of ") + verificationWord(verification);
    r.dedupeKey = QStringLiteral("m:cu070001:") + key;
    r.query = QStringLiteral("timestamp=1&signature=abc");
    r.payload = R"({"event":"message","data":{}})";
    return r;
}

} // namespace

class TestEventStore final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void appendedEventReadsBackField_data();
    void appendedEventReadsBackField();
    void duplicateKeyCountsDeliveries_data();
    void duplicateKeyCountsDeliveries();
    void testMarkSurvivesOnlyAllTestReceipts_data();
    void testMarkSurvivesOnlyAllTestReceipts();
    void differentKeysAreSeparateEvents();
    void reopenKeepsEverything();
    void openCreatesParentFolders();
    void migratesVersion1File();
    void readsAndMigratesVersion2File();
    void readsAndMigratesRefusedWithoutSizes();
    void readsAndMigratesVersion5File();
    void openForReadingProvesTheEventsCanBeRead();
    void refusesNewerSchema();
    void refusesFileThatIsNotSqlite();
    void refusesForeignSqliteDatabase();
    void readOnlyOpenNeedsExistingFile();
    void refusedDeliveriesRoundTrip();
    void pagesInIdOrder_data();
    void pagesInIdOrder();
    void filtersWithWhereAndBinds_data();
    void filtersWithWhereAndBinds();
    void badWhereSetsError();
    void forEachEventStreamsAndStopsEarly();
    void secondStoreSeesCommittedRowsOnly();
    void rollbackDiscardsBatch();
    void closedStoreFailsCleanly();
    void ensureExistsCreatesOnlyAMissingStore();
    void aPostgresUrlIsNeverTakenForAFile_data();
    void aPostgresUrlIsNeverTakenForAFile();
    void forEachCustomerEventReadsCustomerEventsOnly();
    void customerEventsOfBindsTheId();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("store.db")); }
    void fill(EventStore &store, int count);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestEventStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestEventStore::cleanup()
{
    m_dir.reset();
}

void TestEventStore::fill(EventStore &store, int count)
{
    QVERIFY(store.beginTransaction());
    for (int i = 1; i <= count; ++i) {
        EventRecord r = makeEvent(QString::number(i), 1764000000000 + i);
        r.channel = i % 3 == 0 ? -1 : (i % 2 == 0 ? 7 : 1);
        r.name = i == 4 ? QStringLiteral("Zoë 张") : QString();
        QVERIFY(store.append(r));
    }
    QVERIFY(store.commit());
}

void TestEventStore::appendedEventReadsBackField_data()
{
    QTest::addColumn<EventRecord>("record");

    EventRecord full = makeEvent(QStringLiteral("1695787977126001"));
    full.channelName = QStringLiteral("WhatsApp API");
    full.senderType = SenderType::Agent;
    full.sender = QStringLiteral("agent-9");
    full.sysUserId = 1234567890123;
    full.sendTimeMs = 1764000000000;
    full.msg = QStringLiteral("emoji 😀, 中文, quote \" and\nnewline");
    full.quoteChat = QStringLiteral("earlier");
    full.channelUid = QStringLiteral("uid-1");
    full.presentFields = {QStringLiteral("msg"), QStringLiteral("channel")};
    full.verification = Verification::VerifiedTimestamp;
    full.payload = QByteArray("{\"a\":\"\0\xff\xfe raw\"}", 16);
    QTest::newRow("message, binary payload") << full;

    EventRecord customer;
    customer.receivedAtMs = 1;
    customer.lastReceivedAtMs = 1;
    customer.event = QStringLiteral("update_user");
    customer.kind = EventKind::UpdateUser;
    customer.chatUserId = QStringLiteral("cu1");
    customer.name = QStringLiteral("Ann");
    customer.remarkName = QStringLiteral("A.");
    customer.phone = QStringLiteral("+8613800000000");
    customer.email = QStringLiteral("ann@example.com");
    customer.remark = QStringLiteral("vip");
    customer.labels = QStringLiteral(R"([{"id":36577,"label_name":"VIP"}])");
    customer.customField = QStringLiteral(R"({"budget":500})");
    customer.adReferral = QStringLiteral(R"({"ad_id":123})");
    customer.presentFields = {QStringLiteral("name"), QStringLiteral("labels")};
    customer.verification = Verification::Unsigned;
    customer.dedupeKey = QStringLiteral("b:update_user:0123");
    customer.payload = "{}";
    QTest::newRow("customer event, no channel") << customer;

    EventRecord unknown;
    unknown.event = QStringLiteral("something_new");
    unknown.dedupeKey = QStringLiteral("b:something_new:1");
    QTest::newRow("unknown event, empty fields, null payload") << unknown;
}

void TestEventStore::appendedEventReadsBackField()
{
    QFETCH(EventRecord, record);
    EventStore store;
    QVERIFY2(store.open(dbPath()), qPrintable(store.lastError()));
    QCOMPARE(store.schemaVersion(), EventStore::currentSchemaVersion());
    const auto result = store.append(record);
    QVERIFY2(result, qPrintable(store.lastError()));
    QVERIFY(!result->duplicate);

    const std::optional<EventRecord> back = store.event(result->eventId);
    QVERIFY(back);
    QCOMPARE(back->id, result->eventId);
    QCOMPARE(back->receivedAtMs, record.receivedAtMs);
    QCOMPARE(back->lastReceivedAtMs, record.receivedAtMs);
    QCOMPARE(back->event, record.event);
    QCOMPARE(back->kind, record.kind);
    QCOMPARE(back->channel, record.channel);
    QCOMPARE(back->channelName, record.channelName);
    QCOMPARE(back->chatUserId, record.chatUserId);
    QCOMPARE(back->chatSessionId, record.chatSessionId);
    QCOMPARE(back->sequenceId, record.sequenceId);
    QCOMPARE(back->msgType, record.msgType);
    QCOMPARE(back->senderType, record.senderType);
    QCOMPARE(back->sender, record.sender);
    QCOMPARE(back->sysUserId, record.sysUserId);
    QCOMPARE(back->sendTimeMs, record.sendTimeMs);
    QCOMPARE(back->msg, record.msg);
    QCOMPARE(back->quoteChat, record.quoteChat);
    QCOMPARE(back->channelUid, record.channelUid);
    QCOMPARE(back->name, record.name);
    QCOMPARE(back->remarkName, record.remarkName);
    QCOMPARE(back->phone, record.phone);
    QCOMPARE(back->email, record.email);
    QCOMPARE(back->remark, record.remark);
    QCOMPARE(back->labels, record.labels);
    QCOMPARE(back->customField, record.customField);
    QCOMPARE(back->adReferral, record.adReferral);
    QCOMPARE(back->presentFields, record.presentFields);
    QCOMPARE(back->verification, record.verification);
    QCOMPARE(back->verificationDetail, record.verificationDetail);
    QCOMPARE(back->deliveries, 1);
    QCOMPARE(back->dedupeKey, record.dedupeKey);
    QCOMPARE(back->query, record.query);
    QCOMPARE(back->payload, record.payload);
    QCOMPARE(back->payload.size(), record.payload.size());

    const QList<DeliveryRecord> deliveries = store.deliveries(result->eventId);
    QCOMPARE(deliveries.size(), 1);
    QCOMPARE(deliveries.first().eventId, result->eventId);
    QCOMPARE(deliveries.first().receivedAtMs, record.receivedAtMs);
    QCOMPARE(deliveries.first().verification, record.verification);
    QCOMPARE(deliveries.first().query, record.query);
}

void TestEventStore::duplicateKeyCountsDeliveries_data()
{
    QTest::addColumn<Verification>("first");
    QTest::addColumn<Verification>("second");
    QTest::addColumn<Verification>("kept");

    QTest::newRow("stronger retry wins")
        << Verification::BadSignature << Verification::Verified << Verification::Verified;
    QTest::newRow("weaker retry loses")
        << Verification::Verified << Verification::Unsigned << Verification::Verified;
    QTest::newRow("loose beats not-checked")
        << Verification::NotChecked << Verification::VerifiedLoose << Verification::VerifiedLoose;
    QTest::newRow("timestamp keeps over loose")
        << Verification::VerifiedTimestamp << Verification::VerifiedLoose
        << Verification::VerifiedTimestamp;
}

void TestEventStore::duplicateKeyCountsDeliveries()
{
    QFETCH(Verification, first);
    QFETCH(Verification, second);
    QFETCH(Verification, kept);
    EventStore store;
    QVERIFY(store.open(dbPath()));

    const auto a = store.append(makeEvent(QStringLiteral("42"), 1000, first));
    EventRecord retry = makeEvent(QStringLiteral("42"), 5000, second);
    retry.query = QStringLiteral("timestamp=5&signature=def");
    const auto b = store.append(retry);
    QVERIFY(a && b);
    QVERIFY(!a->duplicate);
    QVERIFY(b->duplicate);
    QCOMPARE(b->eventId, a->eventId);

    QCOMPARE(store.eventCount(), 1);
    const std::optional<EventRecord> event = store.event(a->eventId);
    QVERIFY(event);
    QCOMPARE(event->deliveries, 2);
    QCOMPARE(event->receivedAtMs, 1000);
    QCOMPARE(event->lastReceivedAtMs, 5000);
    QCOMPARE(event->verification, kept);
    QCOMPARE(event->verificationDetail, QStringLiteral("detail of ") + verificationWord(kept));
    QCOMPARE(event->query, QStringLiteral("timestamp=1&signature=abc")); // the first delivery's

    const QList<DeliveryRecord> deliveries = store.deliveries(a->eventId);
    QCOMPARE(deliveries.size(), 2);
    QCOMPARE(deliveries.at(0).verification, first);
    QCOMPARE(deliveries.at(1).verification, second);
    QCOMPARE(deliveries.at(1).receivedAtMs, 5000);
    QCOMPARE(deliveries.at(1).query, retry.query);

    // An earlier-stamped third delivery must not move last_received_at back.
    QVERIFY(store.append(makeEvent(QStringLiteral("42"), 3000, first)));
    QCOMPARE(store.event(a->eventId)->lastReceivedAtMs, 5000);
    QCOMPARE(store.event(a->eventId)->deliveries, 3);
}

void TestEventStore::testMarkSurvivesOnlyAllTestReceipts_data()
{
    QTest::addColumn<QList<bool>>("receipts"); // each receipt's test mark, in order
    QTest::addColumn<bool>("test");
    QTest::newRow("one test") << QList<bool>{true} << true;
    QTest::newRow("one real") << QList<bool>{false} << false;
    QTest::newRow("test retried as test") << QList<bool>{true, true, true} << true;
    QTest::newRow("a real receipt clears it") << QList<bool>{true, false} << false;
    QTest::newRow("a test retry of a real event") << QList<bool>{false, true} << false;
    QTest::newRow("cleared for good") << QList<bool>{true, false, true} << false;
}

// A retry merges into the stored event (same body): it stays a test only
// while every receipt was one, so a test mark can never hide a real event.
void TestEventStore::testMarkSurvivesOnlyAllTestReceipts()
{
    QFETCH(QList<bool>, receipts);
    QFETCH(bool, test);
    EventStore store;
    QVERIFY(store.open(dbPath()));
    qint64 eventId = 0;
    for (qsizetype i = 0; i < receipts.size(); ++i) {
        EventRecord r = makeEvent(QStringLiteral("9"), 1000 + i);
        r.test = receipts.at(i);
        r.requestHeaders = QStringLiteral("X-Receipt: %1\n").arg(i);
        r.peer = QStringLiteral("192.0.2.%1").arg(i + 1);
        const auto result = store.append(r);
        QVERIFY2(result, qPrintable(store.lastError()));
        eventId = result->eventId;
    }
    QCOMPARE(store.eventCount(), 1);
    QCOMPARE(store.event(eventId)->test, test);
    QCOMPARE(store.event(eventId)->deliveries, int(receipts.size()));
    const QList<DeliveryRecord> deliveries = store.deliveries(eventId);
    QCOMPARE(deliveries.size(), receipts.size());
    for (qsizetype i = 0; i < deliveries.size(); ++i) { // each receipt's own request
        QCOMPARE(deliveries.at(i).headers, QStringLiteral("X-Receipt: %1\n").arg(i));
        QCOMPARE(deliveries.at(i).peer, QStringLiteral("192.0.2.%1").arg(i + 1));
    }
}

void TestEventStore::differentKeysAreSeparateEvents()
{
    EventStore store;
    QVERIFY(store.open(dbPath()));
    const auto a = store.append(makeEvent(QStringLiteral("1")));
    const auto b = store.append(makeEvent(QStringLiteral("2")));
    EventRecord noKey = makeEvent(QStringLiteral("3"));
    noKey.dedupeKey.clear();
    const auto c = store.append(noKey);
    const auto d = store.append(noKey); // no key: never folded into another event
    QVERIFY(a && b && c && d);
    QVERIFY(!b->duplicate && !c->duplicate && !d->duplicate);
    QCOMPARE(store.eventCount(), 4);
    QCOMPARE(store.maxEventId(), d->eventId);
    QVERIFY(a->eventId < b->eventId && b->eventId < c->eventId && c->eventId < d->eventId);
    QCOMPARE(store.event(b->eventId)->deliveries, 1);
}

void TestEventStore::reopenKeepsEverything()
{
    RefusedRecord refused;
    refused.status = 401;
    refused.reason = QStringLiteral("bad signature");
    {
        EventStore store;
        QVERIFY(store.open(dbPath()));
        fill(store, 5);
        QVERIFY(store.append(makeEvent(QStringLiteral("3")))); // duplicate of #3
        QVERIFY(store.appendRefused(refused));
        store.close();
        QVERIFY(!store.isOpen());
        QCOMPARE(store.eventCount(), -1);
    }
    EventStore store;
    QVERIFY(store.open(dbPath()));
    QCOMPARE(store.eventCount(), 5);
    QCOMPARE(store.refusedCount(), 1);
    QCOMPARE(store.event(3)->deliveries, 2);
    QCOMPARE(store.event(4)->name, QStringLiteral("Zoë 张"));
    QCOMPARE(store.refused(1)->reason, refused.reason);
    QCOMPARE(rawValue(dbPath(), QStringLiteral("PRAGMA journal_mode")).toString(),
             QStringLiteral("wal"));
}

void TestEventStore::openCreatesParentFolders()
{
    const QString path = m_dir->filePath(QStringLiteral("a/b/c/store.db"));
    EventStore store;
    QVERIFY2(store.open(path), qPrintable(store.lastError()));
    QVERIFY(QFile::exists(path));
    QCOMPARE(store.path(), path);
}

void TestEventStore::migratesVersion1File()
{
    // The first layout, as an older HookScope wrote it, with one event.
    writeFirstLayoutStore(dbPath());
    if (QTest::currentTestFailed())
        return;

    // A reader cannot read the first layout: it says how to upgrade.
    EventStore reader;
    QString error;
    QVERIFY(!reader.openReadOnly(dbPath(), &error));
    QVERIFY2(error.contains(QLatin1String("older schema 1")), qPrintable(error));
    EventStore store;
    // Every step says when it is done, in order, with the last schema.
    QList<int> stepsDone;
    const int current = EventStore::currentSchemaVersion();
    store.setUpgradeProgress([&](int from, int to, qint64 done, qint64 total) {
        QCOMPARE(to, current);
        QVERIFY(done <= total);
        if (done == total && (stepsDone.isEmpty() || stepsDone.last() != from))
            stepsDone.append(from);
    });
    QVERIFY2(store.open(dbPath()), qPrintable(store.lastError()));
    QList<int> allSteps;
    for (int from = 1; from < current; ++from)
        allSteps.append(from);
    QCOMPARE(stepsDone, allSteps);
    QCOMPARE(store.schemaVersion(), EventStore::currentSchemaVersion());
    QCOMPARE(store.eventCount(), 1);
    const std::optional<EventRecord> old = store.event(1);
    QVERIFY(old);
    QCOMPARE(old->msg, QStringLiteral("old text"));
    QCOMPARE(old->channel, 12);
    QCOMPARE(old->deliveries, 1);
    QCOMPARE(old->lastReceivedAtMs, 1700000000456);
    QCOMPARE(old->payload, QByteArray("{}"));
    QCOMPARE(old->presentFields, QStringList());
    const QList<DeliveryRecord> deliveries = store.deliveries(1);
    QCOMPARE(deliveries.size(), 1);
    QCOMPARE(deliveries.first().receivedAtMs, 1700000000456);
    QCOMPARE(deliveries.first().verification, Verification::Verified);

    // The migrated file takes new deliveries like a fresh one.
    EventRecord retry = makeEvent(QStringLiteral("77"), 1700000009999);
    retry.dedupeKey = QStringLiteral("m:cu9:77");
    retry.payload = "{}"; // the same body: only identical bodies merge
    QVERIFY(store.append(retry)->duplicate);
    QCOMPARE(store.event(1)->deliveries, 2);
    store.close();

    QCOMPARE(rawValue(dbPath(), QStringLiteral("PRAGMA user_version")).toInt(),
             EventStore::currentSchemaVersion());
    QCOMPARE(rawValue(dbPath(), QStringLiteral("SELECT value FROM meta WHERE key = "
                                               "'schema_version'"))
                 .toInt(),
             EventStore::currentSchemaVersion());
    QCOMPARE(rawValue(dbPath(), QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = "
                                               "'index' AND name NOT LIKE 'sqlite_%'"))
                 .toInt(),
             14); // six on events and deliveries, refused_kept for the refused table's
                  // cap, two on forwards (one per event and target; the due rows),
                  // session_summary_last (the inbox's newest sessions, schema 7),
                  // events_customer_name (the stream's names, schema 9),
                  // events_view_time (the view's keys, schema 11) and
                  // events_chat_user_time (a customer by time, schema 12) and
                  // event_facets_key (the facets' rows, schema 14)
}

void TestEventStore::refusesNewerSchema()
{
    const int newer = EventStore::currentSchemaVersion() + 1;
    rawExec(dbPath(), {QStringLiteral("CREATE TABLE future(x)"),
                       QStringLiteral("PRAGMA user_version = %1").arg(newer)});
    EventStore store;
    QString error;
    QVERIFY(!store.open(dbPath(), &error));
    QVERIFY(!store.isOpen());
    QCOMPARE(error, store.lastError());
    QVERIFY2(error.contains(QStringLiteral("newer HookScope (schema %1)").arg(newer)),
             qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("reads up to %1").arg(newer - 1)), qPrintable(error));
    QVERIFY(error.contains(dbPath()));
    QVERIFY(!store.openReadOnly(dbPath(), &error));
    QVERIFY(error.contains(QLatin1String("newer HookScope")));
    QCOMPARE(rawValue(dbPath(), QStringLiteral("PRAGMA user_version")).toInt(), newer);
}

// Schema 2 had the channel index on (channel, id). Since schema 4 added
// columns that every read selects, a reader asks for one writable open; a
// writer swaps the index, keeping every row.
void TestEventStore::readsAndMigratesVersion2File()
{
    {
        EventStore store;
        QVERIFY2(store.open(dbPath()), qPrintable(store.lastError()));
        QVERIFY(store.append(makeEvent(QStringLiteral("1"))));
    }
    rawExec(dbPath(), {QStringLiteral("DROP INDEX events_channel_time"),
                       QStringLiteral("CREATE INDEX events_channel ON events(channel, id)"),
                       QStringLiteral("ALTER TABLE events DROP COLUMN conflict"),
                       QStringLiteral("ALTER TABLE events DROP COLUMN stale"),
                       QStringLiteral("UPDATE meta SET value = '2' WHERE key = 'schema_version'"),
                       QStringLiteral("PRAGMA user_version = 2")});
    if (QTest::currentTestFailed())
        return;
    const QString indices = QStringLiteral(
        "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' "
        "AND name LIKE 'events_channel%' ORDER BY name)");
    {
        EventStore reader;
        QString error;
        QVERIFY(!reader.openReadOnly(dbPath(), &error));
        QVERIFY2(error.contains(QLatin1String("older schema 2")), qPrintable(error));
    }
    QCOMPARE(rawValue(dbPath(), indices).toString(), QStringLiteral("events_channel"));
    EventStore writer;
    QVERIFY2(writer.open(dbPath()), qPrintable(writer.lastError()));
    QCOMPARE(writer.schemaVersion(), EventStore::currentSchemaVersion());
    QCOMPARE(writer.eventCount(), 1);
    QCOMPARE(rawValue(dbPath(), indices).toString(), QStringLiteral("events_channel_time"));
    QCOMPARE(rawValue(dbPath(), QStringLiteral("PRAGMA user_version")).toInt(),
             EventStore::currentSchemaVersion());
}

// Schema 4 had no size columns in refused: a reader computes them, a writer
// adds and fills them (and the index the table's cap walks).
void TestEventStore::readsAndMigratesRefusedWithoutSizes()
{
    RefusedRecord refused;
    refused.status = 401;
    refused.reason = QStringLiteral("unsigned");
    refused.query = QStringLiteral("a=1");
    refused.body = QByteArray(100, 'b');
    {
        EventStore store;
        QVERIFY(store.open(dbPath()));
        QVERIFY(store.appendRefused(refused));
    }
    rawExec(dbPath(), {QStringLiteral("DROP INDEX refused_kept"),
                       QStringLiteral("ALTER TABLE refused DROP COLUMN kept_bytes"),
                       QStringLiteral("ALTER TABLE refused DROP COLUMN query_size"),
                       QStringLiteral("ALTER TABLE refused DROP COLUMN body_size"),
                       QStringLiteral("PRAGMA user_version = 4")});
    {
        EventStore reader;
        QVERIFY2(reader.openReadOnly(dbPath()), qPrintable(reader.lastError()));
        QCOMPARE(reader.schemaVersion(), 4);
        QCOMPARE(reader.refused(1)->bodyBytes, 100);
        QCOMPARE(reader.refusedByIds({1}).first().queryBytes, 3);
    }
    EventStore writer;
    QVERIFY2(writer.open(dbPath()), qPrintable(writer.lastError()));
    QCOMPARE(writer.refused(1)->bodyBytes, 100);
    QCOMPARE(rawValue(dbPath(), QStringLiteral("SELECT kept_bytes FROM refused")).toInt(),
             100 + 3 + 0);
    QCOMPARE(rawValue(dbPath(), QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = "
                                               "'refused_kept'"))
                 .toInt(),
             1);
}

// Schema 5 had no test mark, no request per receipt and no forwards table: a
// reader reads them as "not a test" and empty; a writer adds them.
void TestEventStore::readsAndMigratesVersion5File()
{
    {
        EventStore store;
        QVERIFY(store.open(dbPath()));
        EventRecord r = makeEvent(QStringLiteral("m:u1:1"));
        r.test = true;
        r.requestHeaders = QStringLiteral("Content-Type: application/json\n");
        r.peer = QStringLiteral("192.0.2.7");
        QVERIFY(store.append(r));
        QCOMPARE(store.event(1)->test, true);
        QCOMPARE(store.deliveries(1).first().peer, QStringLiteral("192.0.2.7"));
    }
    rawExec(dbPath(), {QStringLiteral("DROP TABLE forwards"),
                       QStringLiteral("DROP INDEX events_view_time"), // schema 11, on test
                       QStringLiteral("ALTER TABLE events DROP COLUMN test"),
                       QStringLiteral("ALTER TABLE deliveries DROP COLUMN peer"),
                       QStringLiteral("ALTER TABLE deliveries DROP COLUMN headers"),
                       QStringLiteral("PRAGMA user_version = 5")});
    {
        EventStore reader;
        QVERIFY2(reader.openReadOnly(dbPath()), qPrintable(reader.lastError()));
        QCOMPARE(reader.schemaVersion(), 5);
        QCOMPARE(reader.event(1)->test, false);
        QCOMPARE(reader.deliveries(1).size(), 1);
        QCOMPARE(reader.deliveries(1).first().headers, QString());
    }
    EventStore writer;
    QVERIFY2(writer.open(dbPath()), qPrintable(writer.lastError()));
    QCOMPARE(writer.schemaVersion(), EventStore::currentSchemaVersion());
    QCOMPARE(writer.event(1)->test, false);
    QCOMPARE(rawValue(dbPath(), QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                                               "('forwards', 'forwards_event_target', "
                                               "'forwards_due')"))
                 .toInt(),
             3);
}

// The item models' open: the last event id, or a closed store and a reason.
void TestEventStore::openForReadingProvesTheEventsCanBeRead()
{
    {
        EventStore writer;
        QVERIFY(writer.open(dbPath()));
        QVERIFY(writer.append(makeEvent(QStringLiteral("1"))));
        QVERIFY(writer.append(makeEvent(QStringLiteral("2"))));
    }
    EventStore reader;
    QString error;
    QCOMPARE(reader.openForReading(dbPath(), &error), std::optional<qint64>(2));
    QVERIFY(reader.isOpen());
    reader.close();

    rawExec(dbPath(), {QStringLiteral("DROP TABLE events")});
    QVERIFY(!reader.openForReading(dbPath(), &error));
    QVERIFY(!reader.isOpen());
    QVERIFY2(error.contains(QLatin1String("no such table")), qPrintable(error));
    QVERIFY(!reader.openForReading(m_dir->filePath(QStringLiteral("missing.db")), &error));
    QVERIFY2(error.contains(QLatin1String("does not exist")), qPrintable(error));
}

void TestEventStore::refusesFileThatIsNotSqlite()
{
    QFile file(dbPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray garbage =
        QByteArray("This is a shopping list, not a database.\n").repeated(100);
    file.write(garbage);
    file.close();

    EventStore store;
    QString error;
    QVERIFY(!store.open(dbPath(), &error));
    QVERIFY2(error.contains(dbPath()), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("not an SQLite database")), qPrintable(error));
    QVERIFY(!store.openReadOnly(dbPath(), &error));
    QVERIFY2(error.contains(QLatin1String("not an SQLite database")), qPrintable(error));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), garbage); // left untouched
}

void TestEventStore::refusesForeignSqliteDatabase()
{
    rawExec(dbPath(), {QStringLiteral("CREATE TABLE contacts(name TEXT)")});
    EventStore store;
    QString error;
    QVERIFY(!store.open(dbPath(), &error));
    QVERIFY2(error.contains(QLatin1String("not a HookScope event store")), qPrintable(error));
    QCOMPARE(rawValue(dbPath(), QStringLiteral("SELECT COUNT(*) FROM sqlite_master")).toInt(), 1);
}

void TestEventStore::readOnlyOpenNeedsExistingFile()
{
    EventStore reader;
    QString error;
    QVERIFY(!reader.openReadOnly(dbPath(), &error));
    QVERIFY2(error.contains(QLatin1String("does not exist")), qPrintable(error));
    QVERIFY(!QFile::exists(dbPath()));

    EventStore folder;
    QVERIFY(!folder.open(m_dir->path(), &error));
    QVERIFY2(error.contains(QLatin1String("folder")), qPrintable(error));

    EventStore writer;
    QVERIFY(writer.open(dbPath()));
    QVERIFY(reader.openReadOnly(dbPath(), &error));
    QCOMPARE(reader.schemaVersion(), EventStore::currentSchemaVersion());
    QVERIFY(!reader.append(makeEvent(QStringLiteral("1"))));
    QVERIFY(reader.lastError().contains(QLatin1String("read-only")));
}

void TestEventStore::refusedDeliveriesRoundTrip()
{
    EventStore store;
    QVERIFY(store.open(dbPath()));
    QList<qint64> ids;
    for (int i = 0; i < 4; ++i) {
        RefusedRecord r;
        r.receivedAtMs = 1764000000000 + i;
        r.status = i % 2 ? 401 : 405;
        r.reason = QStringLiteral("reason %1").arg(i);
        r.method = QStringLiteral("POST");
        r.path = QStringLiteral("/webhook");
        r.query = QStringLiteral("signature=bad");
        r.headers = QStringLiteral("Content-Type: application/json\nX-A: 1");
        r.peer = QStringLiteral("127.0.0.1:5000");
        r.body = QByteArray("\0\xff body", 7);
        const std::optional<qint64> id = store.appendRefused(r);
        QVERIFY(id);
        ids.append(*id);
    }
    QCOMPARE(store.refusedCount(), 4);
    QCOMPARE(store.maxRefusedId(), ids.last());
    const QList<RefusedRecord> after = store.refusedAfter(ids.at(0), 2);
    QCOMPARE(after.size(), 2);
    QCOMPARE(after.at(0).id, ids.at(1));
    const std::optional<RefusedRecord> r = store.refused(ids.at(1));
    QVERIFY(r);
    QCOMPARE(r->receivedAtMs, 1764000000001);
    QCOMPARE(r->status, 401);
    QCOMPARE(r->reason, QStringLiteral("reason 1"));
    QCOMPARE(r->method, QStringLiteral("POST"));
    QCOMPARE(r->path, QStringLiteral("/webhook"));
    QCOMPARE(r->query, QStringLiteral("signature=bad"));
    QCOMPARE(r->headers, QStringLiteral("Content-Type: application/json\nX-A: 1"));
    QCOMPARE(r->peer, QStringLiteral("127.0.0.1:5000"));
    QCOMPARE(r->body, QByteArray("\0\xff body", 7));
    QVERIFY(!store.refused(999));
}

void TestEventStore::pagesInIdOrder_data()
{
    QTest::addColumn<bool>("forward");
    QTest::addColumn<qint64>("from");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QList<qint64>>("ids");

    QTest::newRow("first page") << true << qint64(0) << 3 << QList<qint64>{1, 2, 3};
    QTest::newRow("next page") << true << qint64(3) << 3 << QList<qint64>{4, 5, 6};
    QTest::newRow("short last page") << true << qint64(8) << 5 << QList<qint64>{9, 10};
    QTest::newRow("past the end") << true << qint64(10) << 5 << QList<qint64>{};
    QTest::newRow("no limit") << true << qint64(7) << -1 << QList<qint64>{8, 9, 10};
    QTest::newRow("zero limit") << true << qint64(0) << 0 << QList<qint64>{};
    QTest::newRow("newest first") << false << qint64(11) << 3 << QList<qint64>{10, 9, 8};
    QTest::newRow("older page") << false << qint64(8) << 3 << QList<qint64>{7, 6, 5};
    QTest::newRow("oldest") << false << qint64(3) << 5 << QList<qint64>{2, 1};
}

void TestEventStore::pagesInIdOrder()
{
    QFETCH(bool, forward);
    QFETCH(qint64, from);
    QFETCH(int, limit);
    QFETCH(QList<qint64>, ids);
    EventStore store;
    QVERIFY(store.open(dbPath()));
    fill(store, 10);
    const QList<EventRecord> page =
        forward ? store.eventsAfter(from, limit) : store.eventsBefore(from, limit);
    QList<qint64> got;
    for (const EventRecord &r : page)
        got.append(r.id);
    QCOMPARE(got, ids);
    QVERIFY(store.lastError().isEmpty());
}

void TestEventStore::filtersWithWhereAndBinds_data()
{
    QTest::addColumn<QString>("where");
    QTest::addColumn<QVariantList>("binds");
    QTest::addColumn<QList<qint64>>("ids");

    // fill(): channel -1 for multiples of 3, else 7 for even, 1 for odd ids.
    QTest::newRow("all") << QString() << QVariantList{} << QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9};
    QTest::newRow("channel bind") << QStringLiteral("channel = ?") << QVariantList{7}
                                  << QList<qint64>{2, 4, 8};
    QTest::newRow("null channel") << QStringLiteral("channel IS NULL") << QVariantList{}
                                  << QList<qint64>{3, 6, 9};
    QTest::newRow("or needs its parentheses")
        << QStringLiteral("channel = ? OR channel = ?") << QVariantList{1, 7}
        << QList<qint64>{1, 2, 4, 5, 7, 8};
    QTest::newRow("two binds in order")
        << QStringLiteral("channel = ? AND msg LIKE ?") << QVariantList{1, QStringLiteral("%5")}
        << QList<qint64>{5};
    QTest::newRow("unicode text") << QStringLiteral("name = ?")
                                  << QVariantList{QStringLiteral("Zoë 张")} << QList<qint64>{4};
}

void TestEventStore::filtersWithWhereAndBinds()
{
    QFETCH(QString, where);
    QFETCH(QVariantList, binds);
    QFETCH(QList<qint64>, ids);
    EventStore store;
    QVERIFY(store.open(dbPath()));
    fill(store, 9);

    QCOMPARE(store.eventCount(where, binds), ids.size());
    QList<qint64> got;
    for (const EventRecord &r : store.eventsAfter(0, 100, where, binds))
        got.append(r.id);
    QCOMPARE(got, ids);

    // Paging with a filter: the id bind comes first, the limit last.
    got.clear();
    for (const EventRecord &r : store.eventsAfter(ids.value(0), 2, where, binds))
        got.append(r.id);
    QCOMPARE(got, ids.mid(1, 2));
    got.clear();
    for (const EventRecord &r : store.eventsBefore(100, 2, where, binds))
        got.append(r.id);
    QList<qint64> newest = ids.mid(qMax<qsizetype>(0, ids.size() - 2));
    std::reverse(newest.begin(), newest.end());
    QCOMPARE(got, newest);

    got.clear();
    QVERIFY(store.forEachEvent(where, binds, [&got](const EventRecord &r) {
        got.append(r.id);
        return true;
    }));
    QCOMPARE(got, ids);
}

void TestEventStore::badWhereSetsError()
{
    EventStore store;
    QVERIFY(store.open(dbPath()));
    fill(store, 2);
    QVERIFY(store.eventsAfter(0, 10, QStringLiteral("no_such_column = ?"), {1}).isEmpty());
    QVERIFY2(store.lastError().contains(QLatin1String("no_such_column")),
             qPrintable(store.lastError()));
    QCOMPARE(store.eventCount(QStringLiteral("no_such_column = 1")), -1);
    QVERIFY(
        !store.forEachEvent(QStringLiteral("(("), {}, [](const EventRecord &) { return true; }));
    QVERIFY(!store.lastError().isEmpty());
    QCOMPARE(store.eventCount(), 2); // the store still works
    // and the next call that works clears the error: a reader thread's
    // connection lives long, and an old failure must not taint new results.
    QCOMPARE(store.lastError(), QString());
}

void TestEventStore::forEachEventStreamsAndStopsEarly()
{
    EventStore store;
    QVERIFY(store.open(dbPath()));
    fill(store, 50);
    qint64 previous = 0;
    int seen = 0;
    QVERIFY(store.forEachEvent({}, {}, [&](const EventRecord &r) {
        if (r.id != previous + 1 || r.msg != QStringLiteral("hello %1").arg(r.id))
            return false;
        previous = r.id;
        ++seen;
        return true;
    }));
    QCOMPARE(seen, 50);

    seen = 0;
    QVERIFY(store.forEachEvent({}, {}, [&seen](const EventRecord &) { return ++seen < 7; }));
    QCOMPARE(seen, 7);
    // The stopped scan released its statement: writing still works.
    QVERIFY(store.append(makeEvent(QStringLiteral("51"))));
    QCOMPARE(store.eventCount(), 51);
}

void TestEventStore::secondStoreSeesCommittedRowsOnly()
{
    EventStore writer;
    QVERIFY(writer.open(dbPath()));
    EventStore reader;
    QVERIFY2(reader.openReadOnly(dbPath()), qPrintable(reader.lastError()));
    QCOMPARE(reader.eventCount(), 0);

    QVERIFY(writer.append(makeEvent(QStringLiteral("1"))));
    QCOMPARE(reader.eventCount(), 1);

    QVERIFY(writer.beginTransaction());
    QVERIFY(writer.append(makeEvent(QStringLiteral("2"))));
    // WAL: the reader neither blocks on nor sees the open transaction.
    QCOMPARE(reader.eventCount(), 1);
    QCOMPARE(reader.eventsAfter(0, 10).size(), 1);
    QVERIFY(writer.commit());
    QCOMPARE(reader.eventCount(), 2);
    QCOMPARE(reader.maxEventId(), 2);
    QCOMPARE(reader.event(2)->sequenceId, QStringLiteral("2"));
}

void TestEventStore::rollbackDiscardsBatch()
{
    EventStore store;
    QVERIFY(store.open(dbPath()));
    QVERIFY(store.beginTransaction());
    QVERIFY(!store.beginTransaction()); // no nesting
    QVERIFY(store.append(makeEvent(QStringLiteral("1"))));
    QVERIFY(store.appendRefused(RefusedRecord{}));
    store.rollback();
    QCOMPARE(store.eventCount(), 0);
    QCOMPARE(store.refusedCount(), 0);
    QVERIFY(!store.commit()); // nothing open any more
    QVERIFY(store.append(makeEvent(QStringLiteral("1"))));
    QCOMPARE(store.eventCount(), 1);
}

void TestEventStore::closedStoreFailsCleanly()
{
    EventStore store;
    QVERIFY(!store.isOpen());
    QVERIFY(!store.append(makeEvent(QStringLiteral("1"))));
    QVERIFY(store.lastError().contains(QLatin1String("not open")));
    QVERIFY(!store.appendRefused(RefusedRecord{}));
    QVERIFY(!store.beginTransaction());
    QVERIFY(!store.commit());
    store.rollback();
    QCOMPARE(store.eventCount(), -1);
    QCOMPARE(store.refusedCount(), -1);
    QCOMPARE(store.maxEventId(), -1);
    QVERIFY(store.eventsAfter(0, 10).isEmpty());
    QVERIFY(store.eventsBefore(10, 10).isEmpty());
    QVERIFY(!store.event(1));
    QVERIFY(store.deliveries(1).isEmpty());
    QVERIFY(store.refusedAfter(0, 10).isEmpty());
    QVERIFY(!store.refused(1));
    QVERIFY(!store.forEachEvent({}, {}, [](const EventRecord &) { return true; }));
    store.close();
    QCOMPARE(store.schemaVersion(), 0);
}

void TestEventStore::ensureExistsCreatesOnlyAMissingStore()
{
    QVERIFY(EventStore::ensureExists(dbPath()));
    EventStore reader;
    QVERIFY2(reader.openReadOnly(dbPath()), qPrintable(reader.lastError()));
    QCOMPARE(reader.schemaVersion(), EventStore::currentSchemaVersion());
    reader.close();
    {
        EventStore writer;
        QVERIFY(writer.open(dbPath()));
        QVERIFY(writer.append(makeEvent(QStringLiteral("1"))));
    }
    QVERIFY(EventStore::ensureExists(dbPath())); // an existing store is left as it is
    QVERIFY(reader.openReadOnly(dbPath()));
    QCOMPARE(reader.eventCount(), 1);
    QString error;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("folder")));
    QVERIFY(!EventStore::ensureExists(m_dir->filePath(QStringLiteral("store.db/x.db")), &error));
    QVERIFY(!error.isEmpty());
}

void TestEventStore::aPostgresUrlIsNeverTakenForAFile_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("shown");
    QTest::newRow("well formed") << QStringLiteral("postgresql://a:SeCrEt@h/d")
                                 << QStringLiteral("postgresql://a@h:5432/d");
    QTest::newRow("malformed") << QStringLiteral("postgres://a:SeCrEt@h:99999/d")
                               << QStringLiteral("The PostgreSQL URL given");
}

// Before team mode, a PostgreSQL URL given to a command that opens SQLite
// files made a folder "postgresql:" beside the user; the store refuses it,
// without repeating the password.
void TestEventStore::aPostgresUrlIsNeverTakenForAFile()
{
    QFETCH(QString, url);
    QFETCH(QString, shown);
    const QString before = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_dir->path()));
    auto back = qScopeGuard([&before] { QDir::setCurrent(before); });
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("PostgreSQL store")));
    QString error;
    QVERIFY(!EventStore::ensureExists(url, &error));
    QVERIFY2(error.contains(shown), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("SeCrEt")), qPrintable(error));
    EventStore store;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("PostgreSQL store")));
    QVERIFY(!store.open(url, &error));
    QVERIFY(!store.isOpen());
    QVERIFY(!store.lastError().contains(QLatin1String("SeCrEt")));
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
}

void TestEventStore::forEachCustomerEventReadsCustomerEventsOnly()
{
    EventStore store;
    QVERIFY(store.open(dbPath()));
    const char *const kinds[] = {"add_user", "message", "update_user", "ADD_USER", "delete_user"};
    int n = 0;
    for (const char *kind : kinds) {
        EventRecord r = makeEvent(QString::number(++n));
        r.event = QString::fromLatin1(kind);
        r.kind = eventKindFromName(r.event);
        QVERIFY(store.append(r));
    }
    QList<qint64> ids;
    QVERIFY(store.forEachCustomerEvent([&ids](const EventRecord &r) {
        ids.append(r.id);
        return true;
    }));
    // Exactly the names the protocol sends, as the change export always read them.
    QCOMPARE(ids, (QList<qint64>{1, 3}));
}

void TestEventStore::customerEventsOfBindsTheId()
{
    EventStore store;
    QVERIFY(store.open(dbPath()));
    const QStringList customers{QStringLiteral("it's \"quoted\"' OR 1=1 --"), QStringLiteral("50%"),
                                QStringLiteral("5_0"), QStringLiteral("500"),
                                QStringLiteral("5x0")};
    int n = 0;
    for (const QString &customer : customers) {
        EventRecord r = makeEvent(QString::number(++n));
        r.event = QStringLiteral("add_user");
        r.kind = EventKind::AddUser;
        r.chatUserId = customer;
        QVERIFY(store.append(r));
    }
    for (qsizetype i = 0; i < customers.size(); ++i) {
        const QList<EventRecord> events = store.customerEventsOf(customers.at(i));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.constFirst().id, i + 1);
        QVERIFY(store.customerEventsOf(customers.at(i), i + 1).isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"
