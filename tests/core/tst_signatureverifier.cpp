#include "fixturevectors.h"
#include "ingest/deliverydecision.h"
#include "ingest/deliveryprocessor.h"
#include "ingest/incomingrequest.h"
#include "protocol/eventparser.h"
#include "protocol/jsonreserializer.h"
#include "protocol/signaturecheck.h"
#include "protocol/signatureverifier.h"
#include "protocol/signedparts.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QTest>

namespace {

const QByteArray kSecret("test-secret-123");

QByteArray md5Hex(const QByteArray &text)
{
    return QCryptographicHash::hash(text, QCryptographicHash::Md5).toHex();
}

// Verifies a body the way the receiver does: parse, then check.
Verification verifyBody(const QByteArray &body, const QByteArray &timestamp,
                        const QByteArray &signature, const QByteArray &secret = kSecret)
{
    const EventParser::Result parsed = EventParser::parse(body);
    if (!parsed.ok)
        qFatal("test body does not parse: %s", qPrintable(parsed.error));
    const SignatureVerifier verifier(secret, VerifyPolicy::Record);
    return verifier.verify({parsed.dataText, parsed.eventText, timestamp, signature}).outcome;
}

} // namespace

class TestSignatureVerifier final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sharedFixtures_data();
    void sharedFixtures();
    void ownVectors_data();
    void ownVectors();
    void uppercaseSignatureVerifies();
    void digestsEqualComparesWholeDigest();
    void noSecretIsNotChecked();
    void policyOffIsNotChecked();
    void detailNeverContainsSecret();
    void keyFingerprintComparesKeysWithoutShowingThem();
    void reserializerStyles_data();
    void reserializerStyles();
};

void TestSignatureVerifier::sharedFixtures_data()
{
    QTest::addColumn<FixtureVector>("vector");
    for (const FixtureVector &v : loadFixtureVectors())
        QTest::newRow(qPrintable(v.name)) << v;
}

void TestSignatureVerifier::sharedFixtures()
{
    QFETCH(FixtureVector, vector);
    const DeliveryProcessor processor(SignatureVerifier(vector.secret, VerifyPolicy::Record),
                                      QStringLiteral("/webhook"));
    IncomingRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/webhook");
    request.query = vector.query;
    request.body = vector.body;
    const DeliveryDecision decision = processor.process(request);
    QCOMPARE(decision.status, 200);
    QVERIFY(decision.event.has_value());
    QCOMPARE(verificationWord(decision.event->verification), vector.expect);
}

