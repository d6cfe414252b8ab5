#include "ingest/appendfeed.h"
#include "notify/desktopnotifier.h"
#include "store/eventstore.h"
#include "store/storefault.h"
#include "testsupport_notify.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

EventRecord record(const QString &event, int channel, const QString &text, SenderType sender,
                   Verification verification = Verification::Verified)
{
    static int serial = 0;
    ++serial;
    EventRecord r;
    r.event = event;
    r.kind = eventKindFromName(event);
    r.channel = channel;
    r.receivedAtMs = 1764000000000 + serial;
    r.lastReceivedAtMs = r.receivedAtMs;
    r.chatUserId = QStringLiteral("cu-1");
    r.sequenceId = QString::number(serial);
    r.msgType = QStringLiteral("text");
    r.senderType = sender;
    r.msg = text;
    r.name = event == QLatin1String("add_user") ? text : QString();
    r.verification = verification;
    r.dedupeKey = QStringLiteral("k:%1").arg(serial);
    r.payload = "{}";
    return r;
}

EventRecord customer(int channel, const QString &text)
{
    return record(QStringLiteral("message"), channel, text, SenderType::Customer);
}

} // namespace

class TestDesktopNotifier final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void onlyNewCustomerMessagesNotify();
    void aLargeBatchIsReadBoundedAndSummarised();
    void clickingOpensTheEvent();
    void refusedAndUnverifiedBurst();
    void receiverFailureAndStoreFaultNotifyOnce();
    void aQuietFillIsTakenAsRead();

private:
    qint64 write(const QList<EventRecord> &records);

    std::unique_ptr<QTemporaryDir> m_dir;
    EventStore m_writer;
    std::unique_ptr<AppendFeed> m_feed;
    std::unique_ptr<DesktopNotifier> m_notifier;
    FakeSink *m_sink = nullptr;
};

void TestDesktopNotifier::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    const QString path = m_dir->filePath(QStringLiteral("store.db"));
    QVERIFY(m_writer.open(path));
    // Old news before the notifier starts: never shown.
    QVERIFY(write({record(QStringLiteral("add_user"), 7, QStringLiteral("Ana Lima"),
                          SenderType::Unknown),
                   customer(7, QStringLiteral("old"))}) > 0);
    m_feed = std::make_unique<AppendFeed>();
    m_feed->setDatabasePath(path);
    m_feed->setIntervalMs(0);
    m_notifier = std::make_unique<DesktopNotifier>();
    auto sink = std::make_unique<FakeSink>();
    m_sink = sink.get();
    m_notifier->setSink(std::move(sink));
    m_notifier->rules().setSettings(Settings::Notifications());
    m_notifier->setFeed(m_feed.get());
}

void TestDesktopNotifier::cleanup()
{
    m_notifier.reset();
    m_feed.reset();
    m_writer.close();
    m_dir.reset();
}

qint64 TestDesktopNotifier::write(const QList<EventRecord> &records)
{
    if (!m_writer.beginTransaction())
        return -1;
    qint64 last = -1;
    for (const EventRecord &r : records) {
        const auto result = m_writer.append(r);
        if (!result)
            return -1;
        last = result->eventId;
    }
    return m_writer.commit() ? last : -1;
}

void TestDesktopNotifier::onlyNewCustomerMessagesNotify()
{
    const qint64 last =
        write({customer(7, QStringLiteral("Is my order shipped?")),
               record(QStringLiteral("message"), 7, QStringLiteral("Yes!"), SenderType::Agent),
               record(QStringLiteral("update_user"), 7, QString(), SenderType::Unknown)});
    QSignalSpy shown(m_notifier.get(), &DesktopNotifier::shown);
    m_feed->notifyCommitted(last, 0);
    QVERIFY(shown.wait());
    QCOMPARE(m_sink->shown.size(), 1);
    QCOMPARE(m_sink->shown.at(0).title, QStringLiteral("Ana Lima on WhatsApp API"));
    QCOMPARE(m_sink->shown.at(0).body, QStringLiteral("Is my order shipped?"));
    QCOMPARE(m_sink->shown.at(0).eventId, last - 2);
    // The same announcement again (a retry's commit) shows nothing new.
    m_feed->notifyCommitted(last, 0);
    QTRY_VERIFY(!m_feed->isPending());
    QCoreApplication::processEvents();
    QCOMPARE(m_sink->shown.size(), 1);
}

