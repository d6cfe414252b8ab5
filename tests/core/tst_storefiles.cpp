#include "store/eventstore.h"
#include "store/storefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

// The store's files hold every customer message: owner-only (issue 9).
namespace {

constexpr QFile::Permissions kOwnerMask = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                          QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                          QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
constexpr QFile::Permissions kFile0600 = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions kFolder0700 = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
constexpr QFile::Permissions kFolder0755 =
    kFolder0700 | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther;

QFile::Permissions modeOf(const QString &path)
{
    return QFileInfo(path).permissions() & kOwnerMask;
}

} // namespace

class TestStoreFiles final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newStoreIsOwnerOnly();
    void existingFolderIsLeftAlone();
};

void TestStoreFiles::newStoreIsOwnerOnly()
{
    QTemporaryDir dir;
    const QString top = dir.filePath(QStringLiteral("a"));
    const QString path = dir.filePath(QStringLiteral("a/b/store.db"));
    EventStore store;
    QVERIFY2(store.open(path), qPrintable(store.lastError()));
    EventRecord r;
    r.event = QStringLiteral("message");
    r.payload = "{}";
    QVERIFY(store.append(r)); // the -wal and -shm exist while the store is open
    for (const QString &file :
         QStringList{path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")}) {
        QVERIFY2(QFile::exists(file), qPrintable(file));
        QCOMPARE(modeOf(file), kFile0600);
    }
    QCOMPARE(modeOf(top), kFolder0700);
    QCOMPARE(modeOf(dir.filePath(QStringLiteral("a/b"))), kFolder0700);
}

void TestStoreFiles::existingFolderIsLeftAlone()
{
    QTemporaryDir dir;
    const QString shared = dir.filePath(QStringLiteral("shared"));
    QVERIFY(QDir().mkdir(shared));
    QVERIFY(QFile::setPermissions(shared, kFolder0755));
    const QString path = shared + QStringLiteral("/store.db");
    QString error;
    QVERIFY2(StoreFiles::prepare(path, &error), qPrintable(error));
    QCOMPARE(modeOf(shared), kFolder0755);
    QCOMPARE(modeOf(path), kFile0600);
    // An existing file is not changed either (and not truncated).
    const QString existing = shared + QStringLiteral("/mine.db");
    {
        QFile file(existing);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.setPermissions(kFile0600 | QFile::ReadGroup));
    }
    QVERIFY(StoreFiles::prepare(existing, &error));
    QCOMPARE(modeOf(existing), kFile0600 | QFile::ReadGroup);
}

QTEST_GUILESS_MAIN(TestStoreFiles)
#include "tst_storefiles.moc"
