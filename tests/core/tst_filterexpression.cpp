#include "filter/filterexpression.h"
#include "records/eventrecord.h"

#include <QTest>

#include <algorithm>

namespace {

const QDateTime kNow = QDateTime::fromString(QStringLiteral("2026-11-24T12:00:00Z"), Qt::ISODate);

qint64 at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}

EventRecord message(const char *user, int channel, const char *type, SenderType sender,
                    const QString &msg)
{
    EventRecord r;
    r.event = QStringLiteral("message");
    r.chatUserId = QString::fromLatin1(user);
    r.chatSessionId = QStringLiteral("s-") + r.chatUserId;
    r.channel = channel;
    r.msgType = QString::fromLatin1(type);
    r.senderType = sender;
    r.msg = msg;
    return r;
}

// Six hand-made events with names; the tables below list which of them match.
QList<QPair<QString, EventRecord>> handMade()
{
    EventRecord text =
        message("u1", 7, "text", SenderType::Customer, QStringLiteral("Hello World"));
    text.sysUserId = 42;
    text.verification = Verification::Verified;
    text.receivedAtMs = at("2026-11-24T10:00:00Z");

    EventRecord button =
        message("u2", 6, "button", SenderType::Agent, QStringLiteral("Price? 价格是多少"));
    button.sysUserId = 7;
    button.verification = Verification::BadSignature;
    button.receivedAtMs = at("2026-11-23T23:59:59.999Z");

    EventRecord image = message("u3", -1, "IMAGE", SenderType::Customer,
                                QStringLiteral("https://cdn.example.com/img_01.jpg"));
    image.verification = Verification::Unsigned;
    image.receivedAtMs = at("2026-11-24T00:00:00Z");

    EventRecord zoe;
    zoe.event = QStringLiteral("add_user");
    zoe.chatUserId = QStringLiteral("u1");
    zoe.channel = 7;
    zoe.name = QStringLiteral("Zoë ÉCOLE");
    zoe.phone = QStringLiteral("+86 138 0013 8000");
    zoe.email = QStringLiteral("ZOE@Example.com");
    zoe.sysUserId = 42;
    zoe.verification = Verification::VerifiedLoose;
    zoe.receivedAtMs = at("2026-11-22T08:00:00Z");

    EventRecord obrien;
    obrien.event = QStringLiteral("UPDATE_USER");
    obrien.chatUserId = QStringLiteral("U1");
    obrien.channel = 12;
    obrien.name = QStringLiteral("Pat \"The Rock\" O'Brien");
    obrien.phone = QStringLiteral("(555) 123");
    obrien.receivedAtMs = at("2026-11-24T11:30:00Z");

    EventRecord weird = message("u9", 2, "text", SenderType::Agent,
                                QStringLiteral("say \"hi\" from C:\\path 50% off_now a*b 😀"));
    weird.sysUserId = -1;
    weird.verification = Verification::VerifiedTimestamp;
    weird.receivedAtMs = at("2026-11-20T00:00:00Z");
    weird.test = true;

    return {{QStringLiteral("text"), text},     {QStringLiteral("button"), button},
            {QStringLiteral("image"), image},   {QStringLiteral("zoe"), zoe},
            {QStringLiteral("obrien"), obrien}, {QStringLiteral("weird"), weird}};
}

QStringList names(const QString &list)
{
    return list.split(u' ', Qt::SkipEmptyParts);
}

} // namespace

class TestFilterExpression final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void blankFilterMatchesEverything_data();
    void blankFilterMatchesEverything();
    void fieldNamesAreTheDocumentedOnes();
    void validFiltersParse_data();
    void validFiltersParse();
    void errorsCarryMessagePositionAndLength_data();
    void errorsCarryMessagePositionAndLength();
    void invalidFilterMatchesNothingAndSaysSo();
    void matchesHandMadeEvents_data();
    void matchesHandMadeEvents();
    void quoteValueRoundTrips_data();
    void quoteValueRoundTrips();
    void copiesShareTheCompiledTree();
};

void TestFilterExpression::blankFilterMatchesEverything_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("spaces") << QStringLiteral("   ");
    QTest::newRow("tabs and newlines") << QStringLiteral("\t\n ");
    QTest::newRow("ideographic space") << QStringLiteral("\u3000");
}

