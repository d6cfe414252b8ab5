#include "ingest/deliverydecision.h"
#include "ingest/deliveryprocessor.h"
#include "ingest/incomingrequest.h"
#include "protocol/signatureverifier.h"
#include "records/exportrow.h"
#include "store/eventlookup.h"
#include "store/eventstore.h"
#include "testsupport_store.h"

#include <QTemporaryDir>
#include <QTest>

// Issue 9: what the store keeps may not be steered by a sender who knows an
// event's ids but not the secret.
namespace {

const QByteArray kSecret("test-secret-123");
constexpr qint64 kNow = 1764000000123;

QByteArray messageData(const QByteArray &text)
{
    return R"({"msg_type":"text","chat_user_id":"cu1","sequence_id":"42","msg":")" + text +
           R"(","chat_session_id":"s1","channel":7,"sender_type":1})";
}

// A delivery of `data` as the receiver would see it, signed with kSecret
// unless `sign` is false.
IncomingRequest delivery(const QByteArray &data, bool sign, qint64 receivedAtMs = kNow)
{
    IncomingRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/webhook");
    r.body = R"({"event":"message","data":)" + data + '}';
    r.query = QStringLiteral("timestamp=1764000000");
    if (sign) {
        r.query += QStringLiteral("&signature=") +
                   QString::fromLatin1(SignatureVerifier::sign(kSecret, data, "message"));
    }
    r.receivedAtMs = receivedAtMs;
    return r;
}

} // namespace

class TestEventStoreTrust final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void forgedFirstDoesNotTakeTheGenuineWord();
    void genuineFirstStaysVerifiedAndUnchanged();
    void identicalRetryMerges();
    void senderKeyWithHashSignIsNotAConflict();
    void conflictAndStaleReadBackAndExport();

private:
    EventStore::AppendResult store(const IncomingRequest &request);
    std::unique_ptr<TestStore> m_store;
    DeliveryProcessor m_processor{SignatureVerifier(kSecret, VerifyPolicy::Record),
                                  QStringLiteral("/webhook")};
};

void TestEventStoreTrust::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isOpen());
}

void TestEventStoreTrust::cleanup()
{
    m_store.reset();
}

EventStore::AppendResult TestEventStoreTrust::store(const IncomingRequest &request)
{
    const DeliveryDecision decision = m_processor.process(request);
    if (!decision.event)
        qFatal("the delivery was refused");
    const std::optional<EventStore::AppendResult> result =
        m_store->writer().append(*decision.event);
    if (!result)
        qFatal("%s", qPrintable(m_store->writer().lastError()));
    return *result;
}

void TestEventStoreTrust::forgedFirstDoesNotTakeTheGenuineWord()
{
    EventStore &s = m_store->writer();
    const auto forged = store(delivery(messageData("send the refund to IBAN X"), false));
    const auto genuine = store(delivery(messageData("hello"), true));
    QVERIFY(!genuine.duplicate);
    QVERIFY(genuine.conflict);
    QVERIFY(forged.eventId != genuine.eventId);
    QCOMPARE(s.eventCount(), 2);

    const EventRecord f = *s.event(forged.eventId);
    const EventRecord g = *s.event(genuine.eventId);
    QCOMPARE(f.msg, QStringLiteral("send the refund to IBAN X"));
    QCOMPARE(f.verification, Verification::Unsigned);
    QCOMPARE(f.deliveries, 1);
    QVERIFY(f.conflict);
    QCOMPARE(g.msg, QStringLiteral("hello"));
    QCOMPARE(g.verification, Verification::Verified);
    QVERIFY(g.conflict);
    // Each names the other, and the sender's key reads back without the hash.
    QCOMPARE(s.sameKeyEvents(forged.eventId), QList<qint64>{genuine.eventId});
    QCOMPARE(s.sameKeyEvents(genuine.eventId), QList<qint64>{forged.eventId});
    QCOMPARE(f.dedupeKey, QStringLiteral("m:cu1:42"));
    QCOMPARE(g.dedupeKey, f.dedupeKey);
}

