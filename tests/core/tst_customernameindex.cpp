#include "store/eventstore.h"

#include "testsupport_records.h"
#include "testsupport_store.h"

#include <QTest>

#include <memory>

// The stream reads each page's customer names through the partial index
// events_customer_name (schema step 6 -> 7). A fresh store has it, a schema-6
// file gains it when opened for writing (and the step may run again), and the
// names read per customer equal those of a read of every customer event, with
// the index and without it (a schema-6 file read as it is).
class TestCustomerNameIndex final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void freshStoreHasTheIndex();
    void namesPerCustomerEqualAFullRead();
    void schema6FileIsReadWithoutItAndGainsItOnOpen();
    void theStepCanRunTwice();

private:
    static constexpr int kRecords = 600;
    int indexCount() const;
    QStringList everyCustomer();

    std::unique_ptr<TestStore> m_store;
};

void TestCustomerNameIndex::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isOpen());
    QCOMPARE(m_store->write(VariedRecords::makeRecords(0, kRecords)), qint64(kRecords));
    // A customer whose newest customer event has no name keeps the older one.
    m_store->write(
        {CustomerRecords::customerEvent(QStringLiteral("add_user"), QStringLiteral("cu-late"),
                                        QStringLiteral("Older"), kRecords + 1),
         CustomerRecords::customerEvent(QStringLiteral("update_user"), QStringLiteral("cu-late"),
                                        QString(), kRecords + 2)});
}

void TestCustomerNameIndex::cleanup()
{
    m_store.reset();
}

int TestCustomerNameIndex::indexCount() const
{
    return rawValue(m_store->path(), QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE "
                                                    "name = 'events_customer_name'"))
        .toInt();
}

QStringList TestCustomerNameIndex::everyCustomer()
{
    QStringList users;
    for (int n = 0; n < 13; ++n)
        users.append(QStringLiteral("cu%1").arg(n));
    users << QStringLiteral("cu-late") << QStringLiteral("nobody");
    return users;
}

void TestCustomerNameIndex::freshStoreHasTheIndex()
{
    QCOMPARE(indexCount(), 1);
    QCOMPARE(m_store->writer().schemaVersion(), EventStore::currentSchemaVersion());
}

void TestCustomerNameIndex::namesPerCustomerEqualAFullRead()
{
    EventStore &store = m_store->writer();
    const QHash<QString, QString> all = store.customerNames(0, store.maxEventId());
    const QHash<QString, QString> some = store.customerNamesOf(everyCustomer());
    QCOMPARE(some, all);
    QCOMPARE(some.value(QStringLiteral("cu-late")), QStringLiteral("Older"));
    QVERIFY(!some.contains(QStringLiteral("nobody")));
    QVERIFY(some.size() > 5);
}

void TestCustomerNameIndex::schema6FileIsReadWithoutItAndGainsItOnOpen()
{
    const QHash<QString, QString> expected = m_store->writer().customerNamesOf(everyCustomer());
    m_store->writer().close();
    rawExec(m_store->path(),
            {QStringLiteral("DROP INDEX events_customer_name"),
             QStringLiteral("UPDATE meta SET value = '6' WHERE key = 'schema_version'"),
             QStringLiteral("PRAGMA user_version = 6")});
    {
        EventStore reader;
        QVERIFY2(reader.openReadOnly(m_store->path()), qPrintable(reader.lastError()));
        QCOMPARE(reader.schemaVersion(), 6);
        QCOMPARE(reader.customerNamesOf(everyCustomer()), expected);
    }
    QCOMPARE(indexCount(), 0);
    EventStore writer;
    QVERIFY2(writer.open(m_store->path()), qPrintable(writer.lastError()));
    QCOMPARE(writer.schemaVersion(), EventStore::currentSchemaVersion());
    QCOMPARE(indexCount(), 1);
    QCOMPARE(writer.customerNamesOf(everyCustomer()), expected);
}

void TestCustomerNameIndex::theStepCanRunTwice()
{
    m_store->writer().close();
    // Stamped 6 with the index already there (a step interrupted after its
    // DDL, or run by another build): the step completes without an error.
    rawExec(m_store->path(), {QStringLiteral("PRAGMA user_version = 6")});
    EventStore writer;
    QVERIFY2(writer.open(m_store->path()), qPrintable(writer.lastError()));
    QCOMPARE(writer.schemaVersion(), EventStore::currentSchemaVersion());
    QCOMPARE(indexCount(), 1);
}

QTEST_GUILESS_MAIN(TestCustomerNameIndex)
#include "tst_customernameindex.moc"
