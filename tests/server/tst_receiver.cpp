#include "ingest/appendfeed.h"
#include "protocol/signatureverifier.h"
#include "receiverservice.h"
#include "store/eventstore.h"
#include "testsupport.h"
#include "webhooksender.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

class TestReceiver final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void answers_data();
    void answers();
    void storedOnlyWhenAnswered200();
    void retriesBecomeOneEvent();
    void acceptedReceiptsKeepTheirRequestAndTestMark();
    void refusedDeliveriesAreRecorded();
    void healthReportsCounts();
    void oversizeRefusedBeforeReading();
    void clientLeavingEarlyHarmsNothing();
    void commitFailureAnswers503();
    void concurrentLoadAllStored();
    void recordPolicyAcceptsAndFlags();

private:
    void startService(VerifyPolicy policy = VerifyPolicy::Strict);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ReceiverService> m_service;
    QString m_db;
};

void TestReceiver::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = m_dir->filePath(QStringLiteral("store.db"));
    m_service = std::make_unique<ReceiverService>();
}

void TestReceiver::cleanup()
{
    m_service.reset();
    m_dir.reset();
}

void TestReceiver::startService(VerifyPolicy policy)
{
    QVERIFY(startAndWait(*m_service, testConfig(policy), m_db));
    QVERIFY(m_service->isRunning());
    QVERIFY(m_service->port() != 0);
    QCOMPARE(m_service->url(),
             QStringLiteral("http://127.0.0.1:%1/webhook").arg(m_service->port()));
}

void TestReceiver::answers_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("bodyPart");
    using M = WebhookSender::SignMode;
    QTest::newRow("200 signed") << post(signedTarget(kBody, M::Exact), kBody) << 200
                                << QByteArray(R"({"code":0,"msg":"success"})");
    QTest::newRow("200 signed with timestamp")
        << post(signedTarget(kBody, M::WithTimestamp), kBody) << 200 << QByteArray("success");
    QTest::newRow("400 not json") << post("/webhook", "not json") << 400
                                  << QByteArray("not a JSON object");
    QTest::newRow("400 json array") << post("/webhook", "[1]") << 400 << QByteArray("\"code\":400");
    QTest::newRow("401 bad signature")
        << post(signedTarget(kBody, M::Bad), kBody) << 401 << QByteArray("bad-signature");
    QTest::newRow("401 unsigned") << post(signedTarget(kBody, M::None), kBody) << 401
                                  << QByteArray("unsigned");
    QTest::newRow("404 other path") << post("/other", kBody) << 404 << QByteArray("no webhook");
    QTest::newRow("405 GET webhook")
        << QByteArray("GET /webhook HTTP/1.1\r\nHost: x\r\n\r\n") << 405 << QByteArray("POST");
    QTest::newRow("413 declared too large")
        << QByteArray("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n{") << 413
        << QByteArray("over the limit");
    QTest::newRow("200 health") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n\r\n") << 200
                                << QByteArray("\"status\":\"ok\"");
}

void TestReceiver::answers()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, bodyPart);
    startService();
    const Answer answer = exchange(m_service->port(), request);
    QCOMPARE(answer.status, status);
    QVERIFY2(answer.body.contains(bodyPart), answer.body.constData());
}

void TestReceiver::storedOnlyWhenAnswered200()
{
    startService();
    const Answer answer = exchange(
        m_service->port(), post(signedTarget(kBody, WebhookSender::SignMode::Exact), kBody));
    QCOMPARE(answer.status, 200);
    // The answer came after the commit: a fresh reader sees the row at once.
    EventStore reader;
    QVERIFY(reader.openReadOnly(m_db));
    QCOMPARE(reader.eventCount(), 1);
    const QList<EventRecord> events = reader.eventsAfter(0, 10);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.constFirst().payload, kBody);
    QCOMPARE(events.constFirst().verification, Verification::Verified);
    QCOMPARE(events.constFirst().msg, QStringLiteral("hello"));
    const ReceiverStats stats = stopAndWait(*m_service);
    QCOMPARE(stats.stored, 1u);
    QCOMPARE(stats.verified, 1u);
    QCOMPARE(stats.failed, 0u);
}

