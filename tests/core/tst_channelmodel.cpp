#include "ingest/appendfeed.h"
#include "models/channelmodel.h"
#include "records/channelcatalog.h"
#include "store/eventstore.h"

#include "testsupport_feed.h"
#include "testsupport_store.h"
#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <QTest>

#include <memory>

namespace {

constexpr qint64 kMinute = 60 * 1000;
// 10:00:30 UTC: the sparkline's last minute is 10:00.
const qint64 kNow = QDateTime(QDate(2026, 11, 24), QTime(10, 0, 30), Qt::UTC).toMSecsSinceEpoch();

EventRecord makeEvent(const QString &event, int channel, qint64 receivedAtMs)
{
    static int serial = 0;
    EventRecord r;
    r.event = event;
    r.kind = eventKindFromName(event);
    r.channel = channel;
    r.receivedAtMs = receivedAtMs;
    r.lastReceivedAtMs = receivedAtMs;
    r.chatUserId = QStringLiteral("cu%1").arg(channel);
    r.msgType = QStringLiteral("text");
    r.msg = QStringLiteral("message %1").arg(++serial);
    r.dedupeKey = QStringLiteral("k:%1").arg(serial);
    r.payload = "{}";
    return r;
}

EventRecord message(int channel, qint64 receivedAtMs)
{
    return makeEvent(QStringLiteral("message"), channel, receivedAtMs);
}

QList<int> sparkline(std::initializer_list<std::pair<int, int>> indexAndCount)
{
    QList<int> values(ChannelModel::kSparkMinutes, 0);
    for (const auto &[index, count] : indexAndCount)
        values[index] = count;
    return values;
}

} // namespace

class TestChannelModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listsAllChannelsThenEveryChannelByCode();
    void countsMessagesPerChannel();
    void sparklineCountsMessagesPerMinute();
    void tickMovesTheSparklineWindow();
    void newMessagesCountAsUnreadInOneBatch();
    void ignoresTheFeedOfAnotherStore();
    void markReadClearsUnread();
    void closeStoreEmptiesTheModel();
    void largeStoreIsTalliedOnTheReaderThread();
    void messagesDuringALoadAreCountedOnce();
    void aNewStoreStartsWithEverythingRead();
    void unreadCountsSurviveAReopen();
    void unreadCountsSurviveAReopenOfALargeStore();
    void markReadDuringALoadKeepsTheChannelRead();
    void hostileReadMarksAreBounded();
    void setReadMarksRecounts();
    void testDeliveriesAreNotCounted();

private:
    QString dbPath() const { return m_store->path(); }
    qint64 write(const QList<EventRecord> &records);
    QVariant value(int code, int role) const
    {
        return m_model->index(m_model->rowOfCode(code)).data(role);
    }
    void openWithHistory();

    qint64 m_now = kNow;
    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<ChannelModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestChannelModel::init()
{
    m_now = kNow;
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isOpen());
    m_model = std::make_unique<ChannelModel>();
    m_model->setClock([this]() { return m_now; });
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestChannelModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_store.reset();
}

qint64 TestChannelModel::write(const QList<EventRecord> &records)
{
    return m_store->write(records);
}

// Messages on 7 (now, twice a minute ago, 29 and 30 minutes ago, 5 hours
// ago), 1, 99 and no channel; customer and unknown events that must not count.
void TestChannelModel::openWithHistory()
{
    QVERIFY(write({message(7, kNow), message(7, kNow - kMinute), message(7, kNow - kMinute),
                   message(7, kNow - 29 * kMinute), message(7, kNow - 30 * kMinute),
                   message(7, kNow - 300 * kMinute), message(1, kNow - 10 * 1000),
                   message(99, kNow - 2 * kMinute), message(-1, kNow - 3 * kMinute),
                   makeEvent(QStringLiteral("add_user"), 7, kNow),
                   makeEvent(QStringLiteral("delete_user"), 42, kNow)}) > 0);
    QVERIFY(m_model->openStore(dbPath()));
}

