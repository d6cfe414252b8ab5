// The receiver while its store cannot take writes (docs/store-faults.md):
// deliveries are answered 503, GET /health answers 503 with the reason, the
// service reports the fault once and its end, all without a restart.
#include "receiverservice.h"
#include "store/eventstore.h"
#include "storedamage.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

QJsonObject health(quint16 port, int *status)
{
    const Answer answer = exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    *status = answer.status;
    return QJsonDocument::fromJson(answer.body).object();
}

} // namespace

class TestReceiverFaults final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void lockedStoreAnswers503UntilTheLockGoes();
    void damagedStoreFailsTheStartNamingTheFile();
    void refusedBodyIsKeptBounded();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ReceiverService> m_service;
    QString m_db;
};

void TestReceiverFaults::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = m_dir->filePath(QStringLiteral("store.db"));
    m_service = std::make_unique<ReceiverService>();
}

void TestReceiverFaults::cleanup()
{
    m_service.reset();
    m_dir.reset();
}

void TestReceiverFaults::lockedStoreAnswers503UntilTheLockGoes()
{
    QVERIFY(startAndWait(*m_service, testConfig(), m_db));
    QSignalSpy faults(m_service.get(), &ReceiverService::storeFaultChanged);
    const quint16 port = m_service->port();
    int status = 0;
    QCOMPARE(health(port, &status).value(QStringLiteral("status")).toString(),
             QStringLiteral("ok"));
    QCOMPARE(status, 200);
    {
        QSqlDatabase other =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
        other.setDatabaseName(m_db);
        QVERIFY(other.open());
        QSqlQuery lock(other);
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        // The first delivery waits out the writer's busy timeout, then 503.
        QCOMPARE(exchange(port, signedPost(bodyWithSequence(1))).status, 503);
        QTRY_COMPARE(faults.size(), 1);
        QCOMPARE(faults.first().at(0).value<StoreFault>().kind, StoreFault::Kind::Locked);
        // From now on at once, with the reason.
        const Answer refused = exchange(port, signedPost(bodyWithSequence(2)));
        QCOMPARE(refused.status, 503);
        QVERIFY2(refused.body.contains("locked"), refused.body.constData());
        const QJsonObject sick = health(port, &status);
        QCOMPARE(status, 503);
        QCOMPARE(sick.value(QStringLiteral("status")).toString(), QStringLiteral("store-fault"));
        QCOMPARE(sick.value(QStringLiteral("store")).toString(), QStringLiteral("locked"));
        QVERIFY(sick.value(QStringLiteral("reason")).toString().contains(m_db));
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("locker"));
    QVERIFY(faults.wait(15000)); // the writer's probe finds the lock gone
    QCOMPARE(faults.last().at(0).value<StoreFault>().kind, StoreFault::Kind::None);
    QTRY_COMPARE((health(port, &status), status), 200);
    QCOMPARE(exchange(port, signedPost(bodyWithSequence(3))).status, 200);
    const ReceiverStats stats = stopAndWait(*m_service);
    QCOMPARE(stats.stored, 1u);
    QCOMPARE(stats.failed, 2u);
    EventStore reader;
    QVERIFY(reader.openReadOnly(m_db));
    QCOMPARE(reader.eventCount(), 1);
}

void TestReceiverFaults::damagedStoreFailsTheStartNamingTheFile()
{
    {
        EventStore store;
        QVERIFY(store.open(m_db));
        QVERIFY(store.beginTransaction());
        for (int i = 0; i < 200; ++i) {
            RefusedRecord r;
            r.reason = QStringLiteral("filler");
            r.body = QByteArray(4000, 'f');
            QVERIFY(store.appendRefused(r));
        }
        QVERIFY(store.commit());
    }
    QString error;
    QVERIFY2(damageStore(m_db, &error), qPrintable(error));
    QSignalSpy states(m_service.get(), &ReceiverService::stateChanged);
    QSignalSpy stopped(m_service.get(), &ReceiverService::stopped);
    m_service->start(testConfig(), m_db);
    QVERIFY(stopped.wait());
    QCOMPARE(m_service->state(), ReceiverService::State::Failed);
    const QString message = states.last().at(1).toString();
    QVERIFY2(message.contains(m_db) && message.contains(QLatin1String("damaged")),
             qPrintable(message));
}

void TestReceiverFaults::refusedBodyIsKeptBounded()
{
    ReceiverConfig config = testConfig();
    config.maxBodyBytes = 4 * 1024 * 1024;
    config.refusals.maxBodyBytes = 1024;
    QVERIFY(startAndWait(*m_service, config, m_db));
    const QByteArray body = "{\"junk\":\"" + QByteArray(3 * 1024 * 1024, 'j') + "\"}";
    QCOMPARE(exchange(m_service->port(), post("/webhook?unsigned=1", body)).status, 401);
    stopAndWait(*m_service);
    EventStore reader;
    QVERIFY(reader.openReadOnly(m_db));
    QCOMPARE(reader.refusedCount(), 1);
    const std::optional<RefusedRecord> r = reader.refused(1);
    QCOMPARE(r->body.size(), 1024);
    QCOMPARE(r->bodyBytes, body.size());
}

QTEST_GUILESS_MAIN(TestReceiverFaults)
#include "tst_receiverfaults.moc"
