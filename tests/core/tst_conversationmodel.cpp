#include "ingest/appendfeed.h"
#include "models/conversationmodel.h"
#include "store/eventstore.h"

#include "testsupport_feed.h"
#include "testsupport_store.h"
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <QTest>

#include <memory>

namespace {

constexpr qint64 kBaseMs = Q_INT64_C(1764000000000);

EventRecord message(const QString &session, const QString &user, SenderType sender,
                    const QString &type, const QString &msg)
{
    static int serial = 0;
    ++serial;
    EventRecord r;
    r.event = QStringLiteral("message");
    r.kind = EventKind::Message;
    r.chatSessionId = session;
    r.chatUserId = user;
    r.senderType = sender;
    r.sender = sender == SenderType::Agent ? QStringLiteral("agent-42") : user;
    r.sysUserId = sender == SenderType::Agent ? 42 : 0;
    r.msgType = type;
    r.msg = msg;
    r.channel = 7;
    r.sequenceId = QString::number(serial);
    r.receivedAtMs = kBaseMs + serial * 1000;
    r.lastReceivedAtMs = r.receivedAtMs;
    r.sendTimeMs = r.receivedAtMs - 500;
    r.verification = Verification::VerifiedTimestamp;
    r.dedupeKey = QStringLiteral("m:%1:%2").arg(user).arg(serial);
    r.payload = "{}";
    return r;
}

EventRecord text(const QString &session, const QString &user, const QString &msg)
{
    return message(session, user, SenderType::Customer, QStringLiteral("text"), msg);
}

// Two sessions of cu1 and one of cu2, interleaved, plus a customer event
// that carries a session id and must not show as a message.
QList<EventRecord> history()
{
    EventRecord reply = message(QStringLiteral("s1"), QStringLiteral("cu1"), SenderType::Agent,
                                QStringLiteral("text"), QStringLiteral("hello"));
    reply.quoteChat = QStringLiteral("hi");
    EventRecord image =
        message(QStringLiteral("s1"), QStringLiteral("cu1"), SenderType::Customer,
                QStringLiteral("image"), QStringLiteral("https://cdn.example.com/p.jpg"));
    image.sendTimeMs = 0; // absent: the received time stands in
    EventRecord profile = text(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("x"));
    profile.event = QStringLiteral("add_user");
    profile.kind = EventKind::AddUser;
    return {text(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("hi")),
            text(QStringLiteral("s3"), QStringLiteral("cu2"), QStringLiteral("other customer")),
            reply,
            text(QStringLiteral("s2"), QStringLiteral("cu1"), QStringLiteral("again")),
            profile,
            image,
            message(QStringLiteral("s2"), QStringLiteral("cu1"), SenderType::Agent,
                    QStringLiteral("button"), QStringLiteral("Yes"))};
}

} // namespace

class TestConversationModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sessionShowsItsMessagesOldestFirst();
    void emptySessionShowsTheCustomersMessages();
    void nothingChosenShowsNothing();
    void rolesDescribeEachMessage();
    void isMedia_data();
    void isMedia();
    void keepsTheNewestMaxMessages();
    void liveMessagesArriveInOneBatch();
    void ignoresTheFeedOfAnotherStore();
    void liveMessagesPastTheMaximumDropTheOldest();
    void closeStoreEmptiesTheModel();
    void customerNameComesFromVerifiedCustomerEvents();

private:
    QString dbPath() const { return m_store->path(); }
    qint64 write(const QList<EventRecord> &records);
    QStringList texts() const;

    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<ConversationModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestConversationModel::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isOpen());
    m_model = std::make_unique<ConversationModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestConversationModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_store.reset();
}

qint64 TestConversationModel::write(const QList<EventRecord> &records)
{
    return m_store->write(records);
}

QStringList TestConversationModel::texts() const
{
    QStringList list;
    for (int row = 0; row < m_model->rowCount(); ++row)
        list.append(m_model->index(row).data(ConversationModel::TextRole).toString());
    return list;
}

