#include "fixturevectors.h"
#include "ingest/deliveryprocessor.h"
#include "protocol/signatureverifier.h"
#include "samplefactory.h"
#include "webhooksender.h"

#include <QCryptographicHash>
#include <QTest>
#include <QUrlQuery>

using SignMode = WebhookSender::SignMode;

Q_DECLARE_METATYPE(WebhookSender::SignMode)

namespace {

const QByteArray kSecret("test-secret-123");
constexpr qint64 kNowMs = 1764000000000;

QByteArray md5Hex(const QByteArray &text)
{
    return QCryptographicHash::hash(text, QCryptographicHash::Md5).toHex();
}

QByteArray signatureIn(const QByteArray &query)
{
    return QUrlQuery(QString::fromLatin1(query))
        .queryItemValue(QStringLiteral("signature"))
        .toLatin1();
}

// The verification word the receiver gives a delivery: the same
// DeliveryProcessor the HTTP receiver runs, under the record-only policy.
QString received(const QByteArray &body, const QByteArray &query,
                 const QByteArray &secret = kSecret)
{
    const DeliveryProcessor processor(SignatureVerifier(secret, VerifyPolicy::Record),
                                      QStringLiteral("/webhook"));
    IncomingRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/webhook");
    request.query = QString::fromLatin1(query);
    request.body = body;
    const DeliveryDecision decision = processor.process(request);
    if (decision.status != 200 || !decision.event)
        return QStringLiteral("refused %1").arg(decision.status);
    return verificationWord(decision.event->verification);
}

} // namespace

class TestWebhookSender final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void signsWhatTheReceiverVerifies_data();
    void signsWhatTheReceiverVerifies();
    void signModesAsTheReceiverReadsThem_data();
    void signModesAsTheReceiverReadsThem();
    void sharedFixtures_data();
    void sharedFixtures();
};

void TestWebhookSender::signsWhatTheReceiverVerifies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("signedData"); // what the receiver verifies
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QByteArray>("oldSpan"); // what the old first-"data" search signed

    QTest::newRow("first \"data\" inside another member")
        << QByteArray(R"({"meta":{"data":"x"},"event":"message",)"
                      R"("data":{"msg_type":"text","msg":"hi","chat_user_id":"c1"}})")
        << QByteArray(R"({"msg_type":"text","msg":"hi","chat_user_id":"c1"})")
        << QByteArray("message")
        << QByteArray(R"("x"},"event":"message",)"
                      R"("data":{"msg_type":"text","msg":"hi","chat_user_id":"c1"}})");
    QTest::newRow("first \"data\" inside an array")
        << QByteArray(
               R"({"items":[{"data":[1,2]}],"event":"add_user","data":{"chat_user_id":"c2"}})")
        << QByteArray(R"({"chat_user_id":"c2"})") << QByteArray("add_user") << QByteArray("[1,2]");
    QTest::newRow("data as a JSON string: its decoded content")
        << QByteArray(R"({"event":"message","data":"{\"msg_type\":\"image\",)"
                      R"(\"msg\":\"https:\/\/x\/a.jpg\",\"chat_user_id\":\"c3\"}"})")
        << QByteArray(R"({"msg_type":"image","msg":"https://x/a.jpg","chat_user_id":"c3"})")
        << QByteArray("message")
        << QByteArray(R"("{\"msg_type\":\"image\",)"
                      R"(\"msg\":\"https:\/\/x\/a.jpg\",\"chat_user_id\":\"c3\"}"})");
    QTest::newRow("data as a plain string, event after it")
        << QByteArray(R"({"data":"plain text","event":"message"})") << QByteArray("plain text")
        << QByteArray("message") << QByteArray(R"("plain text","event":"message"})");
}

