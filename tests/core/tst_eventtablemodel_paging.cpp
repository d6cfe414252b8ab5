#include "models/eventcolumns.h"
#include "models/eventtablemodel.h"
#include "records/customertimeline.h"
#include "store/eventcondition.h"

#include "testsupport_records.h"
#include "testsupport_store.h"
#include <QAbstractItemModelTester>
#include <QSignalSpy>

#include <QTest>

#include <memory>

// The stream model pages by key (the key of every 256th row, then one keyed
// query per page) in the Time order and in arrival order. These tests hold
// it to a full read of the same view in one SQL query (EventStore::eventIds
// with the column's ORDER BY): the same rows in the same order, across
// sorts, filters, channel scopes, loads on the reader thread and on the GUI
// thread, live rows during and after a load, jumps to any row, and bounded
// memory.
class TestEventTableModelPaging final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void pagesMatchAFullRead_data();
    void pagesMatchAFullRead();
    void jumpsReachTheSameRecordAsAFullRead();
    void checkpointsAreEveryStrideThKeyOfAScan_data();
    void checkpointsAreEveryStrideThKeyOfAScan();
    void keyedReadsSeekToTheKeyUnderATimeFilter_data();
    void keyedReadsSeekToTheKeyUnderATimeFilter();
    void liveRowsDuringAndAfterTheScanFollowTheBase();
    void namesAreReadPerPage();
    void changeSummariesOfALongHistoryInAnyOrder();
    void memoryStaysBoundedWhileReadingEveryRow();

private:
    // Many rows share a received_at (997 distinct times), so ties cross pages.
    static constexpr int kRecords = 3000;
    // The view read in full, in one query: the reference.
    QList<qint64> fullRead(const QString &filter, int scope, int sortColumn, bool descending,
                           qint64 upToId = 0);
    static QList<qint64> idsOf(const EventTableModel &model);
    void open(bool async);

    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestEventTableModelPaging::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isOpen());
    QCOMPARE(m_store->write(VariedRecords::makeRecords(0, kRecords)), qint64(kRecords));
    m_model = std::make_unique<EventTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestEventTableModelPaging::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_store.reset();
}

QList<qint64> TestEventTableModelPaging::fullRead(const QString &filter, int scope, int sortColumn,
                                                  bool descending, qint64 upToId)
{
    FilterExpression::Sql sql = FilterExpression::parse(filter).toViewSql();
    if (scope != EventTableModel::kAllChannels) {
        const EventCondition scoped =
            EventCondition::inChannel(scope).andAlso({sql.where, sql.binds});
        sql = {scoped.where, scoped.binds};
    }
    EventStore &store = m_store->writer();
    return store.eventIds(0, upToId > 0 ? upToId : store.maxEventId(), sql.where, sql.binds,
                          EventColumns::orderBy(sortColumn, descending));
}

QList<qint64> TestEventTableModelPaging::idsOf(const EventTableModel &model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(EventTableModel::EventIdRole).toLongLong());
    return ids;
}

void TestEventTableModelPaging::open(bool async)
{
    m_model->setAsyncLoadThreshold(async ? 0 : kRecords * 10);
    QVERIFY(m_model->openStore(m_store->path()));
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 20000);
}

void TestEventTableModelPaging::pagesMatchAFullRead_data()
{
    QTest::addColumn<bool>("async");
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("scope");
    QTest::addColumn<int>("sortColumn");
    QTest::addColumn<bool>("descending");
    const int all = EventTableModel::kAllChannels;
    const int time = EventTableModel::Time;
    for (const bool async : {false, true}) {
        const char *where = async ? "reader" : "gui";
        QTest::addRow("%s: arrival", where) << async << QString() << all << -1 << false;
        QTest::addRow("%s: time", where) << async << QString() << all << time << false;
        QTest::addRow("%s: time desc", where) << async << QString() << all << time << true;
        QTest::addRow("%s: channel 7 by time", where) << async << QString() << 7 << time << false;
        QTest::addRow("%s: no channel, desc", where)
            << async << QString() << int(EventTableModel::kNoChannel) << time << true;
        QTest::addRow("%s: type filter by time", where)
            << async << QStringLiteral("type:image") << all << time << false;
        QTest::addRow("%s: text OR, arrival", where)
            << async << QStringLiteral("退款 OR emoji") << all << -1 << false;
        QTest::addRow("%s: negation, time desc", where)
            << async << QStringLiteral("-verified:yes") << 1 << time << true;
        QTest::addRow("%s: customer desc (id list)", where)
            << async << QString() << all << int(EventTableModel::Customer) << true;
        QTest::addRow("%s: deliveries (id list)", where)
            << async << QStringLiteral("sender:agent") << all << int(EventTableModel::Deliveries)
            << false;
        QTest::addRow("%s: matches nothing", where)
            << async << QStringLiteral("session:nope") << all << time << false;
    }
}

