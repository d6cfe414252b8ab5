#include "models/eventtablemodel.h"

#include "testsupport_records.h"
#include "testsupport_store.h"
#include <QAbstractItemModelTester>
#include <QSignalSpy>

#include <QTest>

#include <memory>

// The stream model's reads on its reader thread (stores above the async
// threshold): the rows must be exactly those of a load on the GUI thread,
// arrive in chunks with the first screenful first, and a newer load, a close
// or live rows during a load must leave nothing stale or out of order.
class TestEventTableModelReader final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void readerLoadsTheSameRowsAsTheGuiThread_data();
    void readerLoadsTheSameRowsAsTheGuiThread();
    void firstChunkIsAScreenfulAndTheRestFollows();
    void firstAndLastRowsArriveReadOnTheReader_data();
    void firstAndLastRowsArriveReadOnTheReader();
    void newerFilterDropsTheOlderLoad();
    void liveRowsDuringALoadComeAfterItOnce();
    void closingDuringALoadDeliversNothing();
    void smallStoresStillLoadBeforeReloadReturns();

private:
    static constexpr int kRecords = 3000;
    static QList<qint64> idsOf(const EventTableModel &model);
    static QStringList customersOf(const EventTableModel &model);
    // Opens a model that loads on the GUI thread, with the same view.
    std::unique_ptr<EventTableModel> reference(const QString &filter, int sortColumn,
                                               Qt::SortOrder order) const;
    void waitLoaded() const;

    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestEventTableModelReader::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isOpen());
    QCOMPARE(m_store->write(VariedRecords::makeRecords(0, kRecords)), qint64(kRecords));
    m_model = std::make_unique<EventTableModel>();
    m_model->setAsyncLoadThreshold(0); // every store loads on the reader thread
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestEventTableModelReader::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_store.reset();
}

QList<qint64> TestEventTableModelReader::idsOf(const EventTableModel &model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(EventTableModel::EventIdRole).toLongLong());
    return ids;
}

QStringList TestEventTableModelReader::customersOf(const EventTableModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, EventTableModel::Customer).data().toString());
    return names;
}

std::unique_ptr<EventTableModel> TestEventTableModelReader::reference(const QString &filter,
                                                                      int sortColumn,
                                                                      Qt::SortOrder order) const
{
    auto model = std::make_unique<EventTableModel>();
    model->setAsyncLoadThreshold(kRecords * 10);
    model->openStore(m_store->path());
    model->sort(sortColumn, order);
    model->setFilter(FilterExpression::parse(filter));
    return model;
}

void TestEventTableModelReader::waitLoaded() const
{
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 20000);
}

void TestEventTableModelReader::readerLoadsTheSameRowsAsTheGuiThread_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("sortColumn");
    QTest::addColumn<bool>("descending");
    QTest::newRow("everything, arrival order") << QString() << -1 << false;
    QTest::newRow("everything by time") << QString() << int(EventTableModel::Time) << false;
    QTest::newRow("customer descending") << QString() << int(EventTableModel::Customer) << true;
    QTest::newRow("channel by time") << QStringLiteral("channel:7") << 0 << false;
    QTest::newRow("text search") << QStringLiteral("退款 OR emoji") << -1 << false;
    QTest::newRow("negation by type")
        << QStringLiteral("-verified:yes") << int(EventTableModel::Type) << false;
    QTest::newRow("no match") << QStringLiteral("session:nope") << 0 << false;
}

void TestEventTableModelReader::readerLoadsTheSameRowsAsTheGuiThread()
{
    QFETCH(QString, filter);
    QFETCH(int, sortColumn);
    QFETCH(bool, descending);
    const Qt::SortOrder order = descending ? Qt::DescendingOrder : Qt::AscendingOrder;
    QVERIFY(m_model->openStore(m_store->path()));
    waitLoaded();
    QSignalSpy reloaded(m_model.get(), &EventTableModel::reloaded);
    m_model->sort(sortColumn, order);
    m_model->setFilter(FilterExpression::parse(filter));
    QVERIFY(m_model->isLoading());
    waitLoaded();
    QCOMPARE(reloaded.size(), 1); // the sort's load was dropped for the filter's

    const std::unique_ptr<EventTableModel> expected = reference(filter, sortColumn, order);
    QVERIFY(!expected->isLoading());
    QCOMPARE(idsOf(*m_model), idsOf(*expected));
    // Customer names were read on the reader thread too.
    QCOMPARE(customersOf(*m_model), customersOf(*expected));
    QCOMPARE(m_model->totalMatching(), qint64(expected->rowCount()));
}

void TestEventTableModelReader::firstChunkIsAScreenfulAndTheRestFollows()
{
    QSignalSpy loaded(m_model.get(), &EventTableModel::rowsLoaded);
    QSignalSpy loading(m_model.get(), &EventTableModel::loadingChanged);
    QSignalSpy reloaded(m_model.get(), &EventTableModel::reloaded);
    QVERIFY(m_model->openStore(m_store->path()));
    // openStore() returns before any row is read.
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->isLoading());
    QCOMPARE(loading.size(), 1);
    QCOMPARE(loading.at(0).at(0).toBool(), true);
    waitLoaded();
    QVERIFY(loaded.size() >= 2);
    // A screenful: the rows of the first two checkpoints found, 0 to 256.
    QCOMPARE(loaded.at(0).at(0).toInt(), 257);
    int total = 0;
    for (const QList<QVariant> &chunk : loaded)
        total += chunk.at(0).toInt();
    QCOMPARE(total, kRecords);
    QCOMPARE(m_model->rowCount(), kRecords);
    QCOMPARE(reloaded.size(), 1);
    QCOMPARE(loading.size(), 2);
    QCOMPARE(loading.at(1).at(0).toBool(), false);
}

