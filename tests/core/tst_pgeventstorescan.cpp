// PgEventStore's scans (pgeventstorescan.cpp): every matching event once,
// in id order, page after page, from one snapshot even while a receiver
// writes; the ids replay reads; and the counts `check` compares, which
// find each kind of disagreement.
#include "store/pgeventstore.h"
#include "store/storelocation.h"
#include "testpostgres.h"
#include "testsupport_records.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

namespace {

StoreLocation locationOf(const QString &url)
{
    const std::optional<StoreLocation> location = StoreLocation::parse(url);
    Q_ASSERT(location);
    return *location;
}

// The n-th varied event with a body of about bodyBytes (0: "{}").
EventRecord padded(int n, int bodyBytes)
{
    EventRecord r = VariedRecords::makeRecord(n);
    if (bodyBytes > 0)
        r.payload = "{\"pad\":\"" + QByteArray(bodyBytes, 'p') + "\"}";
    return r;
}

// `count` varied events from n = 1; every third one received twice. With
// bodyBytes, every event whose n is a multiple of `every` has a body that
// large: pages (a few MiB of bodies each) then hold fewer rows.
bool fill(PgEventStore &store, int count, int bodyBytes = 0, int every = 1)
{
    if (!store.beginTransaction())
        return false;
    for (int n = 1; n <= count; ++n) {
        const EventRecord r = padded(n, n % every == 0 ? bodyBytes : 0);
        if (!store.append(r) || (n % 3 == 0 && !store.append(r)))
            return false;
    }
    return store.commit();
}

QList<qint64> scannedIds(PgEventStore &store, const QString &where = {},
                         const QVariantList &binds = {})
{
    QList<qint64> ids;
    const bool ok = store.forEachEvent(where, binds, [&ids](const EventRecord &r) {
        ids.append(r.id);
        return true;
    });
    return ok ? ids : QList<qint64>{-1};
}

bool run(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
    return false;
}

} // namespace

class TestPgEventStoreScan final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void scansEveryMatchingEventOnceInIdOrder();
    void stopsWhenTheSinkSaysSo();
    void readsOneSnapshotWhileAReceiverWrites();
    void consistencyFindsEachDisagreement();
    void notOpenIsAnError();
};

void TestPgEventStoreScan::scansEveryMatchingEventOnceInIdOrder()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    {
        PgEventStore writer;
        QVERIFY2(writer.open(locationOf(pg.url())), qPrintable(writer.lastError()));
        // More rows than a page has ids, and bodies that cut pages short.
        QVERIFY2(fill(writer, 1100, 300 * 1024, 10), qPrintable(writer.lastError()));
    }
    PgEventStore store;
    QVERIFY(store.openReadOnly(locationOf(pg.url())));
    const QList<qint64> all = scannedIds(store);
    QCOMPARE(all.size(), 1100);
    QCOMPARE(all, store.eventIds(0, store.maxEventId()));
    QVERIFY(std::is_sorted(all.begin(), all.end()));
    QVERIFY(all.constLast() > 1100); // retries spent ids: the pages go by id, not by count

    const QString where = QStringLiteral("channel = ? AND event = ?");
    const QVariantList binds{7, QStringLiteral("message")};
    const QList<qint64> some = scannedIds(store, where, binds);
    QCOMPARE(some.size(), store.eventCount(where, binds));
    QVERIFY(some.size() > 10);
    QCOMPARE(some, store.eventIds(0, store.maxEventId(), where, binds));
    // Only the range asked for.
    QCOMPARE(store.eventIds(some.at(2), some.at(5), where, binds), some.mid(3, 3));

    QList<EventRecord> customers;
    QVERIFY(store.forEachCustomerEvent([&customers](const EventRecord &r) {
        customers.append(r);
        return true;
    }));
    QCOMPARE(customers.size(), 220); // n % 10 of 8 and 9
    for (const EventRecord &r : std::as_const(customers))
        QVERIFY(r.kind == EventKind::AddUser || r.kind == EventKind::UpdateUser);
    QVERIFY(store.lastError().isEmpty());
}

void TestPgEventStoreScan::stopsWhenTheSinkSaysSo()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgEventStore store;
    QVERIFY(store.open(locationOf(pg.url())));
    QVERIFY(fill(store, 200));
    int seen = 0;
    QVERIFY(store.forEachEvent({}, {}, [&seen](const EventRecord &) { return ++seen < 100; }));
    QCOMPARE(seen, 100);
    // The scan's own transaction is over: the store writes again.
    QVERIFY(store.append(VariedRecords::makeRecord(1000)));
}

