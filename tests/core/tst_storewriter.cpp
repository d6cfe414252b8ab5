#include "ingest/storewriter.h"
#include "store/eventstore.h"
#include "testsupport_store.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

namespace {

EventRecord makeEvent(int n)
{
    EventRecord r;
    r.receivedAtMs = 1764000000000 + n;
    r.event = QStringLiteral("message");
    r.channel = 7;
    r.chatUserId = QStringLiteral("cu1");
    r.sequenceId = QString::number(n);
    r.msg = QStringLiteral("message %1").arg(n);
    r.verification = Verification::Verified;
    r.dedupeKey = QStringLiteral("m:cu1:%1").arg(n);
    r.payload = "{}";
    return r;
}

// Lives on the test thread: the writer's signals reach it queued, so the
// spies below are only ever touched by the test thread.
class Probe final : public QObject {
    Q_OBJECT

public:
    explicit Probe(StoreWriter *writer)
    {
        // Direct: runs on the thread that emits, which is what it records;
        // connected first, so it has run before the queued relay is posted.
        connect(
            writer, &StoreWriter::opened, this, [this] { m_openedOn = QThread::currentThread(); },
            Qt::DirectConnection);
        connect(writer, &StoreWriter::opened, this, &Probe::opened);
        connect(writer, &StoreWriter::committed, this, &Probe::committed);
        connect(writer, &StoreWriter::appended, this, &Probe::appended);
    }
    QThread *openedOn() const { return m_openedOn; }

    // Returns once every signal the writer emitted before this call reached
    // the probe: a marker sent through the writer's thread comes back behind
    // them, since queued events between two threads keep their order.
    bool syncWith(StoreWriter *writer)
    {
        QSignalSpy arrived(this, &Probe::marker);
        QMetaObject::invokeMethod(
            writer,
            [this] {
                QMetaObject::invokeMethod(
                    this, [this] { Q_EMIT marker(); }, Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
        return arrived.wait();
    }

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void marker();
    void committed(const QList<quint64> &tickets, bool ok, const QString &error);
    void appended(qint64 lastEventId, qint64 lastRefusedId);

private:
    std::atomic<QThread *> m_openedOn = nullptr;
};

QList<quint64> ticketsOf(const QSignalSpy &spy)
{
    QList<quint64> all;
    for (const QList<QVariant> &emission : spy)
        all += emission.at(0).value<QList<quint64>>();
    return all;
}

} // namespace

class TestStoreWriter final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void opensOnItsOwnThread();
    void commitsSubmissionsFromAnotherThread();
    void groupsQueuedSubmissionsIntoOneTransaction();
    void failedCommitAnswersNotOk();
    void unopenedWriterAnswersNotOk();
    void openFailureIsReported();
    void flushCommitsSynchronously();
    void closeCommitsPendingThenRefuses();
    void refusedDeliveriesAreStored();
    void upgradeProgressIsReportedBeforeOpened();
    void idleWriterIndexesTheLastEventsText();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("writer.db")); }
    // Starts m_writer on m_thread.
    void startThread();
    // Queues submit(i, makeEvent(i)) for i < count on the writer's thread,
    // as the receiver's deliveries arrive.
    void queueSubmissions(int count);
    // start(path) and wait for opened(); the writer on the test thread.
    bool openHere(const QString &path, QString *error = nullptr);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StoreWriter> m_writer;
    std::unique_ptr<QThread> m_thread;
};

void TestStoreWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_writer = std::make_unique<StoreWriter>();
}

void TestStoreWriter::cleanup()
{
    if (m_thread) {
        QMetaObject::invokeMethod(m_writer.get(), &StoreWriter::close,
                                  Qt::BlockingQueuedConnection);
        m_thread->quit();
        QVERIFY(m_thread->wait(10000));
        m_thread.reset();
    }
    m_writer.reset();
    m_dir.reset();
}

