#include "connectionguard.h"
#include "testsupportguard.h"

#include <QTcpSocket>
#include <QTest>

namespace {

GuardSettings behindProxy(const QStringList &proxies, int perAddress = 64)
{
    GuardSettings settings = testGuardSettings();
    QString error;
    if (!settings.proxies.parse(proxies, &error))
        qWarning("%s", qPrintable(error));
    settings.maxConnectionsPerAddress = perAddress;
    return settings;
}

QByteArray request(const QByteArray &extraHeaders)
{
    return "POST /echo HTTP/1.1\r\nHost: x\r\n" + extraHeaders + "Content-Length: 0\r\n\r\n";
}

} // namespace

// Which address a request is shown and counted under: the socket's peer,
// or behind a trusted proxy the client it names; never what a client says.
class TestGuardPeers final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void peer_data();
    void peer();
    void invalidProxyEntryRefused();
    void clientsBehindProxyCountedApart();
};

void TestGuardPeers::peer_data()
{
    QTest::addColumn<QStringList>("proxies");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QString>("expected");
    const QStringList none;
    const QStringList local{QStringLiteral("127.0.0.1")};
    QTest::newRow("direct") << none << QByteArray() << QStringLiteral("127.0.0.1");
    QTest::newRow("spoofed forwarded-for ignored")
        << none << QByteArray("X-Forwarded-For: 9.9.9.9\r\n") << QStringLiteral("127.0.0.1");
    QTest::newRow("spoofed peer header dropped")
        << none << QByteArray("X-HookScope-Peer: 6.6.6.6\r\nx-hookscope-peer: 6.6.6.7\r\n")
        << QStringLiteral("127.0.0.1");
    QTest::newRow("proxy names the client")
        << local << QByteArray("X-Forwarded-For: 9.9.9.9\r\n") << QStringLiteral("9.9.9.9");
    QTest::newRow("right-most untrusted hop")
        << QStringList{QStringLiteral("127.0.0.0/8"), QStringLiteral("10.0.0.0/8")}
        << QByteArray("X-Forwarded-For: 1.1.1.1, 9.9.9.9\r\nX-Forwarded-For: 10.1.2.3\r\n")
        << QStringLiteral("9.9.9.9");
    QTest::newRow("proxy without header") << local << QByteArray() << QStringLiteral("127.0.0.1");
    QTest::newRow("garbage hop") << local << QByteArray("X-Forwarded-For: 9.9.9.9, junk\r\n")
                                 << QStringLiteral("127.0.0.1");
    QTest::newRow("ipv6 client") << local << QByteArray("X-Forwarded-For: 2001:db8::1\r\n")
                                 << QStringLiteral("2001:db8::1");
}

void TestGuardPeers::peer()
{
    QFETCH(QStringList, proxies);
    QFETCH(QByteArray, headers);
    QFETCH(QString, expected);
    GuardHarness harness(behindProxy(proxies));
    QVERIFY(harness.listen());
    QTcpSocket socket;
    QVERIFY(connectClient(socket, harness.port()));
    socket.write(request(headers));
    QCOMPARE(statuses(readAnswers(socket, 1)), QList<int>{200});
    QCOMPARE(harness.seen().size(), 1);
    const IncomingRequest &seen = harness.seen().constFirst();
    QCOMPARE(seen.peer, expected);
    for (const auto &header : seen.headers)
        QVERIFY(header.first.compare("x-hookscope-peer", Qt::CaseInsensitive) != 0);
}

void TestGuardPeers::invalidProxyEntryRefused()
{
    TrustedProxies proxies;
    QString error;
    QVERIFY(!proxies.parse({QStringLiteral("10.0.0.1"), QStringLiteral("proxy.local")}, &error));
    QVERIFY(error.contains(QStringLiteral("proxy.local")));
}

void TestGuardPeers::clientsBehindProxyCountedApart()
{
    // One address may hold one connection; the proxy itself is exempt.
    GuardHarness harness(behindProxy({QStringLiteral("127.0.0.1")}, 1));
    QVERIFY(harness.listen());
    QTcpSocket first;
    QTcpSocket second;
    QTcpSocket third;
    for (QTcpSocket *socket : {&first, &second, &third})
        QVERIFY(connectClient(*socket, harness.port()));
    QTRY_COMPARE(harness.guard()->connectionCount(), 3); // all from the proxy
    first.write(request("X-Forwarded-For: 9.9.9.9\r\n"));
    QCOMPARE(statuses(readAnswers(first, 1)), QList<int>{200});
    second.write(request("X-Forwarded-For: 8.8.8.8\r\n"));
    QCOMPARE(statuses(readAnswers(second, 1)), QList<int>{200});
    third.write(request("X-Forwarded-For: 9.9.9.9\r\n"));
    QCOMPARE(statuses(readAnswers(third, 1)), QList<int>{429});
    QVERIFY(waitClosed(third));
    // Once the first client's connection is gone, its address is free again.
    first.abort();
    QTRY_COMPARE(harness.guard()->connectionCount(), 1);
    QTcpSocket fourth;
    QVERIFY(connectClient(fourth, harness.port()));
    fourth.write(request("X-Forwarded-For: 9.9.9.9\r\n"));
    QCOMPARE(statuses(readAnswers(fourth, 1)), QList<int>{200});
}

QTEST_GUILESS_MAIN(TestGuardPeers)
#include "tst_guardpeers.moc"
