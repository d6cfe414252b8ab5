#include "filter/filterexpression.h"
#include "store/eventstore.h"
#include "store/storeschema.h"

#include "testsupport_records.h"
#include "testsupport_store.h"
#include "testsupport_summaries.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The event facets (schema 14, docs/storage.md "Event facets"): how many
// events share each combination of event, channel, msg_type, sender_type,
// verification and test. A filter over only those columns is counted from
// them, exactly (the live maintenance is held to a recount in
// tst_summarytables); one over any other column is not; a view they prove
// empty is not read; a schema-13 store gets them by its upgrade.
class TestEventFacets final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void filtersOverTheirColumnsAreCountedExactly_data();
    void filtersOverTheirColumnsAreCountedExactly();
    void filtersOverOtherColumnsAreNotCounted_data();
    void filtersOverOtherColumnsAreNotCounted();
    void aViewTheyProveEmptyIsNotRead();
    void aRetryMovesItsEventBetweenFacets();
    void aSchema13StoreGetsThemByItsUpgrade();

private:
    static constexpr int kRecords = 3000;
    std::unique_ptr<TestStore> m_store;
};

void TestEventFacets::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isOpen());
    QCOMPARE(m_store->write(VariedRecords::makeRecords(0, kRecords)), qint64(kRecords));
}

void TestEventFacets::cleanup()
{
    m_store.reset();
}

void TestEventFacets::filtersOverTheirColumnsAreCountedExactly_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<bool>("empty");
    const auto row = [](const char *filter, bool empty = false) {
        QTest::newRow(filter) << QString::fromUtf8(filter) << empty;
    };
    row("");
    row("channel:7");
    row("-channel:7"); // with the events that have no channel
    row("channel:\"Channel 99\"");
    row("event:add_user");
    row("event:ADD_USER"); // NOCASE, as on the events
    row("type:text");      // "text" and "Text"
    row("sender:agent");
    row("-sender:customer");
    row("verified:yes");
    row("verified:no");
    row("test:no");
    row("test:yes", true);
    row("(channel:7 OR channel:99) -verified:yes"); // 99: unsigned (n % 6 == 4)
    row("channel:7 OR channel:99 -verified:yes");
    row("event:message (type:image OR type:video) sender:customer");
    // Nothing: add_user events have no msg_type; channel 7 only at n % 6 ==
    // 0, verified then; channel 1 at n % 6 == 1, verified with a timestamp.
    row("event:add_user type:text", true);
    row("(channel:7 OR channel:1) -verified:yes", true);
    row("sender:agent channel:7", true);
}

void TestEventFacets::filtersOverTheirColumnsAreCountedExactly()
{
    QFETCH(QString, filter);
    QFETCH(bool, empty);
    const FilterExpression expression = FilterExpression::parse(filter);
    QVERIFY2(expression.isValid(), qPrintable(expression.errorMessage()));
    EventStore &store = m_store->writer();
    for (const FilterExpression::Sql &sql : {expression.toSql(), expression.toViewSql()}) {
        const qint64 counted = store.eventCount(sql.where, sql.binds);
        QCOMPARE(store.countFromFacets(sql.where, sql.binds), std::optional<qint64>(counted));
        QCOMPARE(counted == 0, empty);
    }
}

void TestEventFacets::filtersOverOtherColumnsAreNotCounted_data()
{
    QTest::addColumn<QString>("filter");
    for (const char *filter : {"user:cu3", "session:s1", "agent:1", "since:2025-11-24", "hello",
                               "\"refund please\"", "channel:7 user:cu3", "退款"})
        QTest::newRow(filter) << QString::fromUtf8(filter);
}

void TestEventFacets::filtersOverOtherColumnsAreNotCounted()
{
    QFETCH(QString, filter);
    const FilterExpression::Sql sql = FilterExpression::parse(filter).toSql();
    EventStore &store = m_store->writer();
    QCOMPARE(store.countFromFacets(sql.where, sql.binds), std::nullopt);
    QVERIFY(store.lastError().isEmpty());
}

