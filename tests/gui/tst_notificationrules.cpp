#include "notify/notificationrules.h"

#include <QTest>

namespace {

EventRecord message(qint64 id, int channel, const QString &text,
                    SenderType sender = SenderType::Customer)
{
    EventRecord r;
    r.id = id;
    r.event = QStringLiteral("message");
    r.kind = EventKind::Message;
    r.channel = channel;
    r.chatUserId = QStringLiteral("cu-%1").arg(id);
    r.msgType = QStringLiteral("text");
    r.senderType = sender;
    r.msg = text;
    r.payload = R"({"secret":"never shown"})";
    r.verificationDetail = QStringLiteral("sign=abcdef0123456789");
    return r;
}

} // namespace

class TestNotificationRules final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void aCustomerMessageNotifiesWithChannelNameAndText();
    void agentMessagesAndCustomerChangesDoNotNotify();
    void mutedChannelsAndMessagesOffStayQuiet();
    void keywordsNotifyEvenWhenMuted();
    void keywordsAreBounded();
    void aBurstIsOneSummary();
    void doNotDisturbSuppressesEverything();
    void longAndMultiLineTextIsElided();
    void refusalBurstNotifiesOnceThenQuiet();
    void slowRefusalsAreNoBurst();
    void receiverAndStoreProblems();

private:
    NotificationRules m_rules;
    qint64 m_now = 0;
};

void TestNotificationRules::init()
{
    m_rules = NotificationRules();
    m_now = 1'000'000;
    m_rules.setClock([this] { return m_now; });
    m_rules.setNameLookup([](const QString &id) {
        return id == QLatin1String("cu-1") ? QStringLiteral("Ana Lima") : QString();
    });
    m_rules.setSettings(Settings::Notifications());
}

void TestNotificationRules::aCustomerMessageNotifiesWithChannelNameAndText()
{
    const QList<Notification> shown = m_rules.onEvents({message(1, 7, QStringLiteral("Hi there"))});
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).kind, Notification::Kind::Message);
    QCOMPARE(shown.at(0).title, QStringLiteral("Ana Lima on WhatsApp API"));
    QCOMPARE(shown.at(0).body, QStringLiteral("Hi there"));
    QCOMPARE(shown.at(0).eventId, 1);
    QVERIFY(!shown.at(0).urgent);
    // No name known: still says who in words.
    const QList<Notification> other = m_rules.onEvents({message(2, 7, QStringLiteral("x"))});
    QCOMPARE(other.at(0).title, QStringLiteral("A customer on WhatsApp API"));
}

void TestNotificationRules::agentMessagesAndCustomerChangesDoNotNotify()
{
    EventRecord update = message(3, 7, QStringLiteral("changed"));
    update.event = QStringLiteral("update_user");
    update.kind = EventKind::UpdateUser;
    EventRecord unknownSender = message(4, 7, QStringLiteral("?"), SenderType::Unknown);
    QVERIFY(m_rules
                .onEvents({message(2, 7, QStringLiteral("agent reply"), SenderType::Agent), update,
                           unknownSender})
                .isEmpty());
}

void TestNotificationRules::mutedChannelsAndMessagesOffStayQuiet()
{
    Settings::Notifications s;
    s.mutedChannels = {7};
    m_rules.setSettings(s);
    QVERIFY(m_rules.onEvents({message(1, 7, QStringLiteral("hello"))}).isEmpty());
    QCOMPARE(m_rules.onEvents({message(2, 3, QStringLiteral("hello"))}).size(), 1);
    s.mutedChannels.clear();
    s.messages = false;
    m_rules.setSettings(s);
    QVERIFY(m_rules.onEvents({message(3, 3, QStringLiteral("hello"))}).isEmpty());
}

void TestNotificationRules::keywordsNotifyEvenWhenMuted()
{
    Settings::Notifications s;
    s.messages = false;
    s.mutedChannels = {7};
    s.keywords = {QStringLiteral("Refund")};
    m_rules.setSettings(s);
    const QList<Notification> shown =
        m_rules.onEvents({message(1, 7, QStringLiteral("I want a REFUND now")),
                          message(2, 7, QStringLiteral("hi"))});
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).kind, Notification::Kind::Keyword);
    QCOMPARE(shown.at(0).eventId, 1);
    QVERIFY(shown.at(0).title.contains(QLatin1String("Refund")));
    QVERIFY(shown.at(0).title.contains(QLatin1String("Ana Lima")));
    // An agent writing the keyword is not a customer asking.
    QVERIFY(m_rules.onEvents({message(3, 7, QStringLiteral("refund done"), SenderType::Agent)})
                .isEmpty());
    // Many hits at once: one.
    QList<EventRecord> many;
    for (int i = 10; i < 20; ++i)
        many.append(message(i, 7, QStringLiteral("refund %1").arg(i)));
    const QList<Notification> summary = m_rules.onEvents(many);
    QCOMPARE(summary.size(), 1);
    QCOMPARE(summary.at(0).title, QStringLiteral("10 new messages match your keywords"));
    QCOMPARE(summary.at(0).eventId, 19);
}