void TestFilterExpression::blankFilterMatchesEverything()
{
    QFETCH(QString, text);
    const FilterExpression f = FilterExpression::parse(text, kNow);
    QVERIFY(f.isValid());
    QVERIFY(f.isEmpty());
    QCOMPARE(f.text(), text);
    QCOMPARE(f.errorPosition(), -1);
    QVERIFY(f.toSql().where.isEmpty());
    QVERIFY(f.toSql().binds.isEmpty());
    for (const auto &[name, record] : handMade())
        QVERIFY2(f.matches(record), qPrintable(name));
    QVERIFY(FilterExpression().isEmpty());
    QVERIFY(FilterExpression().matches(EventRecord()));
}

void TestFilterExpression::fieldNamesAreTheDocumentedOnes()
{
    const QStringList expected =
        names(QStringLiteral("channel event type user session sender agent verified since until "
                             "test"));
    QCOMPARE(FilterExpression::fieldNames(), expected);
}

void TestFilterExpression::validFiltersParse_data()
{
    QTest::addColumn<QString>("text");
    const char *const rows[] = {
        "channel:7",
        "CHANNEL:7",
        "channel:line",
        "channel:LINE",
        "channel:\"whatsapp api\"",
        "channel:\"Channel 99\"",
        "event:anything_goes",
        "Event:ADD_USER",
        "type:文本",
        "user:\"a b\"",
        "session:42",
        "sender:Customer",
        "sender:AGENT",
        "agent:-1",
        "agent:1001",
        "verified:YES",
        "verified:no",
        "since:2026-11-24",
        "since:2026-11-24T10:00",
        "since:2026-11-24T10:00:00Z",
        "since:\"2026-11-24 10:00\"",
        "until:2026-11-24T10:00+08:00",
        "since:30m",
        "since:2H",
        "until:7d",
        "since:1w",
        "since:10s",
        "10:30",
        "a OR b",
        "a AND b",
        "-\"x y\"",
        "-(a OR b)",
        "((a))",
        "\"OR\"",
        "or and",
        "\"C:\\path\"",
        "hello\\world",
        "a-b",
        "user:a:b",
        "(a b) (c)",
        "-channel:7 -hello -\"two words\"",
        "你好 😀",
        "\"say \\\"hi\\\"\"",
    };
    for (const char *row : rows)
        QTest::newRow(row) << QString::fromUtf8(row);
}

void TestFilterExpression::validFiltersParse()
{
    QFETCH(QString, text);
    const FilterExpression f = FilterExpression::parse(text, kNow);
    QVERIFY2(f.isValid(), qPrintable(f.errorMessage()));
    QVERIFY(!f.isEmpty());
    QVERIFY(f.errorMessage().isEmpty());
    QCOMPARE(f.errorPosition(), -1);
    QCOMPARE(f.errorLength(), 0);
    QVERIFY(!f.toSql().where.isEmpty());
}

void TestFilterExpression::errorsCarryMessagePositionAndLength_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<int>("length");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *text, int position, int length, const char *message) {
        QTest::newRow(text) << QString::fromUtf8(text) << position << length
                            << QString::fromUtf8(message);
    };
    row("foo:bar", 0, 7, "unknown field \"foo\"");
    row("hello http://x", 6, 8, "unknown field \"http\"");
    row("channel:", 0, 8, "channel: needs a value");
    row("channel:\"\"", 0, 10, "channel: needs a value");
    row("channel:Foo", 0, 11, "unknown channel \"Foo\"");
    row("a channel:\"No Such\"", 2, 17, "unknown channel \"No Such\"");
    row("-channel:bogus", 1, 13, "unknown channel");
    row("sender:foo", 0, 10, "sender is customer or agent, not \"foo\"");
    row("Sender:1", 0, 8, "sender is customer or agent");
    row("agent:abc", 0, 9, "numeric agent id");
    row("agent:1.5", 0, 9, "numeric agent id");
    row("verified:maybe", 0, 14, "verified is yes or no");
    row("test:1", 0, 6, "test is yes or no");
    row("channel:7 test:", 10, 5, "test: needs a value");
    row("since:yesterday", 0, 15, "is not a date or time");
    row("since:2026-13-01", 0, 16, "is not a date or time");
    row("since:2026-02-30", 0, 16, "is not a date or time");
    row("until:2026-11-24T25:00", 0, 22, "is not a date or time");
    row("since:2026-11-24T10:00+25:00", 0, 28, "is not a date or time");
    row("since:2y", 0, 8, "unknown time unit \"y\"");
    row("since:2min", 0, 10, "unknown time unit \"min\"");
    row("since:30", 0, 8, "needs a unit");
    row("since:99999999999w", 0, 18, "too long ago");
    row("hello \"world", 6, 6, "never closed");
    row("user:\"abc", 0, 9, "never closed");
    row("a OR", 2, 2, "OR needs a term on each side");
    row("OR a", 0, 2, "OR needs a term on each side");
    row("a OR OR b", 2, 2, "OR needs a term on each side");
    row("(a OR) b", 3, 2, "OR needs a term on each side");
    row("a AND", 2, 3, "AND needs a term on each side");
    row("AND a", 0, 3, "AND needs a term on each side");
    row("-", 0, 1, "\"-\" must be followed directly");
    row("a - b", 2, 1, "\"-\" must be followed directly");
    row("--a", 0, 1, "\"-\" must be followed directly");
    row("-)", 0, 1, "\"-\" must be followed directly");
    row("(a b", 0, 1, "never closed");
    row("a b)", 3, 1, "without a matching");
    row("()", 0, 2, "empty parentheses");
    row("x ( )", 2, 3, "empty parentheses");
    row("\"\"", 0, 2, "empty phrase");
    row("\"ab\"cd", 0, 6, "space after the closing quote");
    row("(a)b", 2, 2, "space after \")\"");
    row("foo\"bar\"", 0, 8, "quote or parenthesis inside a word");
    row("f(x)", 0, 4, "quote or parenthesis inside a word");
    row("你好 foo:x", 3, 5, "unknown field");
    row("😀 foo:x", 3, 5, "unknown field"); // the emoji is two QChars
    QTest::newRow("deep nesting") << QString(QStringLiteral("(").repeated(70) + QLatin1Char('a') +
                                             QStringLiteral(")").repeated(70))
                                  << 64 << 1 << QStringLiteral("nested too deeply");
}