void TestSignatureVerifier::ownVectors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("signedBase");
    QTest::addColumn<QByteArray>("timestamp");
    QTest::addColumn<QString>("expect");

    const QByteArray ts("1764000000000");
    QTest::newRow("odd whitespace kept byte for byte")
        << QByteArray(
               "{ \"event\" :\t\"message\" ,\r\n \"data\" :  { \"a\" : 1 ,\"b\":[ 1 , 2 ] } }")
        << QByteArray("test-secret-123&data={ \"a\" : 1 ,\"b\":[ 1 , 2 ] }&event=message") << ts
        << QStringLiteral("verified");
    QTest::newRow("nested braces and quotes inside strings")
        << QByteArray(R"({"data":{"msg":"a } ] { \" [ , : b","q":{"x":"}"}},"event":"message"})")
        << QByteArray(
               R"(test-secret-123&data={"msg":"a } ] { \" [ , : b","q":{"x":"}"}}&event=message)")
        << ts << QStringLiteral("verified");
    QTest::newRow("key order as sent, not sorted")
        << QByteArray(R"({"data":{"z":1,"a":2},"event":"add_user"})")
        << QByteArray(R"(test-secret-123&data={"z":1,"a":2}&event=add_user)") << ts
        << QStringLiteral("verified");
    QTest::newRow("millisecond timestamp in the base string")
        << QByteArray(R"({"event":"update_user","data":{"chat_user_id":"c"}})")
        << QByteArray(
               R"(test-secret-123&data={"chat_user_id":"c"}&event=update_user&timestamp=1764000000000)")
        << ts << QStringLiteral("verified+timestamp");
    QTest::newRow("escaped event name is decoded")
        << QByteArray(R"({"data":{"k":"v"},"event":"mess\u0061ge"})")
        << QByteArray(R"(test-secret-123&data={"k":"v"}&event=message)") << ts
        << QStringLiteral("verified");
    QTest::newRow("sender signed compact JSON, body pretty")
        << QByteArray("{\"event\":\"message\",\"data\":{\n  \"msg\": \"hi there\",\n  \"n\": 1\n}}")
        << QByteArray(R"(test-secret-123&data={"msg":"hi there","n":1}&event=message)") << ts
        << QStringLiteral("verified-loose");
    QTest::newRow("sender signed PHP-style escapes, body raw UTF-8")
        << QByteArray(R"({"event":"message","data":{"msg":"你好/ok"}})")
        << QByteArray(R"(test-secret-123&data={"msg":"\u4f60\u597d\/ok"}&event=message)") << ts
        << QStringLiteral("verified-loose");
    QTest::newRow("sender signed Python-style with timestamp")
        << QByteArray(R"({"event":"message","data":{"msg":"é","n":[1,2]}})")
        << QByteArray(
               R"(test-secret-123&data={"msg": "\u00e9", "n": [1, 2]}&event=message&timestamp=1764000000000)")
        << ts << QStringLiteral("verified-loose");
    QTest::newRow("signature over another event name")
        << QByteArray(R"({"event":"message","data":{"k":"v"}})")
        << QByteArray(R"(test-secret-123&data={"k":"v"}&event=add_user)") << ts
        << QStringLiteral("bad-signature");
    QTest::newRow("signature with another secret")
        << QByteArray(R"({"event":"message","data":{"k":"v"}})")
        << QByteArray(R"(other-secret&data={"k":"v"}&event=message)") << ts
        << QStringLiteral("bad-signature");
    QTest::newRow("timestamp variant needs the timestamp that was sent")
        << QByteArray(R"({"event":"message","data":{"k":"v"}})")
        << QByteArray(R"(test-secret-123&data={"k":"v"}&event=message&timestamp=1)") << ts
        << QStringLiteral("bad-signature");
}

void TestSignatureVerifier::ownVectors()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, signedBase);
    QFETCH(QByteArray, timestamp);
    QFETCH(QString, expect);
    QCOMPARE(verificationWord(verifyBody(body, timestamp, md5Hex(signedBase))), expect);
}

void TestSignatureVerifier::uppercaseSignatureVerifies()
{
    const QByteArray body(R"({"data":{"k":"v"},"event":"message"})");
    const QByteArray sig = md5Hex(R"(test-secret-123&data={"k":"v"}&event=message)").toUpper();
    QCOMPARE(verifyBody(body, {}, sig), Verification::Verified);
}

void TestSignatureVerifier::digestsEqualComparesWholeDigest()
{
    const QByteArray a("0123456789abcdef0123456789abcdef");
    QVERIFY(SignatureVerifier::digestsEqual(a, a));
    QVERIFY(SignatureVerifier::digestsEqual(a, a.toUpper()));
    QByteArray last = a;
    last[31] = 'e';
    QVERIFY(!SignatureVerifier::digestsEqual(a, last));
    QVERIFY(!SignatureVerifier::digestsEqual(a, a.left(31)));
    QVERIFY(!SignatureVerifier::digestsEqual(a, QByteArray()));
}

void TestSignatureVerifier::noSecretIsNotChecked()
{
    const QByteArray body(R"({"data":{"k":"v"},"event":"message"})");
    QCOMPARE(verifyBody(body, {}, "deadbeef", QByteArray()), Verification::NotChecked);
}

void TestSignatureVerifier::policyOffIsNotChecked()
{
    const SignatureVerifier verifier(kSecret, VerifyPolicy::Off);
    const SignatureCheck check = verifier.verify({"{}", "message", {}, "bad"});
    QCOMPARE(check.outcome, Verification::NotChecked);
}

