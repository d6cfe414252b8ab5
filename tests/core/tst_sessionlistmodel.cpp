#include "ingest/appendfeed.h"
#include "models/sessionlistmodel.h"
#include "store/eventstore.h"

#include "testsupport_feed.h"
#include "testsupport_records.h"
#include "testsupport_store.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

namespace {

constexpr qint64 kBaseMs = Q_INT64_C(1764000000000);

EventRecord message(const QString &session, const QString &user, SenderType sender,
                    const QString &msg, qint64 agent = 0)
{
    static int serial = 0;
    ++serial;
    EventRecord r;
    r.event = QStringLiteral("message");
    r.kind = EventKind::Message;
    r.chatSessionId = session;
    r.chatUserId = user;
    r.senderType = sender;
    r.sender = sender == SenderType::Agent ? QStringLiteral("agent") : user;
    r.sysUserId = agent;
    r.msgType = QStringLiteral("text");
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

EventRecord fromCustomer(const QString &session, const QString &user, const QString &msg)
{
    return message(session, user, SenderType::Customer, msg);
}

QString cell(const SessionListModel &m, int row, int column)
{
    return m.index(row, column).data().toString();
}

QStringList keys(const SessionListModel &m)
{
    QStringList list;
    for (int row = 0; row < m.rowCount(); ++row)
        list.append(m.sessionKey(row));
    return list;
}

} // namespace

class TestSessionListModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneRowPerSessionNewestFirst();
    void sessionlessChannelsGroupByCustomer();
    void namesFromCustomerEventsElseId();
    void servingAgent();
    void unreadCountsAndMarks();
    void marksFromTheLoaderAndBounds();
    void appendsMoveSessionsUpAndKeepTheSelection();
    void openSessionStaysRead();
    void largeStoreLoadsInTheBackground();
    void testDeliveriesNeverCount();
};

void TestSessionListModel::oneRowPerSessionNewestFirst()
{
    TestStore store;
    const EventRecord reply =
        message(QStringLiteral("s1"), QStringLiteral("cu1"), SenderType::Agent,
                QStringLiteral("reply\nsecond line"), 10086);
    QVERIFY(store.write(
                {fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("first")),
                 fromCustomer(QStringLiteral("s2"), QStringLiteral("cu2"), QStringLiteral("other")),
                 reply}) > 0);
    SessionListModel model;
    QAbstractItemModelTester tester(&model);
    QVERIFY(model.openStore(store.path()));
    QCOMPARE(keys(model), (QStringList{QStringLiteral("s:s1"), QStringLiteral("s:s2")}));
    QCOMPARE(cell(model, 0, SessionListModel::LastMessage),
             QStringLiteral("Agent: reply second line"));
    QCOMPARE(cell(model, 1, SessionListModel::LastMessage), QStringLiteral("other"));
    QCOMPARE(cell(model, 0, SessionListModel::Channel), QStringLiteral("WhatsApp API"));
    QCOMPARE(model.index(0, 0).data(SessionListModel::ChannelRole).toInt(), 7);
    QVERIFY(!cell(model, 0, SessionListModel::LastTime).isEmpty());
    // The time is when the last message was sent (send_time).
    QCOMPARE(model.index(0, 0).data(SessionListModel::LastAtRole).toLongLong(), reply.sendTimeMs);
}

void TestSessionListModel::sessionlessChannelsGroupByCustomer()
{
    TestStore store;
    QVERIFY(store.write({fromCustomer(QString(), QStringLiteral("cu1"), QStringLiteral("a")),
                         fromCustomer(QString(), QStringLiteral("cu2"), QStringLiteral("b")),
                         fromCustomer(QString(), QStringLiteral("cu1"), QStringLiteral("c")),
                         fromCustomer(QString(), QString(), QStringLiteral("nobody"))}) > 0);
    SessionListModel model;
    QVERIFY(model.openStore(store.path()));
    QCOMPARE(keys(model), (QStringList{QStringLiteral("u:cu1"), QStringLiteral("u:cu2")}));
    QCOMPARE(cell(model, 0, SessionListModel::LastMessage), QStringLiteral("c"));
    QCOMPARE(model.index(0, 0).data(SessionListModel::ChatSessionIdRole).toString(), QString());
}

