#include "export/eventexporter.h"
#include "records/eventrecord.h"

#include "csvreader.h"
#include <QBuffer>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QTest>

namespace {

const QString kHeader = QStringLiteral(
    "id,received_at,event,channel,channel_name,chat_user_id,chat_session_id,sequence_id,"
    "msg_type,sender_type,msg,name,phone,email,verification,deliveries,payload,"
    "send_time,sys_user_id,sender,quote_chat,test,forward,stale,conflict");

EventRecord makeEvent(qint64 id)
{
    EventRecord r;
    r.id = id;
    r.receivedAtMs = 1795537097123; // 2026-11-24T16:18:17.123Z
    r.event = QStringLiteral("message");
    r.channel = 7;
    r.chatUserId = QStringLiteral("cu070001");
    r.chatSessionId = QStringLiteral("s1");
    r.sequenceId = QStringLiteral("1695787977126001");
    r.msgType = QStringLiteral("text");
    r.senderType = SenderType::Customer;
    r.msg = QStringLiteral("hello");
    r.verification = Verification::Verified;
    r.deliveries = 2;
    r.payload = R"({"event":"message","data":{"msg":"hello"}})";
    return r;
}

QByteArray exportRecords(EventExporter::Format format, const QList<EventRecord> &records,
                         bool bom = false, bool formulaGuard = true)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    EventExporter exporter(format, &buffer);
    exporter.setBom(bom);
    exporter.setFormulaGuard(formulaGuard);
    if (!exporter.begin())
        return "begin failed";
    for (const EventRecord &r : records) {
        if (!exporter.write(r))
            return "write failed";
    }
    if (!exporter.finish() || exporter.rowsWritten() != records.size())
        return "finish failed";
    return buffer.data();
}

QStringList expectedCells(const EventRecord &r)
{
    const auto guarded = [](const QString &s) {
        static const QString formula = QStringLiteral("=+-@\t\r");
        return !s.isEmpty() && formula.contains(s.front()) ? u'\'' + s : s;
    };
    return {QString::number(r.id),
            EventExporter::isoTime(r.receivedAtMs),
            guarded(r.event),
            r.channel < 0 ? QString() : QString::number(r.channel),
            guarded(r.channelName),
            guarded(r.chatUserId),
            guarded(r.chatSessionId),
            guarded(r.sequenceId),
            guarded(r.msgType),
            r.senderType == SenderType::Unknown ? QString() : QString::number(int(r.senderType)),
            guarded(r.msg),
            guarded(r.name),
            guarded(r.phone),
            guarded(r.email),
            verificationWord(r.verification),
            QString::number(r.deliveries),
            guarded(QString::fromUtf8(r.payload)),
            r.sendTimeMs == 0 ? QString() : EventExporter::isoTime(r.sendTimeMs),
            QString::number(r.sysUserId),
            guarded(r.sender),
            guarded(r.quoteChat),
            r.test ? QStringLiteral("yes") : QStringLiteral("no"),
            QString(), // forward: an EventRecord carries no forwarding rows
            r.stale ? QStringLiteral("yes") : QStringLiteral("no"),
            r.conflict ? QStringLiteral("yes") : QStringLiteral("no")};
}

} // namespace

class TestEventExporter final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void columnsInDesignOrder();
    void csvHeaderOnly();
    void csvRowIsExact();
    void csvField_data();
    void csvField();
    void formulaGuardInRows_data();
    void formulaGuardInRows();
    void bomOnlyWhenAsked();
    void isoTime_data();
    void isoTime();
    void isoTimeMatchesQDateTime();
    void csvRoundTrip();
    void invalidUtf8PayloadIsReplaced();
    void jsonLinesCarryTypedFields();
    void jsonLinesPayloadIsJsonValue_data();
    void jsonLinesPayloadIsJsonValue();
    void flushesInChunks();
    void closedDeviceIsAnError();
    void formatNames();
    void staleAndConflictAreTheLastColumns();
    void issue11ColumnsFollowThePayload();
    void issue11ColumnsCsvAndJson();
};

