#include "fixturevectors.h"
#include "ingest/deliverydecision.h"
#include "ingest/deliveryprocessor.h"
#include "ingest/incomingrequest.h"
#include "protocol/eventparser.h"
#include "protocol/signatureverifier.h"

#include <QCryptographicHash>
#include <QTest>

namespace {

using Header = QPair<QByteArray, QByteArray>;

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
    void badSignatureKeepsNoValidSignature_data();
    void badSignatureKeepsNoValidSignature();
    void staleTimestampIsMarked_data();
    void staleTimestampIsMarked();
    void strictRefusesStaleOnlyWhenAsked();
    void configCarriesTheStaleRule();
    void acceptedDeliveryKeepsItsRequest();
    void acceptedHeadersAreBoundedLikeRefused();
    void credentialHeadersAreNeverKept();
    void testMark_data();
    void testMark();
    void testMarkOnForgedBodyChangesNoVerdict();
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
    // Worked out here, on the receiver's thread, for the writer's dedupe key.
    QCOMPARE(d.event->payloadSha256,
             QCryptographicHash::hash(v.body, QCryptographicHash::Sha256).toHex());
    QCOMPARE(d.event->query, v.query);
    QCOMPARE(d.event->receivedAtMs, Q_INT64_C(1764000000123));
    QCOMPARE(d.event->verification, Verification::Verified);
    QCOMPARE(d.event->dedupeKey, QStringLiteral("m:cu070001:1695787977126001"));
    QVERIFY(d.event->verificationDetail.contains(QStringLiteral("exact data text")));
    // Issue 11: this receipt's request, for the inspector.
    QCOMPARE(d.event->requestHeaders, QStringLiteral("Content-Type: application/json\n"));
    QCOMPARE(d.event->peer, QStringLiteral("127.0.0.1"));
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

void TestDeliveryProcessor::badSignatureKeepsNoValidSignature_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("wrong signature, timestamp")
        << QStringLiteral("timestamp=1764000000&signature=0123456789abcdef0123456789abcdef");
    QTest::newRow("wrong signature, no timestamp")
        << QStringLiteral("signature=0123456789abcdef0123456789abcdef");
    QTest::newRow("unsigned") << QStringLiteral("timestamp=1764000000");
}

// Issue 9: a bad signature once stored "expected <md5>", the valid signature
// for whatever body was sent: the store signed forgeries on request.
void TestDeliveryProcessor::badSignatureKeepsNoValidSignature()
{
    QFETCH(QString, query);
    const QByteArray secret("test-secret-123");
    const QByteArray body(R"({"event":"message","data":{"msg":"forged","chat_user_id":"u"}})");
    const EventParser::Result parsed = EventParser::parse(body);
    QVERIFY(parsed.ok);
    const QList<QByteArray> valid{
        SignatureVerifier::sign(secret, parsed.dataText, parsed.eventText),
        SignatureVerifier::sign(secret, parsed.dataText, parsed.eventText, "1764000000")};
    for (const VerifyPolicy policy : {VerifyPolicy::Record, VerifyPolicy::Strict}) {
        const DeliveryDecision d = processor(policy, secret).process(post(body, query));
        const QString stored = d.event ? d.event->verificationDetail + d.event->query
                                       : d.refused->reason + d.refused->query;
        for (const QByteArray &digest : valid) {
            QVERIFY2(!stored.contains(QString::fromLatin1(digest), Qt::CaseInsensitive),
                     qPrintable(stored));
        }
        if (query.contains(QLatin1String("signature="))) {
            QVERIFY2(stored.contains(SignatureVerifier::keyFingerprint(secret)),
                     qPrintable(stored));
        }
    }
    const DeliveryDecision d = processor(VerifyPolicy::Record, secret).process(post(body, query));
    if (d.event->verification == Verification::BadSignature) {
        QVERIFY2(d.event->verificationDetail.contains(QLatin1String("tried: data text")),
                 qPrintable(d.event->verificationDetail));
        QVERIFY(d.event->verificationDetail.contains(
            QLatin1String("received signature 0123456789abcdef0123456789abcdef")));
    }
}

void TestDeliveryProcessor::staleTimestampIsMarked_data()
{
    QTest::addColumn<QString>("timestamp");
    QTest::addColumn<bool>("stale");
    // The clock: post() receives at 1764000000123 ms; the window is 10 minutes.
    QTest::newRow("seconds, now") << QStringLiteral("1764000000") << false;
    QTest::newRow("milliseconds, now") << QStringLiteral("1764000000123") << false;
    QTest::newRow("seconds, 9 min old") << QStringLiteral("1763999460") << false;
    QTest::newRow("seconds, 11 min old") << QStringLiteral("1763999340") << true;
    QTest::newRow("milliseconds, 11 min old") << QStringLiteral("1763999340123") << true;
    QTest::newRow("milliseconds, 11 min ahead") << QStringLiteral("1764000660124") << true;
    QTest::newRow("seconds, a day old") << QStringLiteral("1763913600") << true;
    QTest::newRow("not a number") << QStringLiteral("yesterday") << true;
    QTest::newRow("absent") << QString() << false;
}

