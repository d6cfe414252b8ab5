#include "ingest/appendfeed.h"
#include "models/refusedmodel.h"
#include "store/eventstore.h"
#include "testsupport_feed.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

constexpr qint64 kBaseMs = Q_INT64_C(1764000000000);

RefusedRecord makeRefused(int n)
{
    static const int statuses[] = {400, 401, 404, 405};
    RefusedRecord r;
    r.receivedAtMs = kBaseMs + n * 1000;
    r.status = statuses[n % 4];
    r.reason = QStringLiteral("reason %1").arg(n);
    r.method = n % 4 == 3 ? QStringLiteral("GET") : QStringLiteral("POST");
    r.path = n % 4 == 2 ? QStringLiteral("/other") : QStringLiteral("/webhook");
    r.query = n % 2 ? QStringLiteral("signature=x") : QString();
    r.headers = QStringLiteral("Content-Type: application/json");
    r.peer = QStringLiteral("127.0.0.%1").arg(n % 250);
    r.body = QByteArray("body ") + QByteArray::number(n);
    return r;
}

} // namespace

class TestRefusedModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void showsRefusedDeliveriesOldestFirst();
    void displayAndRoles();
    void bodyColumnSaysWhatWasKept();
    void liveRowsArriveInOneBatchPerAnnouncement();
    void ignoresTheFeedOfAnotherStore();
    void pageCacheReadsFarApartRowsCorrectly();
    void closeStoreEmptiesTheModel();
    void bodyColumnsWhenTheBodyParses();
    void removedRowsLeaveTheTable();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("events.db")); }
    qint64 write(int from, int count);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EventStore> m_writer;
    std::unique_ptr<RefusedModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestRefusedModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_writer = std::make_unique<EventStore>();
    QVERIFY(m_writer->open(dbPath()));
    m_model = std::make_unique<RefusedModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestRefusedModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_writer.reset();
    m_dir.reset();
}

qint64 TestRefusedModel::write(int from, int count)
{
    if (!m_writer->beginTransaction())
        return -1;
    for (int n = from; n < from + count; ++n) {
        if (!m_writer->appendRefused(makeRefused(n)))
            return -1;
    }
    return m_writer->commit() ? m_writer->maxRefusedId() : -1;
}

void TestRefusedModel::showsRefusedDeliveriesOldestFirst()
{
    QCOMPARE(write(0, 12), 12);
    QVERIFY(m_model->openStore(dbPath()));
    QCOMPARE(m_model->rowCount(), 12);
    QCOMPARE(m_model->columnCount(), int(RefusedModel::ColumnCount));
    for (int row = 0; row < 12; ++row) {
        QCOMPARE(m_model->index(row, 0).data(RefusedModel::RefusedIdRole).toLongLong(), row + 1);
        QCOMPARE(m_model->record(row).reason, makeRefused(row).reason);
    }
    QStringList headers;
    for (int column = 0; column < m_model->columnCount(); ++column)
        headers.append(m_model->headerData(column, Qt::Horizontal).toString());
    QCOMPARE(headers, (QStringList{QStringLiteral("Time"), QStringLiteral("Status"),
                                   QStringLiteral("Reason"), QStringLiteral("Method"),
                                   QStringLiteral("Path"), QStringLiteral("Peer"),
                                   QStringLiteral("Body"), QStringLiteral("Event"),
                                   QStringLiteral("Channel"), QStringLiteral("Customer")}));
}

