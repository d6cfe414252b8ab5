#include "store/eventlookup.h"

#include "testsupport_records.h"
#include "testsupport_store.h"

#include <QRegularExpression>
#include <QTest>

// The panes' point look-ups: one event, its deliveries, and one customer's
// events, with the customer's id bound rather than spliced into SQL.
class TestEventLookup final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void customerEventsAreThatCustomersOnly_data();
    void customerEventsAreThatCustomersOnly();
    void customerEventsAfterAnId();
    void eventAndDeliveries();
    void closedLookupReadsNothing();
};

using CustomerRecords::customerEvent;

void TestEventLookup::customerEventsAreThatCustomersOnly_data()
{
    QTest::addColumn<QString>("customer");
    // Each also has a neighbour that a spliced or LIKE-matched id would catch.
    QTest::newRow("plain") << QStringLiteral("cu1");
    QTest::newRow("quotes") << QStringLiteral("o'brien \"x\"') OR ('1'='1");
    QTest::newRow("percent") << QStringLiteral("100%");
    QTest::newRow("underscore") << QStringLiteral("a_b");
    QTest::newRow("question mark") << QStringLiteral("who?");
}

void TestEventLookup::customerEventsAreThatCustomersOnly()
{
    QFETCH(QString, customer);
    TestStore store;
    const QString neighbour =
        QString(customer).replace(u'_', u'x').replace(u'%', u'9') + QStringLiteral("z");
    const QList<EventRecord> records{
        customerEvent(QStringLiteral("add_user"), customer, QStringLiteral("Ann"), 1),
        customerEvent(QStringLiteral("add_user"), neighbour, QStringLiteral("Bob"), 2),
        customerEvent(QStringLiteral("message"), customer, QString(), 3),
        customerEvent(QStringLiteral("update_user"), customer, QStringLiteral("Ann B"), 4),
        customerEvent(QStringLiteral("update_user"), neighbour, QStringLiteral("Bob B"), 5),
        customerEvent(QStringLiteral("delete_user"), customer, QString(), 6),
    };
    QCOMPARE(store.write(records), 6);
    EventLookup lookup;
    QVERIFY(lookup.open(store.path()));
    const QList<EventRecord> events = lookup.customerEvents(customer);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).id, 1);
    QCOMPARE(events.at(0).name, QStringLiteral("Ann"));
    QCOMPARE(events.at(1).id, 4);
    QCOMPARE(events.at(1).event, QStringLiteral("update_user"));
    for (const EventRecord &e : events)
        QCOMPARE(e.chatUserId, customer);
    QCOMPARE(lookup.customerEvents(neighbour).size(), 2);
    QVERIFY(lookup.customerEvents(QString()).isEmpty());
}

void TestEventLookup::customerEventsAfterAnId()
{
    TestStore store;
    QList<EventRecord> records;
    for (int n = 1; n <= 6; ++n)
        records.append(customerEvent(QStringLiteral("update_user"), QStringLiteral("cu1"),
                                     QStringLiteral("v%1").arg(n), n));
    QCOMPARE(store.write(records), 6);
    EventLookup lookup;
    QVERIFY(lookup.open(store.path()));
    QList<qint64> ids;
    for (const EventRecord &e : lookup.customerEvents(QStringLiteral("cu1"), 4))
        ids.append(e.id);
    QCOMPARE(ids, (QList<qint64>{5, 6}));
    QVERIFY(lookup.customerEvents(QStringLiteral("cu1"), 6).isEmpty());
}

void TestEventLookup::eventAndDeliveries()
{
    TestStore store;
    const EventRecord record =
        customerEvent(QStringLiteral("add_user"), QStringLiteral("cu1"), QStringLiteral("Ann"), 1);
    QCOMPARE(store.write({record, record}), 1); // the same key: one event, two deliveries
    EventLookup lookup;
    QVERIFY(lookup.open(store.path()));
    const std::optional<EventRecord> stored = lookup.event(1);
    QVERIFY(stored);
    QCOMPARE(stored->deliveries, 2);
    const QList<DeliveryRecord> deliveries = lookup.deliveries(1);
    QCOMPARE(deliveries.size(), 2);
    QCOMPARE(deliveries.at(0).eventId, 1);
    QVERIFY(!lookup.event(2));
    QVERIFY(lookup.deliveries(2).isEmpty());
}

void TestEventLookup::closedLookupReadsNothing()
{
    TestStore store;
    QCOMPARE(store.write({customerEvent(QStringLiteral("add_user"), QStringLiteral("cu1"),
                                        QStringLiteral("Ann"), 1)}),
             1);
    EventLookup lookup;
    QVERIFY(!lookup.isOpen());
    QVERIFY(!lookup.event(1));
    QVERIFY(lookup.customerEvents(QStringLiteral("cu1")).isEmpty());
    QString error;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("does not exist")));
    QVERIFY(!lookup.open(store.filePath(QStringLiteral("missing.db")), &error));
    QVERIFY2(error.contains(QLatin1String("missing.db")), qPrintable(error));
    QVERIFY(lookup.open(store.path()));
    QVERIFY(lookup.event(1));
    lookup.close();
    QVERIFY(!lookup.isOpen());
    QVERIFY(lookup.deliveries(1).isEmpty());
}

QTEST_GUILESS_MAIN(TestEventLookup)
#include "tst_eventlookup.moc"