void TestEventStoreTrust::genuineFirstStaysVerifiedAndUnchanged()
{
    EventStore &s = m_store->writer();
    const auto genuine = store(delivery(messageData("hello"), true));
    QVERIFY(!genuine.conflict);
    const EventRecord before = *s.event(genuine.eventId);
    QVERIFY(!before.conflict);
    const auto forged = store(delivery(messageData("forged retry"), false));
    QVERIFY(!forged.duplicate);
    QVERIFY(forged.conflict);

    const EventRecord g = *s.event(genuine.eventId);
    QCOMPARE(g.msg, before.msg);
    QCOMPARE(g.payload, before.payload);
    QCOMPARE(g.verification, Verification::Verified);
    QCOMPARE(g.deliveries, 1);
    QCOMPARE(s.deliveries(genuine.eventId).size(), 1);
    QVERIFY(g.conflict);
    const EventRecord f = *s.event(forged.eventId);
    QCOMPARE(f.msg, QStringLiteral("forged retry"));
    QCOMPARE(f.verification, Verification::Unsigned);
    QVERIFY(f.conflict);
    QCOMPARE(s.sameKeyEvents(genuine.eventId), QList<qint64>{forged.eventId});
}

void TestEventStoreTrust::identicalRetryMerges()
{
    EventStore &s = m_store->writer();
    // The same bytes, first without, then with a valid signature: the word is
    // true of the stored body either way, so the retry may raise it.
    const auto first = store(delivery(messageData("hello"), false));
    const auto retry = store(delivery(messageData("hello"), true, kNow + 5000));
    const auto again = store(delivery(messageData("hello"), true, kNow + 9000));
    QVERIFY(retry.duplicate && again.duplicate);
    QVERIFY(!retry.conflict);
    QCOMPARE(retry.eventId, first.eventId);
    QCOMPARE(again.eventId, first.eventId);
    QCOMPARE(s.eventCount(), 1);
    const EventRecord e = *s.event(first.eventId);
    QCOMPARE(e.deliveries, 3);
    QCOMPARE(e.verification, Verification::Verified);
    QVERIFY(!e.conflict);
    QVERIFY(s.sameKeyEvents(first.eventId).isEmpty());
}

// A sender key is text the sender chose; one that extends another with '#'
// lies in the other's key range but is not the same key.
void TestEventStoreTrust::senderKeyWithHashSignIsNotAConflict()
{
    EventRecord a;
    a.event = QStringLiteral("message");
    a.dedupeKey = QStringLiteral("m:cu1:42");
    a.payload = "{}";
    EventRecord b = a;
    b.dedupeKey = QStringLiteral("m:cu1:42#") + QString(64, u'a');
    b.payload = "{ }";
    EventStore &s = m_store->writer();
    const auto ra = s.append(a);
    const auto rb = s.append(b);
    QVERIFY(ra && rb);
    QVERIFY(!rb->conflict);
    QVERIFY(!s.event(ra->eventId)->conflict);
    QVERIFY(s.sameKeyEvents(ra->eventId).isEmpty());
    QCOMPARE(s.event(rb->eventId)->dedupeKey, b.dedupeKey);
}

void TestEventStoreTrust::conflictAndStaleReadBackAndExport()
{
    // Timestamp 1764000000 s against a clock an hour later.
    const auto stale = store(delivery(messageData("late"), true, kNow + 3'600'000));
    const auto other = store(delivery(messageData("other"), true));
    EventLookup lookup;
    QVERIFY(lookup.open(m_store->path()));
    const EventRecord s = *lookup.event(stale.eventId);
    QVERIFY(s.stale);
    QVERIFY(s.conflict);
    QVERIFY(!lookup.event(other.eventId)->stale);
    QCOMPARE(lookup.sameKeyEvents(other.eventId), QList<qint64>{stale.eventId});

    QList<ExportRow> rows;
    QList<QByteArray> payloads;
    QVERIFY(m_store->writer().forEachExportRow({}, {}, [&](const ExportRow &row) {
        rows.append(row);
        payloads.append(row.payload.toByteArray());
        return true;
    }));
    QCOMPARE(rows.size(), 2);
    QVERIFY(rows.at(0).stale && rows.at(0).conflict);
    QVERIFY(!rows.at(1).stale && rows.at(1).conflict);
}

QTEST_GUILESS_MAIN(TestEventStoreTrust)
#include "tst_eventstore_trust.moc"
