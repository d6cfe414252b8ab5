#include "ingest/appendfeed.h"
#include "models/eventcolumns.h"
#include "models/eventtablemodel.h"
#include "store/eventstore.h"

#include "testsupport_feed.h"
#include "testsupport_records.h"
#include "testsupport_store.h"
#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <QTest>

#include <algorithm>
#include <memory>

namespace {

using VariedRecords::kBaseMs;
using VariedRecords::makeRecord;
using VariedRecords::makeRecords;

// SQLite's order for the raw values: numbers numerically, text by UTF-8 bytes.
int sqlCompare(const QVariant &a, const QVariant &b)
{
    if (a.typeId() == QMetaType::QString) {
        const QByteArray x = a.toString().toUtf8();
        const QByteArray y = b.toString().toUtf8();
        return x < y ? -1 : (y < x ? 1 : 0);
    }
    return a.toLongLong() < b.toLongLong() ? -1 : (b.toLongLong() < a.toLongLong() ? 1 : 0);
}

} // namespace

class TestEventTableModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void showsStoredRowsInIdOrder();
    void headers();
    void displayColumns_data();
    void displayColumns();
    void rolesCarryRawValues();
    void liveRowsArriveInOneBatchPerAnnouncement();
    void followsTheFeedOfItsOwnStoreOnly();
    void pausedModelHoldsRowsUntilResumed();
    void filterAndScopeSelectExactlyTheMatchingRows_data();
    void filterAndScopeSelectExactlyTheMatchingRows();
    void eachChannelScopeShowsExactlyItsRows_data();
    void eachChannelScopeShowsExactlyItsRows();
    void liveRowsRespectTheFilter();
    void testDeliveriesHiddenUnlessTheFilterNamesThem_data();
    void testDeliveriesHiddenUnlessTheFilterNamesThem();
    void sortOrdersByRawValuesInSql_data();
    void sortOrdersByRawValuesInSql();
    void sortedModelAppendsLiveRowsAtTheEnd();
    void pageCacheReadsFarApartRowsCorrectly();
    void retriedEventRefreshesShownRow();
    void closeStoreEmptiesTheModel();
    void openingAMissingStoreFails();
    void customerEventsShowWhatTheyChanged();
    void changeSummariesReadEachCustomerOnce();
    void millisecondsOnDemand();
    void sentColumnAndHeaderTooltips();
    void testDeliveriesCarryTheirMark();

private:
    QString dbPath() const { return m_store->path(); }
    // Appends in one transaction; returns the last event id.
    qint64 write(const QList<EventRecord> &records);
    QList<EventRecord> stored();
    QList<qint64> shownIds() const;

    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestEventTableModel::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isOpen());
    m_model = std::make_unique<EventTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestEventTableModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_store.reset();
}

qint64 TestEventTableModel::write(const QList<EventRecord> &records)
{
    return m_store->write(records);
}

QList<EventRecord> TestEventTableModel::stored()
{
    return m_store->writer().eventsAfter(0, -1);
}

QList<qint64> TestEventTableModel::shownIds() const
{
    QList<qint64> ids;
    for (int row = 0; row < m_model->rowCount(); ++row)
        ids.append(m_model->index(row, 0).data(EventTableModel::EventIdRole).toLongLong());
    return ids;
}

void TestEventTableModel::showsStoredRowsInIdOrder()
{
    QCOMPARE(write(makeRecords(0, 40)), 40);
    QSignalSpy reloaded(m_model.get(), &EventTableModel::reloaded);
    QVERIFY(m_model->openStore(dbPath()));
    QCOMPARE(reloaded.size(), 1);
    QCOMPARE(m_model->rowCount(), 40);
    QCOMPARE(m_model->columnCount(), int(EventTableModel::ColumnCount));
    QCOMPARE(m_model->storePath(), dbPath());
    QList<qint64> expected;
    for (qint64 id = 1; id <= 40; ++id)
        expected.append(id);
    QCOMPARE(shownIds(), expected);
    QCOMPARE(m_model->record(17).id, 18);
    QCOMPARE(m_model->record(17).msg, makeRecord(17).msg);
    QCOMPARE(m_model->rowOfId(18), 17);
    QCOMPARE(m_model->rowOfId(41), -1);
    QCOMPARE(m_model->totalMatching(), 40);
}

