#include "receiverservice.h"
#include "store/eventstore.h"
#include "testsupport.h"
#include "webhooksender.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

// The receiver honours the stale window and the strict policy's refusal of
// stale deliveries that ReceiverConfig carries (the processor judges; these
// tests prove the running receiver is built from the whole config).
class TestReceiverStale final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void staleMarkedWithTheConfiguredWindow();
    void staleRefusedWhenConfigured();

private:
    static QByteArray postAt(qint64 timestampMs, const QByteArray &body);
};

QByteArray TestReceiverStale::postAt(qint64 timestampMs, const QByteArray &body)
{
    return post("/webhook?" + WebhookSender::signedQuery(body, kSecret,
                                                         WebhookSender::SignMode::WithTimestamp,
                                                         timestampMs),
                body);
}

void TestReceiverStale::staleMarkedWithTheConfiguredWindow()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("store.db"));
    ReceiverService service;
    ReceiverConfig config = testConfig();
    config.staleAfterMs = 60 * 1000; // one minute instead of ten
    QVERIFY(startAndWait(service, config, db));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // Five minutes behind: fresh by the default window, stale by this one.
    QCOMPARE(exchange(service.port(), postAt(now - 5 * 60 * 1000, bodyWithSequence(1))).status,
             200);
    QCOMPARE(exchange(service.port(), postAt(now, bodyWithSequence(2))).status, 200);
    stopAndWait(service);
    EventStore reader;
    QVERIFY(reader.openReadOnly(db));
    const QList<EventRecord> events = reader.eventsAfter(0, 10);
    QCOMPARE(events.size(), 2);
    QVERIFY(events.at(0).stale);
    QVERIFY(!events.at(1).stale);
}

void TestReceiverStale::staleRefusedWhenConfigured()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("store.db"));
    ReceiverService service;
    ReceiverConfig config = testConfig(VerifyPolicy::Strict);
    config.refuseStale = true;
    QVERIFY(startAndWait(service, config, db));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(exchange(service.port(), postAt(now - 60 * 60 * 1000, bodyWithSequence(1))).status,
             401);
    QCOMPARE(exchange(service.port(), postAt(now, bodyWithSequence(2))).status, 200);
    stopAndWait(service);
    EventStore reader;
    QVERIFY(reader.openReadOnly(db));
    QCOMPARE(reader.eventCount(), 1);
    QCOMPARE(reader.refusedCount(), 1);
    QVERIFY(reader.refusedAfter(0, 1).constFirst().reason.contains(QLatin1String("stale")));
}

QTEST_GUILESS_MAIN(TestReceiverStale)
#include "tst_receiverstale.moc"