void TestSessionListModel::namesFromCustomerEventsElseId()
{
    TestStore store;
    QVERIFY(
        store.write(
            {CustomerRecords::customerEvent(QStringLiteral("add_user"), QStringLiteral("cu1"),
                                            QStringLiteral("Maria"), 1),
             CustomerRecords::customerEvent(QStringLiteral("update_user"), QStringLiteral("cu1"),
                                            QStringLiteral("Maria García (VIP)"), 2),
             fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("hi")),
             fromCustomer(QStringLiteral("s2"), QStringLiteral("cu2"), QStringLiteral("yo"))}) > 0);
    SessionListModel model;
    QVERIFY(model.openStore(store.path()));
    QCOMPARE(model.rowCount(), 2); // customer events are not sessions
    QCOMPARE(cell(model, model.rowOfSession(QStringLiteral("s:s1")), SessionListModel::Customer),
             QStringLiteral("Maria García (VIP)"));
    QCOMPARE(cell(model, model.rowOfSession(QStringLiteral("s:s2")), SessionListModel::Customer),
             QStringLiteral("cu2"));
    QVERIFY(model.index(0, 0)
                .data(SessionListModel::SearchTextRole)
                .toString()
                .contains(QLatin1String("cu2")));
}

void TestSessionListModel::servingAgent()
{
    TestStore store;
    const QString cu = QStringLiteral("cu1");
    QVERIFY(
        store.write({
            // Transferred: the customer's message names the new agent.
            message(QStringLiteral("s1"), cu, SenderType::Agent, QStringLiteral("hello"), 10086),
            message(QStringLiteral("s1"), cu, SenderType::Customer, QStringLiteral("ok"), 10087),
            // A customer's message without an agent does not unassign.
            message(QStringLiteral("s2"), cu, SenderType::Agent, QStringLiteral("hi"), 10086),
            message(QStringLiteral("s2"), cu, SenderType::Customer, QStringLiteral("thx"), 0),
            // The bot took over.
            message(QStringLiteral("s3"), cu, SenderType::Agent, QStringLiteral("hi"), 10086),
            message(QStringLiteral("s3"), cu, SenderType::Agent, QStringLiteral("bot"), 0),
            // Nobody yet.
            fromCustomer(QStringLiteral("s4"), QStringLiteral("cu2"), QStringLiteral("anyone?")),
        }) > 0);
    SessionListModel model;
    QVERIFY(model.openStore(store.path()));
    const auto agent = [&model](const char *session) {
        return cell(model, model.rowOfSession(QStringLiteral("s:") + QLatin1String(session)),
                    SessionListModel::Agent);
    };
    QCOMPARE(agent("s1"), QStringLiteral("agent #10087"));
    QCOMPARE(agent("s2"), QStringLiteral("agent #10086"));
    QCOMPARE(agent("s3"), QStringLiteral("unassigned / bot"));
    QCOMPARE(agent("s4"), QStringLiteral("unassigned / bot"));
    QCOMPARE(model.index(model.rowOfSession(QStringLiteral("s:s1")), 0)
                 .data(SessionListModel::AgentRole)
                 .toLongLong(),
             10087);
    // A batch without an agent keeps the one before.
    model.appendUpTo(store.write(
        {message(QStringLiteral("s2"), cu, SenderType::Customer, QStringLiteral("again"), 0)}));
    QCOMPARE(agent("s2"), QStringLiteral("agent #10086"));
}

void TestSessionListModel::unreadCountsAndMarks()
{
    TestStore store;
    SessionListModel model;
    QAbstractItemModelTester tester(&model);
    QSignalSpy saved(&model, &SessionListModel::readMarksChanged);
    QVERIFY(model.openStore(store.path())); // empty: everything after it is new
    QCOMPARE(saved.count(), 1);
    QCOMPARE(model.readMarks().value(QString()), 0);
    const qint64 last = store.write(
        {fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("1")),
         fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("2")),
         message(QStringLiteral("s1"), QStringLiteral("cu1"), SenderType::Agent,
                 QStringLiteral("agent replies are never unread"), 5),
         fromCustomer(QStringLiteral("s2"), QStringLiteral("cu2"), QStringLiteral("3"))});
    model.appendUpTo(last);
    const int s1 = model.rowOfSession(QStringLiteral("s:s1"));
    QCOMPARE(model.index(s1, 0).data(SessionListModel::UnreadRole).toLongLong(), 2);
    QCOMPARE(cell(model, s1, SessionListModel::Unread), QStringLiteral("2"));
    model.markRead(s1);
    QCOMPARE(model.index(s1, 0).data(SessionListModel::UnreadRole).toLongLong(), 0);
    QCOMPARE(cell(model, s1, SessionListModel::Unread), QString());
    QCOMPARE(saved.count(), 2);
    const SessionListModel::ReadMarks marks =
        saved.last().at(1).value<SessionListModel::ReadMarks>();
    QCOMPARE(marks.value(QStringLiteral("s:s1")), last - 1);
    // Reopened with those marks: s1 read, s2 still unread, and a new
    // customer message in s1 counts from the mark.
    const qint64 more = store.write(
        {fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("4"))});
    SessionListModel again;
    again.setReadMarkLoader([marks](const QString &) { return marks; });
    QVERIFY(again.openStore(store.path()));
    QCOMPARE(again.sessionKey(0), QStringLiteral("s:s1"));
    QCOMPARE(again.index(0, 0).data(SessionListModel::LastEventIdRole).toLongLong(), more);
    QCOMPARE(again.index(0, 0).data(SessionListModel::UnreadRole).toLongLong(), 1);
    QCOMPARE(again.index(1, 0).data(SessionListModel::UnreadRole).toLongLong(), 1);
}