void TestWebhookSender::signsWhatTheReceiverVerifies()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, signedData);
    QFETCH(QByteArray, event);
    QFETCH(QByteArray, oldSpan);

    const QByteArray query = WebhookSender::signedQuery(body, kSecret, SignMode::Exact, kNowMs);
    const QByteArray signature = signatureIn(query);
    QCOMPARE(signature, md5Hex(kSecret + "&data=" + signedData + "&event=" + event));
    QCOMPARE(received(body, query), QStringLiteral("verified"));

    // The span the sender used to sign is not what the receiver checks.
    const QByteArray oldSignature = SignatureVerifier::sign(kSecret, oldSpan, event);
    QVERIFY(oldSignature != signature);
    QCOMPARE(received(body, "timestamp=1764000000&signature=" + oldSignature),
             QStringLiteral("bad-signature"));
}

void TestWebhookSender::signModesAsTheReceiverReadsThem_data()
{
    QTest::addColumn<SignMode>("mode");
    QTest::addColumn<QString>("expect");
    QTest::newRow("exact") << SignMode::Exact << QStringLiteral("verified");
    QTest::newRow("with-timestamp")
        << SignMode::WithTimestamp << QStringLiteral("verified+timestamp");
    QTest::newRow("bad") << SignMode::Bad << QStringLiteral("bad-signature");
    QTest::newRow("none") << SignMode::None << QStringLiteral("unsigned");
}

void TestWebhookSender::signModesAsTheReceiverReadsThem()
{
    QFETCH(SignMode, mode);
    QFETCH(QString, expect);
    for (const QString &name : SampleFactory::kindNames()) {
        const SampleFactory factory(*SampleFactory::kindFromName(name), 42);
        for (qint64 i = 0; i < 3; ++i) {
            const QByteArray body = factory.body(i);
            const QByteArray query = WebhookSender::signedQuery(body, kSecret, mode, kNowMs);
            QVERIFY(query.startsWith("timestamp=1764000000"));
            QCOMPARE(received(body, query), expect);
        }
    }
}

void TestWebhookSender::sharedFixtures_data()
{
    QTest::addColumn<FixtureVector>("vector");
    for (const FixtureVector &v : loadFixtureVectors())
        QTest::newRow(qPrintable(v.name)) << v;
}

// Each shared vector's body through the sender's signing path: signed the way
// the vector was, the sender must produce the vector's own signature, and the
// receiver must read the sender's query as the vector expects.
void TestWebhookSender::sharedFixtures()
{
    QFETCH(FixtureVector, vector);
    const QUrlQuery fixtureQuery(vector.query);
    const QByteArray timestamp =
        fixtureQuery.queryItemValue(QStringLiteral("timestamp")).toLatin1();
    const QByteArray fixtureSignature =
        fixtureQuery.queryItemValue(QStringLiteral("signature")).toLatin1();
    const qint64 timestampMs = timestamp.toLongLong() * 1000;
    const auto sent = [&](SignMode mode) {
        return WebhookSender::signedQuery(vector.body, vector.secret, mode, timestampMs);
    };

    QCOMPARE(received(vector.body, sent(SignMode::Exact), vector.secret),
             QStringLiteral("verified"));
    if (vector.expect == QLatin1String("verified")) {
        QCOMPARE(signatureIn(sent(SignMode::Exact)), fixtureSignature);
    } else if (vector.expect == QLatin1String("verified+timestamp")) {
        QCOMPARE(signatureIn(sent(SignMode::WithTimestamp)), fixtureSignature);
        QCOMPARE(received(vector.body, sent(SignMode::WithTimestamp), vector.secret),
                 vector.expect);
    } else if (vector.expect == QLatin1String("bad-signature")) {
        QVERIFY(signatureIn(sent(SignMode::Exact)) != fixtureSignature);
        QVERIFY(signatureIn(sent(SignMode::WithTimestamp)) != fixtureSignature);
        QCOMPARE(received(vector.body, sent(SignMode::Bad), vector.secret), vector.expect);
    } else if (vector.expect == QLatin1String("unsigned")) {
        QCOMPARE(sent(SignMode::None), "timestamp=" + timestamp);
        QCOMPARE(received(vector.body, sent(SignMode::None), vector.secret), vector.expect);
    } else {
        QSKIP("the sender never signs loosely; only its exact signature is checked");
    }
}

QTEST_GUILESS_MAIN(TestWebhookSender)
#include "tst_webhooksender.moc"