// Issue 11, through real HTTP: each receipt's headers and source address
// are stored with it, and a test-marked receipt followed by a real retry of
// the same body leaves a real event.
void TestReceiver::acceptedReceiptsKeepTheirRequestAndTestMark()
{
    startService();
    const QByteArray target = signedTarget(kBody, WebhookSender::SignMode::Exact);
    QByteArray marked = post(target, kBody);
    marked.replace("Host: x\r\n", "Host: x\r\nX-HookScope-Test: 1\r\nX-Trace: \xe4\xbd\xa0\r\n");
    QCOMPARE(exchange(m_service->port(), marked).status, 200);
    {
        EventStore reader;
        QVERIFY(reader.openReadOnly(m_db));
        const EventRecord e = reader.eventsAfter(0, 1).constFirst();
        QVERIFY(e.test);
        const DeliveryRecord d = reader.deliveries(e.id).constFirst();
        QVERIFY2(d.headers.contains(QStringLiteral("X-HookScope-Test: 1\n")),
                 qPrintable(d.headers));
        QVERIFY(d.headers.contains(QStringLiteral("X-Trace: \u4f60\n")));
        QVERIFY(d.headers.contains(QStringLiteral("Content-Type: application/json\n")));
        QCOMPARE(d.peer, QStringLiteral("127.0.0.1"));
    }
    QCOMPARE(exchange(m_service->port(), post(target, kBody)).status, 200);
    EventStore reader;
    QVERIFY(reader.openReadOnly(m_db));
    const EventRecord e = reader.eventsAfter(0, 1).constFirst();
    QCOMPARE(e.deliveries, 2);
    QVERIFY(!e.test); // a real receipt clears the mark
    const QList<DeliveryRecord> receipts = reader.deliveries(e.id);
    QVERIFY(!receipts.at(1).headers.contains(QLatin1String("X-HookScope-Test")));
}

void TestReceiver::retriesBecomeOneEvent()
{
    startService();
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(exchange(m_service->port(),
                          post(signedTarget(kBody, WebhookSender::SignMode::Exact), kBody))
                     .status,
                 200);
    }
    EventStore reader;
    QVERIFY(reader.openReadOnly(m_db));
    QCOMPARE(reader.eventCount(), 1);
    const EventRecord e = reader.eventsAfter(0, 1).constFirst();
    QCOMPARE(e.deliveries, 3);
    QCOMPARE(reader.deliveries(e.id).size(), 3);
}

void TestReceiver::refusedDeliveriesAreRecorded()
{
    startService();
    QSignalSpy appended(m_service->feed(), &AppendFeed::appended);
    QCOMPARE(exchange(m_service->port(), post("/webhook?signature=abc", "{oops")).status, 400);
    QCOMPARE(
        exchange(m_service->port(), post(signedTarget(kBody, WebhookSender::SignMode::Bad), kBody))
            .status,
        401);
    // Refusals are answered at once and stored behind the answer: wait until
    // the store's notification says both are committed.
    QTRY_VERIFY(!appended.isEmpty() && appended.last().at(1).toLongLong() == 2);
    QCOMPARE(appended.last().at(0).toLongLong(), 0); // no event among them
    EventStore reader;
    QVERIFY(reader.openReadOnly(m_db));
    QCOMPARE(reader.refusedCount(), 2);
    const QList<RefusedRecord> refused = reader.refusedAfter(0, 10);
    QCOMPARE(refused.at(0).status, 400);
    QCOMPARE(refused.at(0).body, QByteArray("{oops"));
    QCOMPARE(refused.at(0).query, QStringLiteral("signature=abc"));
    QCOMPARE(refused.at(1).status, 401);
    QVERIFY(refused.at(1).reason.contains(QStringLiteral("bad-signature")));
    QCOMPARE(reader.eventCount(), 0);
}

