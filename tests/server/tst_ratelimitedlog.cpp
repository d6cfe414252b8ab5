#include "ratelimitedlog.h"

#include <QTest>

class TestRateLimitedLog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void onePerAddressPerSecond();
    void fewPerSecondInAll();
};

void TestRateLimitedLog::onePerAddressPerSecond()
{
    RateLimitedLog log;
    quint64 held = 0;
    QVERIFY(log.allow(QStringLiteral("1.1.1.1"), 10'000, &held));
    QCOMPARE(held, 0u);
    for (int i = 1; i < 1000; ++i)
        QVERIFY(!log.allow(QStringLiteral("1.1.1.1"), 10'000 + i, &held));
    QVERIFY(log.allow(QStringLiteral("2.2.2.2"), 10'500, &held)); // another address
    QCOMPARE(held, 999u);
    QVERIFY(log.allow(QStringLiteral("1.1.1.1"), 11'000, &held)); // a second later
    QCOMPARE(held, 0u);
}

void TestRateLimitedLog::fewPerSecondInAll()
{
    RateLimitedLog log(10);
    quint64 held = 0;
    int written = 0;
    // Thousands of addresses in one second: ten lines.
    for (int i = 0; i < 5000; ++i)
        written += log.allow(QString::number(i), 20'000 + i / 10, &held) ? 1 : 0;
    QCOMPARE(written, 10);
    QVERIFY(log.allow(QStringLiteral("x"), 21'000, &held));
    QCOMPARE(held, 4990u);
}

QTEST_GUILESS_MAIN(TestRateLimitedLog)
#include "tst_ratelimitedlog.moc"