void TestRefusedModel::displayAndRoles()
{
    QVERIFY(write(0, 4) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    constexpr int row = 3;
    const RefusedRecord expected = makeRefused(row);
    const auto cell = [this](int column) { return m_model->index(row, column).data(); };
    QCOMPARE(cell(RefusedModel::Time).toString(),
             QDateTime::fromMSecsSinceEpoch(expected.receivedAtMs)
                 .toLocalTime()
                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    QCOMPARE(cell(RefusedModel::Status).toInt(), 405);
    QCOMPARE(cell(RefusedModel::Reason).toString(), QStringLiteral("reason 3"));
    QCOMPARE(cell(RefusedModel::Method).toString(), QStringLiteral("GET"));
    QCOMPARE(cell(RefusedModel::Path).toString(), QStringLiteral("/webhook?signature=x"));
    QCOMPARE(m_model->index(2, RefusedModel::Path).data().toString(), QStringLiteral("/other"));
    QCOMPARE(cell(RefusedModel::Peer).toString(), QStringLiteral("127.0.0.3"));
    const QModelIndex index = m_model->index(row, RefusedModel::Peer);
    QCOMPARE(index.data(RefusedModel::ReceivedAtRole).toLongLong(), expected.receivedAtMs);
    QCOMPARE(index.data(RefusedModel::StatusRole).toInt(), 405);
    const RefusedRecord record = index.data(RefusedModel::RecordRole).value<RefusedRecord>();
    QCOMPARE(record.body, expected.body);
    QCOMPARE(record.headers, expected.headers);
    QCOMPARE(m_model->record(99).id, 0); // out of range: an empty record
}

// A refused body kept in part says so, with the size it had.
void TestRefusedModel::bodyColumnSaysWhatWasKept()
{
    RefusedRecord whole = makeRefused(0);
    whole.body = QByteArray(2048, 'w');
    whole.bodyBytes = whole.body.size();
    RefusedRecord cut = makeRefused(1);
    cut.body = QByteArray(64 * 1024, 'c');
    cut.bodyBytes = 16 * 1024 * 1024;
    {
        EventStore store;
        QVERIFY(store.open(dbPath()));
        QVERIFY(store.appendRefused(whole));
        QVERIFY(store.appendRefused(cut));
    }
    QVERIFY(m_model->openStore(dbPath()));
    QCOMPARE(m_model->index(0, RefusedModel::Body).data().toString(), QStringLiteral("2 KiB"));
    QCOMPARE(m_model->index(1, RefusedModel::Body).data().toString(),
             QStringLiteral("(first 64 KiB of 16 MiB)"));
    QCOMPARE(m_model->index(1, RefusedModel::Body).data(RefusedModel::BodyBytesRole).toLongLong(),
             16 * 1024 * 1024);
}

void TestRefusedModel::liveRowsArriveInOneBatchPerAnnouncement()
{
    QVERIFY(write(0, 3) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    AppendFeed feed;
    feed.setDatabasePath(dbPath());
    feed.setIntervalMs(50);
    m_model->setFeed(&feed);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    // The model counts the feed's refused ids, not its event ids.
    feed.notifyCommitted(0, write(3, 2));
    feed.notifyCommitted(0, write(5, 4));
    QCOMPARE(inserted.size(), 0); // the feed has not announced them yet
    QTRY_COMPARE(inserted.size(), 1);
    QVERIFY(!feed.isPending());
    QCOMPARE(inserted.at(0).at(1).toInt(), 3);
    QCOMPARE(inserted.at(0).at(2).toInt(), 8);
    QCOMPARE(m_model->record(8).reason, QStringLiteral("reason 8"));
    m_model->appendUpTo(9); // already shown; applied at once
    QCOMPARE(inserted.size(), 1);
}

// A colleague's store shown read-only: the receiver's commits are not its.
void TestRefusedModel::ignoresTheFeedOfAnotherStore()
{
    QVERIFY(write(0, 3) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    const QString receivers = m_dir->filePath(QStringLiteral("receiver.db"));
    {
        EventStore other;
        QVERIFY(other.open(receivers));
        for (int n = 0; n < 5; ++n)
            QVERIFY(other.appendRefused(makeRefused(n)));
    }
    AppendFeed feed;
    feed.setDatabasePath(receivers);
    feed.setIntervalMs(0);
    m_model->setFeed(&feed);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QCOMPARE(write(3, 2), 5);
    QVERIFY(announceThrough(feed, 0, 5));
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(m_model->rowCount(), 3);
    feed.setDatabasePath(dbPath());
    QVERIFY(announceThrough(feed, 0, 5));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(m_model->rowCount(), 5);
}

void TestRefusedModel::pageCacheReadsFarApartRowsCorrectly()
{
    QVERIFY(write(0, 1500) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    QCOMPARE(m_model->rowCount(), 1500);
    const int rows[] = {1499, 0, 700, 256, 255, 1024, 3, 1498};
    for (const int row : rows) {
        QCOMPARE(m_model->index(row, RefusedModel::Reason).data().toString(),
                 QStringLiteral("reason %1").arg(row));
        QCOMPARE(m_model->record(row).body, makeRefused(row).body);
    }
    QVERIFY(m_model->cachedRecordCount() <= 4096);
}

void TestRefusedModel::closeStoreEmptiesTheModel()
{
    QVERIFY(write(0, 5) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->closeStore();
    QCOMPARE(resets.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("does not exist")));
    QVERIFY(!m_model->openStore(m_dir->filePath(QStringLiteral("missing.db"))));
    QCOMPARE(m_model->rowCount(), 0);
}

void TestRefusedModel::bodyColumnsWhenTheBodyParses()
{
    RefusedRecord parses = makeRefused(0);
    parses.body = R"({"event":"add_user","data":{"chat_user_id":"cu5","name":"Maria",)"
                  R"("channel_name":"Shop"}})";
    parses.bodyBytes = parses.body.size();
    RefusedRecord garbage = makeRefused(1);
    garbage.body = QByteArray("\x00\xff{\"event\":", 10);
    garbage.bodyBytes = garbage.body.size();
    QVERIFY(m_writer->appendRefused(parses));
    QVERIFY(m_writer->appendRefused(garbage));
    QVERIFY(m_model->openStore(dbPath()));
    QCOMPARE(m_model->index(0, RefusedModel::Event).data().toString(), QStringLiteral("add_user"));
    QCOMPARE(m_model->index(0, RefusedModel::Channel).data().toString(), QStringLiteral("Shop"));
    QCOMPARE(m_model->index(0, RefusedModel::Customer).data().toString(), QStringLiteral("Maria"));
    for (const int column : {RefusedModel::Event, RefusedModel::Channel, RefusedModel::Customer})
        QVERIFY(m_model->index(1, column).data().toString().isEmpty());
}

void TestRefusedModel::removedRowsLeaveTheTable()
{
    QCOMPARE(write(0, 3), 3);
    QVERIFY(m_model->openStore(dbPath()));
    QCOMPARE(m_model->rowOfId(2), 1);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    m_model->removeId(2);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->rowOfId(2), -1);
    QCOMPARE(m_model->record(1).id, 3);
    m_model->removeId(2); // gone already: nothing
    QCOMPARE(removed.size(), 1);
}

QTEST_GUILESS_MAIN(TestRefusedModel)
#include "tst_refusedmodel.moc"