void TestEventTableModelPaging::pagesMatchAFullRead()
{
    QFETCH(bool, async);
    QFETCH(QString, filter);
    QFETCH(int, scope);
    QFETCH(int, sortColumn);
    QFETCH(bool, descending);
    m_model->sort(sortColumn, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    m_model->setFilter(FilterExpression::parse(filter));
    m_model->setChannelScope(scope);
    open(async);
    const QList<qint64> expected = fullRead(filter, scope, sortColumn, descending);
    QCOMPARE(idsOf(*m_model), expected);
    QCOMPARE(m_model->shownIds(), expected);
    QCOMPARE(m_model->totalMatching(), qint64(expected.size()));
    // Read backwards too: every page is then read again from its key.
    for (int row = m_model->rowCount() - 1; row >= 0; row -= 97)
        QCOMPARE(m_model->record(row).id, expected.at(row));
}

void TestEventTableModelPaging::checkpointsAreEveryStrideThKeyOfAScan_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<bool>("byTime"); // else arrival order
    QTest::addColumn<bool>("descending");
    QTest::addColumn<qint64>("afterId");
    QTest::addColumn<int>("stride");
    QTest::addColumn<qint64>("upToId"); // 0: the last event's id
    for (const int stride : {1, 2, 7, 256, kRecords - 1, kRecords, kRecords * 2}) {
        // Events past the range's end: its bound stays in the queries.
        QTest::addRow("view by time, up to an earlier id, %d", stride)
            << QString() << true << false << 0LL << stride << qint64(kRecords * 2 / 3);
        QTest::addRow("view by arrival desc, a middle range, %d", stride)
            << QString() << false << true << qint64(kRecords / 4) << stride
            << qint64(kRecords * 3 / 4);
        QTest::addRow("view by time, %d", stride)
            << QString() << true << false << 0LL << stride << 0LL;
        QTest::addRow("view by time desc, %d", stride)
            << QString() << true << true << 0LL << stride << 0LL;
        QTest::addRow("view by arrival, %d", stride)
            << QString() << false << false << 0LL << stride << 0LL;
        QTest::addRow("sparse filter by time desc, %d", stride)
            << QStringLiteral("type:image -verified:yes") << true << true << 0LL << stride << 0LL;
        // events(chat_user_id, id) then a sort: the one-scan way.
        QTest::addRow("a customer by time, %d", stride)
            << QStringLiteral("user:cu3") << true << false << 0LL << stride << 0LL;
        QTest::addRow("a customer by arrival desc, %d", stride)
            << QStringLiteral("user:cu3") << false << true << 0LL << stride << 0LL;
        QTest::addRow("live tail by arrival, %d", stride)
            << QString() << false << false << qint64(kRecords / 3) << stride << 0LL;
        QTest::addRow("matches nothing, %d", stride)
            << QStringLiteral("session:nope") << true << false << 0LL << stride << 0LL;
    }
}