void TestNotificationRules::keywordsAreBounded()
{
    Settings::Notifications s;
    for (int i = 0; i < 500; ++i)
        s.keywords.append(QStringLiteral("kw%1").arg(i));
    s.keywords.prepend(QString(5000, u'a'));
    s.keywords.prepend(QStringLiteral("   "));
    s.keywords.prepend(QStringLiteral("DUP"));
    s.keywords.prepend(QStringLiteral("dup"));
    m_rules.setSettings(s);
    const QStringList kept = m_rules.settings().keywords;
    QCOMPARE(kept.size(), NotificationRules::kMaxKeywords);
    QCOMPARE(kept.at(0), QStringLiteral("dup"));
    QCOMPARE(kept.at(1).size(), NotificationRules::kMaxKeywordLength); // blank and duplicate gone
    QCOMPARE(m_rules.matchingKeyword(QStringLiteral("a Dup here")), QStringLiteral("dup"));
    QCOMPARE(m_rules.matchingKeyword(QStringLiteral("nothing")), QString());
}

void TestNotificationRules::aBurstIsOneSummary()
{
    QList<EventRecord> burst;
    for (int i = 1; i <= 12; ++i)
        burst.append(message(i, 7, QStringLiteral("m%1").arg(i)));
    burst.append(message(13, 7, QStringLiteral("agent"), SenderType::Agent));
    QList<Notification> shown = m_rules.onEvents(burst);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).title, QStringLiteral("12 new messages on WhatsApp API"));
    QCOMPARE(shown.at(0).body, QStringLiteral("Latest: m12"));
    QCOMPARE(shown.at(0).eventId, 12);
    // Across channels, and with more than were read.
    burst.append(message(14, 3, QStringLiteral("line")));
    shown = m_rules.onEvents(burst, 100);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).title, QStringLiteral("113 new messages on 2 channels"));
    // Up to kMaxSingle come one by one.
    shown = m_rules.onEvents(
        {message(20, 7, QStringLiteral("a")), message(21, 3, QStringLiteral("b"))});
    QCOMPARE(shown.size(), 2);
}

void TestNotificationRules::doNotDisturbSuppressesEverything()
{
    Settings::Notifications s;
    s.doNotDisturb = true;
    s.keywords = {QStringLiteral("refund")};
    m_rules.setSettings(s);
    QVERIFY(m_rules.onEvents({message(1, 7, QStringLiteral("refund"))}).isEmpty());
    QVERIFY(m_rules.onReceiverFailed(QStringLiteral("port in use")).isEmpty());
    QVERIFY(m_rules.onStoreFault(QStringLiteral("disk full")).isEmpty());
    QVERIFY(m_rules.onRefusals(10).isEmpty());
    m_rules.setDoNotDisturb(false);
    QCOMPARE(m_rules.onEvents({message(2, 7, QStringLiteral("refund"))}).size(), 1);
}

void TestNotificationRules::longAndMultiLineTextIsElided()
{
    const QString text = QStringLiteral("line one\nline two\t") + QString(300, u'x');
    const QList<Notification> shown = m_rules.onEvents({message(1, 7, text)});
    const QString body = shown.at(0).body;
    QCOMPARE(body.size(), NotificationRules::kTextChars);
    QVERIFY(body.startsWith(QLatin1String("line one line two x")));
    QVERIFY(body.endsWith(QChar(0x2026)));
    // Never the payload or what the signature check saw.
    QVERIFY(!body.contains(QLatin1String("secret")));
    QVERIFY(!shown.at(0).title.contains(QLatin1String("sign=")));
}

void TestNotificationRules::refusalBurstNotifiesOnceThenQuiet()
{
    for (int i = 0; i < NotificationRules::kBurstCount - 1; ++i) {
        QVERIFY(m_rules.onRefusals(1).isEmpty());
        m_now += 5000;
    }
    QList<Notification> shown = m_rules.onRefusals(1);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).kind, Notification::Kind::Refusals);
    QVERIFY(shown.at(0).urgent);
    // The burst goes on: quiet for a few minutes.
    for (int i = 0; i < 20; ++i) {
        m_now += 1000;
        QVERIFY(m_rules.onRefusals(3).isEmpty());
    }
    m_now += NotificationRules::kBurstQuietMs;
    QCOMPARE(m_rules.onRefusals(NotificationRules::kBurstCount).size(), 1);
    // Switched off: counted, not shown.
    Settings::Notifications s;
    s.refusalBursts = false;
    m_rules.setSettings(s);
    m_now += NotificationRules::kBurstQuietMs + 1;
    QVERIFY(m_rules.onRefusals(100).isEmpty());
}

void TestNotificationRules::slowRefusalsAreNoBurst()
{
    for (int i = 0; i < 20; ++i) {
        QVERIFY(m_rules.onRefusals(1).isEmpty());
        m_now += NotificationRules::kBurstWindowMs / 4 + 1; // four a minute
    }
}

void TestNotificationRules::receiverAndStoreProblems()
{
    QList<Notification> shown = m_rules.onReceiverFailed(QStringLiteral("Port 8080 is in use."));
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).title, QStringLiteral("The receiver stopped"));
    QCOMPARE(shown.at(0).body, QStringLiteral("Port 8080 is in use."));
    QCOMPARE(shown.at(0).eventId, 0);
    shown = m_rules.onStoreFault(QStringLiteral("/tmp/x.db: the disk is full."));
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).kind, Notification::Kind::Store);
    Settings::Notifications s;
    s.receiverProblems = false;
    s.storeProblems = false;
    m_rules.setSettings(s);
    QVERIFY(m_rules.onReceiverFailed(QStringLiteral("x")).isEmpty());
    QVERIFY(m_rules.onStoreFault(QStringLiteral("x")).isEmpty());
}

QTEST_GUILESS_MAIN(TestNotificationRules)
#include "tst_notificationrules.moc"
