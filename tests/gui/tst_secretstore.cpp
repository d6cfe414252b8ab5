#include "settings/filesecretbackend.h"
#include "settings/keychainsecretbackend.h"
#include "settings/secretstore.h"
#include "settings/settings.h"
#include "testsupport_fakekeychain.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

// Where the webhook secret goes: the keychain when it answers, the 0600 file
// when it does not, never both unless a copy is kept for the background
// service.
class TestSecretStore final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void keychainPreferred();
    void failingKeychainFallsBackToFile();
    void keychainFailingLaterFallsBackToFile();
    void fileRemovedAfterKeychainWrite();
    void existingFileMovesIntoKeychain();
    void keptFileMirrorsKeychain();
    void emptySecretRemovesEverywhere();
    void settingsUseTheKeychainGiven();
    void realKeychainWithoutServiceFallsBack();

private:
    QString filePath() const { return m_dir->filePath(QStringLiteral("webhook-secret")); }
    std::unique_ptr<SecretStore> makeStore(FakeKeychainState *keychain) const;
    QByteArray fileContents() const;
    bool fileIsOwnerOnly() const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSecretStore::initTestCase()
{
    // No test here may reach a real keychain: the one test of the real
    // backend gets a session bus that does not exist.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/hookscope-test-bus");
}

std::unique_ptr<SecretStore> TestSecretStore::makeStore(FakeKeychainState *keychain) const
{
    return std::make_unique<SecretStore>(std::make_unique<FileSecretBackend>(filePath()),
                                         keychain ? std::make_unique<FakeKeychain>(keychain)
                                                  : nullptr);
}