void TestDeliveryProcessor::staleTimestampIsMarked()
{
    QFETCH(QString, timestamp);
    QFETCH(bool, stale);
    const FixtureVector &v = firstVector();
    const QString query = timestamp.isNull() ? QString() : QStringLiteral("timestamp=") + timestamp;
    const DeliveryDecision d = processor(VerifyPolicy::Record).process(post(v.body, query));
    QCOMPARE(d.status, 200);
    QCOMPARE(d.event->stale, stale);
    QCOMPARE(d.event->verificationDetail.contains(QLatin1String("stale: ")), stale);
}

void TestDeliveryProcessor::strictRefusesStaleOnlyWhenAsked()
{
    const FixtureVector &v = firstVector(); // signed without timestamp, stamped 1764000000
    IncomingRequest late = post(v.body, v.query);
    late.receivedAtMs += 3'600'000;
    DeliveryProcessor strict = processor(VerifyPolicy::Strict);
    DeliveryDecision d = strict.process(late);
    QCOMPARE(d.status, 200);
    QVERIFY(d.event->stale);

    strict.setStaleRule(10 * 60 * 1000, true);
    d = strict.process(late);
    QCOMPARE(d.status, 401);
    QVERIFY(!d.event);
    QVERIFY(d.refused);
    QVERIFY2(d.refused->reason.startsWith(QLatin1String("stale: timestamp 1764000000 is 60 ")),
             qPrintable(d.refused->reason));
    QVERIFY(d.refused->reason.contains(QLatin1String("behind")));
    QCOMPARE(strict.process(post(v.body, v.query)).status, 200); // fresh

    DeliveryProcessor record = processor(VerifyPolicy::Record);
    record.setStaleRule(10 * 60 * 1000, true);
    d = record.process(late);
    QCOMPARE(d.status, 200); // only the strict policy refuses
    QVERIFY(d.event->stale);
}

void TestDeliveryProcessor::configCarriesTheStaleRule()
{
    ReceiverConfig config;
    config.secret = "test-secret-123";
    config.path = QStringLiteral("webhook");
    config.staleAfterMs = 1000;
    config.refuseStale = true;
    const DeliveryProcessor p(config);
    QCOMPARE(p.staleAfterMs(), 1000);
    QVERIFY(p.refusesStale());
    QCOMPARE(p.webhookPath(), QStringLiteral("/webhook"));
    const FixtureVector &v = firstVector();
    IncomingRequest request = post(v.body, v.query);
    request.receivedAtMs = 1764000001001; // 1001 ms after the timestamp
    QCOMPARE(p.process(request).status, 401);
    request.receivedAtMs = 1764000001000;
    QCOMPARE(p.process(request).status, 200);
}

// Issue 11: the inspector shows the headers and source address of accepted
// events too, in the refused copy's format.
void TestDeliveryProcessor::acceptedDeliveryKeepsItsRequest()
{
    const FixtureVector &v = firstVector();
    IncomingRequest request = post(v.body, v.query);
    request.peer = QStringLiteral("203.0.113.9");
    // A hostile Content-Type: not UTF-8, a NUL, a very long value.
    QByteArray hostile("text/\xff");
    hostile += '\0';
    hostile += "plain; x=" + QByteArray(300, 'a');
    request.headers.append(Header("Content-Type", hostile));
    request.headers.append(Header("User-Agent", "SaleSmartly"));
    const DeliveryDecision d = processor(VerifyPolicy::Strict).process(request);
    QVERIFY(d.event);
    QCOMPARE(d.event->peer, QStringLiteral("203.0.113.9"));
    QVERIFY(d.event->requestHeaders.startsWith(QStringLiteral("Content-Type: application/json\n")));
    QVERIFY(d.event->requestHeaders.endsWith(QStringLiteral("User-Agent: SaleSmartly\n")));
    QVERIFY(d.event->requestHeaders.contains(QChar(0xfffd))); // the invalid byte, replaced
    QCOMPARE(d.event->requestHeaders,
             DeliveryProcessor::refusal(request, 400, QStringLiteral("x")).headers);
    QVERIFY(!d.event->test);
}

