#include "settings/settings.h"
#include "settings/settingswriter.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
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
    void desktopSettingsRoundTrip();
    void readMarksArePerStoreAndSkipGarbage();
    void customerAndConversationSettingsRoundTrip();
    void valuesReachTheFileOffTheGuiThread();
    void aValueNotYetWrittenIsWrittenAtTheEnd();
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

void TestSettings::desktopSettingsRoundTrip()
{
    QTemporaryDir dir;
    {
        Settings s(dir.path());
        QVERIFY(!s.closeToTray().has_value());
        QVERIFY(!s.assistantDone());
        QVERIFY(s.language().isEmpty());
        s.setCloseToTray(false);
        s.setAssistantDone(true);
        s.setLanguage(QStringLiteral("zh_CN"));
        s.setPublicUrl(QStringLiteral("  https://hooks.example.com/webhook "));
        Settings::Notifications n;
        n.mutedChannels = {1, 12};
        n.keywords = {QStringLiteral("refund"), QStringLiteral("退款")};
        n.doNotDisturb = true;
        n.refusalBursts = false;
        s.setNotifications(n);
    }
    Settings s(dir.path());
    QCOMPARE(s.closeToTray(), std::optional<bool>(false));
    QVERIFY(s.assistantDone());
    QCOMPARE(s.language(), QStringLiteral("zh_CN"));
    QCOMPARE(s.publicUrl(), QStringLiteral("https://hooks.example.com/webhook"));
    const Settings::Notifications n = s.notifications();
    QCOMPARE(n.mutedChannels, (QList<int>{1, 12}));
    QCOMPARE(n.keywords, (QStringList{QStringLiteral("refund"), QStringLiteral("退款")}));
    QVERIFY(n.doNotDisturb);
    QVERIFY(!n.refusalBursts);
    QVERIFY(n.messages);
}

void TestSettings::readMarksArePerStoreAndSkipGarbage()
{
    QTemporaryDir dir;
    const QString a = QDir(dir.path()).filePath(QStringLiteral("a.sqlite"));
    const QString b = QDir(dir.path()).filePath(QStringLiteral("b.sqlite"));
    {
        Settings s(dir.path());
        s.setReadMarks(a, {{1, 40}, {-1, 7}});
        s.setReadMarks(b, {{2, 3}});
    }
    Settings s(dir.path());
    QCOMPARE(s.readMarks(a), (QHash<int, qint64>{{1, 40}, {-1, 7}}));
    QCOMPARE(s.readMarks(b), (QHash<int, qint64>{{2, 3}}));
    // Hand-edited garbage in one store's marks is skipped entry by entry.
    QTemporaryDir other;
    const QString c = QDir(other.path()).filePath(QStringLiteral("c.sqlite"));
    Settings(other.path()).setReadMarks(c, {{4, 1}});
    {
        QSettings ini(QDir(other.path()).filePath(QStringLiteral("settings.ini")),
                      QSettings::IniFormat);
        const QStringList keys = ini.allKeys().filter(QStringLiteral("readMarks/"));
        QCOMPARE(keys.size(), 1);
        ini.setValue(keys.constFirst(), QStringList{QStringLiteral("x:1"), QStringLiteral("5:-2"),
                                                    QStringLiteral("9"), QStringLiteral("4:11")});
    }
    QCOMPARE(Settings(other.path()).readMarks(c), (QHash<int, qint64>{{4, 11}}));
}

void TestSettings::customerAndConversationSettingsRoundTrip()
{
    QTemporaryDir dir;
    {
        Settings s(dir.path());
        QVERIFY(s.loadRemoteImages());
        QVERIFY(!s.showUnverifiedCustomerData());
        s.setLoadRemoteImages(false);
        s.setShowUnverifiedCustomerData(true);
    }
    Settings s(dir.path());
    QVERIFY(!s.loadRemoteImages());
    QVERIFY(s.showUnverifiedCustomerData());
}

namespace {

bool fileHas(const QString &path, const QByteArray &text)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.readAll().contains(text);
}

} // namespace

// QSettings would write its file (and wait for the disk) on the thread that
// handles its "write soon" event: the GUI thread. The writer's thread does.
void TestSettings::valuesReachTheFileOffTheGuiThread()
{
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("settings.ini"));
    QSemaphore holding;
    QSemaphore release;
    Settings settings(dir.path());
    // Whatever fails below, the writer's thread is let go before it is joined.
    const auto letGo = qScopeGuard([&release] { release.release(); });
    SettingsWriter *writer = settings.writer();
    QSignalSpy written(writer, &SettingsWriter::written);
    // The writer's thread waits on the test.
    QMetaObject::invokeMethod(writer->worker(), [&] {
        holding.release();
        release.acquire();
    });
    holding.acquire();
    settings.setLanguage(QStringLiteral("zh_CN"));
    QVERIFY(!writer->isBusy());
    QCoreApplication::sendPostedEvents(); // QSettings' event: taken, not written here
    QVERIFY(writer->isBusy());
    QVERIFY(!fileHas(path, "zh_CN"));
    QCOMPARE(settings.language(), QStringLiteral("zh_CN")); // read back at once all the same
    release.release();
    QVERIFY(written.wait());
    QVERIFY(fileHas(path, "zh_CN"));
    QVERIFY(!writer->isBusy());
    // A later change asks for a write of its own.
    settings.setLanguage(QStringLiteral("de_DE"));
    QVERIFY(written.wait());
    QCOMPARE(written.size(), 2);
    QVERIFY(fileHas(path, "de_DE"));
}

void TestSettings::aValueNotYetWrittenIsWrittenAtTheEnd()
{
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("settings.ini"));
    {
        Settings settings(dir.path());
        settings.setLanguage(QStringLiteral("zh_CN"));
        QVERIFY(!fileHas(path, "zh_CN")); // no event handled: not written yet
    }
    QVERIFY(fileHas(path, "zh_CN"));
    Settings again(dir.path());
    QCOMPARE(again.language(), QStringLiteral("zh_CN"));
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
