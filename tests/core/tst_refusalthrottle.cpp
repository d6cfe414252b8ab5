// Recording refusals never fills the disk: RefusalThrottle's per-address
// summaries, DeliveryProcessor's bounded copy, and the refused table's cap
// as the StoreWriter applies them.
#include "ingest/deliveryprocessor.h"
#include "ingest/refusalthrottle.h"
#include "ingest/storewriter.h"
#include "store/eventstore.h"
#include "testsupport_store.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

constexpr qint64 kSecond = 1764000000000; // a whole second

RefusedRecord refusalFrom(const QString &peer, qint64 atMs, int bodyBytes = 10)
{
    RefusedRecord r;
    r.receivedAtMs = atMs;
    r.status = 401;
    r.reason = QStringLiteral("unsigned");
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/webhook");
    r.peer = peer;
    r.body = QByteArray(bodyBytes, 'x');
    r.bodyBytes = bodyBytes;
    return r;
}

} // namespace

class TestRefusalThrottle final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void firstRefusalsOfASecondAreKept();
    void theRestBecomeOneSummaryPerAddressAndSecond();
    void aQuietAddressCostsNothing();
    void refusalCopyIsBounded();
    void shortRefusalIsKeptWhole();
    void writerStoresSummariesWhenTheSecondIsOver();
    void refusedTableKeepsTheNewestRows();
    void refusedTableKeepsWithinItsBytes();

private:
    // A writer on this thread, opened on a new store in m_dir.
    std::unique_ptr<StoreWriter> openWriter(const RefusalLimits &limits);
    // One store per test function.
    QString dbPath() const
    {
        return m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) +
                              QLatin1String(".db"));
    }

    QTemporaryDir m_dir;
};

void TestRefusalThrottle::firstRefusalsOfASecondAreKept()
{
    RefusalThrottle throttle(3);
    for (int i = 0; i < 3; ++i)
        QVERIFY(throttle.admit(refusalFrom(QStringLiteral("203.0.113.5"), kSecond + i)));
    QVERIFY(!throttle.admit(refusalFrom(QStringLiteral("203.0.113.5"), kSecond + 3)));
    // Another address has its own count; the next second starts afresh.
    QVERIFY(throttle.admit(refusalFrom(QStringLiteral("198.51.100.7"), kSecond + 4)));
    QVERIFY(throttle.admit(refusalFrom(QStringLiteral("203.0.113.5"), kSecond + 1000)));
}

void TestRefusalThrottle::theRestBecomeOneSummaryPerAddressAndSecond()
{
    RefusalThrottle throttle(20);
    int kept = 0;
    for (int i = 0; i < 57; ++i)
        kept += throttle.admit(refusalFrom(QStringLiteral("203.0.113.5"), kSecond + i)) ? 1 : 0;
    QCOMPARE(kept, 20);
    QVERIFY(throttle.takeSummaries(kSecond + 999).isEmpty()); // the second is not over
    QCOMPARE(throttle.nextDueMs(), kSecond + 1000);
    const QList<RefusedRecord> summaries = throttle.takeSummaries(kSecond + 1000);
    QCOMPARE(summaries.size(), 1);
    QCOMPARE(summaries.first().reason,
             QStringLiteral("37 more refusals from 203.0.113.5 in this second"));
    QCOMPARE(summaries.first().peer, QStringLiteral("203.0.113.5"));
    QCOMPARE(summaries.first().receivedAtMs, kSecond);
    QVERIFY(summaries.first().body.isEmpty());
    QVERIFY(throttle.takeSummaries(kSecond + 5000).isEmpty());
    QCOMPARE(throttle.nextDueMs(), -1);
}

void TestRefusalThrottle::aQuietAddressCostsNothing()
{
    RefusalThrottle throttle(20);
    for (int i = 0; i < 5; ++i)
        QVERIFY(throttle.admit(refusalFrom(QStringLiteral("203.0.113.%1").arg(i), kSecond)));
    QVERIFY(throttle.takeSummaries(kSecond + 1000).isEmpty());
    QCOMPARE(throttle.nextDueMs(), -1);
}

void TestRefusalThrottle::refusalCopyIsBounded()
{
    IncomingRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/webhook");
    request.query = QStringLiteral("a=") + QString(16 * 1024 * 1024, u'q');
    request.body = QByteArray(16 * 1024 * 1024, 'b');
    request.peer = QStringLiteral("203.0.113.5");
    const RefusalLimits limits;
    const RefusedRecord r = DeliveryProcessor::refusal(request, 401, QStringLiteral("x"), limits);
    QCOMPARE(r.body.size(), limits.maxBodyBytes);
    QCOMPARE(r.bodyBytes, 16 * 1024 * 1024);
    QVERIFY(r.bodyCut());
    QCOMPARE(r.query.toUtf8().size(), limits.maxQueryBytes);
    QCOMPARE(r.queryBytes, 16 * 1024 * 1024 + 2);
}

