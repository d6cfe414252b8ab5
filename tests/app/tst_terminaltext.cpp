#include "terminaltext.h"

#include <QTest>

// The caret line under an invalid filter must point at the bad term in a
// terminal, whatever script comes before it.
class TestTerminalText final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void columns_data();
    void columns();
    void underlineCountsColumnsNotCodeUnits_data();
    void underlineCountsColumnsNotCodeUnits();
};

void TestTerminalText::columns_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected");
    QTest::newRow("ascii") << QStringLiteral("type:text") << 9;
    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("chinese") << QStringLiteral("价格") << 4;
    QTest::newRow("full-width punctuation") << QStringLiteral("你好，") << 6;
    QTest::newRow("hangul") << QStringLiteral("안녕") << 4;
    QTest::newRow("emoji (a surrogate pair)") << QStringLiteral("a😀") << 3;
    QTest::newRow("emoji with skin tone") << QStringLiteral("👍🏽") << 2;
    QTest::newRow("combining accent") << QStringLiteral("e\u0301") << 1;
    QTest::newRow("precomposed accent") << QStringLiteral("é") << 1;
    QTest::newRow("variation selector") << QStringLiteral("\u2764\uFE0F") << 1;
}

void TestTerminalText::columns()
{
    QFETCH(QString, text);
    QFETCH(int, expected);
    QCOMPARE(TerminalText::columns(text), expected);
}

void TestTerminalText::underlineCountsColumnsNotCodeUnits_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<int>("length");
    QTest::addColumn<QString>("carets");
    QTest::newRow("ascii") << QStringLiteral("type:text colour:red") << 10 << 10
                           << QStringLiteral("  ") + QString(10, u' ') + QString(10, u'^');
    // "价格 " is 3 code units but 5 columns; "colour:red" 10 of each.
    QTest::newRow("after chinese") << QStringLiteral("价格 colour:red") << 3 << 10
                                   << QStringLiteral("  ") + QString(5, u' ') + QString(10, u'^');
    // "😀 " is 3 code units, 3 columns; "价格:" 3 code units, 5 columns.
    QTest::newRow("wide term after emoji")
        << QStringLiteral("😀 价格:x") << 3 << 3
        << QStringLiteral("  ") + QString(3, u' ') + QString(5, u'^');
    QTest::newRow("empty term gets one caret")
        << QStringLiteral("\"open") << 5 << 0 << QStringLiteral("  ") + QString(5, u' ') + u'^';
    QTest::newRow("out of range is clamped")
        << QStringLiteral("ab") << 7 << 3 << QStringLiteral("  ") + QString(2, u' ') + u'^';
}

void TestTerminalText::underlineCountsColumnsNotCodeUnits()
{
    QFETCH(QString, text);
    QFETCH(int, position);
    QFETCH(int, length);
    QFETCH(QString, carets);
    const QStringList lines = TerminalText::underline(text, position, length).split(u'\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), QStringLiteral("  ") + text);
    QCOMPARE(lines.at(1), carets);
}

QTEST_GUILESS_MAIN(TestTerminalText)
#include "tst_terminaltext.moc"
