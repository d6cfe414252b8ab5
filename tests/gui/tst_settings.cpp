#include "settings/settings.h"

#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

// The typed facade: the receiver's values survive a restart (a new Settings
// over the same file), and values edited by hand into nonsense fall back to
// the defaults.
class TestSettings final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void receiverDefaults();
    void receiverRoundTrip();
    void nonsenseFallsBackToDefaults();
};

void TestSettings::receiverDefaults()
{
    QTemporaryDir dir;
    const ReceiverConfig c = Settings(dir.path()).receiverConfig();
    const ReceiverConfig defaults;
    QCOMPARE(c.maxBodyBytes, ReceiverConfig::kDefaultMaxBodyBytes);
    QVERIFY(!c.usesTls());
    QVERIFY(c.trustedProxies.isEmpty());
    QCOMPARE(c.guard.maxConnections, defaults.guard.maxConnections);
    QCOMPARE(c.guard.maxConnectionsPerAddress, defaults.guard.maxConnectionsPerAddress);
    QCOMPARE(c.staleAfterMs, defaults.staleAfterMs);
    QVERIFY(!c.refuseStale);
}

void TestSettings::receiverRoundTrip()
{
    QTemporaryDir dir;
    ReceiverConfig c;
    c.host = QStringLiteral("0.0.0.0");
    c.port = 9443;
    c.path = QStringLiteral("/ss");
    c.policy = VerifyPolicy::Strict;
    c.maxBodyBytes = 3 * 1024 * 1024 + 7;
    c.tlsCertPath = QStringLiteral("/etc/hookscope/cert.pem");
    c.tlsKeyPath = QStringLiteral("/etc/hookscope/key.pem");
    c.trustedProxies = {QStringLiteral("10.0.0.5"), QStringLiteral("::1")};
    c.guard.maxConnections = 100;
    c.guard.maxConnectionsPerAddress = 4;
    c.staleAfterMs = 120'000;
    c.refuseStale = true;
    {
        Settings settings(dir.path());
        settings.setReceiverConfig(c);
        settings.sync();
    }
    const ReceiverConfig back = Settings(dir.path()).receiverConfig();
    QCOMPARE(back.host, c.host);
    QCOMPARE(back.port, c.port);
    QCOMPARE(back.maxBodyBytes, c.maxBodyBytes);
    QCOMPARE(back.tlsCertPath, c.tlsCertPath);
    QCOMPARE(back.tlsKeyPath, c.tlsKeyPath);
    QCOMPARE(back.trustedProxies, c.trustedProxies);
    QCOMPARE(back.guard.maxConnections, c.guard.maxConnections);
    QCOMPARE(back.guard.maxConnectionsPerAddress, c.guard.maxConnectionsPerAddress);
    QCOMPARE(back.staleAfterMs, c.staleAfterMs);
    QVERIFY(back.refuseStale);
}

void TestSettings::nonsenseFallsBackToDefaults()
{
    QTemporaryDir dir;
    {
        QSettings ini(QDir(dir.path()).filePath(QStringLiteral("settings.ini")),
                      QSettings::IniFormat);
        ini.setValue(QStringLiteral("receiver/maxBodyBytes"), QStringLiteral("lots"));
        ini.setValue(QStringLiteral("receiver/maxConnections"), 0);
        ini.setValue(QStringLiteral("receiver/maxConnectionsPerAddress"), -3);
        ini.setValue(QStringLiteral("receiver/staleAfterMs"), QStringLiteral(""));
    }
    const ReceiverConfig c = Settings(dir.path()).receiverConfig();
    const ReceiverConfig defaults;
    QCOMPARE(c.maxBodyBytes, defaults.maxBodyBytes);
    QCOMPARE(c.guard.maxConnections, defaults.guard.maxConnections);
    QCOMPARE(c.guard.maxConnectionsPerAddress, defaults.guard.maxConnectionsPerAddress);
    QCOMPARE(c.staleAfterMs, defaults.staleAfterMs);
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
