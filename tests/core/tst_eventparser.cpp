#include "fixturevectors.h"
#include "protocol/eventparser.h"
#include "protocol/jsonmemberscanner.h"

#include <QTest>

class TestEventParser final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void messageFields();
    void numericScalarsAreTolerated();
    void dataAsJsonString();
    void customerJsonInStringMembers();
    void customerRealJsonMembers();
    void unknownEventAndTypeAreKept();
    void sendTimeSecondsBecomeMilliseconds();
    void refusesWhatIsNotAnObject_data();
    void refusesWhatIsNotAnObject();
    void scannerSpans_data();
    void scannerSpans();
    void dedupeKeys();
    void everyFixtureParses();
};

void TestEventParser::messageFields()
{
    const QByteArray body(
        R"({"event":"message","data":{"msg_type":"text","chat_user_id":"cu1","sequence_id":"42",)"
        R"("send_time":"1764000001000","msg":"Hi","quote_chat":"earlier","chat_session_id":"s9",)"
        R"("channel":7,"channel_uid":"u7","sender_type":"2","sender":"agent-5","sys_user_id":5,)"
        R"("channel_name":"Shop WA"}})");
    const EventParser::Result result = EventParser::parse(body);
    QVERIFY2(result.ok, qPrintable(result.error));
    const EventRecord &r = result.record;
    QCOMPARE(r.kind, EventKind::Message);
    QCOMPARE(r.event, QStringLiteral("message"));
    QCOMPARE(r.msgType, QStringLiteral("text"));
    QCOMPARE(r.chatUserId, QStringLiteral("cu1"));
    QCOMPARE(r.sequenceId, QStringLiteral("42"));
    QCOMPARE(r.sendTimeMs, Q_INT64_C(1764000001000));
    QCOMPARE(r.msg, QStringLiteral("Hi"));
    QCOMPARE(r.quoteChat, QStringLiteral("earlier"));
    QCOMPARE(r.chatSessionId, QStringLiteral("s9"));
    QCOMPARE(r.channel, 7);
    QCOMPARE(r.channelUid, QStringLiteral("u7"));
    QCOMPARE(r.senderType, SenderType::Agent);
    QCOMPARE(r.sender, QStringLiteral("agent-5"));
    QCOMPARE(r.sysUserId, Q_INT64_C(5));
    QCOMPARE(r.channelName, QStringLiteral("Shop WA"));
    QCOMPARE(result.eventText, QByteArray("message"));
}

void TestEventParser::numericScalarsAreTolerated()
{
    const QByteArray body(R"({"event":"message","data":{"sequence_id":1695787977126003,)"
                          R"("chat_session_id":130003,"channel":"12","sender_type":1,)"
                          R"("sys_user_id":"-1","send_time":1764000003000}})");
    const EventParser::Result result = EventParser::parse(body);
    QVERIFY(result.ok);
    QCOMPARE(result.record.sequenceId, QStringLiteral("1695787977126003"));
    QCOMPARE(result.record.chatSessionId, QStringLiteral("130003"));
    QCOMPARE(result.record.channel, 12);
    QCOMPARE(result.record.senderType, SenderType::Customer);
    QCOMPARE(result.record.sysUserId, Q_INT64_C(-1));
    QCOMPARE(result.record.sendTimeMs, Q_INT64_C(1764000003000));
}

