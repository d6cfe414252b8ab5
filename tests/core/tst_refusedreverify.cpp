#include "ingest/refusedreverify.h"

#include "ingest/deliveryprocessor.h"
#include "ingest/refusedrequest.h"
#include "protocol/signatureverifier.h"
#include "store/eventstore.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray kRightSecret("right-secret");
const QByteArray kWrongSecret("wrong-secret");
const QByteArray kData(R"({"chat_user_id":"cu1","sequence_id":"s1","msg":"hello 'world'",)"
                       R"("channel":7,"sender_type":1})");
constexpr qint64 kReceivedMs = Q_INT64_C(1764000000000);

QByteArray body()
{
    return QByteArray(R"({"event":"message","data":)") + kData + '}';
}

QString signedQuery(const QByteArray &secret)
{
    const QByteArray timestamp = QByteArray::number(kReceivedMs / 1000);
    return QStringLiteral("timestamp=%1&signature=%2")
        .arg(QString::fromLatin1(timestamp),
             QString::fromLatin1(SignatureVerifier::sign(secret, kData, "message", timestamp)));
}

ReceiverConfig config(const QByteArray &secret, VerifyPolicy policy = VerifyPolicy::Strict)
{
    ReceiverConfig c;
    c.secret = secret;
    c.policy = policy;
    return c;
}

// What the receiver recorded when it still had the wrong key: signed with
// the right one, judged with the wrong one.
RefusedRecord refusedWithWrongKey(bool testMark = false)
{
    IncomingRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/webhook");
    request.query = signedQuery(kRightSecret);
    request.headers = {{"Content-Type", "application/json"}, {"User-Agent", "SaleSmartly"}};
    request.body = body();
    if (testMark)
        request.headers.append(std::make_pair(QByteArray("x-hookscope-test"), QByteArray("1")));
    request.peer = QStringLiteral("198.51.100.4");
    request.receivedAtMs = kReceivedMs;
    const DeliveryDecision decision = DeliveryProcessor(config(kWrongSecret)).process(request);
    Q_ASSERT(decision.refused);
    return *decision.refused;
}

} // namespace

class TestRefusedReverify final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void verifiesWithTheRightSecret();
    void stillBadWithTheWrongSecret();
    void keepsTheTestMark();
    void cutCopiesCannotBeJudged();
    void routingRefusalsAreNotJudged();
    void noSecretNothingToVerifyWith();
    void recordPolicyDoesNotPromoteWhatDoesNotVerify();
    void notJsonStaysRefused();
    void runPromotesInOneTransaction();
    void runLeavesAStillBadRowAlone();
    void runOnAMissingRow();
};

void TestRefusedReverify::verifiesWithTheRightSecret()
{
    const RefusedRecord r = refusedWithWrongKey();
    QCOMPARE(r.status, 401);
    EventRecord event;
    const RefusedReverify::Result result = RefusedReverify::judge(r, config(kRightSecret), &event);
    QCOMPARE(result.outcome, RefusedReverify::Outcome::Promoted);
    QCOMPARE(event.verification, Verification::VerifiedTimestamp);
    QCOMPARE(event.payload, body());
    QCOMPARE(event.query, r.query);
    QCOMPARE(event.receivedAtMs, kReceivedMs);
    QCOMPARE(event.peer, QStringLiteral("198.51.100.4"));
    QVERIFY(event.requestHeaders.contains(QStringLiteral("User-Agent: SaleSmartly")));
    QVERIFY(event.verificationDetail.contains(QStringLiteral("re-verified")));
    QVERIFY(!event.verificationDetail.contains(QString::fromLatin1(kRightSecret)));
}

// A test delivery refused for the wrong key stays a test once promoted:
// the mark comes from the stored request headers.
void TestRefusedReverify::keepsTheTestMark()
{
    EventRecord event;
    QCOMPARE(
        RefusedReverify::judge(refusedWithWrongKey(true), config(kRightSecret), &event).outcome,
        RefusedReverify::Outcome::Promoted);
    QVERIFY(event.test);
    QCOMPARE(
        RefusedReverify::judge(refusedWithWrongKey(false), config(kRightSecret), &event).outcome,
        RefusedReverify::Outcome::Promoted);
    QVERIFY(!event.test);
}

void TestRefusedReverify::stillBadWithTheWrongSecret()
{
    const RefusedRecord r = refusedWithWrongKey();
    const RefusedReverify::Result result = RefusedReverify::judge(r, config("another"));
    QCOMPARE(result.outcome, RefusedReverify::Outcome::StillRefused);
    QVERIFY2(result.reason.startsWith(QStringLiteral("bad-signature")), qPrintable(result.reason));
    QVERIFY(RefusedReverify::describe(result, 3).contains(QStringLiteral("bad-signature")));
}