// EventStore::scanEventCheckpoints, which the stream's load runs: the key of
// row 0, stride, 2 * stride, ... of a full key scan, and its count, whether
// SQLite skips the rows between (an index in key order) or a scan does.
void TestEventTableModelPaging::checkpointsAreEveryStrideThKeyOfAScan()
{
    QFETCH(QString, filter);
    QFETCH(bool, byTime);
    QFETCH(bool, descending);
    QFETCH(qint64, afterId);
    QFETCH(int, stride);
    QFETCH(qint64, upToId);
    const FilterExpression::Sql sql = FilterExpression::parse(filter).toViewSql();
    const EventStore::KeyOrder order =
        byTime ? EventStore::KeyOrder::ReceivedAt : EventStore::KeyOrder::Id;
    EventStore &store = m_store->writer();
    if (upToId == 0)
        upToId = store.maxEventId();
    const auto sameKey = [](const EventStore::EventKey &a, const EventStore::EventKey &b) {
        return a.value == b.value && a.id == b.id;
    };
    QList<EventStore::EventKey> keys;
    QVERIFY(store.scanEventKeys(afterId, upToId, sql.where, sql.binds, order, descending,
                                [&keys](const EventStore::EventKey &key) {
                                    keys.append(key);
                                    return true;
                                }));
    QList<EventStore::EventKey> checkpoints;
    qint64 count = -1;
    QVERIFY(store.scanEventCheckpoints(
        afterId, upToId, sql.where, sql.binds, order, descending, stride,
        [&checkpoints](const EventStore::EventKey &key) {
            checkpoints.append(key);
            return true;
        },
        &count));
    QCOMPARE(count, qint64(keys.size()));
    QCOMPARE(checkpoints.size(), (keys.size() + stride - 1) / stride);
    for (qsizetype i = 0; i < checkpoints.size(); ++i)
        QVERIFY2(sameKey(checkpoints.at(i), keys.at(i * stride)), qPrintable(QString::number(i)));
    // Most views here have rows; the empty one proves the other edge.
    QCOMPARE(keys.isEmpty(), filter == QStringLiteral("session:nope"));

    // A sink that stops takes no more checkpoints.
    if (checkpoints.size() >= 2) {
        int taken = 0;
        QVERIFY(store.scanEventCheckpoints(
            afterId, upToId, sql.where, sql.binds, order, descending, stride,
            [&taken](const EventStore::EventKey &) { return ++taken < 2; }, &count));
        QCOMPARE(taken, 2);
    }
}

void TestEventTableModelPaging::keyedReadsSeekToTheKeyUnderATimeFilter_data()
{
    QTest::addColumn<bool>("descending");
    QTest::addColumn<QString>("filter"); // holds for every row
    // A bound on the side the read starts from, and one on the far side.
    QTest::newRow("since, ascending") << false << QStringLiteral("since:2025-11-24");
    QTest::newRow("until, descending") << true << QStringLiteral("until:2025-11-24");
    QTest::newRow("until, ascending") << false << QStringLiteral("until:2025-11-24");
    QTest::newRow("since until, descending")
        << true << QStringLiteral("since:2025-11-24 until:2025-11-24");
}