void TestSessionListModel::marksFromTheLoaderAndBounds()
{
    TestStore store;
    const qint64 last = store.write(
        {fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("old"))});
    // A store seen for the first time: what is in it counts as read.
    SessionListModel model;
    QVERIFY(model.openStore(store.path()));
    QCOMPARE(model.index(0, 0).data(SessionListModel::UnreadRole).toLongLong(), 0);
    QCOMPARE(model.readMarks().value(QString()), last);
    // Hostile marks (ahead of the store, negative, too many) are dropped or
    // bounded; the saved set is at most kMaxReadMarks sessions plus "".
    SessionListModel::ReadMarks hostile;
    hostile.insert(QString(), 0);
    hostile.insert(QStringLiteral("s:s1"), last + 1000);
    hostile.insert(QStringLiteral("s:x"), -5);
    for (int i = 0; i < 5000; ++i)
        hostile.insert(QStringLiteral("s:many%1").arg(i), 0);
    SessionListModel loaded;
    loaded.setReadMarkLoader([hostile](const QString &) { return hostile; });
    QSignalSpy saved(&loaded, &SessionListModel::readMarksChanged);
    QVERIFY(loaded.openStore(store.path()));
    QVERIFY(!loaded.readMarks().contains(QStringLiteral("s:s1")));
    QVERIFY(!loaded.readMarks().contains(QStringLiteral("s:x")));
    QVERIFY(loaded.readMarks().size() <= SessionListModel::kMaxReadMarks + 1);
    QCOMPARE(loaded.index(0, 0).data(SessionListModel::UnreadRole).toLongLong(), 1);
    loaded.markRead(0);
    QCOMPARE(saved.count(), 1);
    const auto marks = saved.last().at(1).value<SessionListModel::ReadMarks>();
    QVERIFY(marks.size() <= SessionListModel::kMaxReadMarks + 1);
    QCOMPARE(marks.value(QStringLiteral("s:s1")), last);
}

void TestSessionListModel::appendsMoveSessionsUpAndKeepTheSelection()
{
    TestStore store;
    AppendFeed feed;
    feed.setDatabasePath(store.path());
    feed.setIntervalMs(0);
    QVERIFY(store.write(
                {fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("a")),
                 fromCustomer(QStringLiteral("s2"), QStringLiteral("cu2"), QStringLiteral("b")),
                 fromCustomer(QStringLiteral("s3"), QStringLiteral("cu3"), QStringLiteral("c"))}) >
            0);
    SessionListModel model;
    QAbstractItemModelTester tester(&model);
    model.setFeed(&feed);
    QVERIFY(model.openStore(store.path()));
    QCOMPARE(keys(model),
             (QStringList{QStringLiteral("s:s3"), QStringLiteral("s:s2"), QStringLiteral("s:s1")}));
    QItemSelectionModel selection(&model);
    selection.setCurrentIndex(model.index(1, 0),
                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    // A batch: s1 gets a message, a new session s4 starts, a name arrives.
    const qint64 last = store.write(
        {fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("again")),
         fromCustomer(QStringLiteral("s4"), QStringLiteral("cu4"), QStringLiteral("new")),
         CustomerRecords::customerEvent(QStringLiteral("add_user"), QStringLiteral("cu2"),
                                        QStringLiteral("Bob"), 9)});
    QVERIFY(announceThrough(feed, last));
    QCOMPARE(keys(model), (QStringList{QStringLiteral("s:s4"), QStringLiteral("s:s1"),
                                       QStringLiteral("s:s3"), QStringLiteral("s:s2")}));
    QCOMPARE(cell(model, 1, SessionListModel::LastMessage), QStringLiteral("again"));
    // Only the new one is unread: the store was seen first with "a" in it.
    QCOMPARE(model.index(1, 0).data(SessionListModel::UnreadRole).toLongLong(), 1);
    // The selection followed s2 to its new row, and its new name shows.
    QCOMPARE(selection.currentIndex().row(), 3);
    QCOMPARE(model.sessionKey(selection.currentIndex().row()), QStringLiteral("s:s2"));
    QCOMPARE(cell(model, 3, SessionListModel::Customer), QStringLiteral("Bob"));
}