void TestStoreWriter::startThread()
{
    m_thread = std::make_unique<QThread>();
    m_writer->moveToThread(m_thread.get());
    m_thread->start();
}

void TestStoreWriter::queueSubmissions(int count)
{
    StoreWriter *writer = m_writer.get();
    for (int i = 0; i < count; ++i) {
        QMetaObject::invokeMethod(
            writer, [writer, i]() { writer->submit(quint64(i), makeEvent(i)); },
            Qt::QueuedConnection);
    }
}

bool TestStoreWriter::openHere(const QString &path, QString *error)
{
    QSignalSpy opened(m_writer.get(), &StoreWriter::opened);
    m_writer->start(path);
    if (!opened.isEmpty()) {
        qWarning("opened() came before control returned to the event loop");
        return false;
    }
    if (!opened.wait())
        return false;
    if (error)
        *error = opened.first().at(1).toString();
    return opened.first().at(0).toBool();
}

// The connection is made on the writer's thread, the only one that may use
// it; start() is called from the test thread.
void TestStoreWriter::opensOnItsOwnThread()
{
    Probe probe(m_writer.get());
    QSignalSpy opened(&probe, &Probe::opened);
    startThread();
    m_writer->start(dbPath());
    QVERIFY(opened.wait());
    QVERIFY2(opened.first().at(0).toBool(), qPrintable(opened.first().at(1).toString()));
    QCOMPARE(probe.openedOn(), m_thread.get());
    QVERIFY(probe.openedOn() != QThread::currentThread());
}

void TestStoreWriter::commitsSubmissionsFromAnotherThread()
{
    Probe probe(m_writer.get());
    QSignalSpy opened(&probe, &Probe::opened);
    QSignalSpy committed(&probe, &Probe::committed);
    QSignalSpy appended(&probe, &Probe::appended);
    startThread();
    m_writer->start(dbPath());
    QVERIFY(opened.wait());
    QVERIFY(opened.first().at(0).toBool());

    constexpr int count = 50;
    for (int i = 0; i < count; ++i) {
        // By name, as a receiver on another thread would: needs the metatypes.
        QVERIFY(QMetaObject::invokeMethod(m_writer.get(), "submit", Qt::QueuedConnection,
                                          Q_ARG(quint64, quint64(1000 + i)),
                                          Q_ARG(EventRecord, makeEvent(i))));
    }
    QTRY_COMPARE(ticketsOf(committed).size(), count);
    QList<quint64> expected;
    for (int i = 0; i < count; ++i)
        expected.append(quint64(1000 + i));
    QCOMPARE(ticketsOf(committed), expected);
    for (const QList<QVariant> &emission : committed) {
        QVERIFY(emission.at(1).toBool());
        QVERIFY(emission.at(2).toString().isEmpty());
    }
    QTRY_COMPARE(appended.size(), committed.size());
    QCOMPARE(appended.last().at(0).toLongLong(), count);
    QCOMPARE(appended.last().at(1).toLongLong(), 0);

    // Acknowledged means readable by another connection.
    EventStore reader;
    QVERIFY(reader.openReadOnly(dbPath()));
    QCOMPARE(reader.eventCount(), count);
    QCOMPARE(reader.event(count)->msg, QStringLiteral("message %1").arg(count - 1));
}

void TestStoreWriter::groupsQueuedSubmissionsIntoOneTransaction()
{
    Probe probe(m_writer.get());
    QSignalSpy opened(&probe, &Probe::opened);
    QSignalSpy committed(&probe, &Probe::committed);
    startThread();
    m_writer->start(dbPath());
    QVERIFY(opened.wait());

    // Hold the writer's thread so every submission queues up behind it, as
    // deliveries do while a commit waits for the disk.
    QSemaphore gate;
    QMetaObject::invokeMethod(
        m_writer.get(), [&gate]() { gate.acquire(); }, Qt::QueuedConnection);
    constexpr int count = 200;
    queueSubmissions(count);
    gate.release();

    QTRY_COMPARE(ticketsOf(committed).size(), count);
    // No timer and no cap: all that was queued went into one transaction.
    QCOMPARE(committed.size(), 1);
    QVERIFY(committed.first().at(1).toBool());
    EventStore reader;
    QVERIFY(reader.openReadOnly(dbPath()));
    QCOMPARE(reader.eventCount(), count);
}