void TestEventExporter::columnsInDesignOrder()
{
    QCOMPARE(EventExporter::columns().join(u','), kHeader);
}

void TestEventExporter::csvHeaderOnly()
{
    QCOMPARE(exportRecords(EventExporter::Format::Csv, {}), kHeader.toUtf8() + "\r\n");
}

void TestEventExporter::csvRowIsExact()
{
    EventRecord r = makeEvent(12);
    r.name = QStringLiteral("Ann");
    r.phone = QStringLiteral("+8613800000000");
    const QByteArray csv = exportRecords(EventExporter::Format::Csv, {r});
    QCOMPARE(csv,
             kHeader.toUtf8() +
                 "\r\n12,2026-11-24T16:18:17.123Z,message,7,WhatsApp API,cu070001,s1,"
                 "1695787977126001,text,1,hello,Ann,'+8613800000000,,verified,2,"
                 "\"{\"\"event\"\":\"\"message\"\",\"\"data\"\":{\"\"msg\"\":\"\"hello\"\"}}\","
                 ",0,,,no,,no,no\r\n");

    // Unknown channel and sender stay empty; a sender-supplied name wins.
    r.channel = -1;
    r.senderType = SenderType::Unknown;
    r.payload = "x";
    QVERIFY(exportRecords(EventExporter::Format::Csv, {r})
                .endsWith(",message,,,cu070001,s1,1695787977126001,text,,hello,Ann,"
                          "'+8613800000000,,verified,2,x,,0,,,no,,no,no\r\n"));
    r.channel = 99;
    r.channelName = QStringLiteral("Custom");
    QVERIFY(exportRecords(EventExporter::Format::Csv, {r}).contains(",99,Custom,"));
    r.channelName.clear();
    QVERIFY(exportRecords(EventExporter::Format::Csv, {r}).contains(",99,Channel 99,"));
}

void TestEventExporter::csvField_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("cell");

    QTest::newRow("plain") << QStringLiteral("hello") << QStringLiteral("hello");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("only a quote") << QStringLiteral("\"") << QStringLiteral("\"\"\"\"");
    QTest::newRow("LF") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
    QTest::newRow("CR") << QStringLiteral("a\rb") << QStringLiteral("\"a\rb\"");
    QTest::newRow("CRLF") << QStringLiteral("a\r\nb") << QStringLiteral("\"a\r\nb\"");
    QTest::newRow("inner tab") << QStringLiteral("a\tb") << QStringLiteral("a\tb");
    QTest::newRow("emoji") << QStringLiteral("ok 😀") << QStringLiteral("ok 😀");
    QTest::newRow("chinese, comma")
        << QStringLiteral("你好,世界") << QStringLiteral("\"你好,世界\"");
    QTest::newRow("=") << QStringLiteral("=1+2") << QStringLiteral("'=1+2");
    QTest::newRow("+") << QStringLiteral("+1") << QStringLiteral("'+1");
    QTest::newRow("-") << QStringLiteral("-1") << QStringLiteral("'-1");
    QTest::newRow("@") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
    QTest::newRow("tab") << QStringLiteral("\tx") << QStringLiteral("'\tx");
    QTest::newRow("CR first") << QStringLiteral("\rx") << QStringLiteral("\"'\rx\"");
    QTest::newRow("guard and quote") << QStringLiteral("=HYPERLINK(\"a\",\"b\")")
                                     << QStringLiteral("\"'=HYPERLINK(\"\"a\"\",\"\"b\"\")\"");
    QTest::newRow("formula char later") << QStringLiteral("a=b") << QStringLiteral("a=b");
}