// A time filter that holds for every row (the day of them all) costs
// the keyed reads no more than the unfiltered view: each checkpoint and page
// starts at its key, not at the filter's bound and then walks every row up
// to the key (the work of the whole load then grew with the square of the
// rows). SQLite's virtual machine steps are counted on the reader's own
// connection, through a progress handler: a measure of rows read, not of
// time.
void TestEventTableModelPaging::keyedReadsSeekToTheKeyUnderATimeFilter()
{
    QFETCH(bool, descending);
    QFETCH(QString, filter);
    EventStore reader;
    sqlite3 *handle = openReaderHandle(reader, m_store->path());
    QVERIFY(reader.isOpen());
    if (!handle)
        QSKIP("Qt's SQLite plugin runs its own SQLite: no handle to count steps on");
    StepCounter steps(handle, 64);
    const qint64 upToId = reader.maxEventId();
    constexpr int kStride = 7;
    struct Cost {
        qint64 checkpoints = 0;
        qint64 pages = 0;
    };
    const auto costOf = [&](const QString &filter, QList<EventStore::EventKey> *keys) {
        const FilterExpression::Sql sql = FilterExpression::parse(filter).toViewSql();
        Cost cost;
        steps.take();
        qint64 count = 0;
        keys->clear();
        if (!reader.scanEventCheckpoints(
                0, upToId, sql.where, sql.binds, EventStore::KeyOrder::ReceivedAt, descending,
                kStride,
                [keys](const EventStore::EventKey &key) {
                    keys->append(key);
                    return true;
                },
                &count))
            return Cost{-1, -1};
        cost.checkpoints = steps.take();
        // A page from each of the last hundred checkpoints.
        for (qsizetype i = qMax<qsizetype>(0, keys->size() - 100); i < keys->size(); ++i) {
            const QList<EventRecord> page =
                reader.eventsFromKey(0, upToId, sql.where, sql.binds,
                                     EventStore::KeyOrder::ReceivedAt, descending, keys->at(i), 4);
            if (page.isEmpty())
                return Cost{-1, -1};
        }
        cost.pages = steps.take();
        return cost;
    };
    QList<EventStore::EventKey> plainKeys;
    QList<EventStore::EventKey> filteredKeys;
    const Cost plain = costOf(QString(), &plainKeys);
    const Cost filtered = costOf(filter, &filteredKeys);
    QVERIFY(plain.checkpoints > 0 && plain.pages > 0);
    QVERIFY(filtered.checkpoints > 0 && filtered.pages > 0);
    // The filter holds for every row: the same checkpoints.
    QCOMPARE(filteredKeys.size(), plainKeys.size());
    QCOMPARE(filteredKeys.size(), (kRecords + kStride - 1) / kStride);
    for (qsizetype i = 0; i < plainKeys.size(); ++i) {
        QCOMPARE(filteredKeys.at(i).value, plainKeys.at(i).value);
        QCOMPARE(filteredKeys.at(i).id, plainKeys.at(i).id);
    }
    // Walking from the filter's bound read about kRecords / 2 rows per
    // checkpoint (over 100 times the unfiltered work here); seeking, the
    // filter's term costs a few steps per row.
    const QByteArray costs = QByteArray::number(plain.checkpoints) + " / " +
                             QByteArray::number(filtered.checkpoints) + " steps; pages " +
                             QByteArray::number(plain.pages) + " / " +
                             QByteArray::number(filtered.pages);
    QVERIFY2(filtered.checkpoints < plain.checkpoints * 3, costs.constData());
    QVERIFY2(filtered.pages < plain.pages * 3, costs.constData());
}

void TestEventTableModelPaging::jumpsReachTheSameRecordAsAFullRead()
{
    m_model->sort(EventTableModel::Time, Qt::DescendingOrder);
    open(true);
    const QList<qint64> expected =
        fullRead({}, EventTableModel::kAllChannels, EventTableModel::Time, true);
    QCOMPARE(m_model->rowCount(), expected.size());
    const int last = m_model->rowCount() - 1;
    for (const int row : {last, last / 2, 0, 255, 256, 257, last - 256, 1234}) {
        QCOMPARE(m_model->record(row).id, expected.at(row));
        QCOMPARE(m_model->rowOfId(expected.at(row)), row);
    }
    // Found through its key alone, from a cold cache.
    m_model->appendUpTo(kRecords); // a commit of retries only: the pages are dropped
    QCOMPARE(m_model->rowOfId(expected.at(2999)), 2999);
    QCOMPARE(m_model->rowOfId(expected.at(1500)), 1500);
    QCOMPARE(m_model->rowOfId(0), -1);
    QCOMPARE(m_model->rowOfId(kRecords + 5), -1);
    // Not in the view: a message of channel 7 under a channel-1 scope.
    m_model->setChannelScope(1);
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 20000);
    QCOMPARE(m_model->rowOfId(1), -1); // event 0's channel is 7 (VariedRecords)
}

