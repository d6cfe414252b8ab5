#include "store/eventcondition.h"
#include "store/eventstore.h"

#include "testsupport_store.h"

#include <QTest>

namespace {

constexpr qint64 kBaseMs = Q_INT64_C(1764000000000);

// channel -1: absent, stored as NULL.
EventRecord customerEvent(const QString &user, int channel)
{
    static int serial = 0;
    ++serial;
    EventRecord r;
    r.event = QStringLiteral("add_user");
    r.kind = EventKind::AddUser;
    r.chatUserId = user;
    r.channel = channel;
    r.receivedAtMs = kBaseMs + serial * 1000;
    r.lastReceivedAtMs = r.receivedAtMs;
    r.verification = Verification::VerifiedTimestamp;
    r.dedupeKey = QStringLiteral("c:%1").arg(serial);
    r.payload = "{}";
    return r;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

// The conditions that models hand to the store instead of SQL text of their
// own: they must select the rows they name when the store runs them.
class TestEventCondition final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void inChannelSelectsOneChannel();
    void negativeChannelSelectsEventsWithoutChannel();
    void andAlsoKeepsBothConditionsAndTheirBindOrder();
    void andAlsoWithAnEmptySideIsTheOtherSide();

private:
    TestStore m_store;
    EventStore m_reader;
};

void TestEventCondition::initTestCase()
{
    QVERIFY(m_store.isOpen());
    QVERIFY(
        m_store.write({customerEvent(QStringLiteral("a"), 7), customerEvent(QStringLiteral("b"), 8),
                       customerEvent(QStringLiteral("c"), -1),
                       customerEvent(QStringLiteral("d"), 7)}) > 0);
    QVERIFY(m_reader.openForReading(m_store.path()));
}

void TestEventCondition::inChannelSelectsOneChannel()
{
    const EventCondition c = EventCondition::inChannel(7);
    QCOMPARE(sorted(m_reader.customerIds(0, 100, c.where, c.binds)),
             (QStringList{QStringLiteral("a"), QStringLiteral("d")}));
    QVERIFY(m_reader.lastError().isEmpty());
}

void TestEventCondition::negativeChannelSelectsEventsWithoutChannel()
{
    const EventCondition c = EventCondition::inChannel(-1);
    QCOMPARE(m_reader.customerIds(0, 100, c.where, c.binds), QStringList{QStringLiteral("c")});
    QVERIFY(m_reader.lastError().isEmpty());
}

void TestEventCondition::andAlsoKeepsBothConditionsAndTheirBindOrder()
{
    // An OR on the left must not swallow the right side, and the binds
    // follow the '?' in order.
    const EventCondition left{QStringLiteral("chat_user_id = ? OR chat_user_id = ?"),
                              {QStringLiteral("b"), QStringLiteral("d")}};
    const EventCondition c = left.andAlso(EventCondition::inChannel(7));
    QCOMPARE(m_reader.customerIds(0, 100, c.where, c.binds), QStringList{QStringLiteral("d")});
    QVERIFY(m_reader.lastError().isEmpty());
}

void TestEventCondition::andAlsoWithAnEmptySideIsTheOtherSide()
{
    const EventCondition channel = EventCondition::inChannel(8);
    const EventCondition right = EventCondition().andAlso(channel);
    const EventCondition left = channel.andAlso(EventCondition());
    QCOMPARE(right.where, channel.where);
    QCOMPARE(right.binds, channel.binds);
    QCOMPARE(left.where, channel.where);
    QCOMPARE(m_reader.customerIds(0, 100, left.where, left.binds),
             QStringList{QStringLiteral("b")});
}

QTEST_GUILESS_MAIN(TestEventCondition)
#include "tst_eventcondition.moc"