void TestReceiver::healthReportsCounts()
{
    startService();
    exchange(m_service->port(), post(signedTarget(kBody, WebhookSender::SignMode::Exact), kBody));
    exchange(m_service->port(), post("/webhook", "x"));
    const Answer answer = exchange(m_service->port(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(answer.status, 200);
    QVERIFY2(answer.body.contains("\"stored\":1"), answer.body.constData());
    QVERIFY2(answer.body.contains("\"refused\":1"), answer.body.constData());
    QVERIFY(answer.body.contains(m_db.toUtf8()));
}

void TestReceiver::oversizeRefusedBeforeReading()
{
    startService();
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_service->port());
    QVERIFY(socket.waitForConnected(5000));
    // Declares 50 MB but sends only the head: the answer must not wait for it.
    socket.write("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n");
    QByteArray got;
    QTRY_VERIFY_WITH_TIMEOUT((got += socket.readAll()).contains("\r\n\r\n"), 5000);
    QVERIFY2(got.startsWith("HTTP/1.1 413"), got.constData());
    QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    // The receiver goes on serving.
    QCOMPARE(exchange(m_service->port(),
                      post(signedTarget(kBody, WebhookSender::SignMode::Exact), kBody))
                 .status,
             200);
}

void TestReceiver::clientLeavingEarlyHarmsNothing()
{
    startService();
    for (int i = 0; i < 20; ++i) {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_service->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write(signedPost(bodyWithSequence(100 + i)));
        socket.waitForBytesWritten(1000);
        socket.abort(); // gone before the commit answers
    }
    QCOMPARE(exchange(m_service->port(), signedPost()).status, 200);
    // Deliveries whose client left may or may not have been read. Once the
    // receiver has stopped, each one it read was stored (or, read while it
    // was stopping, answered 503), the store holds exactly the stored ones,
    // and the service survived to store the last one.
    const ReceiverStats stats = stopAndWait(*m_service);
    QCOMPARE(stats.refused, 0u);
    QCOMPARE(stats.stored + stats.failed, stats.received);
    QCOMPARE(stats.verified, stats.stored);
    EventStore reader;
    QVERIFY(reader.openReadOnly(m_db));
    QCOMPARE(quint64(reader.eventCount()), stats.stored);
    QCOMPARE(reader.eventCount(QStringLiteral("sequence_id = ?"), {QStringLiteral("1")}), 1);
}

void TestReceiver::commitFailureAnswers503()
{
    startService();
    {
        const QString name = QUuid::createUuid().toString();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(m_db);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("DROP TABLE events")));
        }
        QSqlDatabase::removeDatabase(name);
    }
    const Answer answer = exchange(m_service->port(), signedPost());
    QCOMPARE(answer.status, 503);
    QVERIFY(answer.body.contains("could not store"));
    // Its signature was good, but it was not stored: not counted as verified.
    const ReceiverStats stats = stopAndWait(*m_service);
    QCOMPARE(stats.failed, 1u);
    QCOMPARE(stats.stored, 0u);
    QCOMPARE(stats.verified, 0u);
}

void TestReceiver::concurrentLoadAllStored()
{
    startService();
    WebhookSender sender;
    QSignalSpy finished(&sender, &WebhookSender::finished);
    QList<WebhookSender::Delivery> deliveries;
    for (int i = 0; i < 400; ++i)
        deliveries.append({bodyWithSequence(i), QString()});
    sender.start(QUrl(m_service->url()), kSecret, WebhookSender::SignMode::Exact, deliveries, 16);
    QVERIFY(finished.wait(60000));
    QCOMPARE(sender.report().byStatus.value(200), 400);
    EventStore reader;
    QVERIFY(reader.openReadOnly(m_db));
    QCOMPARE(reader.eventCount(), 400);
}

void TestReceiver::recordPolicyAcceptsAndFlags()
{
    startService(VerifyPolicy::Record);
    QCOMPARE(
        exchange(m_service->port(), post(signedTarget(kBody, WebhookSender::SignMode::Bad), kBody))
            .status,
        200);
    EventStore reader;
    QVERIFY(reader.openReadOnly(m_db));
    QCOMPARE(reader.eventsAfter(0, 1).constFirst().verification, Verification::BadSignature);
}

QTEST_GUILESS_MAIN(TestReceiver)
#include "tst_receiver.moc"