void TestDesktopNotifier::aQuietFillIsTakenAsRead()
{
    // A desk copy filling with the team store's past: its batches, and the
    // one announced right after the fill, are not news.
    QSignalSpy shown(m_notifier.get(), &DesktopNotifier::shown);
    m_notifier->setQuiet(true);
    qint64 last = write({customer(7, QStringLiteral("from last week"))});
    m_feed->notifyCommitted(last, 0);
    QTRY_VERIFY(!m_feed->isPending());
    m_notifier->setQuiet(false);
    last = write({customer(7, QStringLiteral("the fill's last batch"))});
    m_feed->notifyCommitted(last, 0);
    QTRY_VERIFY(!m_feed->isPending());
    QCoreApplication::processEvents();
    QVERIFY(m_sink->shown.isEmpty());
    // After it, a new message notifies as ever.
    last = write({customer(7, QStringLiteral("new today"))});
    m_feed->notifyCommitted(last, 0);
    QVERIFY(shown.wait());
    QCOMPARE(m_sink->shown.size(), 1);
    QCOMPARE(m_sink->shown.at(0).body, QStringLiteral("new today"));
}

void TestDesktopNotifier::aLargeBatchIsReadBoundedAndSummarised()
{
    QList<EventRecord> many;
    for (int i = 0; i < 130; ++i)
        many.append(customer(i % 2 ? 7 : 3, QStringLiteral("m%1").arg(i)));
    const qint64 last = write(many);
    QSignalSpy shown(m_notifier.get(), &DesktopNotifier::shown);
    m_feed->notifyCommitted(last, 0);
    QVERIFY(shown.wait());
    QCOMPARE(m_sink->shown.size(), 1);
    QCOMPARE(m_sink->shown.at(0).title, QStringLiteral("130 new messages on 2 channels"));
    QCOMPARE(m_sink->shown.at(0).body, QStringLiteral("Latest: m129"));
    QCOMPARE(m_sink->shown.at(0).eventId, last);
}

void TestDesktopNotifier::clickingOpensTheEvent()
{
    const qint64 last = write({customer(7, QStringLiteral("hi"))});
    QSignalSpy open(m_notifier.get(), &DesktopNotifier::openEventRequested);
    QSignalSpy shown(m_notifier.get(), &DesktopNotifier::shown);
    m_feed->notifyCommitted(last, 0);
    QVERIFY(shown.wait());
    m_sink->click(m_sink->shown.at(0).eventId);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toLongLong(), last);
    const std::optional<EventRecord> r = m_notifier->record(last);
    QVERIFY(r);
    QCOMPARE(r->msg, QStringLiteral("hi"));
}

void TestDesktopNotifier::refusedAndUnverifiedBurst()
{
    QSignalSpy shown(m_notifier.get(), &DesktopNotifier::shown);
    // Three stored with a bad signature (policy "record") ...
    QList<EventRecord> bad;
    for (int i = 0; i < 3; ++i)
        bad.append(record(QStringLiteral("update_user"), 7, QString(), SenderType::Unknown,
                          Verification::BadSignature));
    const qint64 last = write(bad);
    m_feed->notifyCommitted(last, 0);
    QTRY_VERIFY(!m_feed->isPending());
    QCoreApplication::processEvents();
    QCOMPARE(m_sink->shown.size(), 0);
    // ... and two refused: five within a minute.
    RefusedRecord refused;
    refused.receivedAtMs = 1764000000000;
    refused.status = 401;
    refused.reason = QStringLiteral("bad signature");
    refused.method = QStringLiteral("POST");
    refused.path = QStringLiteral("/webhook");
    qint64 lastRefused = 0;
    for (int i = 0; i < 2; ++i)
        lastRefused = m_writer.appendRefused(refused).value_or(-1);
    QVERIFY(lastRefused > 0);
    m_feed->notifyCommitted(last, lastRefused);
    QVERIFY(shown.wait());
    QCOMPARE(m_sink->shown.size(), 1);
    QCOMPARE(m_sink->shown.at(0).kind, Notification::Kind::Refusals);
}

void TestDesktopNotifier::receiverFailureAndStoreFaultNotifyOnce()
{
    m_notifier->onReceiverState(ReceiverService::State::Listening, QString());
    m_notifier->onReceiverState(ReceiverService::State::Stopped, QString()); // the user's Stop
    QCOMPARE(m_sink->shown.size(), 0);
    m_notifier->onReceiverState(ReceiverService::State::Failed, QStringLiteral("Port in use."));
    m_notifier->onReceiverState(ReceiverService::State::Failed, QStringLiteral("Port in use."));
    QCOMPARE(m_sink->shown.size(), 1);
    QCOMPARE(m_sink->shown.at(0).kind, Notification::Kind::Receiver);
    StoreFault fault;
    fault.kind = StoreFault::Kind::DiskFull;
    fault.reason = QStringLiteral("store.db: the disk is full.");
    m_notifier->onStoreFault(fault);
    m_notifier->onStoreFault(fault);
    QCOMPARE(m_sink->shown.size(), 2);
    QCOMPARE(m_sink->shown.at(1).body, fault.reason);
    m_notifier->onStoreFault(StoreFault());
    m_notifier->onStoreFault(fault);
    QCOMPARE(m_sink->shown.size(), 3);
}

QTEST_MAIN(TestDesktopNotifier)
#include "tst_desktopnotifier.moc"