void TestRefusedReverify::cutCopiesCannotBeJudged()
{
    RefusedRecord r = refusedWithWrongKey();
    r.bodyBytes = r.body.size() + 10; // the receiver kept only the start
    RefusedReverify::Result result = RefusedReverify::judge(r, config(kRightSecret));
    QCOMPARE(result.outcome, RefusedReverify::Outcome::CopyCut);
    QVERIFY(RefusedReverify::describe(result, 3).contains(QStringLiteral("cannot be re-verified")));
    r = refusedWithWrongKey();
    r.queryBytes = r.query.size() + 1;
    result = RefusedReverify::judge(r, config(kRightSecret));
    QCOMPARE(result.outcome, RefusedReverify::Outcome::CopyCut);
}

void TestRefusedReverify::routingRefusalsAreNotJudged()
{
    RefusedRecord r = refusedWithWrongKey();
    r.status = 404;
    QCOMPARE(RefusedReverify::judge(r, config(kRightSecret)).outcome,
             RefusedReverify::Outcome::NotJudged);
}

void TestRefusedReverify::noSecretNothingToVerifyWith()
{
    const RefusedRecord r = refusedWithWrongKey();
    QCOMPARE(RefusedReverify::judge(r, config(QByteArray())).outcome,
             RefusedReverify::Outcome::NoSecret);
    QCOMPARE(RefusedReverify::judge(r, config(kRightSecret, VerifyPolicy::Off)).outcome,
             RefusedReverify::Outcome::NoSecret);
}

void TestRefusedReverify::recordPolicyDoesNotPromoteWhatDoesNotVerify()
{
    const RefusedRecord r = refusedWithWrongKey();
    const RefusedReverify::Result result =
        RefusedReverify::judge(r, config("another", VerifyPolicy::Record));
    QCOMPARE(result.outcome, RefusedReverify::Outcome::Unverified);
    QCOMPARE(result.verification, Verification::BadSignature);
}

void TestRefusedReverify::notJsonStaysRefused()
{
    RefusedRecord r = refusedWithWrongKey();
    r.status = 400;
    r.body = QByteArray("\xff\xfe not json", 11);
    r.bodyBytes = r.body.size();
    QCOMPARE(RefusedReverify::judge(r, config(kRightSecret)).outcome,
             RefusedReverify::Outcome::StillRefused);
}

void TestRefusedReverify::runPromotesInOneTransaction()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.db"));
    qint64 refusedId = 0;
    {
        EventStore store;
        QVERIFY(store.open(path));
        refusedId = store.appendRefused(refusedWithWrongKey()).value_or(0);
        QVERIFY(refusedId > 0);
    }
    const RefusedReverify::Result result =
        RefusedReverify::run(path, refusedId, config(kRightSecret));
    QCOMPARE(result.outcome, RefusedReverify::Outcome::Promoted);
    QVERIFY(result.eventId > 0);
    QVERIFY(!result.duplicate);
    QVERIFY(RefusedReverify::describe(result, refusedId)
                .contains(QStringLiteral("event #%1").arg(result.eventId)));
    EventStore store;
    QVERIFY(store.openReadOnly(path));
    QCOMPARE(store.refusedCount(), 0);
    const std::optional<EventRecord> event = store.event(result.eventId);
    QVERIFY(event);
    QCOMPARE(event->payload, body());
    QCOMPARE(event->verification, Verification::VerifiedTimestamp);
    const QList<DeliveryRecord> deliveries = store.deliveries(result.eventId);
    QCOMPARE(deliveries.size(), 1);
    QCOMPARE(deliveries.first().peer, QStringLiteral("198.51.100.4"));
    QVERIFY(deliveries.first().headers.contains(QStringLiteral("Content-Type")));
    store.close();
    // Twice: the row is gone, nothing is appended again.
    const RefusedReverify::Result again =
        RefusedReverify::run(path, refusedId, config(kRightSecret));
    QCOMPARE(again.outcome, RefusedReverify::Outcome::Gone);
    QVERIFY(store.openReadOnly(path));
    QCOMPARE(store.eventCount(), 1);
}

void TestRefusedReverify::runLeavesAStillBadRowAlone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.db"));
    qint64 refusedId = 0;
    {
        EventStore store;
        QVERIFY(store.open(path));
        refusedId = store.appendRefused(refusedWithWrongKey()).value_or(0);
    }
    const RefusedReverify::Result result = RefusedReverify::run(path, refusedId, config("x"));
    QCOMPARE(result.outcome, RefusedReverify::Outcome::StillRefused);
    EventStore store;
    QVERIFY(store.openReadOnly(path));
    QCOMPARE(store.refusedCount(), 1);
    QCOMPARE(store.eventCount(), 0);
}

void TestRefusedReverify::runOnAMissingRow()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.db"));
    {
        EventStore store;
        QVERIFY(store.open(path));
    }
    QCOMPARE(RefusedReverify::run(path, 42, config(kRightSecret)).outcome,
             RefusedReverify::Outcome::Gone);
    // No store at all: said, not created.
    const RefusedReverify::Result none =
        RefusedReverify::run(dir.filePath(QStringLiteral("missing/x.db")), 1, config("k"));
    QCOMPARE(none.outcome, RefusedReverify::Outcome::StoreError);
    QVERIFY(!none.reason.isEmpty());
}

QTEST_GUILESS_MAIN(TestRefusedReverify)
#include "tst_refusedreverify.moc"