void TestEventExporter::csvField()
{
    QFETCH(QString, text);
    QFETCH(QString, cell);
    QCOMPARE(EventExporter::csvField(text), cell);

    // write() produces the same cell in the msg column.
    EventRecord r = makeEvent(1);
    r.msg = text;
    const QByteArray csv = exportRecords(EventExporter::Format::Csv, {r});
    QVERIFY2(csv.contains(QByteArray(",1," + cell.toUtf8() + ",,,,verified,")), csv.constData());
}

void TestEventExporter::formulaGuardInRows_data()
{
    QTest::addColumn<QString>("text");
    for (const char *lead : {"=", "+", "-", "@", "\t", "\r"})
        QTest::newRow(lead) << QString::fromLatin1(lead) + QStringLiteral("cmd|' /C calc'!A0");
}

void TestEventExporter::formulaGuardInRows()
{
    QFETCH(QString, text);
    EventRecord r = makeEvent(1);
    r.event = text;
    r.chatUserId = text;
    r.msg = text;
    r.name = text;
    r.phone = text;
    r.email = text;
    r.payload = text.toUtf8();
    r.sender = text;
    r.quoteChat = text;
    const std::optional<QList<QStringList>> rows =
        parseCsv(QString::fromUtf8(exportRecords(EventExporter::Format::Csv, {r})));
    QVERIFY(rows);
    QCOMPARE(rows->size(), 2);
    const QStringList cells = rows->at(1);
    for (int column : {2, 5, 10, 11, 12, 13, 16, 19, 20})
        QCOMPARE(cells.at(column), u'\'' + text);

    // "Data, not spreadsheet": every cell exactly as stored, still RFC 4180.
    const std::optional<QList<QStringList>> data =
        parseCsv(QString::fromUtf8(exportRecords(EventExporter::Format::Csv, {r}, false, false)));
    QVERIFY(data);
    QCOMPARE(data->size(), 2);
    for (int column : {2, 5, 10, 11, 12, 13, 16, 19, 20})
        QCOMPARE(data->at(1).at(column), text);
    // JSON Lines has no formulas: the option changes nothing there.
    QCOMPARE(exportRecords(EventExporter::Format::JsonLines, {r}, false, false),
             exportRecords(EventExporter::Format::JsonLines, {r}));
}

void TestEventExporter::bomOnlyWhenAsked()
{
    const QByteArray with = exportRecords(EventExporter::Format::Csv, {makeEvent(1)}, true);
    QVERIFY(with.startsWith("\xEF\xBB\xBFid,received_at,"));
    QCOMPARE(with.count("\xEF\xBB\xBF"), 1);
    const QByteArray without = exportRecords(EventExporter::Format::Csv, {makeEvent(1)});
    QVERIFY(without.startsWith("id,received_at,"));
    QCOMPARE(with.mid(3), without);
    // A BOM would break JSON Lines readers; the option is CSV only.
    QVERIFY(exportRecords(EventExporter::Format::JsonLines, {makeEvent(1)}, true).startsWith("{"));
}

void TestEventExporter::isoTime_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("iso");
    QTest::newRow("epoch") << qint64(0) << QStringLiteral("1970-01-01T00:00:00.000Z");
    QTest::newRow("example") << qint64(1795537097123) << QStringLiteral("2026-11-24T16:18:17.123Z");
    QTest::newRow("before epoch") << qint64(-1) << QStringLiteral("1969-12-31T23:59:59.999Z");
    QTest::newRow("leap day") << qint64(1709164800007)
                              << QStringLiteral("2024-02-29T00:00:00.007Z");
    QTest::newRow("year end") << qint64(1735689599999)
                              << QStringLiteral("2024-12-31T23:59:59.999Z");
    QTest::newRow("2000-03-01") << qint64(951868800000)
                                << QStringLiteral("2000-03-01T00:00:00.000Z");
}