void TestPgEventStoreScan::readsOneSnapshotWhileAReceiverWrites()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgEventStore receiver;
    QVERIFY(receiver.open(locationOf(pg.url())));
    QVERIFY(fill(receiver, 500, 64 * 1024)); // about 130 rows a page
    const qint64 before = receiver.maxEventId();
    PgEventStore reader;
    QVERIFY(reader.openReadOnly(locationOf(pg.url())));
    int seen = 0;
    qint64 last = 0;
    int retriedDeliveries = 0;
    QVERIFY(reader.forEachEvent({}, {}, [&](const EventRecord &r) {
        if (++seen == 1) { // the first page is read: new events and a retry come in
            bool ok = receiver.beginTransaction();
            for (int n = 2000; n < 2010 && ok; ++n)
                ok = receiver.append(padded(n, 0)).has_value();
            ok = ok && receiver.append(padded(400, 64 * 1024)).has_value(); // a retry
            ok = ok && receiver.commit();
            if (!ok)
                qWarning("%s", qPrintable(receiver.lastError()));
        }
        if (r.sequenceId == QLatin1String("400"))
            retriedDeliveries = r.deliveries;
        last = r.id;
        return true;
    }));
    QCOMPARE(seen, 500);
    QCOMPARE(last, before);
    QCOMPARE(retriedDeliveries, 1);     // as it was when the scan began
    QCOMPARE(reader.eventCount(), 510); // a later read sees them
    QCOMPARE(
        reader.event(reader.eventIds(0, before, QStringLiteral("sequence_id = '400'")).value(0))
            ->deliveries,
        2);
}

void TestPgEventStoreScan::consistencyFindsEachDisagreement()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    {
        PgEventStore writer;
        QVERIFY(writer.open(locationOf(pg.url())));
        QVERIFY(fill(writer, 30));
        for (int i = 0; i < 4; ++i) {
            RefusedRecord refused;
            refused.status = 401;
            refused.reason = QStringLiteral("bad signature");
            refused.body = QByteArray(100 * (i + 1), 'b');
            QVERIFY(writer.appendRefused(refused));
        }
    }
    PgEventStore store;
    QVERIFY(store.openReadOnly(locationOf(pg.url())));
    std::optional<PgEventStore::Consistency> c = store.consistency();
    QVERIFY2(c, qPrintable(store.lastError()));
    QVERIFY(c->isSound());
    QCOMPARE(c->events, 30);
    QCOMPARE(c->deliveries, 40);
    QCOMPARE(c->refused, 4);
    QCOMPARE(c->totalsRefused, 4);
    QVERIFY(c->refusedKeptBytes >= 1000);
    QCOMPARE(c->totalsBytes, c->refusedKeptBytes);

    const QList<qint64> ids = store.eventIds(0, store.maxEventId());
    const qint64 fifth = ids.at(4);
    const qint64 ninth = ids.at(8);
    const qsizetype ninthReceipts = store.deliveries(ninth).size();
    QVERIFY(ninthReceipts > 0);
    QSqlDatabase db = pg.open();
    QVERIFY(run(db, QStringLiteral("UPDATE events SET deliveries = 7 WHERE id IN (%1, %2)")
                        .arg(fifth)
                        .arg(ninth)));
    c = store.consistency();
    QVERIFY(c && !c->isSound());
    QCOMPARE(c->miscountedEvents, 2);
    QCOMPARE(c->firstMiscountedEvent, fifth);
    QCOMPARE(c->orphanDeliveries, 0);

    QVERIFY(run(db, QStringLiteral("DELETE FROM events WHERE id = %1").arg(ninth)));
    c = store.consistency();
    QVERIFY(c);
    QCOMPARE(c->miscountedEvents, 1);
    QCOMPARE(c->orphanDeliveries, ninthReceipts);
    QVERIFY(c->firstOrphanDelivery > 0);

    QVERIFY(run(db, QStringLiteral("UPDATE refused_totals SET bytes = bytes + 1")));
    c = store.consistency();
    QVERIFY(c);
    QCOMPARE(c->totalsBytes, c->refusedKeptBytes + 1);
    QVERIFY(run(db, QStringLiteral("DELETE FROM refused_totals")));
    c = store.consistency();
    QVERIFY(c);
    QCOMPARE(c->totalsRows, 0);
    QVERIFY(!c->isSound());
}

void TestPgEventStoreScan::notOpenIsAnError()
{
    PgEventStore store;
    QVERIFY(!store.forEachEvent({}, {}, [](const EventRecord &) { return true; }));
    QVERIFY(!store.lastError().isEmpty());
    QVERIFY(!store.consistency());
    QVERIFY(store.eventIds(0, 10).isEmpty());
    QVERIFY(!store.lastError().isEmpty());
}

QTEST_GUILESS_MAIN(TestPgEventStoreScan)
#include "tst_pgeventstorescan.moc"
