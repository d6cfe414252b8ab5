#include "protocol/jsoncursor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using Token = JsonCursor::Token;
using Error = JsonCursor::Error;

Q_DECLARE_METATYPE(JsonCursor::Error)

namespace {

QString kindName(Token token)
{
    static const char *const names[] = {"{",   "}",    "[",     "]",    ":",   ",",    "str",
                                        "num", "true", "false", "null", "end", "error"};
    return QString::fromLatin1(names[static_cast<int>(token)]);
}

// Every token as kind@begin, with the text of strings and numbers:
// {@0 str@1:"a" :@4 num@5:1 }@6 end@7
QString describe(QByteArrayView text, int maxDepth = JsonCursor::kDefaultMaxDepth)
{
    JsonCursor cursor(text, maxDepth);
    QStringList out;
    for (;;) {
        const Token token = cursor.next();
        QString item = kindName(token) + u'@' + QString::number(cursor.tokenBegin());
        if (token == Token::String || token == Token::Number)
            item += u':' + QString::fromUtf8(cursor.tokenText());
        out.append(item);
        if (token == Token::End || token == Token::Error)
            break;
    }
    return out.join(u' ');
}

// QJsonDocument's reading of one string literal, as the receiver had it.
QByteArray qtDecoded(const QByteArray &literal)
{
    const QJsonDocument doc = QJsonDocument::fromJson('[' + literal + ']');
    return doc.array().at(0).toString().toUtf8();
}

} // namespace

class TestJsonCursor final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tokens_data();
    void tokens();
    void decodedStrings_data();
    void decodedStrings();
    void decodeStringRefusesWhatIsNotOneLiteral_data();
    void decodeStringRefusesWhatIsNotOneLiteral();
    void malformed_data();
    void malformed();
    void depthIsBounded_data();
    void depthIsBounded();
    void hugeNestingStopsAtTheBound();
    void skipToEndOfValueSpansContainers();
    void endAndErrorAreFinal();
};

void TestJsonCursor::tokens_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("every token kind")
        << QByteArray(R"({"a":[1,-2.5e+3,true,false,null,"x"],"b":{}})")
        << QStringLiteral("{@0 str@1:\"a\" :@4 [@5 num@6:1 ,@7 num@8:-2.5e+3 ,@15 true@16 ,@20 "
                          "false@21 ,@26 null@27 ,@31 str@32:\"x\" ]@35 ,@36 str@37:\"b\" :@40 "
                          "{@41 }@42 }@43 end@44");
    QTest::newRow("whitespace skipped, offsets exact")
        << QByteArray(" \t\n{ \"k\" :\r\n 0 } ")
        << QStringLiteral("{@3 str@5:\"k\" :@9 num@13:0 }@15 end@17");
    QTest::newRow("top-level number") << QByteArray("  42 ") << QStringLiteral("num@2:42 end@5");
    QTest::newRow("top-level string")
        << QByteArray(R"("s")") << QStringLiteral("str@0:\"s\" end@3");
    QTest::newRow("top-level literal") << QByteArray("null") << QStringLiteral("null@0 end@4");
    QTest::newRow("escapes stay in the token as written")
        << QByteArray(R"(["a\"b\\c\/\u00e9\n"])")
        << QStringLiteral(R"([@0 str@1:"a\"b\\c\/\u00e9\n" ]@20 end@21)");
    QTest::newRow("offsets count bytes, not characters")
        << QByteArray("[\"\xc3\xa9\xe4\xbd\xa0\xf0\x9f\x98\x80\",1]")
        << QStringLiteral("[@0 str@1:\"\u00e9\u4f60\U0001F600\" ,@12 num@13:1 ]@14 end@15");
    QTest::newRow("number forms") << QByteArray("[0,-0,10,1.0,1E-9,-1.5e+10]")
                                  << QStringLiteral("[@0 num@1:0 ,@2 num@3:-0 ,@5 num@6:10 ,@8 "
                                                    "num@9:1.0 ,@12 num@13:1E-9 ,@17 "
                                                    "num@18:-1.5e+10 ]@26 end@27");
    QTest::newRow("empty containers nested")
        << QByteArray("[[],{},[{}]]")
        << QStringLiteral("[@0 [@1 ]@2 ,@3 {@4 }@5 ,@6 [@7 {@8 }@9 ]@10 ]@11 end@12");
}