void TestEventExporter::isoTime()
{
    QFETCH(qint64, ms);
    QFETCH(QString, iso);
    QCOMPARE(EventExporter::isoTime(ms), iso);
    EventRecord r = makeEvent(1);
    r.receivedAtMs = ms;
    QVERIFY(exportRecords(EventExporter::Format::Csv, {r})
                .contains(QByteArray("\r\n1," + iso.toLatin1() + ",")));
}

void TestEventExporter::isoTimeMatchesQDateTime()
{
    // Spread over 1900..2100, every case compared with Qt's own formatting.
    for (qint64 ms = -2208988800000; ms < 4102444800000; ms += 86400000LL * 7 + 3600123) {
        const QString expected =
            QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
        QCOMPARE(EventExporter::isoTime(ms), expected);
    }
}

void TestEventExporter::csvRoundTrip()
{
    QList<EventRecord> records;
    EventRecord a = makeEvent(1);
    a.msg = QStringLiteral("line one\r\nline two, with \"quotes\" 😀 中文");
    a.name = QStringLiteral("=cmd");
    a.email = QStringLiteral("a,b@example.com");
    records.append(a);
    EventRecord b = makeEvent(2);
    b.event = QStringLiteral("update_user");
    b.channel = -1;
    b.senderType = SenderType::Unknown;
    b.msg = QString();
    b.name = QStringLiteral("张伟 👩‍💻");
    b.phone = QStringLiteral("-5");
    b.verification = Verification::VerifiedTimestamp;
    b.stale = true;
    b.payload = "{\n  \"event\": \"update_user\",\n  \"data\": {\"name\": \"\xE5\xBC\xA0\"}\n}";
    records.append(b);
    EventRecord c = makeEvent(3);
    c.msg = QStringLiteral("\"");
    c.chatSessionId = QStringLiteral("\n");
    c.payload = "";
    c.conflict = true;
    records.append(c);

    const std::optional<QList<QStringList>> rows =
        parseCsv(QString::fromUtf8(exportRecords(EventExporter::Format::Csv, records)));
    QVERIFY(rows);
    QCOMPARE(rows->size(), records.size() + 1);
    QCOMPARE(rows->first(), EventExporter::columns());
    for (qsizetype i = 0; i < records.size(); ++i) {
        const QStringList expected = expectedCells(records.at(i));
        const QStringList &got = rows->at(i + 1);
        QCOMPARE(got.size(), expected.size());
        for (qsizetype column = 0; column < expected.size(); ++column) {
            if (column == 4)
                continue; // channel_name comes from the catalogue
            QCOMPARE(got.at(column), expected.at(column));
        }
    }
    QCOMPARE(rows->at(1).at(4), QStringLiteral("WhatsApp API"));
    QCOMPARE(rows->at(2).at(4), QString());
}

void TestEventExporter::invalidUtf8PayloadIsReplaced()
{
    EventRecord r = makeEvent(1);
    r.payload = QByteArray("ok \xff\xfe end");
    const QByteArray csv = exportRecords(EventExporter::Format::Csv, {r});
    QVERIFY(QByteArrayView(csv).isValidUtf8());
    QVERIFY(QString::fromUtf8(csv).contains(QStringLiteral("ok \uFFFD\uFFFD end")));

    const QByteArray jsonl = exportRecords(EventExporter::Format::JsonLines, {r});
    QVERIFY(QByteArrayView(jsonl).isValidUtf8());
    const QJsonObject o = QJsonDocument::fromJson(jsonl).object();
    QCOMPARE(o.value(QLatin1String("payload")).toString(), QStringLiteral("ok \uFFFD\uFFFD end"));
}