// Fewer events than a commit indexes with its own (EventStore::commit) are
// indexed once the deliveries pause: the meta row reaches the last id.
void TestStoreWriter::idleWriterIndexesTheLastEventsText()
{
    Probe probe(m_writer.get());
    QSignalSpy opened(&probe, &Probe::opened);
    QSignalSpy committed(&probe, &Probe::committed);
    startThread();
    m_writer->start(dbPath());
    QVERIFY(opened.wait());
    constexpr int count = 20;
    queueSubmissions(count);
    QTRY_COMPARE(ticketsOf(committed).size(), count);
    const QString indexed = QStringLiteral(
        "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'text_indexed_through'");
    QTRY_COMPARE(rawValue(dbPath(), indexed).toLongLong(), qint64(count));
}

void TestStoreWriter::failedCommitAnswersNotOk()
{
    Probe probe(m_writer.get());
    QSignalSpy opened(&probe, &Probe::opened);
    QSignalSpy committed(&probe, &Probe::committed);
    QSignalSpy appended(&probe, &Probe::appended);
    startThread();
    m_writer->start(dbPath());
    QVERIFY(opened.wait());
    const auto submit = [this](quint64 ticket) {
        StoreWriter *writer = m_writer.get();
        QMetaObject::invokeMethod(
            writer, [writer, ticket]() { writer->submit(ticket, makeEvent(int(ticket))); },
            Qt::QueuedConnection);
    };

    // A first batch commits, so the writer holds its prepared statements.
    submit(1);
    QTRY_COMPARE(committed.size(), 1);
    QVERIFY(committed.first().at(1).toBool());
    QTRY_COMPARE(appended.size(), 1);

    {
        // Another program breaks the file under the writer's feet.
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("vandal"));
        db.setDatabaseName(dbPath());
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("DROP TABLE events")));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("vandal"));

    submit(7);
    submit(8);
    QTRY_COMPARE(ticketsOf(committed).size(), 3);
    for (qsizetype i = 1; i < committed.size(); ++i) {
        QCOMPARE(committed.at(i).at(1).toBool(), false);
        const QString error = committed.at(i).at(2).toString();
        QVERIFY2(error.contains(QLatin1String("no such table: events")), qPrintable(error));
    }
    QCOMPARE(ticketsOf(committed), (QList<quint64>{1, 7, 8}));
    // An appended() of the failed batches would have been emitted right after
    // their committed(); once the writer's earlier signals have all arrived,
    // none is among them.
    QVERIFY(probe.syncWith(m_writer.get()));
    QCOMPARE(appended.size(), 1); // nothing new became visible
}

void TestStoreWriter::unopenedWriterAnswersNotOk()
{
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    m_writer->submit(1, makeEvent(1));
    m_writer->submit(2, makeEvent(2));
    QCOMPARE(committed.size(), 0); // queued, not committed inside submit()
    QTRY_COMPARE(committed.size(), 1);
    QCOMPARE(committed.first().at(0).value<QList<quint64>>(), (QList<quint64>{1, 2}));
    QCOMPARE(committed.first().at(1).toBool(), false);
    QVERIFY(committed.first().at(2).toString().contains(QLatin1String("not open")));
}

void TestStoreWriter::openFailureIsReported()
{
    QString error;
    QVERIFY(!openHere(m_dir->path(), &error)); // a folder, not a file
    QVERIFY2(error.contains(m_dir->path()), qPrintable(error));
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    m_writer->submit(1, makeEvent(1));
    m_writer->flush();
    QCOMPARE(committed.size(), 1);
    QCOMPARE(committed.first().at(1).toBool(), false);
}