void TestJsonCursor::tokens()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QCOMPARE(describe(text), expected);
}

void TestJsonCursor::decodedStrings_data()
{
    QTest::addColumn<QByteArray>("literal");
    QTest::addColumn<QByteArray>("decoded");
    QTest::newRow("empty") << QByteArray(R"("")") << QByteArray("");
    QTest::newRow("plain") << QByteArray(R"("plain text")") << QByteArray("plain text");
    QTest::newRow("one-letter escapes")
        << QByteArray(R"("\"\\\/\b\f\n\r\t")") << QByteArray("\"\\/\b\f\n\r\t");
    QTest::newRow("BMP escapes") << QByteArray(R"("\u0041\u00e9\u4F60")")
                                 << QByteArray("A\xc3\xa9\xe4\xbd\xa0");
    QTest::newRow("surrogate pair")
        << QByteArray(R"("\ud83d\ude00")") << QByteArray("\xf0\x9f\x98\x80");
    QTest::newRow("surrogate pair, upper-case hex")
        << QByteArray(R"("x\uD83D\uDE00y")") << QByteArray("x\xf0\x9f\x98\x80y");
    QTest::newRow("lone high surrogate is '?'") << QByteArray(R"("\ud800x")") << QByteArray("?x");
    QTest::newRow("lone low surrogate is '?'") << QByteArray(R"("\udc00")") << QByteArray("?");
    QTest::newRow("high, then a whole pair")
        << QByteArray(R"("\ud800\ud83d\ude00")") << QByteArray("?\xf0\x9f\x98\x80");
    QTest::newRow("escaped NUL") << QByteArray(R"("a\u0000b")") << QByteArray("a\0b", 3);
    QTest::newRow("raw UTF-8 kept")
        << QByteArray("\"\xc3\xa9\xf0\x9f\x98\x80\"") << QByteArray("\xc3\xa9\xf0\x9f\x98\x80");
    QTest::newRow("JSON inside a string")
        << QByteArray(R"("{\"a\":\"b\\\/c\"}")") << QByteArray(R"({"a":"b\/c"})");
}

void TestJsonCursor::decodedStrings()
{
    QFETCH(QByteArray, literal);
    QFETCH(QByteArray, decoded);
    JsonCursor cursor(literal);
    QCOMPARE(cursor.next(), Token::String);
    QCOMPARE(cursor.decodedString(), decoded);
    QVERIFY(!cursor.decodedString().isNull());
    QCOMPARE(JsonCursor::decodeString(literal), decoded);
    // The receiver signed QJsonDocument's decoding before; it must not move.
    QCOMPARE(decoded, qtDecoded(literal));
}

void TestJsonCursor::decodeStringRefusesWhatIsNotOneLiteral_data()
{
    QTest::addColumn<QByteArray>("literal");
    QTest::newRow("unterminated") << QByteArray(R"("abc)");
    QTest::newRow("no quotes") << QByteArray("abc");
    QTest::newRow("two literals") << QByteArray(R"("a" "b")");
    QTest::newRow("unknown escape") << QByteArray(R"("\a")");
    QTest::newRow("a number") << QByteArray("1");
    QTest::newRow("empty") << QByteArray();
}

void TestJsonCursor::decodeStringRefusesWhatIsNotOneLiteral()
{
    QFETCH(QByteArray, literal);
    QVERIFY(JsonCursor::decodeString(literal).isNull());
}