void TestFilterExpression::errorsCarryMessagePositionAndLength()
{
    QFETCH(QString, text);
    QFETCH(int, position);
    QFETCH(int, length);
    QFETCH(QString, message);
    const FilterExpression f = FilterExpression::parse(text, kNow);
    QVERIFY(!f.isValid());
    QVERIFY(!f.isEmpty());
    QVERIFY2(f.errorMessage().contains(message), qPrintable(f.errorMessage()));
    QCOMPARE(f.errorPosition(), position);
    QCOMPARE(f.errorLength(), length);
    QVERIFY(f.errorPosition() + f.errorLength() <= text.size());
}

void TestFilterExpression::invalidFilterMatchesNothingAndSaysSo()
{
    const FilterExpression f = FilterExpression::parse(QStringLiteral("nosuch:field"), kNow);
    QVERIFY(!f.isValid());
    for (const auto &[name, record] : handMade())
        QVERIFY2(!f.matches(record), qPrintable(name));
    QCOMPARE(f.toSql().where, QStringLiteral("0"));
    QVERIFY(f.errorMessage().contains(QLatin1String("channel, event, type")));
}

void TestFilterExpression::matchesHandMadeEvents_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *text, const char *expected) {
        QTest::newRow(text) << QString::fromUtf8(text) << QString::fromUtf8(expected);
    };
    row("channel:7", "text zoe");
    row("channel:\"WhatsApp API\"", "text zoe");
    row("channel:whatsapp\\ api", "!"); // "whatsapp\" is no channel name
    row("-channel:7", "button image obrien weird");
    row("-channel:6 -channel:7", "image obrien weird");
    row("channel:7 OR channel:6 type:text", "text");
    row("channel:7 OR channel:6 sender:agent", "button");
    row("(channel:7 OR channel:6) sender:agent", "button");
    row("channel:7 OR (channel:6 sender:agent)", "text button zoe");
    row("-(channel:7 OR channel:6)", "image obrien weird");
    row("-channel:7 OR type:text", "text button image obrien weird");
    row("event:message", "text button image weird");
    row("event:update_user", "obrien");
    row("-event:MESSAGE", "zoe obrien");
    row("type:image", "image");
    row("type:TEXT", "text weird");
    row("user:u1", "text zoe");
    row("user:U1", "obrien");
    row("session:s-u2", "button");
    row("sender:customer", "text image");
    row("sender:agent", "button weird");
    row("-sender:customer", "button zoe obrien weird");
    row("agent:42", "text zoe");
    row("agent:-1", "weird");
    row("verified:yes", "text zoe weird");
    row("verified:no", "button image obrien");
    row("-verified:yes", "button image obrien");
    row("test:yes", "weird");
    row("test:no", "text button image zoe obrien");
    row("-test:no", "weird");
    row("TEST:Yes OR channel:7", "text zoe weird");
    row("hello", "text");
    row("HELLO world", "text");
    row("\"hello world\"", "text");
    row("\"world hello\"", "");
    row("-hello", "button image zoe obrien weird");
    row("价格", "button");
    row("😀", "weird");
    row("zoë", "zoe");
    row("école", ""); // only ASCII letters fold: É is not é
    row("ÉCOLE", "zoe");
    row("zoe@example", "zoe");
    row("138", "zoe");
    row("\"(555)\"", "obrien");
    row("\"\\\"The Rock\\\"\"", "obrien");
    row("\"say \\\"hi\\\"\"", "weird");
    row("\"C:\\path\"", "weird");
    row("C:\\path", "!"); // "C" is not a field: an error, not a search for everything
    row("50%", "weird");
    row("off_now", "weird");
    row("\"a*b\"", "weird");
    row("\"a*c\"", "");
    row("img_01 OR 😀", "image weird");
    row("since:2026-11-24", "text image obrien");
    row("until:2026-11-23", "button zoe weird");
    row("until:2026-11-24", "text button image zoe obrien weird");
    row("since:2026-11-24 until:2026-11-24", "text image obrien");
    row("since:2026-11-23T23:59:59.999Z until:2026-11-24T00:00", "button");
    row("since:1h", "obrien");
    row("since:2d -since:12h", "button");
    row("since:3d -since:12h", "button zoe");
    row("user:u1 AND channel:7 AND event:add_user", "zoe");
}

