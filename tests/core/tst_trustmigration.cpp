#include "protocol/signatureverifier.h"
#include "store/eventstore.h"
#include "testsupport_store.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

// Schema 3 -> 4 (store/trustmigration.h), on a file as HookScope 3 left it.
namespace {

const QByteArray kSecret("test-secret-123");
const QByteArray kData(R"({"msg":"pay to X","chat_user_id":"cu1","sequence_id":"7"})");
const QByteArray kBody(R"({"event":"message","data":)" + kData + '}');

EventRecord makeEvent(const QString &sequence, const QByteArray &body)
{
    EventRecord r;
    r.receivedAtMs = 1764000000123;
    r.lastReceivedAtMs = r.receivedAtMs;
    r.event = QStringLiteral("message");
    r.kind = EventKind::Message;
    r.chatUserId = QStringLiteral("cu1");
    r.sequenceId = sequence;
    r.verification = Verification::BadSignature;
    r.dedupeKey = QStringLiteral("m:cu1:") + sequence;
    r.payload = body;
    return r;
}

} // namespace

class TestTrustMigration final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void upgradesSchema3File();
};

void TestTrustMigration::upgradesSchema3File()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.db"));
    {
        EventStore store;
        QVERIFY(store.open(path));
        QVERIFY(store.append(makeEvent(QStringLiteral("7"), kBody)));
        QVERIFY(store.append(makeEvent(QStringLiteral("8"), "{}")));
        // A sender key planted to equal event 1's key once hashed: the
        // upgrade must not trip over it.
        EventRecord planted = makeEvent(QStringLiteral("9"), "{\"planted\":1}");
        planted.dedupeKey =
            QStringLiteral("m:cu1:7#") +
            QString::fromLatin1(
                QCryptographicHash::hash(kBody, QCryptographicHash::Sha256).toHex());
        QVERIFY(store.append(planted));
    }
    const QByteArray valid = SignatureVerifier::sign(kSecret, kData, "message");
    // Schema 3: no conflict or stale column, keys without the body hash, the
    // valid signature kept as "expected", and event 2's word raised by a
    // later delivery although its first (stored) body was unsigned.
    rawExec(path,
            {QStringLiteral("ALTER TABLE events DROP COLUMN conflict"),
             QStringLiteral("ALTER TABLE events DROP COLUMN stale"),
             QStringLiteral("UPDATE events SET dedupe_key = substr(dedupe_key, 1, "
                            "length(dedupe_key) - 65)"),
             QStringLiteral("UPDATE events SET verification_detail = 'no base string matched; "
                            "expected %1, received 0123' WHERE id = 1")
                 .arg(QString::fromLatin1(valid)),
             QStringLiteral("UPDATE deliveries SET verification = 'unsigned' WHERE event_id = 2"),
             QStringLiteral("INSERT INTO deliveries(event_id, received_at, verification, query) "
                            "VALUES(2, 1764000009999, 'verified', '')"),
             QStringLiteral("UPDATE events SET verification = 'verified', deliveries = 2 "
                            "WHERE id = 2"),
             QStringLiteral("UPDATE meta SET value = '3' WHERE key = 'schema_version'"),
             QStringLiteral("PRAGMA user_version = 3")});
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(rawValue(path, QStringLiteral("SELECT dedupe_key FROM events WHERE id = 1")),
             QVariant(QStringLiteral("m:cu1:7")));

    EventStore store;
    QVERIFY2(store.open(path), qPrintable(store.lastError()));
    QCOMPARE(store.schemaVersion(), EventStore::currentSchemaVersion());
    const EventRecord first = *store.event(1);
    QVERIFY2(!first.verificationDetail.contains(QString::fromLatin1(valid)),
             qPrintable(first.verificationDetail));
    QVERIFY(!first.verificationDetail.contains(QLatin1String("expected")));
    QVERIFY2(first.verificationDetail.contains(QLatin1String("received 0123")),
             qPrintable(first.verificationDetail));
    QVERIFY(!first.conflict && !first.stale);
    QCOMPARE(first.dedupeKey, QStringLiteral("m:cu1:7"));
    // The word of the body that is stored.
    QCOMPARE(store.event(2)->verification, Verification::Unsigned);
    QCOMPARE(store.eventCount(), 3);
    QVERIFY(!store.event(3)->conflict);

    // Old events take part in the new rule: the same body merges, another
    // body under the same ids is a conflict.
    const auto retry = store.append(makeEvent(QStringLiteral("7"), kBody));
    QVERIFY(retry && retry->duplicate);
    QCOMPARE(retry->eventId, 1);
    const auto other = store.append(makeEvent(QStringLiteral("7"), "{\"other\":1}"));
    QVERIFY(other && !other->duplicate && other->conflict);
    QVERIFY(store.event(1)->conflict);
    QCOMPARE(rawValue(path, QStringLiteral("SELECT COUNT(*) FROM events WHERE instr("
                                           "verification_detail, 'expected') > 0"))
                 .toInt(),
             0);
}

QTEST_GUILESS_MAIN(TestTrustMigration)
#include "tst_trustmigration.moc"