void TestJsonCursor::malformed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<JsonCursor::Error>("error");
    QTest::addColumn<qsizetype>("offset");
    const auto row = [](const char *name, QByteArray text, Error error, qsizetype offset) {
        QTest::newRow(name) << text << error << offset;
    };
    row("empty", "", Error::UnexpectedEnd, 0);
    row("whitespace only", " \n ", Error::UnexpectedEnd, 3);
    row("trailing comma in array", "[1,]", Error::ExpectedValue, 3);
    row("trailing comma in object", R"({"a":1,})", Error::ExpectedName, 7);
    row("missing colon", R"({"a" 1})", Error::ExpectedColon, 5);
    row("number as member name", "{1:2}", Error::ExpectedName, 1);
    row("missing comma", "[1 2]", Error::ExpectedCommaOrClose, 3);
    row("mismatched close", "[1}", Error::ExpectedCommaOrClose, 2);
    row("close where a value belongs", "[}", Error::ExpectedValue, 1);
    row("two values", "1 2", Error::TrailingText, 2);
    row("text after the object", R"({"a":1}x)", Error::TrailingText, 7);
    row("bare word", "x", Error::ExpectedValue, 0);
    row("byte order mark", "\xef\xbb\xbf{}", Error::ExpectedValue, 0);
    row("raw non-ASCII outside a string", "[\xc3\xa9]", Error::ExpectedValue, 1);
    row("control character in a string", "[\"a\x01\"]", Error::ControlCharacter, 3);
    row("raw newline in a string", "[\"a\nb\"]", Error::ControlCharacter, 3);
    row("unknown escape", R"(["ab\a"])", Error::InvalidEscape, 4);
    row("short unicode escape", R"(["\u12G4"])", Error::InvalidEscape, 2);
    row("upper-case U escape", R"(["\U0041"])", Error::InvalidEscape, 2);
    row("overlong UTF-8", "[\"\xc0\x80\"]", Error::InvalidUtf8, 2);
    row("UTF-8 surrogate", "[\"a\xed\xa0\x80\"]", Error::InvalidUtf8, 3);
    row("UTF-8 above U+10FFFF", "[\"\xf4\x90\x80\x80\"]", Error::InvalidUtf8, 2);
    row("lone continuation byte", "[\"\x80\"]", Error::InvalidUtf8, 2);
    row("lead byte without its continuation", "[\"\xc3(\"]", Error::InvalidUtf8, 2);
    row("byte F5", "[\"\xf5\x80\x80\x80\"]", Error::InvalidUtf8, 2);
    row("leading zero", "[01]", Error::ExpectedCommaOrClose, 2);
    row("minus alone", "[-]", Error::InvalidNumber, 2);
    row("no digit after the point", "[1.]", Error::InvalidNumber, 3);
    row("no digit before the point", "[.5]", Error::ExpectedValue, 1);
    row("plus sign", "[+1]", Error::ExpectedValue, 1);
    row("empty exponent", "[1e+]", Error::InvalidNumber, 4);
    row("misspelt literal", "[tru]", Error::InvalidLiteral, 4);
    row("capitalised literal", "[True]", Error::ExpectedValue, 1);
    row("literal run on", "[nullx]", Error::ExpectedCommaOrClose, 5);
    row("truncated after a colon", R"({"a":)", Error::UnexpectedEnd, 5);
    row("truncated string", R"(["ab)", Error::UnexpectedEnd, 4);
    row("truncated escape", R"(["\)", Error::UnexpectedEnd, 3);
    row("truncated unicode escape", R"(["\u12)", Error::UnexpectedEnd, 6);
    row("truncated UTF-8 sequence", "[\"\xe4\xbd", Error::UnexpectedEnd, 4);
    row("truncated literal", "[tr", Error::UnexpectedEnd, 3);
    row("truncated fraction", "[1.", Error::UnexpectedEnd, 3);
    row("truncated after a name", R"({"a")", Error::UnexpectedEnd, 4);
    row("unclosed array", "[1", Error::UnexpectedEnd, 2);
}

void TestJsonCursor::malformed()
{
    QFETCH(QByteArray, text);
    QFETCH(JsonCursor::Error, error);
    QFETCH(qsizetype, offset);
    JsonCursor cursor(text);
    Token token = Token::Null;
    for (int i = 0; i <= text.size() && token != Token::Error; ++i)
        token = cursor.next();
    QCOMPARE(token, Token::Error);
    QCOMPARE(cursor.error(), error);
    QCOMPARE(cursor.errorOffset(), offset);
    QVERIFY(!cursor.errorString().isEmpty());
}

