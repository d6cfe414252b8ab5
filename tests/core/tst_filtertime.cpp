#include "filter/filterexpression.h"
#include "filter/filtertime.h"
#include "records/eventrecord.h"

#include <QTest>

namespace {

const QDateTime kNow = QDateTime::fromString(QStringLiteral("2026-11-24T12:00:00Z"), Qt::ISODate);
constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;

qint64 at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}

EventRecord receivedAt(qint64 ms)
{
    EventRecord r;
    r.receivedAtMs = ms;
    return r;
}

} // namespace

// since:/until: values: ISO dates and times (UTC unless a zone is given) and
// spans back from a fixed "now".
class TestFilterTime final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bounds_data();
    void bounds();
    void sinceIsInclusiveUntilIsExclusive_data();
    void sinceIsInclusiveUntilIsExclusive();
    void bareDateNamesTheWholeDay();
    void defaultNowIsTheCurrentTime();
};

void TestFilterTime::bounds_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("upper");
    QTest::addColumn<qint64>("expected");
    const qint64 now = kNow.toMSecsSinceEpoch();
    const auto row = [](const char *value, bool upper, qint64 expected) {
        QTest::addRow("%s %s", upper ? "until" : "since", value)
            << QString::fromLatin1(value) << upper << expected;
    };
    row("2026-11-24", false, at("2026-11-24T00:00:00Z"));
    row("2026-11-24", true, at("2026-11-25T00:00:00Z"));
    row("2026-12-31", true, at("2027-01-01T00:00:00Z"));
    row("2026-11-24T10:00", false, at("2026-11-24T10:00:00Z"));
    row("2026-11-24T10:00", true, at("2026-11-24T10:00:00Z"));
    row("2026-11-24 10:00", false, at("2026-11-24T10:00:00Z"));
    row("2026-11-24T10:00:30", false, at("2026-11-24T10:00:30Z"));
    row("2026-11-24T10:00:00Z", false, at("2026-11-24T10:00:00Z"));
    row("2026-11-24t10:00:00z", false, at("2026-11-24T10:00:00Z"));
    row("2026-11-24T10:00:00.5Z", false, at("2026-11-24T10:00:00.500Z"));
    row("2026-11-24T10:00:00.123", false, at("2026-11-24T10:00:00.123Z"));
    row("2026-11-24T18:00+08:00", false, at("2026-11-24T10:00:00Z"));
    row("2026-11-24T05:00-0500", false, at("2026-11-24T10:00:00Z"));
    row("2026-11-24T10:00+00", false, at("2026-11-24T10:00:00Z"));
    row("1969-12-31T23:59:59Z", false, -1000);
    row("30m", false, now - 30 * kMinute);
    row("2h", false, now - 2 * kHour);
    row("2H", true, now - 2 * kHour);
    row("7d", false, now - 7 * kDay);
    row("1w", false, now - 7 * kDay);
    row("45s", false, now - 45 * 1000);
    row("0d", true, now);
    row("52w", false, now - 364 * kDay);
}

void TestFilterTime::bounds()
{
    QFETCH(QString, value);
    QFETCH(bool, upper);
    QFETCH(qint64, expected);
    qint64 ms = 0;
    QString error;
    const auto bound = upper ? FilterTime::Bound::Upper : FilterTime::Bound::Lower;
    QVERIFY2(FilterTime::parse(value, kNow.toMSecsSinceEpoch(), bound, &ms, &error),
             qPrintable(error));
    QCOMPARE(ms, expected);
    // The same bound reaches SQL as the one bind.
    const QString field = upper ? QStringLiteral("until:") : QStringLiteral("since:");
    const FilterExpression f =
        FilterExpression::parse(field + FilterExpression::quoteValue(value), kNow);
    QVERIFY2(f.isValid(), qPrintable(f.errorMessage()));
    QCOMPARE(f.toSql().binds, QVariantList{expected});
}

void TestFilterTime::sinceIsInclusiveUntilIsExclusive_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<qint64>("edge");
    QTest::newRow("instant") << QStringLiteral("2026-11-24T10:00:00Z")
                             << at("2026-11-24T10:00:00Z");
    QTest::newRow("relative") << QStringLiteral("90m") << at("2026-11-24T10:30:00Z");
}

void TestFilterTime::sinceIsInclusiveUntilIsExclusive()
{
    QFETCH(QString, filter);
    QFETCH(qint64, edge);
    const FilterExpression since = FilterExpression::parse(QStringLiteral("since:") + filter, kNow);
    const FilterExpression until = FilterExpression::parse(QStringLiteral("until:") + filter, kNow);
    QVERIFY(!since.matches(receivedAt(edge - 1)));
    QVERIFY(since.matches(receivedAt(edge)));
    QVERIFY(since.matches(receivedAt(edge + 1)));
    QVERIFY(until.matches(receivedAt(edge - 1)));
    QVERIFY(!until.matches(receivedAt(edge)));
    QVERIFY(!until.matches(receivedAt(edge + 1)));
}

void TestFilterTime::bareDateNamesTheWholeDay()
{
    const FilterExpression day =
        FilterExpression::parse(QStringLiteral("since:2026-11-24 until:2026-11-24"), kNow);
    QVERIFY(!day.matches(receivedAt(at("2026-11-23T23:59:59.999Z"))));
    QVERIFY(day.matches(receivedAt(at("2026-11-24T00:00:00Z"))));
    QVERIFY(day.matches(receivedAt(at("2026-11-24T23:59:59.999Z"))));
    QVERIFY(!day.matches(receivedAt(at("2026-11-25T00:00:00Z"))));
}

void TestFilterTime::defaultNowIsTheCurrentTime()
{
    const FilterExpression f = FilterExpression::parse(QStringLiteral("since:1h"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(f.matches(receivedAt(now)));
    QVERIFY(!f.matches(receivedAt(now - 2 * kHour)));
}

QTEST_GUILESS_MAIN(TestFilterTime)
#include "tst_filtertime.moc"