void TestEventParser::dataAsJsonString()
{
    const QByteArray body(R"({"data":"{\"msg_type\":\"image\",\"msg\":\"https:\/\/x\/a.jpg\",)"
                          R"(\"channel\":12}","event":"message"})");
    const EventParser::Result result = EventParser::parse(body);
    QVERIFY(result.ok);
    // The signed text is the string's decoded content: the outer "\/" is "/".
    QCOMPARE(result.dataText,
             QByteArray(R"({"msg_type":"image","msg":"https://x/a.jpg","channel":12})"));
    QCOMPARE(result.record.msgType, QStringLiteral("image"));
    QCOMPARE(result.record.msg, QStringLiteral("https://x/a.jpg"));
    QCOMPARE(result.record.channel, 12);
}

void TestEventParser::customerJsonInStringMembers()
{
    const QByteArray body(
        R"({"event":"add_user","data":{"chat_user_id":"cust-9","name":"Ana","remark_name":"A",)"
        R"("phone":"+55 11","email":"ana@example.com","remark":"r","channel":3,)"
        R"("labels":"[{\"id\":1,\"label_name\":\"VIP\"}]","custom_field":"{\"budget\":500}",)"
        R"("ad_referral":"{\"ad_id\":123}","sys_user_id":0}})");
    const EventParser::Result result = EventParser::parse(body);
    QVERIFY(result.ok);
    const EventRecord &r = result.record;
    QCOMPARE(r.kind, EventKind::AddUser);
    QCOMPARE(r.name, QStringLiteral("Ana"));
    QCOMPARE(r.remarkName, QStringLiteral("A"));
    QCOMPARE(r.phone, QStringLiteral("+55 11"));
    QCOMPARE(r.email, QStringLiteral("ana@example.com"));
    QCOMPARE(r.labels, QStringLiteral(R"([{"id":1,"label_name":"VIP"}])"));
    QCOMPARE(r.customField, QStringLiteral(R"({"budget":500})"));
    QCOMPARE(r.adReferral, QStringLiteral(R"({"ad_id":123})"));
    QVERIFY(r.presentFields.contains(QStringLiteral("remark")));
}

void TestEventParser::customerRealJsonMembers()
{
    const QByteArray body(R"({"event":"update_user","data":{"chat_user_id":"cust-9",)"
                          R"("labels":[{"id":2,"label_name":"Returning"}],)"
                          R"("custom_field":{"interests":[1,2]}}})");
    const EventParser::Result result = EventParser::parse(body);
    QVERIFY(result.ok);
    QCOMPARE(result.record.kind, EventKind::UpdateUser);
    QCOMPARE(result.record.labels, QStringLiteral(R"([{"id":2,"label_name":"Returning"}])"));
    QCOMPARE(result.record.customField, QStringLiteral(R"({"interests":[1,2]})"));
    // Absent members mean "unchanged" and must be distinguishable from empty.
    QVERIFY(!result.record.presentFields.contains(QStringLiteral("phone")));
    QVERIFY(result.record.presentFields.contains(QStringLiteral("labels")));
}

void TestEventParser::unknownEventAndTypeAreKept()
{
    const EventParser::Result result = EventParser::parse(
        R"({"event":"conversation_closed","data":{"msg_type":"sticker","chat_user_id":"c"}})");
    QVERIFY(result.ok);
    QCOMPARE(result.record.kind, EventKind::Unknown);
    QCOMPARE(result.record.event, QStringLiteral("conversation_closed"));
    QCOMPARE(result.record.msgType, QStringLiteral("sticker"));
    QCOMPARE(result.record.channel, -1);
}

void TestEventParser::sendTimeSecondsBecomeMilliseconds()
{
    const EventParser::Result result =
        EventParser::parse(R"({"event":"message","data":{"send_time":"1764000001"}})");
    QVERIFY(result.ok);
    QCOMPARE(result.record.sendTimeMs, Q_INT64_C(1764000001000));
}

void TestEventParser::refusesWhatIsNotAnObject_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not a JSON object");
    QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a JSON object");
    QTest::newRow("form data") << QByteArray("event=message&data=x")
                               << QStringLiteral("not a JSON object");
    QTest::newRow("truncated") << QByteArray(R"({"event":"message","data":{"a":1)")
                               << QStringLiteral("malformed value");
    QTest::newRow("trailing garbage")
        << QByteArray(R"({"event":"message"} x)") << QStringLiteral("after the JSON object");
    QTest::newRow("invalid nested value") << QByteArray(R"({"event":"message","data":{"a":tru}})")
                                          << QStringLiteral("not valid JSON");
    // Stricter than QJsonDocument, which reads "\q" as "q" and "1." as 1.
    QTest::newRow("unknown escape in a nested string")
        << QByteArray(R"({"event":"message","data":{"a":"\q"}})")
        << QStringLiteral("not valid JSON: invalid escape sequence at byte 32");
    QTest::newRow("number without digits after the point")
        << QByteArray(R"({"event":"message","data":{"n":1.}})")
        << QStringLiteral("not valid JSON: invalid number at byte 33");
    QTest::newRow("member value missing")
        << QByteArray(R"({"event":,"data":{}})") << QStringLiteral("malformed value at byte 9");
    QTest::newRow("duplicate data")
        << QByteArray(R"({"data":{},"event":"m","data":{"a":1}})") << QStringLiteral("duplicate");
}

void TestEventParser::refusesWhatIsNotAnObject()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, errorPart);
    const EventParser::Result result = EventParser::parse(body);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(errorPart), qPrintable(result.error));
}