void TestChannelModel::listsAllChannelsThenEveryChannelByCode()
{
    openWithHistory();
    QList<int> expected{ChannelModel::kAllChannels, -1};
    for (const ChannelCatalog::Channel &c : ChannelCatalog::documented())
        expected.append(c.code);
    expected.append(99); // seen in a message; 42 only in a non-message event
    QList<int> codes;
    for (int row = 0; row < m_model->rowCount(); ++row)
        codes.append(m_model->index(row).data(ChannelModel::CodeRole).toInt());
    QCOMPARE(codes, expected);
    QCOMPARE(m_model->index(0).data().toString(), QStringLiteral("All channels"));
    QCOMPARE(value(7, ChannelModel::NameRole).toString(), QStringLiteral("WhatsApp API"));
    QCOMPARE(value(7, Qt::DisplayRole).toString(), QStringLiteral("WhatsApp API"));
    QCOMPARE(value(99, ChannelModel::NameRole).toString(), QStringLiteral("Channel 99"));
    QCOMPARE(value(3, ChannelModel::DocumentedRole).toBool(), true);
    QCOMPARE(value(99, ChannelModel::DocumentedRole).toBool(), false);
    QCOMPARE(m_model->rowOfCode(ChannelModel::kAllChannels), 0);
    QCOMPARE(m_model->rowOfCode(42), -1);
}

void TestChannelModel::countsMessagesPerChannel()
{
    openWithHistory();
    QCOMPARE(value(7, ChannelModel::MessageCountRole).toLongLong(), 6);
    QCOMPARE(value(1, ChannelModel::MessageCountRole).toLongLong(), 1);
    QCOMPARE(value(99, ChannelModel::MessageCountRole).toLongLong(), 1);
    QCOMPARE(value(-1, ChannelModel::MessageCountRole).toLongLong(), 1);
    QCOMPARE(value(2, ChannelModel::MessageCountRole).toLongLong(), 0);
    QCOMPARE(value(ChannelModel::kAllChannels, ChannelModel::MessageCountRole).toLongLong(), 9);
    QCOMPARE(value(7, ChannelModel::LastMessageAtRole).toLongLong(), kNow);
    QCOMPARE(value(99, ChannelModel::LastMessageAtRole).toLongLong(), kNow - 2 * kMinute);
    QCOMPARE(value(2, ChannelModel::LastMessageAtRole).toLongLong(), 0);
    QCOMPARE(value(ChannelModel::kAllChannels, ChannelModel::LastMessageAtRole).toLongLong(), kNow);
    // Opening does not flood the pane with unread badges.
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->index(row).data(ChannelModel::UnreadRole).toInt(), 0);
}

void TestChannelModel::sparklineCountsMessagesPerMinute()
{
    openWithHistory();
    const auto spark = [this](int code) {
        return value(code, ChannelModel::SparklineRole).value<QList<int>>();
    };
    QCOMPARE(spark(7), sparkline({{0, 1}, {28, 2}, {29, 1}}));
    QCOMPARE(spark(1), sparkline({{29, 1}}));
    QCOMPARE(spark(99), sparkline({{27, 1}}));
    QCOMPARE(spark(2), sparkline({}));
    QCOMPARE(spark(ChannelModel::kAllChannels),
             sparkline({{0, 1}, {26, 1}, {27, 1}, {28, 2}, {29, 2}}));
}

void TestChannelModel::tickMovesTheSparklineWindow()
{
    openWithHistory();
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_now += 2 * kMinute;
    m_model->tick();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(2).value<QList<int>>(), QList<int>{ChannelModel::SparklineRole});
    QCOMPARE(value(7, ChannelModel::SparklineRole).value<QList<int>>(),
             sparkline({{26, 2}, {27, 1}})); // 29 minutes ago has left the window
    // New messages land in the current minute.
    m_model->appendUpTo(write({message(7, m_now), message(7, m_now + 1000)}));
    QCOMPARE(value(7, ChannelModel::SparklineRole).value<QList<int>>(),
             sparkline({{26, 2}, {27, 1}, {29, 2}}));
}

