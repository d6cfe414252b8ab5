#include "fixturevectors.h"
#include "ingest/deliverydecision.h"
#include "ingest/deliveryprocessor.h"
#include "ingest/incomingrequest.h"

#include <QTest>

namespace {

const FixtureVector &firstVector()
{
    static const FixtureVector v = loadFixtureVectors().constFirst();
    return v;
}

IncomingRequest post(const QByteArray &body, const QString &query)
{
    IncomingRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/webhook");
    r.query = query;
    r.body = body;
    r.peer = QStringLiteral("127.0.0.1");
    r.receivedAtMs = 1764000000123;
    r.headers = {{"Content-Type", "application/json"}};
    return r;
}

DeliveryProcessor processor(VerifyPolicy policy, const QByteArray &secret = "test-secret-123")
{
    return DeliveryProcessor(SignatureVerifier(secret, policy), QStringLiteral("/webhook"), 4096);
}

} // namespace

class TestDeliveryProcessor final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acceptedDeliveryCarriesEverything();
    void statuses_data();
    void statuses();
    void refusalKeepsRawRequest();
};

void TestDeliveryProcessor::acceptedDeliveryCarriesEverything()
{
    const FixtureVector &v = firstVector();
    const DeliveryDecision d = processor(VerifyPolicy::Strict).process(post(v.body, v.query));
    QCOMPARE(d.status, 200);
    QCOMPARE(d.responseBody, QByteArray(R"({"code":0,"msg":"success"})"));
    QVERIFY(!d.refused);
    QVERIFY(d.event);
    QCOMPARE(d.event->payload, v.body);
    QCOMPARE(d.event->query, v.query);
    QCOMPARE(d.event->receivedAtMs, Q_INT64_C(1764000000123));
    QCOMPARE(d.event->verification, Verification::Verified);
    QCOMPARE(d.event->dedupeKey, QStringLiteral("m:cu070001:1695787977126001"));
    QVERIFY(d.event->verificationDetail.contains(QStringLiteral("exact data text")));
}

void TestDeliveryProcessor::statuses_data()
{
    const FixtureVector &v = firstVector();
    const QString badQuery =
        QStringLiteral("timestamp=1&signature=00000000000000000000000000000000");
    QTest::addColumn<int>("policy");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("recordedRefused");
    QTest::addColumn<QString>("verification");
    const int strict = static_cast<int>(VerifyPolicy::Strict);
    const int record = static_cast<int>(VerifyPolicy::Record);
    const int off = static_cast<int>(VerifyPolicy::Off);
    QTest::newRow("strict, good") << strict << QByteArray("POST") << QStringLiteral("/webhook")
                                  << v.body << v.query << 200 << false
                                  << QStringLiteral("verified");
    QTest::newRow("strict, bad signature")
        << strict << QByteArray("POST") << QStringLiteral("/webhook") << v.body << badQuery << 401
        << true << QString();
    QTest::newRow("strict, unsigned") << strict << QByteArray("POST") << QStringLiteral("/webhook")
                                      << v.body << QString() << 401 << true << QString();
    QTest::newRow("record, bad signature accepted and flagged")
        << record << QByteArray("POST") << QStringLiteral("/webhook") << v.body << badQuery << 200
        << false << QStringLiteral("bad-signature");
    QTest::newRow("record, unsigned accepted")
        << record << QByteArray("POST") << QStringLiteral("/webhook") << v.body << QString() << 200
        << false << QStringLiteral("unsigned");
    QTest::newRow("off") << off << QByteArray("POST") << QStringLiteral("/webhook") << v.body
                         << badQuery << 200 << false << QStringLiteral("not-checked");
    QTest::newRow("not json") << strict << QByteArray("POST") << QStringLiteral("/webhook")
                              << QByteArray("hello") << v.query << 400 << true << QString();
    QTest::newRow("GET on webhook") << strict << QByteArray("GET") << QStringLiteral("/webhook")
                                    << QByteArray() << QString() << 405 << true << QString();
    QTest::newRow("POST elsewhere") << strict << QByteArray("POST") << QStringLiteral("/other")
                                    << v.body << v.query << 404 << true << QString();
    QTest::newRow("GET elsewhere not recorded")
        << strict << QByteArray("GET") << QStringLiteral("/favicon.ico") << QByteArray()
        << QString() << 404 << false << QString();
    QTest::newRow("oversize not recorded")
        << strict << QByteArray("POST") << QStringLiteral("/webhook") << QByteArray(4097, 'x')
        << v.query << 413 << false << QString();
}

void TestDeliveryProcessor::statuses()
{
    QFETCH(int, policy);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(bool, recordedRefused);
    QFETCH(QString, verification);
    IncomingRequest request = post(body, query);
    request.method = method;
    request.path = path;
    const DeliveryDecision d = processor(static_cast<VerifyPolicy>(policy)).process(request);
    QCOMPARE(d.status, status);
    QCOMPARE(d.refused.has_value(), recordedRefused);
    QCOMPARE(d.event.has_value(), status == 200);
    if (d.event)
        QCOMPARE(verificationWord(d.event->verification), verification);
    if (d.refused)
        QCOMPARE(d.refused->status, status);
}

void TestDeliveryProcessor::refusalKeepsRawRequest()
{
    const DeliveryDecision d =
        processor(VerifyPolicy::Strict).process(post("{\"event\":", QStringLiteral("a=b")));
    QCOMPARE(d.status, 400);
    QVERIFY(d.refused);
    QCOMPARE(d.refused->body, QByteArray("{\"event\":"));
    QCOMPARE(d.refused->query, QStringLiteral("a=b"));
    QCOMPARE(d.refused->method, QStringLiteral("POST"));
    QVERIFY(d.refused->headers.contains(QStringLiteral("Content-Type: application/json")));
    QVERIFY(!d.refused->reason.isEmpty());
    QVERIFY(d.responseBody.contains("\"code\":400"));
}

QTEST_GUILESS_MAIN(TestDeliveryProcessor)
#include "tst_deliveryprocessor.moc"
