#include "receiverservice.h"
#include "testsupport.h"
#include "testsupportguard.h"
#include "tlscredentials.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

// HTTPS: the guard serves TLS from PEM files and refuses unusable ones.
class TestGuardTls final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void servesHttps();
    void receiverListensWithTls();
    void unusableFilesNamed_data();
    void unusableFilesNamed();
    void handshakeCountsAgainstHeadTimeout();

private:
    bool makeKeyPair(const QString &key, const QString &cert);
    GuardSettings tlsSettings();

    QTemporaryDir m_dir;
    QString m_key;
    QString m_cert;
    QString m_otherKey;
};

bool TestGuardTls::makeKeyPair(const QString &key, const QString &cert)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=localhost"), QStringLiteral("-keyout"), key,
                   QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("1")});
    return openssl.waitForFinished(60000) && openssl.exitCode() == 0;
}

void TestGuardTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    m_key = m_dir.filePath(QStringLiteral("k.pem"));
    m_cert = m_dir.filePath(QStringLiteral("c.pem"));
    m_otherKey = m_dir.filePath(QStringLiteral("k2.pem"));
    QVERIFY(makeKeyPair(m_key, m_cert));
    QVERIFY(makeKeyPair(m_otherKey, m_dir.filePath(QStringLiteral("c2.pem"))));
}

GuardSettings TestGuardTls::tlsSettings()
{
    GuardSettings settings = testGuardSettings();
    QString error;
    settings.tls = TlsCredentials::load(m_cert, m_key, &error);
    if (!settings.tls)
        qWarning("%s", qPrintable(error));
    return settings;
}

void TestGuardTls::servesHttps()
{
    GuardHarness harness(tlsSettings());
    QVERIFY(harness.listen());
    QSslSocket socket;
    connect(&socket, &QSslSocket::sslErrors, &socket, [&socket] { socket.ignoreSslErrors(); });
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), harness.port());
    QVERIFY(QTest::qWaitFor([&] { return socket.isEncrypted(); }, 10000));
    socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(statuses(readAnswers(socket, 2)), (QList<int>{200, 200}));
}

void TestGuardTls::receiverListensWithTls()
{
    ReceiverConfig config = testConfig();
    config.tlsCertPath = m_cert;
    config.tlsKeyPath = m_key;
    ReceiverService service;
    QVERIFY(startAndWait(service, config, m_dir.filePath(QStringLiteral("s.db"))));
    QVERIFY(service.url().startsWith(QStringLiteral("https://")));
    QSslSocket socket;
    connect(&socket, &QSslSocket::sslErrors, &socket, [&socket] { socket.ignoreSslErrors(); });
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), service.port());
    QVERIFY(socket.waitForEncrypted(10000));
    socket.write(signedPost());
    QByteArray raw;
    QVERIFY(QTest::qWaitFor(
        [&] {
            socket.waitForReadyRead(50);
            return !statuses(raw += socket.readAll()).isEmpty();
        },
        10000));
    QCOMPARE(statuses(raw), QList<int>{200});
}

void TestGuardTls::unusableFilesNamed_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("named");
    const QString garbage = m_dir.filePath(QStringLiteral("garbage.pem"));
    QFile file(garbage);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a certificate\n");
    file.close();
    const QString missing = m_dir.filePath(QStringLiteral("missing.pem"));
    QTest::newRow("missing certificate") << missing << m_key << missing;
    QTest::newRow("missing key") << m_cert << missing << missing;
    QTest::newRow("not a certificate") << garbage << m_key << garbage;
    QTest::newRow("not a key") << m_cert << garbage << garbage;
    QTest::newRow("another certificate's key") << m_cert << m_otherKey << m_otherKey;
}

void TestGuardTls::unusableFilesNamed()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, named);
    QString error;
    QVERIFY(!TlsCredentials::load(cert, key, &error));
    QVERIFY2(error.contains(named), qPrintable(error));
    // And the receiver does not start, saying so.
    ReceiverConfig config = testConfig();
    config.tlsCertPath = cert;
    config.tlsKeyPath = key;
    ReceiverService service;
    QSignalSpy states(&service, &ReceiverService::stateChanged);
    QSignalSpy stopped(&service, &ReceiverService::stopped);
    service.start(config, m_dir.filePath(QStringLiteral("f.db")));
    QVERIFY(stopped.wait(10000));
    QCOMPARE(service.state(), ReceiverService::State::Failed);
    QVERIFY(states.constFirst().at(1).toString().contains(named));
}

void TestGuardTls::handshakeCountsAgainstHeadTimeout()
{
    GuardSettings settings = tlsSettings();
    settings.limits.headTimeoutMs = 100;
    settings.limits.idleTimeoutMs = 600'000;
    GuardHarness harness(std::move(settings));
    QVERIFY(harness.listen());
    QTcpSocket silent; // never starts its handshake
    QVERIFY(connectClient(silent, harness.port()));
    QVERIFY(waitClosed(silent));
}

QTEST_GUILESS_MAIN(TestGuardTls)
#include "tst_guardtls.moc"