void TestEventTableModelPaging::liveRowsDuringAndAfterTheScanFollowTheBase()
{
    m_model->sort(EventTableModel::Time, Qt::DescendingOrder);
    m_model->setFilter(FilterExpression::parse(QStringLiteral("-type:button")));
    m_model->setAsyncLoadThreshold(0);
    QVERIFY(m_model->openStore(m_store->path()));
    QVERIFY(m_model->isLoading());
    // Committed while the scan runs (held, then appended after it), and after.
    const qint64 during = m_store->write(VariedRecords::makeRecords(kRecords, 300));
    m_model->appendUpTo(during);
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 20000);
    const qint64 after = m_store->write(VariedRecords::makeRecords(kRecords + 300, 700));
    QSignalSpy appended(m_model.get(), &EventTableModel::rowsAppended);
    m_model->appendUpTo(after);
    QCOMPARE(appended.size(), 1);
    // The base in its order, then the live rows in arrival order.
    const QString filter = QStringLiteral("-type:button");
    const int all = EventTableModel::kAllChannels;
    QList<qint64> expected = fullRead(filter, all, EventTableModel::Time, true, kRecords);
    QList<qint64> live = fullRead(filter, all, -1, false, after);
    live.removeIf([](qint64 id) { return id <= kRecords; });
    expected += live;
    QCOMPARE(idsOf(*m_model), expected);
    QCOMPARE(m_model->shownIds(), expected);
    for (const int row : {int(expected.size()) - 1, kRecords - 10, int(expected.size()) - 300})
        QCOMPARE(m_model->rowOfId(expected.at(row)), row);
}

void TestEventTableModelPaging::namesAreReadPerPage()
{
    // Customer cu5's latest name comes after its rows; every row shows it.
    m_store->write(
        {CustomerRecords::customerEvent(QStringLiteral("update_user"), QStringLiteral("cu5"),
                                        QStringLiteral("Zoë"), kRecords + 1)});
    open(true);
    int shown = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->record(row).chatUserId != QLatin1String("cu5"))
            continue;
        QCOMPARE(m_model->index(row, EventTableModel::Customer).data().toString(),
                 QStringLiteral("Zoë"));
        ++shown;
    }
    QVERIFY(shown > 200);
}

// EventChanges keeps a snapshot of a customer's replay every 64 of their
// events; rows asked from the end first, then at random, must still show what
// a replay of the whole history in order gives.
void TestEventTableModelPaging::changeSummariesOfALongHistoryInAnyOrder()
{
    m_store = std::make_unique<TestStore>(); // this customer's events only
    QList<EventRecord> events;
    for (int n = 0; n < 300; ++n) {
        EventRecord r = CustomerRecords::customerEvent(
            n == 0 ? QStringLiteral("add_user") : QStringLiteral("update_user"),
            QStringLiteral("cu-long"), QStringLiteral("Name %1").arg(n / 7), n);
        r.phone = QStringLiteral("+1 %1").arg(n / 3);
        r.presentFields = {QStringLiteral("name"), QStringLiteral("phone")};
        events.append(r);
    }
    QVERIFY(m_store->write(events) > 0);
    const QList<EventRecord> stored = m_store->writer().customerEventsOf(QStringLiteral("cu-long"));
    QCOMPARE(stored.size(), 300);
    CustomerTimeline timeline;
    QStringList expected;
    for (const EventRecord &e : stored)
        expected.append(EventColumns::changeSummary(timeline.apply(e)));
    open(false);
    QCOMPARE(m_model->rowCount(), 300);
    for (const int row : {299, 250, 5, 130, 64, 63, 0, 200, 128, 127, 298}) {
        QCOMPARE(m_model->record(row).id, stored.at(row).id);
        QCOMPARE(m_model->index(row, EventTableModel::Text).data().toString(), expected.at(row));
    }
}

void TestEventTableModelPaging::memoryStaysBoundedWhileReadingEveryRow()
{
    // Four times the cache's 4,096 records.
    QVERIFY(m_store->write(VariedRecords::makeRecords(kRecords, 13'500)) > 0);
    m_model->sort(EventTableModel::Time, Qt::AscendingOrder);
    open(true);
    const int rows = m_model->rowCount();
    QCOMPARE(rows, 16'500);
    qsizetype mostCached = 0;
    for (int row = 0; row < rows; ++row) {
        QVERIFY(m_model->index(row, EventTableModel::Text).data().isValid());
        mostCached = std::max(mostCached, m_model->cachedRecordCount());
    }
    QVERIFY(mostCached <= 4096);
    // The key of every 256th row, not an id per row.
    QCOMPARE(m_model->heldKeyCount(), qsizetype((rows + 255) / 256));
}

QTEST_GUILESS_MAIN(TestEventTableModelPaging)
#include "tst_eventtablemodel_paging.moc"