// SQLite's virtual machine steps on a reader's own connection, counted by a
// progress handler: reading an empty view the facets cannot decide grows
// with the store; one they prove empty does not.
void TestEventFacets::aViewTheyProveEmptyIsNotRead()
{
    EventStore reader;
    sqlite3 *handle = openReaderHandle(reader, m_store->path());
    QVERIFY(reader.isOpen());
    if (!handle)
        QSKIP("Qt's SQLite plugin runs its own SQLite: no handle to count steps on");
    StepCounter steps(handle, 16);
    // Every way the stream and the customers list read a view, on an empty
    // one.
    const auto readAll = [&](const QString &filter) {
        const FilterExpression::Sql sql = FilterExpression::parse(filter).toViewSql();
        const qint64 last = reader.maxEventId();
        steps.take();
        qint64 rows = 0;
        qint64 count = -1;
        const auto key = [&rows](const EventStore::EventKey &) { return ++rows > 0; };
        const bool ok =
            reader.scanEventCheckpoints(0, last, sql.where, sql.binds,
                                        EventStore::KeyOrder::ReceivedAt, false, 16, key, &count) &&
            reader.scanEventKeys(0, last, sql.where, sql.binds, EventStore::KeyOrder::Id, true,
                                 key) &&
            reader.scanEventIds(0, last, sql.where, sql.binds, QStringLiteral("channel, id"),
                                [&rows](qint64) { return ++rows > 0; });
        // The customers list's filter: who wrote, or changed, in the view.
        rows += reader.customerIds(0, last, sql.where, sql.binds).size() +
                reader.messageCustomerIds(0, last, sql.where, sql.binds).size();
        return ok && rows == 0 && count == 0 ? steps.take() : qint64(-1);
    };
    const QString proven = QStringLiteral("sender:agent channel:7");
    // The same rows, but `since:` is no facet: the events are read.
    const QString read = proven + QStringLiteral(" since:2000-01-01");
    const qint64 provenSmall = readAll(proven);
    const qint64 readSmall = readAll(read);
    QVERIFY(provenSmall > 0 && readSmall > 0);
    // Written on the writer's connection: not counted.
    QCOMPARE(m_store->write(VariedRecords::makeRecords(kRecords, kRecords * 3)),
             qint64(kRecords * 4));
    const qint64 provenLarge = readAll(proven);
    const qint64 readLarge = readAll(read);
    const QByteArray figures =
        QByteArray::number(provenSmall) + " -> " + QByteArray::number(provenLarge) + " proven, " +
        QByteArray::number(readSmall) + " -> " + QByteArray::number(readLarge) + " read";
    // Four times the events: the reads grow, the facets (30 here) do not.
    QVERIFY2(readLarge > readSmall * 3, figures.constData());
    QVERIFY2(provenLarge <= provenSmall + 2, figures.constData());
    QVERIFY2(provenLarge * 10 < readLarge, figures.constData());
}

void TestEventFacets::aRetryMovesItsEventBetweenFacets()
{
    EventStore &store = m_store->writer();
    const FilterExpression::Sql test = FilterExpression::parse(QStringLiteral("test:yes")).toSql();
    const FilterExpression::Sql badTest =
        FilterExpression::parse(QStringLiteral("test:yes -verified:yes channel:1")).toSql();
    EventRecord r = VariedRecords::makeRecord(kRecords * 10 + 1); // channel 1
    r.dedupeKey = QStringLiteral("retried");
    r.verification = Verification::BadSignature;
    r.test = true;
    QVERIFY(store.append(r));
    QCOMPARE(store.countFromFacets(badTest.where, badTest.binds), std::optional<qint64>(1));
    // A real, verified receipt of the same body: the event leaves both the
    // test facet and the unverified one (and the emptied facet row goes).
    r.verification = Verification::Verified;
    r.test = false;
    const std::optional<EventStore::AppendResult> retry = store.append(r);
    QVERIFY(retry && retry->duplicate);
    QCOMPARE(store.countFromFacets(badTest.where, badTest.binds), std::optional<qint64>(0));
    QCOMPARE(store.countFromFacets(test.where, test.binds), std::optional<qint64>(0));
    const QList<SummaryCheck::Mismatch> mismatches =
        SummaryCheck::compareWithRecount(m_store->path());
    for (const SummaryCheck::Mismatch &m : mismatches)
        QVERIFY2(m.table != QLatin1String("event_facets"), qPrintable(m.stored.join(u'\n')));
}

void TestEventFacets::aSchema13StoreGetsThemByItsUpgrade()
{
    m_store->writer().close();
    const QString path = m_store->path();
    rawExec(path, {QStringLiteral("DROP TABLE event_facets"),
                   QStringLiteral("UPDATE meta SET value = '13' WHERE key = 'schema_version'"),
                   QStringLiteral("PRAGMA user_version = 13")});
    const FilterExpression::Sql sql =
        FilterExpression::parse(QStringLiteral("sender:agent channel:7")).toSql();
    {
        // Read as it is, without the facets: the scans read the events.
        EventStore reader;
        QVERIFY(reader.openReadOnly(path));
        QCOMPARE(reader.schemaVersion(), 13);
        QCOMPARE(reader.countFromFacets(sql.where, sql.binds), std::nullopt);
        QList<qint64> ids;
        QVERIFY(reader.scanEventIds(0, reader.maxEventId(), QString(), {}, QString(),
                                    [&ids](qint64 id) { return ids.append(id), true; }));
        QCOMPARE(ids.size(), kRecords);
    }
    QList<std::pair<qint64, qint64>> progress;
    QString error;
    QCOMPARE(SummaryCheck::upgradeRecording(path, &progress, &error), StoreSchema::kCurrentVersion);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().first, progress.constLast().second);
    const QList<SummaryCheck::Mismatch> mismatches = SummaryCheck::compareWithRecount(path);
    for (const SummaryCheck::Mismatch &m : mismatches)
        QVERIFY2(m.table != QLatin1String("event_facets"), qPrintable(m.stored.join(u'\n')));
    EventStore reader;
    QVERIFY(reader.openReadOnly(path));
    QCOMPARE(reader.countFromFacets(sql.where, sql.binds), std::optional<qint64>(0));
    QCOMPARE(reader.countFromFacets(QString(), {}), std::optional<qint64>(kRecords));
}

QTEST_GUILESS_MAIN(TestEventFacets)
#include "tst_eventfacets.moc"