void TestChannelModel::newMessagesCountAsUnreadInOneBatch()
{
    openWithHistory();
    AppendFeed feed;
    feed.setDatabasePath(dbPath());
    feed.setIntervalMs(50);
    m_model->setFeed(&feed);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    feed.notifyCommitted(write({message(7, kNow), message(7, kNow), message(1, kNow)}), 0);
    feed.notifyCommitted(write({message(7, kNow + 1), message(1, kNow + 2)}), 0);
    feed.notifyCommitted(
        write({message(42, kNow + 3), makeEvent(QStringLiteral("add_user"), 7, kNow + 4)}), 0);
    QCOMPARE(changed.size(), 0); // the feed has not announced them yet
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(inserted.size(), 1); // channel 42 appeared, in code order before 99
    QCOMPARE(inserted.at(0).at(1).toInt(), m_model->rowOfCode(42));
    QCOMPARE(m_model->rowOfCode(99), m_model->rowOfCode(42) + 1);
    QCOMPARE(value(7, ChannelModel::UnreadRole).toInt(), 3);
    QCOMPARE(value(1, ChannelModel::UnreadRole).toInt(), 2);
    QCOMPARE(value(42, ChannelModel::UnreadRole).toInt(), 1);
    QCOMPARE(value(ChannelModel::kAllChannels, ChannelModel::UnreadRole).toInt(), 6);
    QCOMPARE(value(7, ChannelModel::MessageCountRole).toLongLong(), 9);
    QCOMPARE(value(42, ChannelModel::LastMessageAtRole).toLongLong(), kNow + 3);
    QCOMPARE(value(ChannelModel::kAllChannels, ChannelModel::MessageCountRole).toLongLong(), 15);
}

// A colleague's store shown read-only: the receiver's commits are not its.
void TestChannelModel::ignoresTheFeedOfAnotherStore()
{
    openWithHistory();
    TestStore receivers;
    QVERIFY(receivers.isOpen());
    AppendFeed feed;
    feed.setDatabasePath(receivers.path());
    feed.setIntervalMs(0);
    m_model->setFeed(&feed);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    const qint64 last = write({message(7, kNow)});
    QCOMPARE(receivers.write({message(7, kNow), message(7, kNow)}), 2);
    QVERIFY(announceThrough(feed, last));
    QCOMPARE(changed.size(), 0);
    QCOMPARE(value(7, ChannelModel::UnreadRole).toInt(), 0);
    feed.setDatabasePath(dbPath());
    QVERIFY(announceThrough(feed, last));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(value(7, ChannelModel::UnreadRole).toInt(), 1);
}

void TestChannelModel::markReadClearsUnread()
{
    openWithHistory();
    m_model->appendUpTo(write({message(7, kNow), message(7, kNow), message(1, kNow)}));
    QCOMPARE(value(ChannelModel::kAllChannels, ChannelModel::UnreadRole).toInt(), 3);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->markRead(7);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(value(7, ChannelModel::UnreadRole).toInt(), 0);
    QCOMPARE(value(1, ChannelModel::UnreadRole).toInt(), 1);
    QCOMPARE(value(ChannelModel::kAllChannels, ChannelModel::UnreadRole).toInt(), 1);
    m_model->appendUpTo(write({message(7, kNow)}));
    QCOMPARE(value(7, ChannelModel::UnreadRole).toInt(), 1);
    m_model->markRead(ChannelModel::kAllChannels);
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->index(row).data(ChannelModel::UnreadRole).toInt(), 0);
}