void TestSessionListModel::openSessionStaysRead()
{
    TestStore store;
    SessionListModel model;
    QVERIFY(model.openStore(store.path()));
    model.appendUpTo(store.write(
        {fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("a"))}));
    model.setOpenSession(QStringLiteral("s:s1"));
    model.markRead(0);
    const qint64 last = store.write(
        {fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("b")),
         fromCustomer(QStringLiteral("s2"), QStringLiteral("cu2"), QStringLiteral("c"))});
    model.appendUpTo(last);
    QCOMPARE(model.index(model.rowOfSession(QStringLiteral("s:s1")), 0)
                 .data(SessionListModel::UnreadRole)
                 .toLongLong(),
             0);
    QCOMPARE(model.readMarks().value(QStringLiteral("s:s1")), last - 1);
    QCOMPARE(model.index(model.rowOfSession(QStringLiteral("s:s2")), 0)
                 .data(SessionListModel::UnreadRole)
                 .toLongLong(),
             1);
}

void TestSessionListModel::largeStoreLoadsInTheBackground()
{
    TestStore store;
    QList<EventRecord> records;
    for (int i = 0; i < 30; ++i)
        records.append(fromCustomer(QStringLiteral("s%1").arg(i % 7),
                                    QStringLiteral("cu%1").arg(i % 7),
                                    QStringLiteral("m%1").arg(i)));
    const qint64 last = store.write(records);
    SessionListModel model;
    QAbstractItemModelTester tester(&model);
    model.setAsyncLoadThreshold(5);
    QSignalSpy loading(&model, &SessionListModel::loadingChanged);
    QVERIFY(model.openStore(store.path()));
    QVERIFY(model.isLoading());
    // A commit announced meanwhile is applied after the load.
    const qint64 more = store.write(
        {fromCustomer(QStringLiteral("s9"), QStringLiteral("cu9"), QStringLiteral("late"))});
    model.appendUpTo(more);
    QTRY_VERIFY(!model.isLoading());
    QVERIFY(last > 0);
    QCOMPARE(model.rowCount(), 8);
    QCOMPARE(model.sessionKey(0), QStringLiteral("s:s9"));
    QCOMPARE(model.sessionKey(1), QStringLiteral("s:s1")); // i = 29 -> s1
}

// Issue 11: the inbox is the real conversations. A test delivery opens no
// session, is not a session's last message and is never unread, whether read
// at opening, on the reader thread or as it arrives.
void TestSessionListModel::testDeliveriesNeverCount()
{
    TestStore store;
    EventRecord testOnly = fromCustomer(QStringLiteral("hookscope-test-1-s"),
                                        QStringLiteral("hookscope-test-1-u"), QStringLiteral("t"));
    testOnly.test = true;
    EventRecord testInReal =
        fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("test text"));
    testInReal.test = true;
    QVERIFY(store.write(
                {fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("real")),
                 testOnly, testInReal}) > 0);
    for (const qint64 threshold : {qint64(1000), qint64(0)}) {
        SessionListModel model;
        QAbstractItemModelTester tester(&model);
        model.setAsyncLoadThreshold(threshold);
        QVERIFY(model.openStore(store.path()));
        QTRY_VERIFY(!model.isLoading());
        QCOMPARE(keys(model), QStringList{QStringLiteral("s:s1")});
        QCOMPARE(cell(model, 0, SessionListModel::LastMessage), QStringLiteral("real"));
        QCOMPARE(model.index(0, 0).data(SessionListModel::UnreadRole).toLongLong(), 0);

        EventRecord arriving =
            fromCustomer(QStringLiteral("hookscope-test-2-s"), QStringLiteral("hookscope-test-2-u"),
                         QStringLiteral("new test"));
        arriving.test = true;
        EventRecord arrivingInReal =
            fromCustomer(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("test 2"));
        arrivingInReal.test = true;
        model.appendUpTo(store.write({arriving, arrivingInReal}));
        QCOMPARE(keys(model), QStringList{QStringLiteral("s:s1")});
        QCOMPARE(cell(model, 0, SessionListModel::LastMessage), QStringLiteral("real"));
        QCOMPARE(model.index(0, 0).data(SessionListModel::UnreadRole).toLongLong(), 0);
    }
}

QTEST_GUILESS_MAIN(TestSessionListModel)
#include "tst_sessionlistmodel.moc"