void TestConversationModel::sessionShowsItsMessagesOldestFirst()
{
    QVERIFY(write(history()) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    QCOMPARE(m_model->rowCount(), 0);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->showSession(QStringLiteral("s1"), QStringLiteral("cu1"));
    QCOMPARE(resets.size(), 1);
    QCOMPARE(m_model->sessionId(), QStringLiteral("s1"));
    QCOMPARE(m_model->chatUserId(), QStringLiteral("cu1"));
    QCOMPARE(texts(), (QStringList{QStringLiteral("hi"), QStringLiteral("hello"),
                                   QStringLiteral("https://cdn.example.com/p.jpg")}));
    QCOMPARE(m_model->index(0).data(ConversationModel::EventIdRole).toLongLong(), 1);
    QCOMPARE(m_model->index(2).data(ConversationModel::EventIdRole).toLongLong(), 6);
    QCOMPARE(m_model->index(0).data().toString(), QStringLiteral("hi"));
}

void TestConversationModel::emptySessionShowsTheCustomersMessages()
{
    QVERIFY(write(history()) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    m_model->showSession(QString(), QStringLiteral("cu1"));
    QCOMPARE(texts(),
             (QStringList{QStringLiteral("hi"), QStringLiteral("hello"), QStringLiteral("again"),
                          QStringLiteral("https://cdn.example.com/p.jpg"), QStringLiteral("Yes")}));
}

void TestConversationModel::nothingChosenShowsNothing()
{
    QVERIFY(write(history()) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    m_model->showSession(QStringLiteral("s1"), QString());
    QCOMPARE(m_model->rowCount(), 3);
    m_model->showSession(QString(), QString());
    QCOMPARE(m_model->rowCount(), 0);
    m_model->appendUpTo(
        write({text(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("later"))}));
    QCOMPARE(m_model->rowCount(), 0);
}

void TestConversationModel::rolesDescribeEachMessage()
{
    const QList<EventRecord> records = history();
    QVERIFY(write(records) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    m_model->showSession(QStringLiteral("s1"), QStringLiteral("cu1"));
    const QModelIndex hi = m_model->index(0);
    const QModelIndex reply = m_model->index(1);
    const QModelIndex image = m_model->index(2);
    QCOMPARE(hi.data(ConversationModel::FromCustomerRole).toBool(), true);
    QCOMPARE(reply.data(ConversationModel::FromCustomerRole).toBool(), false);
    QCOMPARE(hi.data(ConversationModel::SenderRole).toString(), QStringLiteral("cu1"));
    QCOMPARE(reply.data(ConversationModel::SenderRole).toString(), QStringLiteral("agent-42"));
    QCOMPARE(reply.data(ConversationModel::AgentRole).toLongLong(), 42);
    QCOMPARE(reply.data(ConversationModel::MsgTypeRole).toString(), QStringLiteral("text"));
    QCOMPARE(reply.data(ConversationModel::QuoteRole).toString(), QStringLiteral("hi"));
    QCOMPARE(hi.data(ConversationModel::QuoteRole).toString(), QString());
    QCOMPARE(image.data(ConversationModel::MsgTypeRole).toString(), QStringLiteral("image"));
    QCOMPARE(image.data(ConversationModel::IsMediaRole).toBool(), true);
    QCOMPARE(hi.data(ConversationModel::IsMediaRole).toBool(), false);
    QCOMPARE(reply.data(ConversationModel::SendTimeRole).toLongLong(), records.at(2).sendTimeMs);
    QCOMPARE(image.data(ConversationModel::SendTimeRole).toLongLong(), records.at(5).receivedAtMs);
    QCOMPARE(hi.data(ConversationModel::ChannelRole).toInt(), 7);
    QCOMPARE(hi.data(ConversationModel::VerificationRole).toInt(),
             int(Verification::VerifiedTimestamp));
    QCOMPARE(reply.data(ConversationModel::RecordRole).value<EventRecord>().quoteChat,
             QStringLiteral("hi"));
    QCOMPARE(m_model->record(1).id, 3);
}

void TestConversationModel::isMedia_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("msg");
    QTest::addColumn<bool>("media");

    const QString url = QStringLiteral("https://cdn.example.com/a.png");
    QTest::newRow("image url") << QStringLiteral("image") << url << true;
    QTest::newRow("unknown kind url") << QStringLiteral("file") << url << true;
    QTest::newRow("http, upper case")
        << QStringLiteral("video") << QStringLiteral("HTTP://CDN.EXAMPLE.COM/v.mp4") << true;
    QTest::newRow("spaces around") << QStringLiteral("image") << QStringLiteral(" ") + url << true;
    QTest::newRow("text url") << QStringLiteral("text") << url << false;
    QTest::newRow("button url") << QStringLiteral("button") << url << false;
    QTest::newRow("image caption")
        << QStringLiteral("image") << QStringLiteral("a caption") << false;
    QTest::newRow("not http") << QStringLiteral("image") << QStringLiteral("ftp://x.org/a")
                              << false;
    QTest::newRow("no host") << QStringLiteral("image") << QStringLiteral("https://") << false;
    QTest::newRow("empty") << QStringLiteral("audio") << QString() << false;
}

void TestConversationModel::isMedia()
{
    QFETCH(QString, type);
    QFETCH(QString, msg);
    QFETCH(bool, media);
    EventRecord r;
    r.msgType = type;
    r.msg = msg;
    QCOMPARE(ConversationModel::isMedia(r), media);
}

void TestConversationModel::keepsTheNewestMaxMessages()
{
    QList<EventRecord> records;
    for (int n = 0; n < ConversationModel::kMaxMessages + 20; ++n)
        records.append(text(QStringLiteral("s9"), QStringLiteral("cu9"), QString::number(n)));
    QVERIFY(write(records) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    m_model->showSession(QStringLiteral("s9"), QString());
    QCOMPARE(m_model->rowCount(), ConversationModel::kMaxMessages);
    QCOMPARE(m_model->index(0).data().toString(), QStringLiteral("20"));
    QCOMPARE(m_model->index(ConversationModel::kMaxMessages - 1).data().toString(),
             QString::number(ConversationModel::kMaxMessages + 19));
}

void TestConversationModel::liveMessagesArriveInOneBatch()
{
    QVERIFY(write(history()) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    m_model->showSession(QStringLiteral("s1"), QStringLiteral("cu1"));
    AppendFeed feed;
    feed.setDatabasePath(dbPath());
    feed.setIntervalMs(50);
    m_model->setFeed(&feed);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    const QString s1 = QStringLiteral("s1");
    const QString cu1 = QStringLiteral("cu1");
    feed.notifyCommitted(write({text(s1, cu1, QStringLiteral("one")),
                                text(QStringLiteral("s2"), cu1, QStringLiteral("elsewhere"))}),
                         0);
    feed.notifyCommitted(
        write({text(QStringLiteral("s3"), QStringLiteral("cu2"), QStringLiteral("not ours"))}), 0);
    feed.notifyCommitted(
        write({text(s1, cu1, QStringLiteral("two")), text(s1, cu1, QStringLiteral("three"))}), 0);
    QCOMPARE(inserted.size(), 0); // the feed has not announced them yet
    QTRY_COMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 3);
    QCOMPARE(inserted.at(0).at(2).toInt(), 5);
    QCOMPARE(texts().mid(3),
             (QStringList{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}));
}

// A colleague's store shown read-only: the receiver's commits are not its.
void TestConversationModel::ignoresTheFeedOfAnotherStore()
{
    QVERIFY(write(history()) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    m_model->showSession(QStringLiteral("s1"), QString());
    const int shown = m_model->rowCount();
    TestStore receivers;
    QVERIFY(receivers.isOpen());
    QVERIFY(receivers.write(history()) > 0);
    AppendFeed feed;
    feed.setDatabasePath(receivers.path());
    feed.setIntervalMs(0);
    m_model->setFeed(&feed);
    const qint64 last =
        write({text(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("later"))});
    QVERIFY(announceThrough(feed, last));
    QCOMPARE(m_model->rowCount(), shown);
    feed.setDatabasePath(dbPath());
    QVERIFY(announceThrough(feed, last));
    QCOMPARE(m_model->rowCount(), shown + 1);
    QCOMPARE(texts().constLast(), QStringLiteral("later"));
}

void TestConversationModel::liveMessagesPastTheMaximumDropTheOldest()
{
    QList<EventRecord> records;
    for (int n = 0; n < ConversationModel::kMaxMessages - 5; ++n)
        records.append(text(QStringLiteral("s9"), QStringLiteral("cu9"), QString::number(n)));
    QVERIFY(write(records) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    m_model->showSession(QStringLiteral("s9"), QString());
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    records.clear();
    for (int n = 0; n < 12; ++n)
        records.append(text(QStringLiteral("s9"), QStringLiteral("cu9"), QStringLiteral("new")));
    m_model->appendUpTo(write(records));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 6);
    QCOMPARE(m_model->rowCount(), ConversationModel::kMaxMessages);
    QCOMPARE(m_model->index(0).data().toString(), QStringLiteral("7"));
    QCOMPARE(m_model->index(ConversationModel::kMaxMessages - 1).data().toString(),
             QStringLiteral("new"));
}

void TestConversationModel::closeStoreEmptiesTheModel()
{
    QVERIFY(write(history()) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    m_model->showSession(QStringLiteral("s1"), QStringLiteral("cu1"));
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->closeStore();
    QCOMPARE(resets.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
}

void TestConversationModel::customerNameComesFromVerifiedCustomerEvents()
{
    QVERIFY(write(history()) > 0);
    QVERIFY(m_model->openStore(dbPath()));
    m_model->showSession(QStringLiteral("s1"), QStringLiteral("cu1"));
    // No name known: the id.
    QCOMPARE(m_model->index(0).data(ConversationModel::CustomerNameRole).toString(),
             QStringLiteral("cu1"));
    EventRecord named = text(QString(), QStringLiteral("cu1"), QString());
    named.event = QStringLiteral("add_user");
    named.kind = EventKind::AddUser;
    named.name = QStringLiteral("Ann");
    named.presentFields = {QStringLiteral("name")};
    EventRecord forged = named;
    forged.event = QStringLiteral("update_user");
    forged.kind = EventKind::UpdateUser;
    forged.name = QStringLiteral("Mallory");
    forged.verification = Verification::BadSignature;
    forged.dedupeKey = QStringLiteral("forged");
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->appendUpTo(write({named, forged}));
    // A rename reaches the bubbles already shown; the forged name does not.
    QCOMPARE(changed.size(), 1);
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->index(row).data(ConversationModel::CustomerNameRole).toString(),
                 QStringLiteral("Ann"));
    QCOMPARE(m_model->customerName(QStringLiteral("cu1")), QStringLiteral("Ann"));
    // Another customer's name is not read for this conversation.
    QCOMPARE(m_model->customerName(QStringLiteral("cu2")), QStringLiteral("cu2"));
    // Reopened: the same.
    m_model->showSession(QStringLiteral("s1"), QStringLiteral("cu1"));
    QCOMPARE(m_model->index(0).data(ConversationModel::CustomerNameRole).toString(),
             QStringLiteral("Ann"));
}

QTEST_GUILESS_MAIN(TestConversationModel)
#include "tst_conversationmodel.moc"