void TestStoreWriter::flushCommitsSynchronously()
{
    QVERIFY(openHere(dbPath()));
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    QSignalSpy appended(m_writer.get(), &StoreWriter::appended);
    m_writer->submit(1, makeEvent(1));
    m_writer->submit(2, makeEvent(2));
    m_writer->flush();
    QCOMPARE(committed.size(), 1);
    QCOMPARE(committed.first().at(0).value<QList<quint64>>(), (QList<quint64>{1, 2}));
    QVERIFY(committed.first().at(1).toBool());
    QCOMPARE(appended.size(), 1);
    // The commit that submit() scheduled (a posted call to the writer) runs
    // now and finds nothing left to do.
    QCoreApplication::sendPostedEvents(m_writer.get(), QEvent::MetaCall);
    QCOMPARE(committed.size(), 1);
    EventStore reader;
    QVERIFY(reader.openReadOnly(dbPath()));
    QCOMPARE(reader.eventCount(), 2);
}

void TestStoreWriter::closeCommitsPendingThenRefuses()
{
    QVERIFY(openHere(dbPath()));
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    m_writer->submit(1, makeEvent(1));
    m_writer->close();
    QCOMPARE(committed.size(), 1);
    QVERIFY(committed.first().at(1).toBool());

    m_writer->submit(2, makeEvent(2));
    QTRY_COMPARE(committed.size(), 2);
    QCOMPARE(committed.last().at(1).toBool(), false);
    EventStore reader;
    QVERIFY(reader.openReadOnly(dbPath()));
    QCOMPARE(reader.eventCount(), 1);
}

void TestStoreWriter::refusedDeliveriesAreStored()
{
    QVERIFY(openHere(dbPath()));
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    QSignalSpy appended(m_writer.get(), &StoreWriter::appended);
    RefusedRecord refused;
    refused.status = 401;
    refused.reason = QStringLiteral("bad signature");
    refused.body = "{}";
    m_writer->submitRefused(refused);
    m_writer->submit(5, makeEvent(5));
    m_writer->submitRefused(refused);
    QTRY_COMPARE(appended.size(), 1);
    QCOMPARE(appended.first().at(0).toLongLong(), 1);
    QCOMPARE(appended.first().at(1).toLongLong(), 2);
    QCOMPARE(committed.size(), 1);
    EventStore reader;
    QVERIFY(reader.openReadOnly(dbPath()));
    QCOMPARE(reader.refusedCount(), 2);
    QCOMPARE(reader.refused(2)->reason, refused.reason);
}

QTEST_GUILESS_MAIN(TestStoreWriter)
// Opening an older store upgrades it; the owner hears of each step before
// opened(), the last one done, so a window can say why the port is not open.
void TestStoreWriter::upgradeProgressIsReportedBeforeOpened()
{
    writeFirstLayoutStore(dbPath());
    if (QTest::currentTestFailed())
        return;
    QList<QList<qint64>> heard;
    bool openedYet = false;
    connect(m_writer.get(), &StoreWriter::opened, this, [&openedYet] { openedYet = true; });
    connect(m_writer.get(), &StoreWriter::upgradeProgress, this,
            [&](int from, int to, qint64 done, qint64 total) {
                QVERIFY(!openedYet);
                heard.append({from, to, done, total});
            });
    startThread();
    QSignalSpy opened(m_writer.get(), &StoreWriter::opened);
    m_writer->start(dbPath());
    QVERIFY(opened.wait());
    QVERIFY2(opened.first().at(0).toBool(), qPrintable(opened.first().at(1).toString()));
    const qint64 current = EventStore::currentSchemaVersion();
    QVERIFY(!heard.isEmpty());
    QCOMPARE(heard.last(), (QList<qint64>{current - 1, current, 1, 1}));
    QCOMPARE(heard.first().at(0), 1);
}

#include "tst_storewriter.moc"