void TestFilterExpression::matchesHandMadeEvents()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const FilterExpression f = FilterExpression::parse(text, kNow);
    if (expected == QLatin1String("!")) {
        QVERIFY(!f.isValid()); // invalid input must be an error, never "no match"
        return;
    }
    QVERIFY2(f.isValid(), qPrintable(f.errorMessage()));
    QStringList matched;
    for (const auto &[name, record] : handMade()) {
        if (f.matches(record))
            matched.append(name);
    }
    QCOMPARE(matched, names(expected));
}

void TestFilterExpression::quoteValueRoundTrips_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("quoted");
    QTest::newRow("plain") << QStringLiteral("cu_123") << false;
    QTest::newRow("backslash alone") << QStringLiteral("a\\b") << false;
    QTest::newRow("chinese") << QStringLiteral("张伟") << false;
    QTest::newRow("space") << QStringLiteral("Zoë Smith") << true;
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << true;
    QTest::newRow("trailing backslash") << QStringLiteral("dir\\ x\\") << true;
    QTest::newRow("colon") << QStringLiteral("a:b") << true;
    QTest::newRow("leading minus") << QStringLiteral("-5") << true;
    QTest::newRow("parenthesis") << QStringLiteral("(555)") << true;
    QTest::newRow("OR") << QStringLiteral("OR") << true;
    QTest::newRow("AND") << QStringLiteral("AND") << true;
    QTest::newRow("tab") << QStringLiteral("a\tb") << true;
}

void TestFilterExpression::quoteValueRoundTrips()
{
    QFETCH(QString, value);
    QFETCH(bool, quoted);
    const QString q = FilterExpression::quoteValue(value);
    QCOMPARE(q.startsWith(u'"'), quoted);
    EventRecord same;
    same.chatUserId = value;
    same.msg = QStringLiteral("x ") + value + QStringLiteral(" y");
    EventRecord other;
    other.chatUserId = value + QLatin1Char('_');
    other.msg = QStringLiteral("unrelated");
    const FilterExpression byUser = FilterExpression::parse(QStringLiteral("user:") + q, kNow);
    QVERIFY2(byUser.isValid(), qPrintable(byUser.errorMessage()));
    QVERIFY(byUser.matches(same));
    QVERIFY(!byUser.matches(other));
    const FilterExpression byText = FilterExpression::parse(QStringLiteral("-") + q, kNow);
    QVERIFY2(byText.isValid(), qPrintable(byText.errorMessage()));
    QVERIFY(!byText.matches(same));
    QVERIFY(byText.matches(other));
}

void TestFilterExpression::copiesShareTheCompiledTree()
{
    FilterExpression copy;
    {
        const FilterExpression f = FilterExpression::parse(QStringLiteral("type:text"), kNow);
        copy = f;
    }
    const auto records = handMade();
    const auto count = std::count_if(records.cbegin(), records.cend(),
                                     [&copy](const auto &r) { return copy.matches(r.second); });
    QCOMPARE(count, 2);
    QCOMPARE(copy.text(), QStringLiteral("type:text"));
    QVERIFY(QVariant::fromValue(copy).value<FilterExpression>().matches(records.front().second));
}

QTEST_GUILESS_MAIN(TestFilterExpression)
#include "tst_filterexpression.moc"
