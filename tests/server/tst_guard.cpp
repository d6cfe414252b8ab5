#include "connectionguard.h"
#include "receiverservice.h"
#include "testsupport.h"
#include "testsupportguard.h"

#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

// The guard's HTTP behaviour: limits whatever the framing, timeouts, order
// of answers, Connection: close, HEAD, 100-continue.
class TestGuard final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void answersKeepRequestOrder();
    void oversizeRefusedWhateverTheFraming_data();
    void oversizeRefusedWhateverTheFraming();
    void streamedChunkedBodyRefusedEarly();
    void headOverLimit431();
    void malformedFraming400AndClose_data();
    void malformedFraming400AndClose();
    void splitRequestsServed();
    void headTimeout408();
    void bodyTimeout408();
    void idleConnectionsClose();
    void noTimeoutWhileAnswerHeld();
    void connectionCloseHonoured_data();
    void connectionCloseHonoured();
    void headAnswerHasNoBody();
    void expectContinue();
    void refusalsCountedInStats();
};

void TestGuard::answersKeepRequestOrder()
{
    // A webhook POST is held until its commit; a health check pipelined in
    // the same write must not overtake it (QHttpServer 6.4 alone answered
    // the health check first).
    QTemporaryDir dir;
    ReceiverService service;
    QVERIFY(startAndWait(service, testConfig(), dir.filePath(QStringLiteral("s.db"))));
    QTcpSocket socket;
    QVERIFY(connectClient(socket, service.port()));
    socket.write(signedPost() + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray raw;
    QVERIFY(QTest::qWaitFor(
        [&] {
            socket.waitForReadyRead(50);
            raw += socket.readAll();
            return statuses(raw).size() >= 2;
        },
        10000));
    const qsizetype stored = raw.indexOf(R"({"code":0,"msg":"success"})");
    const qsizetype health = raw.indexOf(R"("status":"ok")");
    QVERIFY2(stored >= 0 && health >= 0, raw.constData());
    QVERIFY2(stored < health, raw.constData());
}

void TestGuard::oversizeRefusedWhateverTheFraming_data()
{
    QTest::addColumn<QList<QByteArray>>("writes");
    const QByteArray big(70 * 1024, 'x');
    QTest::newRow("head split over two writes") << QList<QByteArray>{
        "POST /w HTTP/1.1\r\nHost: x\r\nContent-Le", "ngth: 70000\r\n\r\n" + big};
    QTest::newRow("leading CRLF") << QList<QByteArray>{
        "\r\nPOST /w HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n"};
    QTest::newRow("bare LF") << QList<QByteArray>{"POST /w HTTP/1.1\nHost: x\nContent-Length: "
                                                  "70000\n\n" +
                                                  big};
    QTest::newRow("chunked") << QList<QByteArray>{
        "POST /w HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
        "8000\r\n" + QByteArray(0x8000, 'a') + "\r\n",
        "8000\r\n" + QByteArray(0x8000, 'a') + "\r\n", "10\r\n"};
}

void TestGuard::oversizeRefusedWhateverTheFraming()
{
    QFETCH(QList<QByteArray>, writes);
    GuardHarness harness(testGuardSettings());
    QVERIFY(harness.listen());
    QTcpSocket socket;
    QVERIFY(connectClient(socket, harness.port()));
    for (const QByteArray &piece : writes) {
        socket.write(piece);
        QTest::qWait(1); // separate reads on the server's side, in order
    }
    const QByteArray raw = readAnswers(socket, 1);
    QCOMPARE(statuses(raw), QList<int>{413});
    QVERIFY(waitClosed(socket));
    QVERIFY(harness.seen().isEmpty()); // never reached the HTTP server
}

void TestGuard::streamedChunkedBodyRefusedEarly()
{
    GuardHarness harness(testGuardSettings());
    QVERIFY(harness.listen());
    QTcpSocket socket;
    QVERIFY(connectClient(socket, harness.port()));
    socket.write("POST /w HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    // 64 MiB in 4 KiB chunks, written as long as the server reads; the 413
    // must come once 64 KiB are in, not after the whole body.
    QByteArray raw;
    qint64 sent = 0;
    const QByteArray chunk = "1000\r\n" + QByteArray(0x1000, 'c') + "\r\n";
    QVERIFY(QTest::qWaitFor(
        [&] {
            if (socket.bytesToWrite() < 64 * 1024 && sent < 64LL * 1024 * 1024) {
                socket.write(chunk);
                sent += 0x1000;
            }
            raw += socket.readAll();
            return !statuses(raw).isEmpty();
        },
        10000));
    QCOMPARE(statuses(raw), QList<int>{413});
    QVERIFY2(sent < 8 * 1024 * 1024, QByteArray::number(sent).constData());
}

void TestGuard::headOverLimit431()
{
    GuardHarness harness(testGuardSettings());
    QVERIFY(harness.listen());
    QTcpSocket socket;
    QVERIFY(connectClient(socket, harness.port()));
    socket.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(40 * 1024, 'p'));
    QCOMPARE(statuses(readAnswers(socket, 1)), QList<int>{431});
    QVERIFY(waitClosed(socket));
}

void TestGuard::malformedFraming400AndClose_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("conflicting lengths") << QByteArray(
        "POST /w HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n");
    QTest::newRow("length and chunked") << QByteArray(
        "POST /w HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n");
    QTest::newRow("bad chunk size")
        << QByteArray("POST /w HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n");
    QTest::newRow("request line") << QByteArray("HELLO\r\n\r\n");
    QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX: 1\r\n 2\r\n\r\n");
}