void TestEventExporter::jsonLinesCarryTypedFields()
{
    EventRecord a = makeEvent(5);
    a.msg = QStringLiteral("quote \" backslash \\ newline \n tab \t ctl \x01 😀");
    EventRecord b = makeEvent(6);
    b.channel = -1;
    b.senderType = SenderType::Unknown;
    const QByteArray jsonl = exportRecords(EventExporter::Format::JsonLines, {a, b});
    const QList<QByteArray> lines = jsonl.split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.last().isEmpty());

    for (int i = 0; i < 2; ++i) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(lines.at(i), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.object().keys().size(), EventExporter::columns().size());
    }
    // Keys in the column order, as written (QJsonObject would sort them).
    QVERIFY(lines.at(0).startsWith(R"({"id":5,"received_at":"2026-11-24T16:18:17.123Z","event":)"));
    QVERIFY(lines.at(0).endsWith(
        R"("deliveries":2,"payload":{"event":"message","data":{"msg":"hello"}},)"
        R"("send_time":null,"sys_user_id":0,"sender":"","quote_chat":"","test":false,"forward":"",)"
        R"("stale":false,"conflict":false})"));

    const QJsonObject o = QJsonDocument::fromJson(lines.at(0)).object();
    QCOMPARE(o.value(QLatin1String("id")).toInteger(), 5);
    QCOMPARE(o.value(QLatin1String("channel")).toInteger(), 7);
    QCOMPARE(o.value(QLatin1String("channel_name")).toString(), QStringLiteral("WhatsApp API"));
    QCOMPARE(o.value(QLatin1String("sender_type")).toInteger(), 1);
    QCOMPARE(o.value(QLatin1String("deliveries")).toInteger(), 2);
    QCOMPARE(o.value(QLatin1String("msg")).toString(), a.msg);
    QCOMPARE(o.value(QLatin1String("verification")).toString(), QStringLiteral("verified"));
    QCOMPARE(o.value(QLatin1String("sequence_id")).toString(), QStringLiteral("1695787977126001"));

    const QJsonObject p = QJsonDocument::fromJson(lines.at(1)).object();
    QVERIFY(p.value(QLatin1String("channel")).isNull());
    QVERIFY(p.value(QLatin1String("sender_type")).isNull());
    QCOMPARE(p.value(QLatin1String("channel_name")).toString(), QString());
}

void TestEventExporter::jsonLinesPayloadIsJsonValue_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("written"); // empty: not JSON, so written as a string

    QTest::newRow("compact") << QByteArray(R"({"event":"message","data":{"a":1}})")
                             << QByteArray(R"({"event":"message","data":{"a":1}})");
    QTest::newRow("pretty printed, one line out")
        << QByteArray("{\r\n  \"event\" : \"x\",\n\t\"data\": { \"s\": \"a b\\n\" , \"n\": "
                      "12345678901234567890 , \"l\" : [ true,false , null,-0.5e+3 ] }\n}\n")
        << QByteArray(R"({"event":"x","data":{"s":"a b\n","n":12345678901234567890,)"
                      R"("l":[true,false,null,-0.5e+3]}})");
    QTest::newRow("escapes kept") << QByteArray(R"({"u":"\u00e9\/\"x\\"})")
                                  << QByteArray(R"({"u":"\u00e9\/\"x\\"})");
    QTest::newRow("utf-8 kept") << QByteArray("{\"n\":\"\xE5\xBC\xA0 \xF0\x9F\x98\x80\"}")
                                << QByteArray("{\"n\":\"\xE5\xBC\xA0 \xF0\x9F\x98\x80\"}");
    QTest::newRow("empty containers")
        << QByteArray("{ \"a\" : [ ] , \"b\" : { } }") << QByteArray(R"({"a":[],"b":{}})");
    QTest::newRow("not json") << QByteArray("event=message&data=1") << QByteArray();
    QTest::newRow("truncated") << QByteArray(R"({"event":"mess)") << QByteArray();
    QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})") << QByteArray();
    QTest::newRow("leading zero") << QByteArray(R"({"a":01})") << QByteArray();
    QTest::newRow("bare key") << QByteArray(R"({a:1})") << QByteArray();
    QTest::newRow("raw newline in string") << QByteArray("{\"a\":\"x\ny\"}") << QByteArray();
    QTest::newRow("bad escape") << QByteArray(R"({"a":"\x"})") << QByteArray();
    QTest::newRow("short unicode escape") << QByteArray(R"({"a":"\u12"})") << QByteArray();
    QTest::newRow("two values") << QByteArray(R"({} {})") << QByteArray();
    QTest::newRow("invalid utf-8") << QByteArray("{\"a\":\"\xff\"}") << QByteArray();
    QTest::newRow("too deep") << QByteArray(1000, '[') + QByteArray(1000, ']') << QByteArray();
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void TestEventExporter::jsonLinesPayloadIsJsonValue()
{
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, written);
    EventRecord r = makeEvent(1);
    r.payload = payload;
    const QByteArray jsonl = exportRecords(EventExporter::Format::JsonLines, {r});
    QCOMPARE(jsonl.count('\n'), 1);
    QJsonParseError error;
    const QJsonObject line = QJsonDocument::fromJson(jsonl, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonValue value = line.value(QLatin1String("payload"));
    if (written.isEmpty()) {
        QVERIFY(value.isString());
        QCOMPARE(value.toString(), QString::fromUtf8(payload));
    } else {
        QVERIFY2(jsonl.endsWith(QByteArray(",\"payload\":" + written +
                                           ",\"send_time\":null,\"sys_user_id\":0,\"sender\":\"\","
                                           "\"quote_chat\":\"\",\"test\":false,\"forward\":\"\","
                                           "\"stale\":false,\"conflict\":false}\n")),
                 jsonl.constData());
        QCOMPARE(value.toObject(), QJsonDocument::fromJson(payload).object());
    }
}