void TestEventTableModel::headers()
{
    QStringList headers;
    for (int column = 0; column < m_model->columnCount(); ++column)
        headers.append(m_model->headerData(column, Qt::Horizontal).toString());
    QCOMPARE(headers, (QStringList{QStringLiteral("Time"), QStringLiteral("Channel"),
                                   QStringLiteral("Customer"), QStringLiteral("Direction"),
                                   QStringLiteral("Type"), QStringLiteral("Text"),
                                   QStringLiteral("Verification"), QStringLiteral("Deliveries"),
                                   QStringLiteral("Sent")}));
}

void TestEventTableModel::displayColumns_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");

    const auto time = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(
            QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    };
    using M = EventTableModel;
    QTest::newRow("time") << 0 << int(M::Time) << time(makeRecord(0).receivedAtMs);
    QTest::newRow("documented channel") << 0 << int(M::Channel) << QStringLiteral("WhatsApp API");
    QTest::newRow("unknown channel") << 4 << int(M::Channel) << QStringLiteral("Channel 99");
    QTest::newRow("no channel") << 3 << int(M::Channel) << QStringLiteral("No channel");
    QTest::newRow("channel_name wins") << 5 << int(M::Channel) << QStringLiteral("My shop");
    QTest::newRow("customer name known") << 0 << int(M::Customer) << QStringLiteral("Ann");
    QTest::newRow("customer id otherwise") << 1 << int(M::Customer) << QStringLiteral("cu1");
    QTest::newRow("unknown sender") << 0 << int(M::Direction) << QString();
    QTest::newRow("customer") << 1 << int(M::Direction) << QStringLiteral("customer");
    QTest::newRow("agent") << 2 << int(M::Direction) << QStringLiteral("agent");
    // Issue 11: not the event name again (the Type column says it).
    QTest::newRow("no direction for other events") << 8 << int(M::Direction) << QStringLiteral("-");
    QTest::newRow("msg_type") << 2 << int(M::Type) << QStringLiteral("image");
    QTest::newRow("event as type") << 7 << int(M::Type) << QStringLiteral("delete_user");
    QTest::newRow("text") << 0 << int(M::Text) << QStringLiteral("Hello World");
    QTest::newRow("first line") << 3 << int(M::Text) << QStringLiteral("first line…");
    // Row 9 is an update_user: its Text is what it changed (nothing here).
    QTest::newRow("customer event") << 9 << int(M::Text) << QStringLiteral("no change");
    QTest::newRow("verification") << 2 << int(M::Verification) << QStringLiteral("verified-loose");
    QTest::newRow("deliveries") << 0 << int(M::Deliveries) << QStringLiteral("1");
}

void TestEventTableModel::displayColumns()
{
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QString, expected);
    QList<EventRecord> records = makeRecords(0, 10);
    records[5].channelName = QStringLiteral("My shop");
    // cu0's name comes from a later customer event; message 0 shows it.
    EventRecord named = makeRecord(8);
    named.chatUserId = QStringLiteral("cu0");
    named.name = QStringLiteral("Ann");
    named.dedupeKey = QStringLiteral("named");
    records.append(named);
    QVERIFY(write(records) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    QCOMPARE(m_model->index(row, column).data().toString(), expected);
}