void TestEventTableModelReader::firstAndLastRowsArriveReadOnTheReader_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::newRow("the view, newest first") << QString() << Qt::DescendingOrder;
    QTest::newRow("a sparse filter") << QStringLiteral("type:image") << Qt::AscendingOrder;
    QTest::newRow("fewer rows than a page")
        << QStringLiteral("user:cu3 channel:7") << Qt::AscendingOrder;
}

// A keyed load hands over, with its checkpoints, the pages of the first rows
// and of the last ones: the window paints the top, or the newest rows when it
// follows them, without reading on the GUI thread (at ten million events a
// sparse filter's page cost the window 100 ms and more there). No item-model
// tester here: it reads rows.
void TestEventTableModelReader::firstAndLastRowsArriveReadOnTheReader()
{
    QFETCH(QString, filter);
    QFETCH(Qt::SortOrder, order);
    m_tester.reset();
    m_model->sort(EventTableModel::Time, order);
    m_model->setFilter(FilterExpression::parse(filter));
    QVERIFY(m_model->openStore(m_store->path()));
    waitLoaded();
    const int rows = m_model->rowCount();
    QVERIFY(rows > 0);
    const qsizetype cached = m_model->cachedRecordCount();
    QVERIFY(cached >= std::min(rows, 256));
    const std::unique_ptr<EventTableModel> reference =
        this->reference(filter, EventTableModel::Time, order);
    QCOMPARE(reference->rowCount(), rows);
    QList<int> shown;
    for (int row = 0; row < std::min(rows, 256); ++row)
        shown.append(row);
    for (int row = std::max(0, rows - 40); row < rows; ++row)
        shown.append(row);
    for (const int row : std::as_const(shown)) {
        for (const int column : {0, int(EventTableModel::Customer)}) {
            QCOMPARE(m_model->index(row, column).data(EventTableModel::EventIdRole),
                     reference->index(row, column).data(EventTableModel::EventIdRole));
            QCOMPARE(m_model->index(row, column).data(), reference->index(row, column).data());
        }
    }
    // Reading those rows took nothing more from the store.
    QCOMPARE(m_model->cachedRecordCount(), cached);
}

void TestEventTableModelReader::newerFilterDropsTheOlderLoad()
{
    QVERIFY(m_model->openStore(m_store->path()));
    QSignalSpy reloaded(m_model.get(), &EventTableModel::reloaded);
    // Three loads in a row, none waited for: only the last one's rows count.
    m_model->setFilter(FilterExpression::parse(QStringLiteral("channel:1")));
    m_model->setFilter(FilterExpression::parse(QStringLiteral("hello")));
    m_model->setFilter(FilterExpression::parse(QStringLiteral("user:cu3")));
    waitLoaded();
    // Nothing stale can follow: the reader runs its jobs in order on one
    // thread and its deliveries arrive in the order they were made, so the
    // older loads' results (dropped) came before the last load's end.
    QCOMPARE(reloaded.size(), 1);
    QCOMPARE(idsOf(*m_model), idsOf(*reference(QStringLiteral("user:cu3"), -1, {})));
}

void TestEventTableModelReader::liveRowsDuringALoadComeAfterItOnce()
{
    QVERIFY(m_model->openStore(m_store->path()));
    // Committed and announced while the load runs: appended after its last
    // chunk, not between chunks, and not twice.
    const qint64 last = m_store->write(VariedRecords::makeRecords(kRecords, 40));
    QVERIFY(m_model->isLoading());
    m_model->appendUpTo(last);
    m_model->appendUpTo(last);
    QCOMPARE(m_model->rowCount(), 0); // held, not between chunks
    waitLoaded();
    // The held commit is applied with the load's end, in the same step.
    QCOMPARE(m_model->rowCount(), kRecords + 40);
    QList<qint64> expected;
    for (qint64 id = 1; id <= last; ++id)
        expected.append(id);
    QCOMPARE(idsOf(*m_model), expected);
}

void TestEventTableModelReader::closingDuringALoadDeliversNothing()
{
    QVERIFY(m_model->openStore(m_store->path()));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reloaded(m_model.get(), &EventTableModel::reloaded);
    m_model->closeStore();
    QVERIFY(!m_model->isLoading());
    QCOMPARE(m_model->rowCount(), 0);
    // A later load on the same reader thread settles it: the reader runs
    // jobs in order and delivers in order, so whatever the cancelled load
    // delivered would arrive before this one's end. It matches no row.
    m_model->setFilter(FilterExpression::parse(QStringLiteral("user:nobody")));
    QVERIFY(m_model->openStore(m_store->path()));
    QVERIFY(m_model->isLoading());
    QVERIFY(reloaded.wait(20000));
    QCOMPARE(reloaded.size(), 1);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(m_model->rowCount(), 0);
}

void TestEventTableModelReader::smallStoresStillLoadBeforeReloadReturns()
{
    m_model->setAsyncLoadThreshold(kRecords);
    QSignalSpy loading(m_model.get(), &EventTableModel::loadingChanged);
    QVERIFY(m_model->openStore(m_store->path()));
    QVERIFY(!m_model->isLoading());
    QCOMPARE(m_model->rowCount(), kRecords);
    QCOMPARE(loading.size(), 0);
}

QTEST_GUILESS_MAIN(TestEventTableModelReader)
#include "tst_eventtablemodel_reader.moc"
