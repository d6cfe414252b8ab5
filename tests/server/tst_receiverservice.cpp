#include "receiverservice.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

// The service's life cycle: start() and stop() return at once and report
// through signals; a stop lets held deliveries commit and be answered.
class TestReceiverService final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void startReturnsBeforeListening();
    void stopReturnsWhileADeliveryIsHeld();
    void startAfterStopRunsOnceStopped();
    void stopWhenIdleEmitsNothing();
    void portInUseIsAClearError();
    void unwritableDatabaseIsAClearError();

private:
    QString dbPath(const QString &name = QStringLiteral("store.db")) const
    {
        return m_dir->filePath(name);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ReceiverService> m_service;
};

void TestReceiverService::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_service = std::make_unique<ReceiverService>();
}

void TestReceiverService::cleanup()
{
    m_service.reset();
    m_dir.reset();
}

void TestReceiverService::startReturnsBeforeListening()
{
    QSignalSpy started(m_service.get(), &ReceiverService::started);
    QSignalSpy states(m_service.get(), &ReceiverService::stateChanged);
    m_service->start(testConfig(), dbPath());
    // The store opens and the address binds on the service's threads.
    QVERIFY(!m_service->isRunning());
    QVERIFY(!m_service->isIdle());
    QCOMPARE(started.size(), 0);
    QVERIFY(started.wait());
    QVERIFY(m_service->isRunning());
    QCOMPARE(started.first().at(0).value<quint16>(), m_service->port());
    QCOMPARE(states.size(), 1);
    QCOMPARE(states.first().at(0).value<ReceiverService::State>(),
             ReceiverService::State::Listening);
    QCOMPARE(states.first().at(1).toString(), m_service->url());
    QCOMPARE(exchange(m_service->port(), signedPost()).status, 200);
}

// A second connection holds the store's write lock, so the writer's commit
// waits (busy timeout) with the delivery's 200 held. stop() must return all
// the same, and stopped() come only after the lock is gone and the 200 sent.
void TestReceiverService::stopReturnsWhileADeliveryIsHeld()
{
    QVERIFY(startAndWait(*m_service, testConfig(), dbPath()));
    const QString name = QStringLiteral("lock-holder");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(dbPath());
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("BEGIN IMMEDIATE")));
    }
    QTcpSocket client;
    client.connectToHost(QStringLiteral("127.0.0.1"), m_service->port());
    QVERIFY(client.waitForConnected(5000));
    client.write(signedPost());
    QVERIFY(client.waitForBytesWritten(5000));
    QTRY_VERIFY(exchange(m_service->port(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                    .body.contains("\"pending\":1"));

    QSignalSpy stopped(m_service.get(), &ReceiverService::stopped);
    m_service->stop();
    QVERIFY(!m_service->isRunning());
    QVERIFY(m_service->isStopping());
    QCOMPARE(stopped.size(), 0);
    QCOMPARE(client.bytesAvailable(), 0); // still held: the commit waits

    QVERIFY(QSqlQuery(QSqlDatabase::database(name)).exec(QStringLiteral("ROLLBACK")));
    QVERIFY(stopped.wait(10000));
    QSqlDatabase::removeDatabase(name);
    QVERIFY(m_service->isIdle());
    QCOMPARE(m_service->state(), ReceiverService::State::Stopped);
    QCOMPARE(m_service->stats().stored, 1u);
    QByteArray answer;
    QTRY_VERIFY((answer += client.readAll()).contains("\r\n\r\n"));
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
    EventStore reader;
    QVERIFY(reader.openReadOnly(dbPath()));
    QCOMPARE(reader.eventCount(), 1);
}

void TestReceiverService::startAfterStopRunsOnceStopped()
{
    QVERIFY(startAndWait(*m_service, testConfig(), dbPath()));
    QCOMPARE(exchange(m_service->port(), signedPost()).status, 200);
    QSignalSpy stopped(m_service.get(), &ReceiverService::stopped);
    QSignalSpy started(m_service.get(), &ReceiverService::started);
    m_service->stop();
    ReceiverConfig next = testConfig();
    next.path = QStringLiteral("/next");
    m_service->start(next, dbPath(QStringLiteral("next.db")));
    QCOMPARE(started.size(), 0); // queued behind the stop
    QVERIFY(started.wait());
    QCOMPARE(stopped.size(), 1);
    QVERIFY(m_service->url().endsWith(QLatin1String("/next")));
    QCOMPARE(m_service->databasePath(), dbPath(QStringLiteral("next.db")));
    const QByteArray target =
        "/next?" + WebhookSender::signedQuery(kBody, kSecret, WebhookSender::SignMode::Exact, 1);
    QCOMPARE(exchange(m_service->port(), post(target, kBody)).status, 200);
    EventStore reader;
    QVERIFY(reader.openReadOnly(dbPath(QStringLiteral("next.db"))));
    QCOMPARE(reader.eventCount(), 1);
}

void TestReceiverService::stopWhenIdleEmitsNothing()
{
    QSignalSpy stopped(m_service.get(), &ReceiverService::stopped);
    m_service->stop(); // idle: documented to emit nothing
    QVERIFY(m_service->isIdle());
    QVERIFY(startAndWait(*m_service, testConfig(), dbPath()));
    stopAndWait(*m_service);
    // Exactly one stopped(): the one of the run; the idle stop() added none.
    QCOMPARE(stopped.size(), 1);
    m_service->stop();
    QCOMPARE(stopped.size(), 1);
}

void TestReceiverService::portInUseIsAClearError()
{
    QVERIFY(startAndWait(*m_service, testConfig(), dbPath()));
    ReceiverService second;
    QSignalSpy states(&second, &ReceiverService::stateChanged);
    QSignalSpy stopped(&second, &ReceiverService::stopped);
    ReceiverConfig config = testConfig();
    config.port = m_service->port();
    second.start(config, dbPath(QStringLiteral("other.db")));
    QVERIFY(stopped.wait());
    QCOMPARE(states.size(), 1);
    QCOMPARE(states.first().at(0).value<ReceiverService::State>(), ReceiverService::State::Failed);
    const QString error = states.first().at(1).toString();
    QVERIFY2(error.contains(QStringLiteral("already in use")), qPrintable(error));
    QCOMPARE(second.state(), ReceiverService::State::Failed);
    QVERIFY(second.isIdle());
}

void TestReceiverService::unwritableDatabaseIsAClearError()
{
    QSignalSpy states(m_service.get(), &ReceiverService::stateChanged);
    QSignalSpy stopped(m_service.get(), &ReceiverService::stopped);
    // A directory cannot be opened as a database file.
    m_service->start(testConfig(), m_dir->path());
    QVERIFY(stopped.wait());
    QCOMPARE(states.size(), 1);
    QCOMPARE(states.first().at(0).value<ReceiverService::State>(), ReceiverService::State::Failed);
    const QString error = states.first().at(1).toString();
    QVERIFY2(error.contains(m_dir->path()), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestReceiverService)
#include "tst_receiverservice.moc"
