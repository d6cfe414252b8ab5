#include "filter/filterexpression.h"
#include "models/eventcolumns.h"
#include "models/eventtablemodel.h"
#include "records/exportrow.h"
#include "store/eventstore.h"
#include "store/storecolumns.h"

#include "testsupport_records.h"
#include "testsupport_store.h"

#include <QTest>

#include <iterator>

// The store's one declaration of its column names (StoreColumns) against the
// tables SQLite actually made, and every SQL that names columns from it (the
// export scan, the filter's SQL, the stream's ORDER BY) run on such a store:
// a name spelt differently in one place fails here.
class TestStoreColumns final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void tablesHaveTheDeclaredColumns_data();
    void tablesHaveTheDeclaredColumns();
    void exportColumnsAreEventsColumns();
    void exportScanReadsTheStore();
    void filterSqlRunsOnTheStore_data();
    void filterSqlRunsOnTheStore();
    void streamOrderRunsOnTheStore();

private:
    std::unique_ptr<TestStore> m_store;
};

namespace {

// The columns of `table` as SQLite reports them, in table order.
QStringList tableColumns(const QString &path, QLatin1String table)
{
    const QVariant names =
        rawValue(path, QStringLiteral("SELECT group_concat(name, ',') FROM"
                                      " (SELECT name FROM pragma_table_info('%1') ORDER BY cid)")
                           .arg(table));
    return names.toString().split(u',', Qt::SkipEmptyParts);
}

template<std::size_t N>
QStringList declared(const StoreColumns::Column (&columns)[N])
{
    QStringList names;
    for (const StoreColumns::Column &column : columns)
        names.append(column.name);
    return names;
}

} // namespace

void TestStoreColumns::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isOpen());
    QVERIFY(m_store->write(VariedRecords::makeRecords(0, 40)) > 0);
}

void TestStoreColumns::tablesHaveTheDeclaredColumns_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QStringList>("columns");
    using namespace StoreColumns;
    QTest::newRow("events") << QString(kEventsTable) << declared(kEventsColumns);
    QTest::newRow("deliveries") << QString(kDeliveriesTable) << declared(kDeliveriesColumns);
    QTest::newRow("refused") << QString(kRefusedTable) << declared(kRefusedColumns);
    QTest::newRow("forwards") << QString(kForwardsTable) << declared(kForwardsColumns);
}

void TestStoreColumns::tablesHaveTheDeclaredColumns()
{
    QFETCH(QString, table);
    QFETCH(QStringList, columns);
    const QByteArray latin1 = table.toLatin1();
    QCOMPARE(tableColumns(m_store->path(), QLatin1String(latin1)), columns);
    // Built from the declaration, the schema is the current version.
    QCOMPARE(m_store->writer().schemaVersion(), EventStore::currentSchemaVersion());
    QCOMPARE(rawValue(m_store->path(), QStringLiteral("PRAGMA user_version")).toInt(),
             EventStore::currentSchemaVersion());
}

void TestStoreColumns::exportColumnsAreEventsColumns()
{
    const QStringList events = tableColumns(m_store->path(), StoreColumns::kEventsTable);
    QCOMPARE(events.size(), std::size(StoreColumns::kEventsColumns));
    for (const StoreColumns::Name name : StoreColumns::kExportColumns)
        QVERIFY2(events.contains(name), qPrintable(QString(name)));
}

void TestStoreColumns::exportScanReadsTheStore()
{
    EventStore reader;
    QVERIFY(reader.openReadOnly(m_store->path()));
    QList<qint64> ids;
    QVERIFY2(reader.forEachExportRow({}, {},
                                     [&ids](const ExportRow &row) {
                                         ids.append(row.id);
                                         return true;
                                     }),
             qPrintable(reader.lastError()));
    QCOMPARE(ids.size(), 40);
    QCOMPARE(ids.constFirst(), 1);
    QCOMPARE(ids.constLast(), 40);
}

void TestStoreColumns::filterSqlRunsOnTheStore_data()
{
    QTest::addColumn<QString>("filter");
    // One term per field of the filter language, each naming its own column.
    for (const char *text :
         {"channel:7", "-channel:line", "event:message", "type:text", "user:cu3", "session:s1",
          "sender:customer", "agent:1", "verified:yes", "verified:no", "since:2025-01-01",
          "until:2030-01-01", "hello", "-hello OR event:add_user"})
        QTest::newRow(text) << QString::fromLatin1(text);
}

void TestStoreColumns::filterSqlRunsOnTheStore()
{
    QFETCH(QString, filter);
    const FilterExpression expression = FilterExpression::parse(filter);
    QVERIFY2(expression.isValid(), qPrintable(expression.errorMessage()));
    const FilterExpression::Sql sql = expression.toSql();
    QVERIFY(!sql.where.isEmpty());
    EventStore reader;
    QVERIFY(reader.openReadOnly(m_store->path()));
    // An unknown column would make the statement fail (-1), not count 0.
    qint64 matches = 0;
    QVERIFY(reader.forEachEvent({}, {}, [&expression, &matches](const EventRecord &r) {
        matches += expression.matches(r) ? 1 : 0;
        return true;
    }));
    QCOMPARE(reader.eventCount(sql.where, sql.binds), matches);
}

void TestStoreColumns::streamOrderRunsOnTheStore()
{
    EventStore reader;
    QVERIFY(reader.openReadOnly(m_store->path()));
    for (int column = 0; column < EventTableModel::ColumnCount; ++column) {
        for (const bool descending : {false, true}) {
            const QString orderBy = EventColumns::orderBy(column, descending);
            QVERIFY(!orderBy.isEmpty());
            const QList<qint64> ids = reader.eventIds(0, 40, {}, {}, orderBy);
            QVERIFY2(ids.size() == 40, qPrintable(orderBy + u' ' + reader.lastError()));
        }
    }
}

QTEST_GUILESS_MAIN(TestStoreColumns)
#include "tst_storecolumns.moc"
