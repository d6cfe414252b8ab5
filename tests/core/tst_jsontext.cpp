#include "models/jsontext.h"

#include <QDateTime>
#include <QTest>

class TestJsonText final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void prettyKeepsOrderAndTokens();
    void prettyRefusesWhatIsNotJson_data();
    void prettyRefusesWhatIsNotJson();
    void prettyDeepButValid();
    void epochDates_data();
    void epochDates();
};

void TestJsonText::prettyKeepsOrderAndTokens()
{
    const QByteArray in(
        R"( {"z":1,"a":[],"o":{},"s":"\u4f60 \"q\"","n":1.50e3,"l":[true,null,{"k":[1]}]} )");
    const std::optional<QByteArray> out = JsonText::pretty(in);
    QVERIFY(out);
    QCOMPARE(*out, QByteArray("{\n"
                              "  \"z\": 1,\n"
                              "  \"a\": [],\n"
                              "  \"o\": {},\n"
                              "  \"s\": \"\\u4f60 \\\"q\\\"\",\n"
                              "  \"n\": 1.50e3,\n"
                              "  \"l\": [\n"
                              "    true,\n"
                              "    null,\n"
                              "    {\n"
                              "      \"k\": [\n"
                              "        1\n"
                              "      ]\n"
                              "    }\n"
                              "  ]\n"
                              "}"));
}

void TestJsonText::prettyRefusesWhatIsNotJson_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("truncated") << QByteArray(R"({"a":[1,)");
    QTest::newRow("trailing") << QByteArray(R"({} {})");
    QTest::newRow("invalid UTF-8") << QByteArray("{\"a\":\"\xff\"}");
    QTest::newRow("NUL") << QByteArray("{\"a\":\"\0\"}", 9);
    QTest::newRow("too deep") << (QByteArray(3000, '[') + QByteArray(3000, ']'));
}

void TestJsonText::prettyRefusesWhatIsNotJson()
{
    QFETCH(QByteArray, text);
    QVERIFY(!JsonText::pretty(text));
}

void TestJsonText::prettyDeepButValid()
{
    const QByteArray deep = QByteArray(500, '[') + QByteArray(500, ']');
    const std::optional<QByteArray> out = JsonText::pretty(deep);
    QVERIFY(out);
    QCOMPARE(out->count('['), 500);
}

void TestJsonText::epochDates_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<qint64>("ms"); // -1: not a date
    QTest::newRow("seconds") << QStringLiteral("1764000000") << Q_INT64_C(1764000000000);
    QTest::newRow("milliseconds") << QStringLiteral("1764000000123") << Q_INT64_C(1764000000123);
    QTest::newRow("spaces") << QStringLiteral(" 1764000000 ") << Q_INT64_C(1764000000000);
    QTest::newRow("zero") << QStringLiteral("0") << Q_INT64_C(-1);
    QTest::newRow("negative") << QStringLiteral("-5") << Q_INT64_C(-1);
    QTest::newRow("fraction") << QStringLiteral("1764000000.5") << Q_INT64_C(-1);
    QTest::newRow("text") << QStringLiteral("soon") << Q_INT64_C(-1);
    QTest::newRow("past year 9999") << QStringLiteral("9999999999999999") << Q_INT64_C(-1);
    QTest::newRow("huge") << QStringLiteral("99999999999999999999999") << Q_INT64_C(-1);
    QTest::newRow("Arabic-Indic digits") << QStringLiteral("\u0661\u0662") << Q_INT64_C(-1);
}

void TestJsonText::epochDates()
{
    QFETCH(QString, value);
    QFETCH(qint64, ms);
    const QString date = JsonText::epochDate(value);
    if (ms < 0) {
        QVERIFY2(date.isEmpty(), qPrintable(date));
        return;
    }
    const QDateTime parsed = QDateTime::fromString(date, Qt::ISODateWithMs);
    QVERIFY2(parsed.isValid(), qPrintable(date));
    QCOMPARE(parsed.toMSecsSinceEpoch(), ms);
}

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
