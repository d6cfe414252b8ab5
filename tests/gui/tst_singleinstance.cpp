#include "window/singleinstance.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalSocket>
#include <QLockFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <future>

// One window per user: the first SingleInstance listens, a second finds it
// and hands over its request; garbage, oversize and silent clients are
// dropped; what a crash left behind (lock, socket file) does not block the
// next start.
class TestSingleInstance final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void firstIsPrimarySecondDelivers();
    void deliversWithoutDatabase();
    void garbageIsDropped_data();
    void garbageIsDropped();
    void silentClientIsDropped();
    void staleSocketFileIsRecovered();
    void staleLockIsTakenOver();
    void noAnswerIsAnError();
    void defaultPathHasUserAndRuntimeFolder();

private:
    QString socketPath() const { return m_dir->filePath(QStringLiteral("hs")); }
    // deliver() blocks; the primary answers from this thread's event loop.
    static bool deliverFromThread(SingleInstance *second, const QString &database, QString *error);
    std::unique_ptr<QTemporaryDir> m_dir;
};

bool TestSingleInstance::deliverFromThread(SingleInstance *second, const QString &database,
                                           QString *error)
{
    std::future<bool> done = std::async(
        std::launch::async, [second, database, error] { return second->deliver(database, error); });
    while (done.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return done.get();
}

void TestSingleInstance::firstIsPrimarySecondDelivers()
{
    SingleInstance first(socketPath());
    SingleInstance second(socketPath());
    QString error;
    QCOMPARE(first.claim(&error), SingleInstance::Role::Primary);
    QVERIFY(first.isListening());
    QCOMPARE(second.claim(&error), SingleInstance::Role::Secondary);
    QVERIFY(!second.isListening());
    QSignalSpy requested(&first, &SingleInstance::requested);
    const QString store = m_dir->filePath(QStringLiteral("other.db"));
    QVERIFY2(deliverFromThread(&second, store, &error), qPrintable(error));
    QTRY_COMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), store);
}

void TestSingleInstance::deliversWithoutDatabase()
{
    SingleInstance first(socketPath());
    SingleInstance second(socketPath());
    QString error;
    QCOMPARE(first.claim(&error), SingleInstance::Role::Primary);
    QCOMPARE(second.claim(&error), SingleInstance::Role::Secondary);
    QSignalSpy requested(&first, &SingleInstance::requested);
    QVERIFY2(deliverFromThread(&second, QString(), &error), qPrintable(error));
    QTRY_COMPARE(requested.count(), 1);
    QVERIFY(requested.at(0).at(0).toString().isEmpty());
}

void TestSingleInstance::garbageIsDropped_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("not JSON") << QByteArray("raise please\n");
    QTest::newRow("array") << QByteArray("[\"raise\"]\n");
    QTest::newRow("other request") << QByteArray("{\"request\":\"quit\"}\n");
    QTest::newRow("no request") << QByteArray("{\"database\":\"/tmp/a.db\"}\n");
    QTest::newRow("request not a string") << QByteArray("{\"request\":1}\n");
    QTest::newRow("database a number") << QByteArray("{\"request\":\"raise\",\"database\":7}\n");
    QTest::newRow("relative database")
        << QByteArray("{\"request\":\"raise\",\"database\":\"a.db\"}\n");
    QTest::newRow("NUL in database")
        << QByteArray("{\"request\":\"raise\",\"database\":\"/tmp/a\\u0000.db\"}\n");
    QTest::newRow("database too long")
        << QByteArray("{\"request\":\"raise\",\"database\":\"/" + QByteArray(5000, 'a') + "\"}\n");
    QTest::newRow("oversize, no line end")
        << QByteArray(SingleInstance::kMaxRequestBytes + 10, 'x');
    QTest::newRow("oversize line")
        << QByteArray("{\"request\":\"raise\",\"database\":\"/" +
                      QByteArray(SingleInstance::kMaxRequestBytes, 'a') + "\"}\n");
}