void TestGuard::malformedFraming400AndClose()
{
    QFETCH(QByteArray, request);
    GuardHarness harness(testGuardSettings());
    QVERIFY(harness.listen());
    QTcpSocket socket;
    QVERIFY(connectClient(socket, harness.port()));
    socket.write(request + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    const QByteArray raw = readAnswers(socket, 2);
    QCOMPARE(statuses(raw), QList<int>{400}); // and nothing after it
    QVERIFY(raw.contains("Connection: close"));
    QVERIFY(waitClosed(socket));
    QVERIFY(harness.seen().isEmpty());
}

void TestGuard::splitRequestsServed()
{
    GuardHarness harness(testGuardSettings());
    QVERIFY(harness.listen());
    QTcpSocket socket;
    QVERIFY(connectClient(socket, harness.port()));
    const QByteArray stream = "\r\nPOST /a HTTP/1.1\nHost: x\nContent-Length: 3\n\nabc"
                              "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "2\r\nde\r\n0\r\n\r\n";
    for (const char c : stream) {
        socket.write(&c, 1);
        socket.flush();
    }
    const QByteArray raw = readAnswers(socket, 2);
    QCOMPARE(statuses(raw), (QList<int>{200, 200}));
    QVERIFY2(raw.contains(R"("bytes":3,"method":"POST","path":"/a")"), raw.constData());
    QVERIFY2(raw.contains(R"("bytes":2,"method":"POST","path":"/b")"), raw.constData());
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState); // kept alive
}

void TestGuard::headTimeout408()
{
    GuardSettings settings = testGuardSettings();
    settings.limits.headTimeoutMs = 100;
    GuardHarness harness(std::move(settings));
    QVERIFY(harness.listen());
    QTcpSocket socket;
    QVERIFY(connectClient(socket, harness.port()));
    socket.write("GET /health HTTP/1.1\r\nHost:");
    QCOMPARE(statuses(readAnswers(socket, 1)), QList<int>{408});
    QVERIFY(waitClosed(socket));
}

