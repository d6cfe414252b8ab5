#include "store/eventstore.h"

#include "testsupport_store.h"

#include <QTest>

namespace {

constexpr qint64 kBaseMs = Q_INT64_C(1764000000000);

EventRecord storedEvent(const QString &kind, const QString &session, const QString &user,
                        const QString &msg)
{
    static int serial = 0;
    ++serial;
    EventRecord r;
    r.event = kind;
    r.kind = kind == QLatin1String("message") ? EventKind::Message : EventKind::AddUser;
    r.chatSessionId = session;
    r.chatUserId = user;
    r.msg = msg;
    r.receivedAtMs = kBaseMs + serial * 1000;
    r.lastReceivedAtMs = r.receivedAtMs;
    r.verification = Verification::VerifiedTimestamp;
    r.dedupeKey = QStringLiteral("e:%1").arg(serial);
    r.payload = "{}";
    return r;
}

EventRecord message(const QString &session, const QString &user, const QString &msg)
{
    return storedEvent(QStringLiteral("message"), session, user, msg);
}

QStringList texts(const QList<EventRecord> &records)
{
    QStringList list;
    for (const EventRecord &r : records)
        list.append(r.msg);
    return list;
}

// Ids a spliced-in string would break or a LIKE would widen: a quote, a
// percent and an underscore, next to ids those wildcards would match.
const QString kOddSession = QStringLiteral("s'1%_");
const QString kOddUser = QStringLiteral("u'1%_");

} // namespace

// EventStore::conversationMessages: the messages of one session (or of one
// customer when there is no session) in an id range, newest `limit` kept.
class TestEventStoreConversation final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sessionMessagesOldestFirst();
    void customerMessagesWhenThereIsNoSession();
    void idRangeIsAfterExclusiveUpToInclusive();
    void limitKeepsTheNewest();
    void idsAreBoundNotSpliced();

private:
    TestStore m_store;
    EventStore m_reader;
};

void TestEventStoreConversation::initTestCase()
{
    QVERIFY(m_store.isOpen());
    QVERIFY(m_store.write({
                message(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("one")),   // 1
                message(QStringLiteral("s2"), QStringLiteral("cu1"), QStringLiteral("other")), // 2
                storedEvent(QStringLiteral("add_user"), QStringLiteral("s1"), QStringLiteral("cu1"),
                            QStringLiteral("profile")),                                         // 3
                message(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("two")),    // 4
                message(QStringLiteral("s3"), QStringLiteral("cu2"), QStringLiteral("cu2")),    // 5
                message(QStringLiteral("s1"), QStringLiteral("cu1"), QStringLiteral("three")),  // 6
                message(kOddSession, kOddUser, QStringLiteral("odd")),                          // 7
                message(QStringLiteral("s'1ab"), QStringLiteral("u'1ab"), QStringLiteral("w")), // 8
            }) == 8);
    QVERIFY(m_reader.openForReading(m_store.path()));
}

void TestEventStoreConversation::sessionMessagesOldestFirst()
{
    // The add_user event of s1 is not a message.
    QCOMPARE(texts(m_reader.conversationMessages(QStringLiteral("s1"), QStringLiteral("cu1"), 0,
                                                 100, -1)),
             (QStringList{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}));
    QVERIFY(m_reader.lastError().isEmpty());
}

void TestEventStoreConversation::customerMessagesWhenThereIsNoSession()
{
    QCOMPARE(texts(m_reader.conversationMessages(QString(), QStringLiteral("cu1"), 0, 100, -1)),
             (QStringList{QStringLiteral("one"), QStringLiteral("other"), QStringLiteral("two"),
                          QStringLiteral("three")}));
}

void TestEventStoreConversation::idRangeIsAfterExclusiveUpToInclusive()
{
    QCOMPARE(texts(m_reader.conversationMessages(QStringLiteral("s1"), QString(), 1, 4, -1)),
             QStringList{QStringLiteral("two")});
    QCOMPARE(texts(m_reader.conversationMessages(QStringLiteral("s1"), QString(), 4, 6, -1)),
             QStringList{QStringLiteral("three")});
    QVERIFY(m_reader.conversationMessages(QStringLiteral("s1"), QString(), 6, 100, -1).isEmpty());
}

void TestEventStoreConversation::limitKeepsTheNewest()
{
    QCOMPARE(texts(m_reader.conversationMessages(QStringLiteral("s1"), QString(), 0, 100, 2)),
             (QStringList{QStringLiteral("two"), QStringLiteral("three")}));
}

void TestEventStoreConversation::idsAreBoundNotSpliced()
{
    QCOMPARE(texts(m_reader.conversationMessages(kOddSession, QString(), 0, 100, -1)),
             QStringList{QStringLiteral("odd")});
    QVERIFY(m_reader.lastError().isEmpty());
    QCOMPARE(texts(m_reader.conversationMessages(QString(), kOddUser, 0, 100, -1)),
             QStringList{QStringLiteral("odd")});
    QVERIFY(m_reader.lastError().isEmpty());
}

QTEST_GUILESS_MAIN(TestEventStoreConversation)
#include "tst_eventstore_conversation.moc"