void TestSingleInstance::garbageIsDropped()
{
    QFETCH(QByteArray, bytes);
    SingleInstance first(socketPath());
    QString error;
    QCOMPARE(first.claim(&error), SingleInstance::Role::Primary);
    QSignalSpy requested(&first, &SingleInstance::requested);
    QLocalSocket client;
    QSignalSpy closed(&client, &QLocalSocket::disconnected);
    client.connectToServer(socketPath());
    QVERIFY(client.waitForConnected(2000));
    client.write(bytes);
    // Dropped at once, not by the time limit, and never answered.
    QVERIFY(closed.wait(SingleInstance::kClientTimeoutMs - 500));
    QVERIFY(!client.readAll().contains("ok"));
    QCOMPARE(requested.count(), 0);
    // The instance still answers a proper request afterwards.
    SingleInstance second(socketPath());
    QCOMPARE(second.claim(&error), SingleInstance::Role::Secondary);
    QVERIFY2(deliverFromThread(&second, QString(), &error), qPrintable(error));
    QTRY_COMPARE(requested.count(), 1);
}

void TestSingleInstance::silentClientIsDropped()
{
    SingleInstance first(socketPath());
    first.setTimeouts(200, SingleInstance::kAnswerTimeoutMs);
    QString error;
    QCOMPARE(first.claim(&error), SingleInstance::Role::Primary);
    QLocalSocket client;
    QSignalSpy closed(&client, &QLocalSocket::disconnected);
    client.connectToServer(socketPath());
    QVERIFY(client.waitForConnected(2000));
    client.write("{\"request\":");
    QVERIFY(closed.wait(10000));
}

void TestSingleInstance::staleSocketFileIsRecovered()
{
    // What a crash leaves: a file where the socket was, no lock.
    QFile stale(socketPath());
    QVERIFY(stale.open(QIODevice::WriteOnly));
    stale.close();
    SingleInstance first(socketPath());
    QString error;
    QCOMPARE(first.claim(&error), SingleInstance::Role::Primary);
    QVERIFY(first.isListening());
    SingleInstance second(socketPath());
    QCOMPARE(second.claim(&error), SingleInstance::Role::Secondary);
    QVERIFY2(deliverFromThread(&second, QString(), &error), qPrintable(error));
}

void TestSingleInstance::staleLockIsTakenOver()
{
    // A lock whose process is gone (the pid of a process that has exited).
    QProcess gone;
    gone.start(QStringLiteral("true"));
    QVERIFY(gone.waitForStarted());
    const qint64 pid = gone.processId();
    QVERIFY(gone.waitForFinished());
    QFile lock(socketPath() + QStringLiteral(".lock"));
    QVERIFY(lock.open(QIODevice::WriteOnly));
    lock.write(QByteArray::number(pid) + "\nhookscope\n" + QSysInfo::machineHostName().toUtf8() +
               "\n");
    lock.close();
    SingleInstance first(socketPath());
    QString error;
    QCOMPARE(first.claim(&error), SingleInstance::Role::Primary);
    QVERIFY(first.isListening());
}

void TestSingleInstance::noAnswerIsAnError()
{
    // The lock is held (by this process) but nothing listens.
    QLockFile held(socketPath() + QStringLiteral(".lock"));
    QVERIFY(held.tryLock(0));
    SingleInstance second(socketPath());
    second.setTimeouts(SingleInstance::kClientTimeoutMs, 300);
    QString error;
    QCOMPARE(second.claim(&error), SingleInstance::Role::Secondary);
    QVERIFY(!second.deliver(QString(), &error));
    QVERIFY(error.contains(QLatin1String("does not answer")));
}

void TestSingleInstance::defaultPathHasUserAndRuntimeFolder()
{
    const QString path = SingleInstance::defaultSocketPath();
    QVERIFY(QDir::isAbsolutePath(path));
    QVERIFY(QFileInfo(path).fileName().startsWith(QLatin1String("hookscope-")));
    // Unix socket paths are limited to 107 bytes.
    QVERIFY(path.toUtf8().size() < 100);
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