void TestEventExporter::flushesInChunks()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    EventExporter exporter(EventExporter::Format::Csv, &buffer);
    const EventRecord r = makeEvent(1);
    qint64 firstFlushAt = 0;
    for (int i = 0; i < 3000; ++i) {
        QVERIFY(exporter.write(r));
        if (!firstFlushAt && buffer.size() > 0)
            firstFlushAt = buffer.size();
    }
    // Written in chunks of about 64 KiB while exporting, not row by row and
    // not all at the end.
    QVERIFY(firstFlushAt >= 64 * 1024);
    QVERIFY(firstFlushAt < 128 * 1024);
    QCOMPARE(exporter.rowsWritten(), 3000);
    QVERIFY(exporter.finish());
    QCOMPARE(buffer.data().count("\r\n"), 3001);
}

void TestEventExporter::closedDeviceIsAnError()
{
    QBuffer buffer; // never opened
    EventExporter exporter(EventExporter::Format::Csv, &buffer);
    QVERIFY(!exporter.begin());
    QVERIFY(!exporter.write(makeEvent(1)));
    QVERIFY(!exporter.finish());
    QVERIFY(!exporter.errorString().isEmpty());
    QCOMPARE(exporter.rowsWritten(), 0);
}

void TestEventExporter::formatNames()
{
    QCOMPARE(EventExporter::formatFromName(u"csv"), EventExporter::Format::Csv);
    QCOMPARE(EventExporter::formatFromName(u"CSV"), EventExporter::Format::Csv);
    QCOMPARE(EventExporter::formatFromName(u"jsonl"), EventExporter::Format::JsonLines);
    QVERIFY(!EventExporter::formatFromName(u"xml"));
}