void TestGuard::bodyTimeout408()
{
    GuardSettings settings = testGuardSettings();
    settings.limits.bodyTimeoutMs = 100;
    GuardHarness harness(std::move(settings));
    QVERIFY(harness.listen());
    QTcpSocket socket;
    QVERIFY(connectClient(socket, harness.port()));
    socket.write("POST /w HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    QCOMPARE(statuses(readAnswers(socket, 1)), QList<int>{408});
    QVERIFY(waitClosed(socket));
}

void TestGuard::idleConnectionsClose()
{
    GuardSettings settings = testGuardSettings();
    settings.limits.idleTimeoutMs = 100;
    GuardHarness harness(std::move(settings));
    QVERIFY(harness.listen());
    QTcpSocket fresh;
    QVERIFY(connectClient(fresh, harness.port()));
    QTcpSocket used;
    QVERIFY(connectClient(used, harness.port()));
    used.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(statuses(readAnswers(used, 1)), QList<int>{200});
    QVERIFY(waitClosed(fresh));
    QVERIFY(waitClosed(used));
    QTRY_COMPARE(harness.guard()->connectionCount(), 0);
}

void TestGuard::noTimeoutWhileAnswerHeld()
{
    GuardSettings settings = testGuardSettings();
    settings.limits.idleTimeoutMs = 100;
    settings.limits.headTimeoutMs = 100;
    settings.limits.bodyTimeoutMs = 100;
    GuardHarness harness(std::move(settings));
    QVERIFY(harness.listen());
    QTcpSocket held;
    QVERIFY(connectClient(held, harness.port()));
    held.write("POST /held HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
    QTRY_COMPARE(harness.heldCount(), 1);
    // A connection opened after it times out: more than a timeout has passed.
    QTcpSocket witness;
    QVERIFY(connectClient(witness, harness.port()));
    QVERIFY(waitClosed(witness));
    QCOMPARE(held.state(), QAbstractSocket::ConnectedState);
    harness.releaseHeld();
    QCOMPARE(statuses(readAnswers(held, 1)), QList<int>{200});
}

void TestGuard::connectionCloseHonoured_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("Connection: close")
        << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QTest::newRow("HTTP/1.0") << QByteArray("GET /health HTTP/1.0\r\n\r\n");
}

void TestGuard::connectionCloseHonoured()
{
    QFETCH(QByteArray, request);
    GuardHarness harness(testGuardSettings());
    QVERIFY(harness.listen());
    QTcpSocket socket;
    QVERIFY(connectClient(socket, harness.port()));
    socket.write(request + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    const QByteArray raw = readAnswers(socket, 2);
    QCOMPARE(statuses(raw), QList<int>{200}); // the second request is not served
    QVERIFY(raw.contains("Connection: close\r\n"));
    QVERIFY(waitClosed(socket));
    QCOMPARE(harness.seen().size(), 1);
}

void TestGuard::headAnswerHasNoBody()
{
    GuardHarness harness(testGuardSettings());
    QVERIFY(harness.listen());
    QTcpSocket socket;
    QVERIFY(connectClient(socket, harness.port()));
    socket.write("HEAD /x HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray raw;
    QVERIFY(QTest::qWaitFor([&] { return (raw += socket.readAll()).contains(R"("status":"ok")"); },
                            5000));
    const qsizetype firstEnd = raw.indexOf("\r\n\r\n");
    QVERIFY(raw.startsWith("HTTP/1.1 200"));
    QVERIFY(raw.left(firstEnd).contains("Content-Length: "));
    QVERIFY2(raw.mid(firstEnd + 4).startsWith("HTTP/1.1 200"), raw.constData());
}

void TestGuard::expectContinue()
{
    GuardHarness harness(testGuardSettings());
    QVERIFY(harness.listen());
    QTcpSocket socket;
    QVERIFY(connectClient(socket, harness.port()));
    socket.write(
        "POST /w HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
    QByteArray raw;
    QVERIFY(QTest::qWaitFor([&] { return (raw += socket.readAll()).contains("\r\n\r\n"); }, 5000));
    QCOMPARE(raw, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
    socket.write("{}");
    QCOMPARE(statuses(readAnswers(socket, 1)), QList<int>{200});
}

void TestGuard::refusalsCountedInStats()
{
    QTemporaryDir dir;
    ReceiverService service;
    QVERIFY(startAndWait(service, testConfig(), dir.filePath(QStringLiteral("s.db"))));
    QCOMPARE(exchange(service.port(), "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\n b\r\n\r\n").status,
             400);
    const ReceiverStats stats = stopAndWait(service);
    QCOMPARE(stats.refused, 1u);
    QCOMPARE(stats.received, 0u);
}

QTEST_GUILESS_MAIN(TestGuard)
#include "tst_guard.moc"