void TestEventParser::scannerSpans_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("dataText");
    QTest::newRow("data after event") << QByteArray(R"({"event":"m","data":{"a":[1,{"b":"}"}]}})")
                                      << QByteArray(R"({"a":[1,{"b":"}"}]})");
    QTest::newRow("data before event, spaces")
        << QByteArray("{ \"data\" :\n{ \"x\" : \"\\\"q\\\"\" } , \"event\":\"m\" }")
        << QByteArray("{ \"x\" : \"\\\"q\\\"\" }");
    QTest::newRow("escaped key name")
        << QByteArray(R"({"d\u0061ta":[1, 2],"event":"m"})") << QByteArray("[1, 2]");
    QTest::newRow("scalar data") << QByteArray(R"({"event":"m","data":123})") << QByteArray("123");
    QTest::newRow("first \"data\" nested in another member")
        << QByteArray(R"({"meta":{"data":1},"event":"m","data":[2]})") << QByteArray("[2]");
    QTest::newRow("string data keeps its quotes and escapes")
        << QByteArray(R"({"data":"{\"a\":\/1}","event":"m"})") << QByteArray(R"("{\"a\":\/1}")");
}

void TestEventParser::scannerSpans()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, dataText);
    QList<JsonMemberScanner::Member> members;
    QString error;
    QVERIFY2(JsonMemberScanner::scan(body, &members, &error), qPrintable(error));
    bool found = false;
    for (const JsonMemberScanner::Member &m : members) {
        if (m.key == "data") {
            QCOMPARE(body.mid(m.begin, m.length), dataText);
            found = true;
        }
    }
    QVERIFY(found);
}

void TestEventParser::dedupeKeys()
{
    const auto key = [](const QByteArray &body) {
        const EventParser::Result r = EventParser::parse(body);
        return EventParser::dedupeKey(r.record, r.dataText);
    };
    QCOMPARE(key(R"({"event":"message","data":{"chat_user_id":"c","sequence_id":7}})"),
             QStringLiteral("m:c:7"));
    // The same customer event with other spacing is the same event...
    QCOMPARE(key(R"({"event":"add_user","data":{"chat_user_id":"c","name":"A"}})"),
             key(R"({"event":"add_user","data":{ "chat_user_id" : "c", "name" : "A" }})"));
    // ...but another change of the same customer is not.
    QVERIFY(key(R"({"event":"update_user","data":{"chat_user_id":"c","name":"A"}})") !=
            key(R"({"event":"update_user","data":{"chat_user_id":"c","name":"B"}})"));
    QVERIFY(key(R"({"event":"add_user","data":{"chat_user_id":"c"}})") !=
            key(R"({"event":"update_user","data":{"chat_user_id":"c"}})"));
}

void TestEventParser::everyFixtureParses()
{
    for (const FixtureVector &v : loadFixtureVectors()) {
        const EventParser::Result result = EventParser::parse(v.body);
        QVERIFY2(result.ok, qPrintable(v.name + u": " + result.error));
        QVERIFY2(!result.record.chatUserId.isEmpty(), qPrintable(v.name));
    }
}

QTEST_GUILESS_MAIN(TestEventParser)
#include "tst_eventparser.moc"
