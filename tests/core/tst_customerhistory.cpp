#include "models/customerhistory.h"

#include "testsupport_records.h"
#include "testsupport_store.h"

#include <QTest>

// The customers pane's history of one customer: replayed from the store when
// shown, extended by that customer's new events only.
class TestCustomerHistory final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showReplaysTheCustomersEvents();
    void readNewTakesOnlyTheCustomersNewEvents();
    void openForgetsTheShownCustomer();
};

using CustomerRecords::customerEvent;

namespace {

QStringList newValues(const QList<FieldChange> &changes)
{
    QStringList values;
    for (const FieldChange &change : changes)
        values.append(change.field + u'=' + change.newValue);
    return values;
}

} // namespace

void TestCustomerHistory::showReplaysTheCustomersEvents()
{
    TestStore store;
    QCOMPARE(store.write({
                 customerEvent(QStringLiteral("add_user"), QStringLiteral("100%_x"),
                               QStringLiteral("Ann"), 1),
                 customerEvent(QStringLiteral("add_user"), QStringLiteral("other"),
                               QStringLiteral("Bob"), 2),
                 customerEvent(QStringLiteral("update_user"), QStringLiteral("100%_x"),
                               QStringLiteral("Ann B"), 3),
             }),
             3);
    CustomerHistory history;
    QVERIFY(history.open(store.path()));
    const QList<FieldChange> changes = history.show(QStringLiteral("100%_x"));
    QCOMPARE(newValues(changes),
             (QStringList{QStringLiteral("name=Ann"), QStringLiteral("name=Ann B")}));
    QCOMPARE(changes.constLast().eventId, 3);
    QCOMPARE(history.customer(), QStringLiteral("100%_x"));
    QCOMPARE(history.profile().value(QStringLiteral("name")), QStringLiteral("Ann B"));
    QCOMPARE(history.lastEventId(), 3);
    const std::optional<EventRecord> record = history.event(changes.constFirst().eventId);
    QVERIFY(record);
    QCOMPARE(record->name, QStringLiteral("Ann"));
    QVERIFY(history.show(QString()).isEmpty());
    QCOMPARE(history.lastEventId(), 0);
}

void TestCustomerHistory::readNewTakesOnlyTheCustomersNewEvents()
{
    TestStore store;
    QCOMPARE(store.write({customerEvent(QStringLiteral("add_user"), QStringLiteral("cu1"),
                                        QStringLiteral("Ann"), 1)}),
             1);
    CustomerHistory history;
    QVERIFY(history.open(store.path()));
    QCOMPARE(history.show(QStringLiteral("cu1")).size(), 1);
    QVERIFY(!history.readNew()); // nothing new yet

    QCOMPARE(store.write({customerEvent(QStringLiteral("update_user"), QStringLiteral("cu2"),
                                        QStringLiteral("Bob"), 2)}),
             2);
    QVERIFY(!history.readNew()); // another customer's event

    QCOMPARE(store.write({customerEvent(QStringLiteral("update_user"), QStringLiteral("cu1"),
                                        QStringLiteral("Ann C"), 3)}),
             3);
    const std::optional<QList<FieldChange>> added = history.readNew();
    QVERIFY(added);
    QCOMPARE(newValues(*added), QStringList{QStringLiteral("name=Ann C")});
    QCOMPARE(added->constFirst().oldValue, QStringLiteral("Ann"));
    QCOMPARE(history.lastEventId(), 3);
    QVERIFY(!history.readNew()); // each event once
}

void TestCustomerHistory::openForgetsTheShownCustomer()
{
    TestStore store;
    QCOMPARE(store.write({customerEvent(QStringLiteral("add_user"), QStringLiteral("cu1"),
                                        QStringLiteral("Ann"), 1)}),
             1);
    CustomerHistory history;
    QVERIFY(history.show(QStringLiteral("cu1")).isEmpty()); // not open: nothing to read
    QVERIFY(history.open(store.path()));
    QVERIFY(history.customer().isEmpty());
    QCOMPARE(history.show(QStringLiteral("cu1")).size(), 1);
    history.close();
    QVERIFY(!history.isOpen());
    QVERIFY(history.customer().isEmpty());
    QVERIFY(history.profile().fields.isEmpty());
}

QTEST_GUILESS_MAIN(TestCustomerHistory)
#include "tst_customerhistory.moc"