void TestRefusalThrottle::shortRefusalIsKeptWhole()
{
    IncomingRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/webhook");
    request.query = QStringLiteral("signature=abc&timestamp=1");
    request.body = "{\"event\":1}";
    const RefusedRecord r = DeliveryProcessor::refusal(request, 400, QStringLiteral("x"));
    QCOMPARE(r.body, request.body);
    QCOMPARE(r.bodyBytes, request.body.size());
    QVERIFY(!r.bodyCut());
    QCOMPARE(r.query, request.query);
}

std::unique_ptr<StoreWriter> TestRefusalThrottle::openWriter(const RefusalLimits &limits)
{
    auto writer = std::make_unique<StoreWriter>();
    writer->setRefusalLimits(limits);
    QSignalSpy opened(writer.get(), &StoreWriter::opened);
    writer->start(dbPath());
    if (!opened.wait() || !opened.first().at(0).toBool())
        return nullptr;
    return writer;
}

// The clock is the test's: the summary waits until it says the second is over.
void TestRefusalThrottle::writerStoresSummariesWhenTheSecondIsOver()
{
    RefusalLimits limits;
    limits.perAddressPerSecond = 20;
    // Declared before the writer, which asks the clock again when it is
    // destroyed (its last flush).
    qint64 now = kSecond + 10;
    std::unique_ptr<StoreWriter> writer = openWriter(limits);
    QVERIFY(writer);
    writer->setClock([&now] { return now; });
    for (int i = 0; i < 57; ++i)
        writer->submitRefused(refusalFrom(QStringLiteral("203.0.113.5"), kSecond + i));
    writer->flush();
    EventStore reader;
    QVERIFY(reader.openReadOnly(dbPath()));
    QCOMPARE(reader.refusedCount(), 20);
    now = kSecond + 1000;
    writer->flush();
    QCOMPARE(reader.refusedCount(), 21);
    const std::optional<RefusedRecord> summary = reader.refused(reader.maxRefusedId());
    QVERIFY(summary);
    QCOMPARE(summary->reason, QStringLiteral("37 more refusals from 203.0.113.5 in this second"));
}

void TestRefusalThrottle::refusedTableKeepsTheNewestRows()
{
    RefusalLimits limits;
    limits.maxRows = 50;
    limits.perAddressPerSecond = 1'000'000;
    std::unique_ptr<StoreWriter> writer = openWriter(limits);
    QVERIFY(writer);
    for (int i = 0; i < 130; ++i) {
        writer->submitRefused(refusalFrom(QStringLiteral("203.0.113.5"), kSecond + i));
        if (i % 40 == 0)
            writer->flush(); // several commits, each trimming in its transaction
    }
    writer->flush();
    EventStore reader;
    QVERIFY(reader.openReadOnly(dbPath()));
    QCOMPARE(reader.refusedCount(), 50);
    QCOMPARE(reader.refusedAfter(0, 1).first().receivedAtMs, kSecond + 80); // the oldest left
    QCOMPARE(reader.maxRefusedId(), 130);
}

void TestRefusalThrottle::refusedTableKeepsWithinItsBytes()
{
    RefusalLimits limits;
    limits.maxTableBytes = 200 * 1024;
    limits.perAddressPerSecond = 1'000'000;
    std::unique_ptr<StoreWriter> writer = openWriter(limits);
    QVERIFY(writer);
    for (int i = 0; i < 40; ++i) {
        writer->submitRefused(refusalFrom(QStringLiteral("203.0.113.5"), kSecond + i, 20 * 1024));
        writer->flush();
    }
    const qint64 kept =
        rawValue(dbPath(), QStringLiteral("SELECT TOTAL(kept_bytes) FROM refused")).toLongLong();
    QVERIFY2(kept <= limits.maxTableBytes, qPrintable(QString::number(kept)));
    QVERIFY(kept > limits.maxTableBytes - 2 * 21 * 1024);
    const qint64 bodies =
        rawValue(dbPath(), QStringLiteral("SELECT TOTAL(LENGTH(body)) FROM refused")).toLongLong();
    QVERIFY(bodies <= limits.maxTableBytes);
    QCOMPARE(rawValue(dbPath(), QStringLiteral("SELECT MAX(id) FROM refused")).toInt(), 40);
}

QTEST_GUILESS_MAIN(TestRefusalThrottle)
#include "tst_refusalthrottle.moc"
