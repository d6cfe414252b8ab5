#include "filterbar/filterterms.h"

#include <QTest>

class TestFilterTerms final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void split_data();
    void split();
    void at_data();
    void at();
    void withTerm_data();
    void withTerm();
};

void TestFilterTerms::split_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("terms");
    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("words") << QStringLiteral("  a  b\tc ")
                           << QStringList{QStringLiteral("a"), QStringLiteral("b"),
                                          QStringLiteral("c")};
    QTest::newRow("phrase") << QStringLiteral("channel:\"WhatsApp API\" x")
                            << QStringList{QStringLiteral("channel:\"WhatsApp API\""),
                                           QStringLiteral("x")};
    QTest::newRow("escaped quote")
        << QStringLiteral("\"a \\\" b\" c")
        << QStringList{QStringLiteral("\"a \\\" b\""), QStringLiteral("c")};
    QTest::newRow("parens") << QStringLiteral("-(a OR b)")
                            << QStringList{QStringLiteral("-"), QStringLiteral("("),
                                           QStringLiteral("a"), QStringLiteral("OR"),
                                           QStringLiteral("b"), QStringLiteral(")")};
    QTest::newRow("unterminated") << QStringLiteral("a \"b c")
                                  << QStringList{QStringLiteral("a"), QStringLiteral("\"b c")};
}

void TestFilterTerms::split()
{
    QFETCH(QString, text);
    QFETCH(QStringList, terms);
    QStringList got;
    for (const FilterTerms::Span &s : FilterTerms::split(text))
        got.append(text.mid(s.start, s.length));
    QCOMPARE(got, terms);
}

void TestFilterTerms::at_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("cursor");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("length");
    QTest::newRow("end of word") << QStringLiteral("type:te") << 7 << 0 << 7;
    QTest::newRow("inside") << QStringLiteral("ab cd") << 4 << 3 << 2;
    QTest::newRow("on space") << QStringLiteral("ab  cd") << 3 << 3 << 0;
    QTest::newRow("phrase") << QStringLiteral("x channel:\"Whats Ap") << 19 << 2 << 17;
    QTest::newRow("after paren") << QStringLiteral("(cha") << 4 << 1 << 3;
}

void TestFilterTerms::at()
{
    QFETCH(QString, text);
    QFETCH(int, cursor);
    QFETCH(int, start);
    QFETCH(int, length);
    const FilterTerms::Span span = FilterTerms::at(text, cursor);
    QCOMPARE(span.start, start);
    QCOMPARE(span.length, length);
}

void TestFilterTerms::withTerm_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("term");
    QTest::addColumn<QString>("result");
    QTest::newRow("empty") << QStringLiteral("  ") << QStringLiteral("user:a")
                           << QStringLiteral("user:a");
    QTest::newRow("append") << QStringLiteral("x ") << QStringLiteral("user:a")
                            << QStringLiteral("x user:a");
    QTest::newRow("present") << QStringLiteral("user:a x") << QStringLiteral("user:a")
                             << QStringLiteral("user:a x");
    QTest::newRow("only in an OR") << QStringLiteral("user:a OR x") << QStringLiteral("user:a")
                                   << QStringLiteral("user:a OR x user:a");
    QTest::newRow("only in parens") << QStringLiteral("(user:a x)") << QStringLiteral("user:a")
                                    << QStringLiteral("(user:a x) user:a");
    QTest::newRow("negated differs") << QStringLiteral("-user:a") << QStringLiteral("user:a")
                                     << QStringLiteral("-user:a user:a");
}

void TestFilterTerms::withTerm()
{
    QFETCH(QString, text);
    QFETCH(QString, term);
    QFETCH(QString, result);
    QCOMPARE(FilterTerms::withTerm(text, term), result);
}

QTEST_GUILESS_MAIN(TestFilterTerms)
#include "tst_filterterms.moc"