void TestSignatureVerifier::detailNeverContainsSecret()
{
    const SignatureVerifier verifier(kSecret, VerifyPolicy::Strict);
    for (const QByteArray &sig : {QByteArray("bad"), QByteArray(), md5Hex("x")}) {
        const SignatureCheck check = verifier.verify({R"({"k":"v"})", "message", "1", sig});
        QVERIFY(!check.detail.contains(QString::fromLatin1(kSecret)));
        QVERIFY(!check.detail.isEmpty());
    }
}

void TestSignatureVerifier::keyFingerprintComparesKeysWithoutShowingThem()
{
    const QString fingerprint = SignatureVerifier::keyFingerprint(kSecret);
    QCOMPARE(fingerprint.size(), 8);
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{8}$")).match(fingerprint).hasMatch());
    // Stable across runs and machines: the same key, the same fingerprint.
    QCOMPARE(fingerprint, SignatureVerifier::keyFingerprint(QByteArray("test-secret-123")));
    QVERIFY(fingerprint != SignatureVerifier::keyFingerprint("test-secret-124"));
    QVERIFY(SignatureVerifier::keyFingerprint({}).isEmpty());
    // Not a digest of the secret alone, MD5 or SHA-256: domain-separated.
    QVERIFY(!md5Hex(kSecret).startsWith(fingerprint.toLatin1()));
    QVERIFY(!QCryptographicHash::hash(kSecret, QCryptographicHash::Sha256)
                 .toHex()
                 .startsWith(fingerprint.toLatin1()));
    // Every outcome's detail names the key that checked it.
    const SignatureVerifier verifier(kSecret, VerifyPolicy::Record);
    for (const QByteArray &sig : {QByteArray("bad"), QByteArray()}) {
        const SignatureCheck check = verifier.verify({R"({"k":"v"})", "message", "1", sig});
        QVERIFY2(check.detail.contains(QStringLiteral("checked with key ") + fingerprint),
                 qPrintable(check.detail));
    }
}

void TestSignatureVerifier::reserializerStyles_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("style");
    QTest::addColumn<QByteArray>("expected");
    const int compact = static_cast<int>(JsonReserializer::Style::Compact);
    const int php = static_cast<int>(JsonReserializer::Style::Php);
    const int python = static_cast<int>(JsonReserializer::Style::Python);
    QTest::newRow("compact drops whitespace, keeps order")
        << QByteArray("{ \"b\" : 1,\n \"a\": [ 1.50, true ] }") << compact
        << QByteArray(R"({"b":1,"a":[1.50,true]})");
    QTest::newRow("compact unescapes slashes and unicode")
        << QByteArray(R"({"u":"http:\/\/x\u00e9"})") << compact
        << QByteArray("{\"u\":\"http://x\xc3\xa9\"}");
    QTest::newRow("php escapes slash and non-ascii, emoji as a surrogate pair")
        << QByteArray("{\"u\":\"a/\xc3\xa9\xf0\x9f\x98\x80\"}") << php
        << QByteArray(R"({"u":"a\/\u00e9\ud83d\ude00"})");
    QTest::newRow("python separators") << QByteArray(R"({"a":[1,2],"b":"/"})") << python
                                       << QByteArray(R"({"a": [1, 2], "b": "/"})");
    QTest::newRow("strings keep separators inside them")
        << QByteArray(R"({"a":"x, y: z"})") << python << QByteArray(R"({"a": "x, y: z"})");
    QTest::newRow("unterminated string is refused")
        << QByteArray(R"({"a":"x)") << compact << QByteArray();
    QTest::newRow("malformed JSON is refused, not rewritten")
        << QByteArray(R"({"a":tru})") << compact << QByteArray();
    QTest::newRow("text that is not JSON is refused")
        << QByteArray("hello, world") << python << QByteArray();
}

void TestSignatureVerifier::reserializerStyles()
{
    QFETCH(QByteArray, input);
    QFETCH(int, style);
    QFETCH(QByteArray, expected);
    QCOMPARE(JsonReserializer::rewrite(input, static_cast<JsonReserializer::Style>(style)),
             expected);
}

QTEST_GUILESS_MAIN(TestSignatureVerifier)
#include "tst_signatureverifier.moc"