// A reverse proxy's basic auth or a cookie must not end up in the store (and
// from there in the inspector, an export of refusals, or a copied request),
// accepted or refused.
void TestDeliveryProcessor::credentialHeadersAreNeverKept()
{
    const FixtureVector &v = firstVector();
    ReceiverConfig config;
    config.secret = "test-secret-123";
    config.policy = VerifyPolicy::Strict;
    const DeliveryProcessor p(config);
    IncomingRequest request = post(v.body, v.query);
    request.headers.append(Header("Authorization", "Basic dXNlcjpzM2NyZXQ="));
    request.headers.append(Header("proxy-AUTHORIZATION", "Bearer tok-123"));
    request.headers.append(Header("Cookie", "session=abc123"));
    request.headers.append(Header("X-Authorization-Hint", "kept"));
    const DeliveryDecision d = p.process(request);
    QVERIFY(d.event);
    for (const QString &kept :
         {d.event->requestHeaders,
          DeliveryProcessor::refusal(request, 401, QStringLiteral("x")).headers}) {
        for (const char *secret : {"dXNlcjpzM2NyZXQ=", "tok-123", "abc123"})
            QVERIFY2(!kept.contains(QLatin1String(secret)), qPrintable(kept));
        QVERIFY(kept.contains(QLatin1String("Authorization: [redacted]")));
        QVERIFY(kept.contains(QLatin1String("proxy-AUTHORIZATION: [redacted]")));
        QVERIFY(kept.contains(QLatin1String("Cookie: [redacted]")));
        QVERIFY(kept.contains(QLatin1String("X-Authorization-Hint: kept")));
    }
}

// Thousands of headers, or one huge one: the accepted copy keeps no more than
// the refused copy would (RefusalLimits::maxBodyBytes of UTF-8), never half a
// character.
void TestDeliveryProcessor::acceptedHeadersAreBoundedLikeRefused()
{
    const FixtureVector &v = firstVector();
    RefusalLimits limits;
    limits.maxBodyBytes = 1000;
    ReceiverConfig config;
    config.secret = "test-secret-123";
    config.policy = VerifyPolicy::Strict;
    config.refusals = limits;
    const DeliveryProcessor p(config);
    for (const bool many : {true, false}) {
        IncomingRequest request = post(v.body, v.query);
        if (many) {
            for (int i = 0; i < 5000; ++i)
                request.headers.append(Header("X-Many-" + QByteArray::number(i), "\xe4\xbd\xa0"));
        } else {
            request.headers.append(Header("X-Huge", QString(200'000, QChar(0x4f60)).toUtf8()));
        }
        const DeliveryDecision d = p.process(request);
        QVERIFY(d.event);
        const QByteArray kept = d.event->requestHeaders.toUtf8();
        QVERIFY2(kept.size() <= 1000, QByteArray::number(kept.size()).constData());
        QVERIFY(kept.size() > 900);
        QVERIFY(!d.event->requestHeaders.contains(QChar(0xfffd)));
        QCOMPARE(d.event->requestHeaders,
                 DeliveryProcessor::refusal(request, 400, QStringLiteral("x"), limits).headers);
    }
}

void TestDeliveryProcessor::testMark_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("test");
    QTest::newRow("marked") << QByteArray("X-HookScope-Test") << QByteArray("1") << true;
    QTest::newRow("name in any case") << QByteArray("x-hookscope-test") << QByteArray("1") << true;
    QTest::newRow("padded value") << QByteArray("X-HookScope-Test") << QByteArray(" 1 ") << true;
    QTest::newRow("zero") << QByteArray("X-HookScope-Test") << QByteArray("0") << false;
    QTest::newRow("empty") << QByteArray("X-HookScope-Test") << QByteArray() << false;
    QTest::newRow("other word") << QByteArray("X-HookScope-Test") << QByteArray("yes") << false;
    QTest::newRow("longer value") << QByteArray("X-HookScope-Test") << QByteArray("10") << false;
    QTest::newRow("other header") << QByteArray("X-HookScope-Tests") << QByteArray("1") << false;
    QTest::newRow("no header") << QByteArray() << QByteArray() << false;
}

void TestDeliveryProcessor::testMark()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(bool, test);
    const FixtureVector &v = firstVector();
    IncomingRequest request = post(v.body, v.query);
    if (!name.isEmpty())
        request.headers.append(Header(name, value));
    const DeliveryDecision d = processor(VerifyPolicy::Strict).process(request);
    QVERIFY(d.event);
    QCOMPARE(d.event->test, test);
    QCOMPARE(d.event->verification, Verification::Verified);
}

// The mark is a label, not a pass: a forged body marked as a test is judged
// like any other (refused under strict, flagged under record).
void TestDeliveryProcessor::testMarkOnForgedBodyChangesNoVerdict()
{
    const QByteArray body(R"({"event":"message","data":{"msg":"forged","chat_user_id":"u"}})");
    IncomingRequest request =
        post(body, QStringLiteral("timestamp=1&signature=0123456789abcdef0123456789abcdef"));
    request.headers.append(Header("X-HookScope-Test", "1"));
    const DeliveryDecision strict = processor(VerifyPolicy::Strict).process(request);
    QCOMPARE(strict.status, 401);
    QVERIFY(!strict.event);
    QVERIFY(strict.refused);
    QVERIFY(strict.refused->headers.contains(QStringLiteral("X-HookScope-Test: 1")));
    const DeliveryDecision record = processor(VerifyPolicy::Record).process(request);
    QVERIFY(record.event);
    QCOMPARE(record.event->verification, Verification::BadSignature);
    QVERIFY(record.event->test);
}

QTEST_GUILESS_MAIN(TestDeliveryProcessor)
#include "tst_deliveryprocessor.moc"