void TestEventTableModel::rolesCarryRawValues()
{
    QVERIFY(write(makeRecords(0, 10)) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    const EventRecord expected = makeRecord(3);
    const QModelIndex index = m_model->index(3, EventTableModel::Text);
    QCOMPARE(index.data(EventTableModel::EventIdRole).toLongLong(), 4);
    QCOMPARE(index.data(EventTableModel::ReceivedAtRole).toLongLong(), expected.receivedAtMs);
    QCOMPARE(index.data(EventTableModel::ChannelRole).toInt(), -1);
    QCOMPARE(index.data(EventTableModel::ChatUserIdRole).toString(), QStringLiteral("cu3"));
    QCOMPARE(index.data(EventTableModel::ChatSessionIdRole).toString(), QStringLiteral("s3"));
    QCOMPARE(index.data(EventTableModel::EventNameRole).toString(), QStringLiteral("message"));
    QCOMPARE(index.data(EventTableModel::MsgTypeRole).toString(), QStringLiteral("Text"));
    QCOMPARE(index.data(EventTableModel::SenderTypeRole).toInt(), 0);
    QCOMPARE(index.data(EventTableModel::VerificationRole).toInt(),
             int(Verification::BadSignature));
    QCOMPARE(index.data(EventTableModel::VerifiedRole).toBool(), false);
    QCOMPARE(m_model->index(0, 0).data(EventTableModel::VerifiedRole).toBool(), true);
    QCOMPARE(index.data(EventTableModel::DeliveriesRole).toInt(), 1);
    QCOMPARE(index.data(Qt::ToolTipRole).toString(), expected.msg);
    QCOMPARE(index.data(EventTableModel::RecordRole).value<EventRecord>().msg, expected.msg);
    QCOMPARE(index.data(EventTableModel::SortRole).toString(), expected.msg);
    QCOMPARE(m_model->index(3, EventTableModel::Time).data(EventTableModel::SortRole).toLongLong(),
             expected.receivedAtMs);
}

void TestEventTableModel::liveRowsArriveInOneBatchPerAnnouncement()
{
    QVERIFY(write(makeRecords(0, 20)) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    AppendFeed feed;
    feed.setDatabasePath(dbPath());
    feed.setIntervalMs(50);
    m_model->setFeed(&feed);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy appended(m_model.get(), &EventTableModel::rowsAppended);
    for (int batch = 0; batch < 3; ++batch)
        feed.notifyCommitted(write(makeRecords(20 + batch * 5, 5)), 0);
    QCOMPARE(inserted.size(), 0); // the feed has not announced them yet
    QTRY_COMPARE(inserted.size(), 1);
    QVERIFY(!feed.isPending()); // one announcement, applied in one batch
    QCOMPARE(inserted.at(0).at(1).toInt(), 20);
    QCOMPARE(inserted.at(0).at(2).toInt(), 34);
    QCOMPARE(appended.size(), 1);
    QCOMPARE(appended.at(0).at(0).toInt(), 15);
    QCOMPARE(m_model->record(34).id, 35);
    // A stale commit adds nothing; appendUpTo() applies at once.
    m_model->appendUpTo(30);
    QCOMPARE(inserted.size(), 1);
}

// The receiver's feed announces ids of its own store; a model showing
// another store (a colleague's copy, read-only) must not read them as its own.
void TestEventTableModel::followsTheFeedOfItsOwnStoreOnly()
{
    TestStore receivers;
    QVERIFY(receivers.isOpen());
    QVERIFY(write(makeRecords(0, 3)) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    AppendFeed feed;
    feed.setDatabasePath(receivers.path());
    feed.setIntervalMs(0);
    m_model->setFeed(&feed);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    // Rows up to id 6 exist in both stores, but only the receiver's committed.
    QCOMPARE(write(makeRecords(3, 3)), 6);
    QCOMPARE(receivers.write(makeRecords(0, 6)), 6);
    QVERIFY(announceThrough(feed, 6));
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(m_model->rowCount(), 3);
    // The same feed, now about the shown store: its rows arrive.
    feed.setDatabasePath(dbPath());
    QVERIFY(announceThrough(feed, 6));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(m_model->rowCount(), 6);
    // Unsubscribed, the model hears nothing more.
    m_model->setFeed(nullptr);
    QCOMPARE(write(makeRecords(6, 2)), 8);
    QVERIFY(announceThrough(feed, 8));
    QCOMPARE(m_model->rowCount(), 6);
}

void TestEventTableModel::pausedModelHoldsRowsUntilResumed()
{
    QVERIFY(write(makeRecords(0, 10)) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    m_model->setPaused(true);
    QVERIFY(m_model->isPaused());
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy pending(m_model.get(), &EventTableModel::pendingRowCountChanged);
    m_model->appendUpTo(write(makeRecords(10, 4)));
    QCOMPARE(pending.size(), 1);
    m_model->appendUpTo(write(makeRecords(14, 3)));
    QCOMPARE(pending.size(), 2);
    QCOMPARE(pending.at(1).at(0).toInt(), 7);
    QCOMPARE(m_model->pendingRowCount(), 7);
    QCOMPARE(m_model->rowCount(), 10);
    QCOMPARE(m_model->totalMatching(), 17);
    QCOMPARE(inserted.size(), 0);
    m_model->setPaused(false);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 10);
    QCOMPARE(inserted.at(0).at(2).toInt(), 16);
    QCOMPARE(m_model->pendingRowCount(), 0);
    QCOMPARE(pending.last().at(0).toInt(), 0);
    QCOMPARE(m_model->record(16).id, 17);
}

void TestEventTableModel::filterAndScopeSelectExactlyTheMatchingRows_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("scope");

    const int all = EventTableModel::kAllChannels;
    QTest::newRow("empty") << QString() << all;
    QTest::newRow("channel") << QStringLiteral("channel:7") << all;
    QTest::newRow("not channel") << QStringLiteral("-channel:\"WhatsApp API\"") << all;
    QTest::newRow("word") << QStringLiteral("hello") << all;
    QTest::newRow("chinese") << QStringLiteral("退款") << all;
    QTest::newRow("or") << QStringLiteral("type:image OR sender:agent") << all;
    QTest::newRow("verified") << QStringLiteral("verified:no user:cu3") << all;
    QTest::newRow("scope only") << QString() << 7;
    QTest::newRow("scope and filter") << QStringLiteral("-hello") << 7;
    QTest::newRow("no channel and filter")
        << QStringLiteral("hello") << int(EventTableModel::kNoChannel);
    QTest::newRow("nothing") << QStringLiteral("session:nope") << 7;
}

void TestEventTableModel::filterAndScopeSelectExactlyTheMatchingRows()
{
    QFETCH(QString, filter);
    QFETCH(int, scope);
    QVERIFY(write(makeRecords(0, 300)) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    const FilterExpression expression = FilterExpression::parse(filter);
    QVERIFY2(expression.isValid(), qPrintable(expression.errorMessage()));
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    const bool scoped = scope != EventTableModel::kAllChannels;
    if (scoped)
        m_model->setChannelScope(scope);
    m_model->setFilter(expression);
    QCOMPARE(resets.size(), scoped ? 2 : 1);

    QList<qint64> expected;
    for (const EventRecord &r : stored()) {
        if ((!scoped || r.channel == scope) && expression.matches(r))
            expected.append(r.id);
    }
    QVERIFY(!expected.isEmpty() || filter.startsWith(QLatin1String("session")));
    QCOMPARE(shownIds(), expected);
    QCOMPARE(m_model->totalMatching(), expected.size());
}

void TestEventTableModel::eachChannelScopeShowsExactlyItsRows_data()
{
    QTest::addColumn<int>("scope");
    QTest::addColumn<int>("expectedChannel"); // -2: any

    QTest::newRow("all channels") << int(EventTableModel::kAllChannels) << -2;
    QTest::newRow("no channel") << int(EventTableModel::kNoChannel) << -1;
    QTest::newRow("other negative code: no channel") << -7 << -1;
    QTest::newRow("one channel") << 6 << 6;
    QTest::newRow("unknown channel") << 99 << 99;
    QTest::newRow("channel without events") << 3 << 3;
}

// The scope holds on open, on a change of scope and for live rows.
void TestEventTableModel::eachChannelScopeShowsExactlyItsRows()
{
    QFETCH(int, scope);
    QFETCH(int, expectedChannel);
    const auto expectedIds = [this, expectedChannel] {
        QList<qint64> ids;
        for (const EventRecord &r : stored()) {
            if (expectedChannel == -2 || r.channel == expectedChannel)
                ids.append(r.id);
        }
        return ids;
    };
    QVERIFY(write(makeRecords(0, 60)) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    m_model->setChannelScope(7);
    m_model->setChannelScope(scope);
    QCOMPARE(m_model->channelScope(), scope < 0 && scope != EventTableModel::kAllChannels
                                          ? EventTableModel::kNoChannel
                                          : scope);
    QCOMPARE(shownIds(), expectedIds());
    m_model->appendUpTo(write(makeRecords(60, 30)));
    const QList<qint64> expected = expectedIds();
    QCOMPARE(shownIds(), expected);
    QCOMPARE(expected.isEmpty(), expectedChannel == 3);
    if (expectedChannel == -2)
        QCOMPARE(expected.size(), 90);
}

void TestEventTableModel::liveRowsRespectTheFilter()
{
    QVERIFY(write(makeRecords(0, 30)) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    const FilterExpression filter = FilterExpression::parse(QStringLiteral("channel:7 OR hello"));
    m_model->setFilter(filter);
    const int before = m_model->rowCount();
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->appendUpTo(write(makeRecords(30, 30)));
    QCOMPARE(inserted.size(), 1);
    QList<qint64> expected;
    for (const EventRecord &r : stored()) {
        if (filter.matches(r))
            expected.append(r.id);
    }
    QCOMPARE(shownIds(), expected);
    QVERIFY(m_model->rowCount() > before);
}

void TestEventTableModel::testDeliveriesHiddenUnlessTheFilterNamesThem_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("scope");
    const int all = EventTableModel::kAllChannels;
    QTest::newRow("default view") << QString() << all;
    QTest::newRow("a filter without test:") << QStringLiteral("hello OR channel:7") << all;
    QTest::newRow("channel scope") << QString() << 7;
    QTest::newRow("test:yes") << QStringLiteral("test:yes") << all;
    QTest::newRow("everything") << QStringLiteral("-test:no OR test:no") << all;
    QTest::newRow("test:no") << QStringLiteral("test:no") << 7;
}

// Issue 11: the stream hides test deliveries, stored and live, unless the
// filter names them.
void TestEventTableModel::testDeliveriesHiddenUnlessTheFilterNamesThem()
{
    QFETCH(QString, filter);
    QFETCH(int, scope);
    const auto marked = [](QList<EventRecord> records) {
        for (EventRecord &r : records)
            r.test = r.sequenceId.toLongLong() % 5 == 2;
        return records;
    };
    QVERIFY(write(marked(makeRecords(0, 90))) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    const FilterExpression expression = FilterExpression::parse(filter);
    QVERIFY(expression.isValid());
    m_model->setFilter(expression);
    if (scope != EventTableModel::kAllChannels)
        m_model->setChannelScope(scope);
    m_model->appendUpTo(write(marked(makeRecords(90, 30))));
    QList<qint64> expected;
    int tests = 0;
    for (const EventRecord &r : stored()) {
        if ((scope == EventTableModel::kAllChannels || r.channel == scope) &&
            expression.matchesInView(r)) {
            expected.append(r.id);
            tests += r.test ? 1 : 0;
        }
    }
    QVERIFY(!expected.isEmpty());
    QCOMPARE(tests > 0, expression.mentionsTest() && filter != QLatin1String("test:no"));
    QCOMPARE(shownIds(), expected);
    QCOMPARE(m_model->totalMatching(), expected.size());
}

void TestEventTableModel::sortOrdersByRawValuesInSql_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<bool>("descending");
    for (int column = 0; column < EventTableModel::ColumnCount; ++column) {
        const QByteArray name = QMetaEnum::fromType<EventTableModel::Column>().key(column);
        QTest::newRow(QByteArray(name + " ascending").constData()) << column << false;
        QTest::newRow(QByteArray(name + " descending").constData()) << column << true;
    }
}

void TestEventTableModel::sortOrdersByRawValuesInSql()
{
    QFETCH(int, column);
    QFETCH(bool, descending);
    const QList<EventRecord> records = makeRecords(0, 300);
    // Retries of two events: their delivery count becomes 2.
    QVERIFY(write(records + QList<EventRecord>{records.at(40), records.at(41)}) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->sort(column, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(m_model->sortColumn(), column);
    QCOMPARE(m_model->rowCount(), 300);
    QList<qint64> ids = shownIds();
    for (int row = 1; row < m_model->rowCount(); ++row) {
        const QModelIndex a = m_model->index(row - 1, column);
        const QModelIndex b = m_model->index(row, column);
        int order =
            sqlCompare(a.data(EventTableModel::SortRole), b.data(EventTableModel::SortRole));
        if (order == 0) // ties: by id, in the same direction
            order = ids.at(row - 1) < ids.at(row) ? -1 : 1;
        QVERIFY2(descending ? order > 0 : order < 0,
                 qPrintable(QStringLiteral("rows %1 and %2 out of order").arg(row - 1).arg(row)));
    }
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids.size(), 300);
    QCOMPARE(ids.first(), 1);
    QCOMPARE(ids.last(), 300);
}

void TestEventTableModel::sortedModelAppendsLiveRowsAtTheEnd()
{
    QVERIFY(write(makeRecords(0, 20)) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    m_model->sort(EventTableModel::Time, Qt::DescendingOrder);
    QList<EventRecord> late = makeRecords(20, 3);
    for (EventRecord &r : late)
        r.receivedAtMs = kBaseMs - 1000; // older than every shown row
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->appendUpTo(write(late));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 20);
    QCOMPARE(m_model->record(20).id, 21);
    QCOMPARE(m_model->rowOfId(23), 22);
    m_model->reload(); // now they take their place, at the bottom of a descending sort
    QCOMPARE(m_model->record(22).receivedAtMs, kBaseMs - 1000);
    QCOMPARE(m_model->record(22).id, 21);
    qint64 newest = 0;
    for (const EventRecord &r : makeRecords(0, 20))
        newest = std::max(newest, r.receivedAtMs);
    QCOMPARE(m_model->record(0).receivedAtMs, newest);
}

void TestEventTableModel::pageCacheReadsFarApartRowsCorrectly()
{
    QVERIFY(write(makeRecords(0, 5000)) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    const QList<EventRecord> reference = stored();
    QCOMPARE(m_model->rowCount(), reference.size());
    const int rows[] = {0, 4999, 2500, 1, 255, 256, 4000, 3, 1024, 4998, 2047, 2048, 0};
    for (const int row : rows) {
        const EventRecord r = m_model->record(row);
        QCOMPARE(r.id, reference.at(row).id);
        QCOMPARE(r.msg, reference.at(row).msg);
        QCOMPARE(
            m_model->index(row, EventTableModel::Customer).data(EventTableModel::ChatUserIdRole),
            QVariant(reference.at(row).chatUserId));
    }
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->index(row, 0).data(EventTableModel::ReceivedAtRole).toLongLong(),
                 reference.at(row).receivedAtMs);
    // Every row was read once, yet only a bounded number of records is kept.
    QVERIFY(m_model->cachedRecordCount() > 0);
    QVERIFY(m_model->cachedRecordCount() <= 4096);
}

void TestEventTableModel::retriedEventRefreshesShownRow()
{
    const QList<EventRecord> records = makeRecords(0, 5);
    QVERIFY(write(records) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    QCOMPARE(m_model->index(2, EventTableModel::Deliveries).data().toInt(), 1);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QVERIFY(m_store->writer().append(records.at(2))); // a retry: same key, no new row
    // The writer announces the same last id after a commit of retries only.
    m_model->appendUpTo(m_store->writer().maxEventId());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(m_model->rowCount(), 5);
    QCOMPARE(m_model->index(2, EventTableModel::Deliveries).data().toInt(), 2);
    QCOMPARE(m_model->index(2, 0).data(EventTableModel::DeliveriesRole).toInt(), 2);
}

void TestEventTableModel::closeStoreEmptiesTheModel()
{
    QVERIFY(write(makeRecords(0, 10)) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->closeStore();
    QCOMPARE(resets.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->storePath(), QString());
    m_model->appendUpTo(write(makeRecords(10, 2)));
    QCOMPARE(m_model->rowCount(), 0);
}

void TestEventTableModel::openingAMissingStoreFails()
{
    QSignalSpy errors(m_model.get(), &EventTableModel::errorOccurred);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("does not exist")));
    QString error;
    QVERIFY(!m_model->openStore(m_store->filePath(QStringLiteral("missing.db")), &error));
    QVERIFY(error.contains(QLatin1String("missing.db")));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
}

namespace {

EventRecord labelled(const QString &event, const QString &phone, const QString &labels, int n)
{
    EventRecord r =
        CustomerRecords::customerEvent(event, QStringLiteral("cu9"), QStringLiteral("Maria"), n);
    r.phone = phone;
    r.labels = labels;
    r.presentFields = {QStringLiteral("name"), QStringLiteral("phone"), QStringLiteral("labels")};
    return r;
}

} // namespace

void TestEventTableModel::customerEventsShowWhatTheyChanged()
{
    const QString vip = QStringLiteral(R"([{"id":1,"label_name":"VIP"}])");
    const QString gold = QStringLiteral(R"([{"id":2,"label_name":"Gold"}])");
    QVERIFY(write({labelled(QStringLiteral("add_user"), QStringLiteral("+1 555"), vip, 1),
                   makeRecord(0),
                   labelled(QStringLiteral("update_user"), QStringLiteral("+1 556"), gold, 2),
                   labelled(QStringLiteral("update_user"), QStringLiteral("+1 556"), gold, 3)}) >
            0);
    QVERIFY(m_model->openStore(dbPath()));
    using M = EventTableModel;
    QCOMPARE(m_model->index(0, M::Text).data().toString(),
             QStringLiteral("name, phone, labels +VIP"));
    QCOMPARE(m_model->index(0, M::Direction).data().toString(), QStringLiteral("-"));
    const QString second = m_model->index(2, M::Text).data().toString();
    QVERIFY2(second.startsWith(QStringLiteral("phone, labels ")), qPrintable(second));
    QVERIFY(second.contains(QStringLiteral("+Gold")));
    QVERIFY(second.contains(QStringLiteral("-VIP")));
    QCOMPARE(m_model->index(2, M::Text).data(M::ChangesRole).toString(), second);
    const QString tip = m_model->index(2, M::Text).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("phone: +1 555 \u2192 +1 556")), qPrintable(tip));
    // The same values again: nothing changed, and it says so.
    QCOMPARE(m_model->index(3, M::Text).data().toString(), QStringLiteral("no change"));
    QCOMPARE(EventColumns::summary(QString(300, u'x')), QString(199, u'x') + QStringLiteral("…"));
    // A message keeps its text.
    QCOMPARE(m_model->index(1, M::Text).data().toString(), QStringLiteral("Hello World"));
    QVERIFY(m_model->index(1, M::Text).data(M::ChangesRole).toString().isEmpty());
}

void TestEventTableModel::changeSummariesReadEachCustomerOnce()
{
    // The rows of a later customer asked first, then an earlier one: each
    // replay starts where it must, and the answers do not depend on order.
    QList<EventRecord> records;
    for (int n = 1; n <= 30; ++n)
        records.append(labelled(n == 1 ? QStringLiteral("add_user") : QStringLiteral("update_user"),
                                QStringLiteral("+1 %1").arg(n), QString(), n));
    QVERIFY(write(records) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    QCOMPARE(m_model->index(29, EventTableModel::Text).data().toString(), QStringLiteral("phone"));
    QCOMPARE(m_model->index(0, EventTableModel::Text).data().toString(),
             QStringLiteral("name, phone"));
    QCOMPARE(m_model->index(15, EventTableModel::Text).data().toString(), QStringLiteral("phone"));
}

void TestEventTableModel::millisecondsOnDemand()
{
    EventRecord r = makeRecord(0);
    r.receivedAtMs = kBaseMs + 123;
    QVERIFY(write({r}) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    const QModelIndex time = m_model->index(0, EventTableModel::Time);
    QVERIFY(!time.data().toString().contains(u'.'));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setShowMilliseconds(true);
    QVERIFY(m_model->showsMilliseconds());
    QVERIFY(!changed.isEmpty());
    QVERIFY2(time.data().toString().endsWith(QStringLiteral(".123")),
             qPrintable(time.data().toString()));
    changed.clear();
    m_model->setShowMilliseconds(true);
    QVERIFY(changed.isEmpty()); // no change, no signal
    m_model->setShowMilliseconds(false);
    QVERIFY(!time.data().toString().contains(u'.'));
}

void TestEventTableModel::sentColumnAndHeaderTooltips()
{
    EventRecord withSend = makeRecord(0);
    withSend.sendTimeMs = kBaseMs - 2000 + 7;
    EventRecord without = makeRecord(1);
    without.sendTimeMs = 0;
    QVERIFY(write({withSend, without}) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    using M = EventTableModel;
    QCOMPARE(m_model->index(0, M::Sent).data().toString(),
             QDateTime::fromMSecsSinceEpoch(withSend.sendTimeMs)
                 .toLocalTime()
                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    QVERIFY(m_model->index(1, M::Sent).data().toString().isEmpty());
    m_model->setShowMilliseconds(true);
    QVERIFY(m_model->index(0, M::Sent).data().toString().endsWith(QStringLiteral(".007")));
    const QString timeTip =
        m_model->headerData(M::Time, Qt::Horizontal, Qt::ToolTipRole).toString();
    const QString sentTip =
        m_model->headerData(M::Sent, Qt::Horizontal, Qt::ToolTipRole).toString();
    QVERIFY2(timeTip.contains(QStringLiteral("received")), qPrintable(timeTip));
    QVERIFY2(sentTip.contains(QStringLiteral("send_time")), qPrintable(sentTip));
}

void TestEventTableModel::testDeliveriesCarryTheirMark()
{
    EventRecord test = makeRecord(0);
    test.test = true;
    QVERIFY(write({test, makeRecord(1)}) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    // The default view hides tests; a filter that names test: shows them.
    m_model->setFilter(FilterExpression::parse(QStringLiteral("test:yes OR test:no")));
    using M = EventTableModel;
    QCOMPARE(m_model->index(0, M::Verification).data(M::TestRole).toBool(), true);
    QCOMPARE(m_model->index(1, M::Verification).data(M::TestRole).toBool(), false);
    QVERIFY(m_model->index(0, M::Verification)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("test")));
}

QTEST_GUILESS_MAIN(TestEventTableModel)
#include "tst_eventtablemodel.moc"