void TestChannelModel::closeStoreEmptiesTheModel()
{
    openWithHistory();
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->closeStore();
    QCOMPARE(resets.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->rowOfCode(ChannelModel::kAllChannels), -1);
    m_model->appendUpTo(write({message(7, kNow)}));
    QCOMPARE(m_model->rowCount(), 0);
}

// Above the async threshold (lowered to 0 here) the channels show at once
// and the counts follow from the reader thread: the same counts, last times
// and sparklines as a tally on the GUI thread, new channels inserted.
void TestChannelModel::largeStoreIsTalliedOnTheReaderThread()
{
    QVERIFY(write({message(7, kNow), message(7, kNow - kMinute), message(99, kNow - 2 * kMinute),
                   message(-1, kNow - 3 * kMinute), message(1, kNow - 10 * 1000)}) > 0);
    ChannelModel reference;
    reference.setClock([this]() { return m_now; });
    QVERIFY(reference.openStore(dbPath()));
    QVERIFY(!reference.isLoading());

    m_model->setAsyncLoadThreshold(0);
    QSignalSpy loading(m_model.get(), &ChannelModel::loadingChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QVERIFY(m_model->openStore(dbPath()));
    QVERIFY(m_model->isLoading());
    QCOMPARE(m_model->rowOfCode(99), -1);                         // not known before the tally
    QVERIFY(!value(7, ChannelModel::MessageCountRole).isValid()); // not counted yet
    QTRY_VERIFY(!m_model->isLoading());
    QCOMPARE(loading.size(), 2);
    QCOMPARE(inserted.size(), 2); // channel 99 and "no channel"
    QCOMPARE(m_model->rowCount(), reference.rowCount());
    for (int row = 0; row < reference.rowCount(); ++row) {
        for (const int role : {int(ChannelModel::CodeRole), int(ChannelModel::MessageCountRole),
                               int(ChannelModel::LastMessageAtRole),
                               int(ChannelModel::SparklineRole), int(ChannelModel::UnreadRole)})
            QCOMPARE(m_model->index(row).data(role), reference.index(row).data(role));
    }
    QCOMPARE(value(ChannelModel::kAllChannels, ChannelModel::MessageCountRole).toLongLong(), 5);
}

void TestChannelModel::messagesDuringALoadAreCountedOnce()
{
    QVERIFY(write({message(7, kNow), message(7, kNow - kMinute)}) > 0);
    m_model->setAsyncLoadThreshold(0);
    QSignalSpy loading(m_model.get(), &ChannelModel::loadingChanged);
    QVERIFY(m_model->openStore(dbPath()));
    QVERIFY(m_model->isLoading());
    // Committed and announced before the tally arrives: counted after it,
    // as new (unread), not twice.
    m_model->appendUpTo(write({message(7, kNow), message(12, kNow)}));
    QVERIFY(!value(7, ChannelModel::MessageCountRole).isValid()); // held
    QTRY_COMPARE(loading.size(), 2);
    // The held commit is counted in the same step as the tally arrives.
    QCOMPARE(value(7, ChannelModel::MessageCountRole).toLongLong(), 3);
    QCOMPARE(value(12, ChannelModel::MessageCountRole).toLongLong(), 1);
    // Only what arrived after the open is unread.
    QCOMPARE(value(7, ChannelModel::UnreadRole).toInt(), 1);
}

void TestChannelModel::aNewStoreStartsWithEverythingRead()
{
    const qint64 last = write({message(7, kNow), message(1, kNow)});
    m_model->setReadMarkLoader([](const QString &) { return ChannelModel::ReadMarks(); });
    QSignalSpy marks(m_model.get(), &ChannelModel::readMarksChanged);
    QVERIFY(m_model->openStore(dbPath()));
    QCOMPARE(value(ChannelModel::kAllChannels, ChannelModel::UnreadRole).toInt(), 0);
    // The first open saves where reading starts, so the next one knows.
    QCOMPARE(marks.size(), 1);
    QCOMPARE(marks.at(0).at(0).toString(), dbPath());
    const auto saved = marks.at(0).at(1).value<ChannelModel::ReadMarks>();
    QCOMPARE(saved, (ChannelModel::ReadMarks{{ChannelModel::kAllChannels, last}}));
}

// What the window does with the settings: save the marks when they change,
// give them back when the store opens again (after a restart, or after the
// settings dialog reopened the store).
void TestChannelModel::unreadCountsSurviveAReopen()
{
    QHash<QString, ChannelModel::ReadMarks> saved;
    const auto persist = [&saved](ChannelModel &model) {
        model.setReadMarkLoader([&saved](const QString &path) { return saved.value(path); });
        QObject::connect(&model, &ChannelModel::readMarksChanged,
                         [&saved](const QString &path, const ChannelModel::ReadMarks &marks) {
                             saved.insert(path, marks);
                         });
    };
    persist(*m_model);
    openWithHistory();
    m_model->appendUpTo(write({message(7, kNow), message(7, kNow), message(1, kNow)}));
    m_model->markRead(7);
    m_model->appendUpTo(write({message(7, kNow), message(99, kNow)}));
    QCOMPARE(value(7, ChannelModel::UnreadRole).toInt(), 1);
    QCOMPARE(value(1, ChannelModel::UnreadRole).toInt(), 1);
    QCOMPARE(value(99, ChannelModel::UnreadRole).toInt(), 1);
    m_model->closeStore();
    // While closed, more arrive (the receiver runs in the tray).
    QVERIFY(write({message(1, kNow), makeEvent(QStringLiteral("add_user"), 1, kNow)}) > 0);

    ChannelModel reopened;
    reopened.setClock([this]() { return m_now; });
    persist(reopened);
    QVERIFY(reopened.openStore(dbPath()));
    const auto unread = [&reopened](int code) {
        return reopened.index(reopened.rowOfCode(code)).data(ChannelModel::UnreadRole).toInt();
    };
    QCOMPARE(unread(7), 1);
    QCOMPARE(unread(1), 2);
    QCOMPARE(unread(99), 1);
    QCOMPARE(unread(ChannelModel::kAllChannels), 4);
    reopened.markRead(ChannelModel::kAllChannels);
    reopened.closeStore();
    ChannelModel third;
    persist(third);
    QVERIFY(third.openStore(dbPath()));
    QCOMPARE(third.index(0).data(ChannelModel::UnreadRole).toInt(), 0);
}

void TestChannelModel::unreadCountsSurviveAReopenOfALargeStore()
{
    const qint64 first = write({message(7, kNow), message(1, kNow)});
    QVERIFY(write({message(7, kNow), message(7, kNow), message(1, kNow), message(99, kNow)}) > 0);
    m_model->setReadMarkLoader([first](const QString &) {
        return ChannelModel::ReadMarks{{ChannelModel::kAllChannels, first}, {7, first + 1}};
    });
    m_model->setAsyncLoadThreshold(0);
    QVERIFY(m_model->openStore(dbPath()));
    QVERIFY(m_model->isLoading());
    QTRY_VERIFY(!m_model->isLoading());
    QCOMPARE(value(7, ChannelModel::UnreadRole).toInt(), 1); // after first + 1
    QCOMPARE(value(1, ChannelModel::UnreadRole).toInt(), 1);
    QCOMPARE(value(99, ChannelModel::UnreadRole).toInt(), 1);
    QCOMPARE(value(ChannelModel::kAllChannels, ChannelModel::UnreadRole).toInt(), 3);
}

void TestChannelModel::markReadDuringALoadKeepsTheChannelRead()
{
    QVERIFY(write({message(7, kNow), message(1, kNow)}) > 0);
    m_model->setReadMarkLoader([](const QString &) {
        return ChannelModel::ReadMarks{{ChannelModel::kAllChannels, 0}};
    });
    m_model->setAsyncLoadThreshold(0);
    QSignalSpy marks(m_model.get(), &ChannelModel::readMarksChanged);
    QVERIFY(m_model->openStore(dbPath()));
    QVERIFY(m_model->isLoading());
    m_model->markRead(7); // the user looks at it before the counts arrive
    QCOMPARE(marks.size(), 1);
    m_model->appendUpTo(write({message(7, kNow)}));
    QTRY_VERIFY(!m_model->isLoading());
    QCOMPARE(value(7, ChannelModel::UnreadRole).toInt(), 1); // only the one after the mark
    QCOMPARE(value(1, ChannelModel::UnreadRole).toInt(), 1);
}

void TestChannelModel::hostileReadMarksAreBounded()
{
    const qint64 last = write({message(7, kNow), message(1, kNow)});
    m_model->setReadMarkLoader([](const QString &) {
        ChannelModel::ReadMarks marks{{ChannelModel::kAllChannels, -5}, {7, 1'000'000'000}};
        for (int code = 100; code < 5000; ++code)
            marks.insert(code, 0);
        return marks;
    });
    QVERIFY(m_model->openStore(dbPath()));
    const ChannelModel::ReadMarks marks = m_model->readMarks();
    QVERIFY(marks.size() <= ChannelModel::kMaxReadMarks + 1);
    QCOMPARE(marks.value(7, last), last); // past the end: the end (or dropped at the cap)
    // A negative base is dropped and replaced by the end: nothing floods in.
    QCOMPARE(marks.value(ChannelModel::kAllChannels), last);
    QCOMPARE(value(7, ChannelModel::UnreadRole).toInt(), 0);
}

void TestChannelModel::setReadMarksRecounts()
{
    const qint64 first = write({message(7, kNow), message(1, kNow)});
    QVERIFY(write({message(7, kNow), message(42, kNow)}) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    QCOMPARE(value(ChannelModel::kAllChannels, ChannelModel::UnreadRole).toInt(), 0);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setReadMarks({{ChannelModel::kAllChannels, first}});
    QVERIFY(!changed.isEmpty());
    QCOMPARE(value(7, ChannelModel::UnreadRole).toInt(), 1);
    QCOMPARE(value(42, ChannelModel::UnreadRole).toInt(), 1);
    QCOMPARE(value(ChannelModel::kAllChannels, ChannelModel::UnreadRole).toInt(), 2);
}

// Issue 11: test deliveries count nowhere in the channel pane: not in the
// totals, the sparklines or the unread badges, stored or live.
void TestChannelModel::testDeliveriesAreNotCounted()
{
    const auto test = [](int channel, qint64 at) {
        EventRecord r = message(channel, at);
        r.test = true;
        return r;
    };
    QVERIFY(write({test(7, kNow), test(2, kNow - kMinute)}) > 0);
    openWithHistory();
    QCOMPARE(value(7, ChannelModel::MessageCountRole).toLongLong(), 6);
    QCOMPARE(value(2, ChannelModel::MessageCountRole).toLongLong(), 0);
    QCOMPARE(value(ChannelModel::kAllChannels, ChannelModel::MessageCountRole).toLongLong(), 9);
    QCOMPARE(value(7, ChannelModel::SparklineRole).value<QList<int>>(),
             sparkline({{0, 1}, {28, 2}, {29, 1}}));
    m_model->appendUpTo(write({test(7, kNow), test(7, kNow), message(7, kNow)}));
    QCOMPARE(value(7, ChannelModel::MessageCountRole).toLongLong(), 7);
    QCOMPARE(value(7, ChannelModel::UnreadRole).toInt(), 1);
    QCOMPARE(value(7, ChannelModel::SparklineRole).value<QList<int>>(),
             sparkline({{0, 1}, {28, 2}, {29, 2}}));
}

QTEST_GUILESS_MAIN(TestChannelModel)
#include "tst_channelmodel.moc"