void TestJsonCursor::depthIsBounded_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<qsizetype>("tooDeepAt"); // -1: accepted
    const auto nest = [](int n, const char *inner) -> QByteArray {
        return QByteArray(n, '[') + inner + QByteArray(n, ']');
    };
    // A value may begin inside at most maxDepth containers (the rule of the
    // export minifier this cursor replaced).
    QTest::newRow("scalar inside 256") << nest(256, "1") << 256 << qsizetype(-1);
    QTest::newRow("scalar inside 257") << nest(257, "1") << 256 << qsizetype(257);
    QTest::newRow("257 empty arrays") << nest(257, "") << 256 << qsizetype(-1);
    QTest::newRow("258 empty arrays") << nest(258, "") << 256 << qsizetype(257);
    QTest::newRow("objects count too")
        << QByteArray(R"({"a":{"a":{"a":1}}})") << 2 << qsizetype(15);
    QTest::newRow("default: 1024 like QJsonDocument")
        << nest(1024, "1") << JsonCursor::kDefaultMaxDepth << qsizetype(-1);
    QTest::newRow("default: 1025 refused")
        << nest(1025, "1") << JsonCursor::kDefaultMaxDepth << qsizetype(1025);
}

void TestJsonCursor::depthIsBounded()
{
    QFETCH(QByteArray, text);
    QFETCH(int, maxDepth);
    QFETCH(qsizetype, tooDeepAt);
    JsonCursor cursor(text, maxDepth);
    Token token = Token::Null;
    while (token != Token::End && token != Token::Error) {
        token = cursor.next();
        QVERIFY(cursor.depth() <= maxDepth + 1);
    }
    if (tooDeepAt < 0) {
        QCOMPARE(token, Token::End);
    } else {
        QCOMPARE(cursor.error(), Error::TooDeep);
        QCOMPARE(cursor.errorOffset(), tooDeepAt);
    }
}

void TestJsonCursor::hugeNestingStopsAtTheBound()
{
    const QByteArray text(1'000'000, '[');
    JsonCursor cursor(text);
    int tokens = 0;
    while (cursor.next() == Token::BeginArray)
        ++tokens;
    QCOMPARE(tokens, JsonCursor::kDefaultMaxDepth + 1);
    QCOMPARE(cursor.error(), Error::TooDeep);
}

void TestJsonCursor::skipToEndOfValueSpansContainers()
{
    const QByteArray text(R"({"a":{"b":[1,{"c":"}]"}]},"d":2,"e":[]})");
    JsonCursor cursor(text);
    QStringList spans;
    QCOMPARE(cursor.next(), Token::BeginObject);
    while (cursor.next() == Token::String) {
        QCOMPARE(cursor.next(), Token::NameSeparator);
        cursor.next();
        const qsizetype begin = cursor.tokenBegin();
        QVERIFY(cursor.skipToEndOfValue());
        spans.append(QString::fromUtf8(text.mid(begin, cursor.tokenEnd() - begin)));
        if (cursor.next() != Token::ValueSeparator)
            break;
    }
    QCOMPARE(cursor.token(), Token::EndObject);
    QCOMPARE(spans, QStringList({QStringLiteral(R"({"b":[1,{"c":"}]"}]})"), QStringLiteral("2"),
                                 QStringLiteral("[]")}));
    QCOMPARE(cursor.next(), Token::End);

    JsonCursor broken(R"({"a":[1,{"b":2]})");
    broken.next();
    broken.next();
    broken.next();
    QCOMPARE(broken.next(), Token::BeginArray);
    QVERIFY(!broken.skipToEndOfValue());
    QCOMPARE(broken.error(), Error::ExpectedCommaOrClose);
    QCOMPARE(broken.errorOffset(), 14);
}

void TestJsonCursor::endAndErrorAreFinal()
{
    JsonCursor done("1");
    QCOMPARE(done.next(), Token::Number);
    QCOMPARE(done.next(), Token::End);
    QCOMPARE(done.next(), Token::End);
    JsonCursor failed("[x, 1]");
    QCOMPARE(failed.next(), Token::BeginArray);
    QCOMPARE(failed.next(), Token::Error);
    QCOMPARE(failed.next(), Token::Error);
    QCOMPARE(failed.errorOffset(), 1);
}

QTEST_GUILESS_MAIN(TestJsonCursor)
#include "tst_jsoncursor.moc"