QByteArray TestSecretStore::fileContents() const
{
    QFile file(filePath());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool TestSecretStore::fileIsOwnerOnly() const
{
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                            QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                            QFileDevice::WriteOther | QFileDevice::ExeOther;
    const QFileDevice::Permissions permissions = QFile::permissions(filePath());
    return (permissions & QFileDevice::ReadOwner) && !(permissions & others);
}

void TestSecretStore::keychainPreferred()
{
    FakeKeychainState keychain;
    QString error;
    QVERIFY(makeStore(&keychain)->write("k1", &error));
    QCOMPARE(keychain.value, std::optional<QByteArray>("k1"));
    QVERIFY(!QFile::exists(filePath()));
    // A new start reads it back from the keychain, once.
    auto store = makeStore(&keychain);
    QCOMPARE(store->read(), QByteArray("k1"));
    QCOMPARE(store->read(), QByteArray("k1"));
    QCOMPARE(keychain.reads, 1);
    QVERIFY(store->usesKeychain());
}

void TestSecretStore::failingKeychainFallsBackToFile()
{
    FakeKeychainState keychain;
    keychain.failing = true;
    auto store = makeStore(&keychain);
    QString error;
    QVERIFY2(store->write("k2", &error), qPrintable(error));
    QVERIFY(!store->usesKeychain());
    QCOMPARE(fileContents(), QByteArray("k2"));
    QVERIFY(fileIsOwnerOnly());
    QCOMPARE(store->read(), QByteArray("k2"));
    // Failed once: the session does not wait for the keychain again.
    QCOMPARE(keychain.writes, 1);
    QCOMPARE(keychain.reads, 0);
}

void TestSecretStore::keychainFailingLaterFallsBackToFile()
{
    FakeKeychainState keychain;
    keychain.value = "old";
    auto store = makeStore(&keychain);
    QCOMPARE(store->read(), QByteArray("old"));
    keychain.failing = true;
    QString error;
    QVERIFY2(store->write("new", &error), qPrintable(error));
    QCOMPARE(fileContents(), QByteArray("new"));
    QVERIFY(fileIsOwnerOnly());
    QCOMPARE(store->read(), QByteArray("new"));
    // The next start with a keychain that answers again: the file is newer,
    // it wins and moves in.
    keychain.failing = false;
    QCOMPARE(makeStore(&keychain)->read(), QByteArray("new"));
    QCOMPARE(keychain.value, std::optional<QByteArray>("new"));
    QVERIFY(!QFile::exists(filePath()));
}

void TestSecretStore::fileRemovedAfterKeychainWrite()
{
    QString error;
    QVERIFY(makeStore(nullptr)->write("from-file", &error));
    QVERIFY(QFile::exists(filePath()));
    FakeKeychainState keychain;
    QVERIFY2(makeStore(&keychain)->write("k3", &error), qPrintable(error));
    QCOMPARE(keychain.value, std::optional<QByteArray>("k3"));
    QVERIFY(!QFile::exists(filePath()));
}

void TestSecretStore::existingFileMovesIntoKeychain()
{
    QString error;
    QVERIFY(makeStore(nullptr)->write("from-file", &error));
    FakeKeychainState keychain;
    QCOMPARE(makeStore(&keychain)->read(), QByteArray("from-file"));
    QCOMPARE(keychain.value, std::optional<QByteArray>("from-file"));
    QVERIFY(!QFile::exists(filePath()));
}

void TestSecretStore::keptFileMirrorsKeychain()
{
    FakeKeychainState keychain;
    auto store = makeStore(&keychain);
    store->setKeepFile(true);
    QString error;
    QVERIFY(store->write("both", &error));
    QCOMPARE(keychain.value, std::optional<QByteArray>("both"));
    QCOMPARE(fileContents(), QByteArray("both"));
    QVERIFY(fileIsOwnerOnly());
    // Reading does not write the keychain again for the kept copy.
    const int writes = keychain.writes;
    QCOMPARE(store->read(), QByteArray("both"));
    QCOMPARE(store->read(), QByteArray("both"));
    QCOMPARE(keychain.writes, writes);
    // Turning the copy off removes it; on again writes it.
    QVERIFY(store->setKeepFile(false, &error));
    QVERIFY(!QFile::exists(filePath()));
    QVERIFY(store->setKeepFile(true, &error));
    QCOMPARE(fileContents(), QByteArray("both"));
    // A new start with the keychain holding the secret and no file yet
    // gives the background service its file.
    QFile::remove(filePath());
    auto next = makeStore(&keychain);
    next->setKeepFile(true);
    QCOMPARE(next->read(), QByteArray("both"));
    QCOMPARE(fileContents(), QByteArray("both"));
}

void TestSecretStore::emptySecretRemovesEverywhere()
{
    FakeKeychainState keychain;
    auto store = makeStore(&keychain);
    store->setKeepFile(true);
    QString error;
    QVERIFY(store->write("gone-soon", &error));
    QVERIFY(store->write(QByteArray(), &error));
    QVERIFY(!keychain.value);
    QVERIFY(!QFile::exists(filePath()));
    QVERIFY(store->read().isEmpty());
}

void TestSecretStore::settingsUseTheKeychainGiven()
{
    FakeKeychainState keychain;
    {
        Settings settings(m_dir->path(), std::make_unique<FakeKeychain>(&keychain));
        QVERIFY(settings.setSecret("via-settings"));
        QCOMPARE(settings.receiverConfig().secret, QByteArray("via-settings"));
        QVERIFY(settings.secretInKeychain());
        QVERIFY(!settings.keepSecretFile());
        QVERIFY(!QFile::exists(settings.secretFilePath()));
        QVERIFY(settings.setKeepSecretFile(true));
        QCOMPARE(fileContents(), QByteArray("via-settings"));
    }
    QCOMPARE(keychain.value, std::optional<QByteArray>("via-settings"));
    // The choice to keep a copy is remembered.
    Settings again(m_dir->path(), std::make_unique<FakeKeychain>(&keychain));
    QVERIFY(again.keepSecretFile());
    // Settings over a folder without a keychain: the file alone, as before.
    QCOMPARE(Settings(m_dir->path()).secret(), QByteArray("via-settings"));
    QVERIFY(!Settings(m_dir->path()).secretInKeychain());
}

// qtkeychain with no session bus: a clean error within the time limit, and
// the store carries on with the file.
void TestSecretStore::realKeychainWithoutServiceFallsBack()
{
    const QString service = QStringLiteral("HookScope-test-") + QUuid::createUuid().toString();
    auto keychain = std::make_unique<KeychainSecretBackend>(service, QStringLiteral("k"), 3000);
    QByteArray secret;
    const SecretBackend::Result read = keychain->read(&secret);
    QCOMPARE(read.status, SecretBackend::Status::Failed);
    QVERIFY(!read.error.isEmpty());
    qInfo().noquote() << "the keychain said:" << read.error;
    SecretStore store(std::make_unique<FileSecretBackend>(filePath()), std::move(keychain));
    QString error;
    QVERIFY2(store.write("k4", &error), qPrintable(error));
    QVERIFY(!store.usesKeychain());
    QCOMPARE(fileContents(), QByteArray("k4"));
    QVERIFY(fileIsOwnerOnly());
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