// Issue 9: a stale timestamp and a key conflict are exported after the
// payload (CSV yes/no, JSON Lines booleans), so older readers keep working.
// Issue 11 puts its columns between the payload and these flags.
void TestEventExporter::staleAndConflictAreTheLastColumns()
{
    const QStringList columns = EventExporter::columns();
    const qsizetype stale = columns.indexOf(QStringLiteral("stale"));
    QVERIFY(stale > columns.indexOf(QStringLiteral("test")));
    QCOMPARE(columns.indexOf(QStringLiteral("conflict")), stale + 1);

    EventRecord r = makeEvent(3);
    r.payload = "x";
    r.stale = true;
    QVERIFY(exportRecords(EventExporter::Format::Csv, {r}).endsWith(",yes,no\r\n"));
    r.stale = false;
    r.conflict = true;
    QVERIFY(exportRecords(EventExporter::Format::Csv, {r}).endsWith(",no,yes\r\n"));
    r.stale = true;
    const QJsonObject o =
        QJsonDocument::fromJson(exportRecords(EventExporter::Format::JsonLines, {r})).object();
    QCOMPARE(o.value(QLatin1String("stale")), QJsonValue(true));
    QCOMPARE(o.value(QLatin1String("conflict")), QJsonValue(true));
}

// Issue 11: DESIGN.md's columns end with the payload; then send_time,
// sys_user_id, sender, quote_chat, test and forward, in this order.
void TestEventExporter::issue11ColumnsFollowThePayload()
{
    const QStringList columns = EventExporter::columns();
    const qsizetype payload = columns.indexOf(QStringLiteral("payload"));
    QCOMPARE(payload, 16);
    QCOMPARE(columns.mid(payload + 1, 6),
             (QStringList{QStringLiteral("send_time"), QStringLiteral("sys_user_id"),
                          QStringLiteral("sender"), QStringLiteral("quote_chat"),
                          QStringLiteral("test"), QStringLiteral("forward")}));
}

void TestEventExporter::issue11ColumnsCsvAndJson()
{
    EventRecord r = makeEvent(4);
    r.payload = "x";
    r.sendTimeMs = 1795537096005; // 2026-11-24T16:18:16.005Z
    r.sysUserId = 10086;
    r.sender = QStringLiteral("agent-1");
    r.quoteChat = QStringLiteral("Hi, \"is\" it\nin stock? 😀");
    r.test = true;
    const QByteArray csv = exportRecords(EventExporter::Format::Csv, {r});
    QVERIFY2(csv.endsWith(",x,2026-11-24T16:18:16.005Z,10086,agent-1,"
                          "\"Hi, \"\"is\"\" it\nin stock? \xF0\x9F\x98\x80\",yes,,no,no\r\n"),
             csv.constData());
    const std::optional<QList<QStringList>> rows = parseCsv(QString::fromUtf8(csv));
    QVERIFY(rows);
    QStringList expected = expectedCells(r);
    expected[4] = QStringLiteral("WhatsApp API"); // channel_name comes from the catalogue
    QCOMPARE(rows->at(1), expected);

    const QJsonObject o =
        QJsonDocument::fromJson(exportRecords(EventExporter::Format::JsonLines, {r})).object();
    QCOMPARE(o.value(QLatin1String("send_time")).toString(),
             QStringLiteral("2026-11-24T16:18:16.005Z"));
    QCOMPARE(o.value(QLatin1String("sys_user_id")).toInteger(), 10086);
    QCOMPARE(o.value(QLatin1String("sender")).toString(), r.sender);
    QCOMPARE(o.value(QLatin1String("quote_chat")).toString(), r.quoteChat);
    QCOMPARE(o.value(QLatin1String("test")), QJsonValue(true));

    // An unassigned conversation, a message without send_time, not a test.
    r.sendTimeMs = 0;
    r.sysUserId = -1;
    r.test = false;
    QVERIFY(exportRecords(EventExporter::Format::Csv, {r}).contains(",x,,-1,agent-1,"));
    const QJsonObject p =
        QJsonDocument::fromJson(exportRecords(EventExporter::Format::JsonLines, {r})).object();
    QVERIFY(p.value(QLatin1String("send_time")).isNull());
    QCOMPARE(p.value(QLatin1String("test")), QJsonValue(false));
}

QTEST_GUILESS_MAIN(TestEventExporter)
#include "tst_eventexporter.moc"
