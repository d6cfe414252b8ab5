// StoreWriter's faults (docs/store-faults.md): a full disk (simulated with
// PRAGMA max_page_count on the writer's connection), a lock held by another
// connection, a read-only file, a damaged file; each answered not ok,
// reported once, and recovered from without a restart where it can be.
#include "ingest/storewriter.h"
#include "store/eventstore.h"
#include "storedamage.h"
#include "testsupport_store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <memory>

#include <unistd.h>

namespace {

EventRecord bigEvent(int n)
{
    EventRecord r;
    r.receivedAtMs = 1764000000000 + n;
    r.event = QStringLiteral("message");
    r.chatUserId = QStringLiteral("cu1");
    r.sequenceId = QString::number(n);
    r.verification = Verification::Verified;
    r.dedupeKey = QStringLiteral("m:cu1:%1").arg(n);
    r.payload = QByteArray(8 * 1024, char('a' + n % 26)); // two pages each
    return r;
}

QByteArray sha1Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha1);
}

StoreFault::Kind kindOf(const QSignalSpy &spy, qsizetype i)
{
    return spy.at(i).at(0).value<StoreFault>().kind;
}

} // namespace

class TestStoreWriterFaults final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void classifiesSqliteCodes_data();
    void classifiesSqliteCodes();
    void fullDiskIsOneFaultAndRecoversWhenSpaceReturns();
    void nothingFailedIsInTheStore();
    void lockedStoreIsAFaultUntilTheLockGoes();
    void readOnlyStoreIsAFault();
    void readOnlyStoreIsOneFaultAndRecovers();
    void damagedStoreIsRefusedAtOpenAndNotWritten();
    void damageFoundInTheBackgroundStopsWriting();
    void soundStoreChecksCleanInTheBackground();
    void truncatedSharedMemoryStopsWritingWithoutACrash();
    void unwritableSharedMemoryIsRefusedAtOpen();
    void aNearlyFullDiskKeepsTheWalSmall();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("faults.db")); }
    bool openHere(QString *error = nullptr);
    // Submits events until a commit fails; their tickets and outcomes.
    int fillUntilFull(QSignalSpy &committed);
    // A store of `events` big events, closed (checkpointed, no WAL).
    void makeStore(int events);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StoreWriter> m_writer;
};

void TestStoreWriterFaults::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_writer = std::make_unique<StoreWriter>();
    m_writer->setProbeInterval(20);
}

void TestStoreWriterFaults::cleanup()
{
    m_writer.reset();
    m_dir.reset();
}

bool TestStoreWriterFaults::openHere(QString *error)
{
    QSignalSpy opened(m_writer.get(), &StoreWriter::opened);
    m_writer->start(dbPath());
    if (!opened.wait())
        return false;
    if (error)
        *error = opened.first().at(1).toString();
    return opened.first().at(0).toBool();
}

void TestStoreWriterFaults::makeStore(int events)
{
    EventStore store;
    QVERIFY(store.open(dbPath()));
    QVERIFY(store.beginTransaction());
    for (int i = 0; i < events; ++i)
        QVERIFY(store.append(bigEvent(i)));
    QVERIFY(store.commit());
}

int TestStoreWriterFaults::fillUntilFull(QSignalSpy &committed)
{
    for (int n = 1; n < 200; ++n) {
        m_writer->submit(quint64(n), bigEvent(n));
        m_writer->flush();
        if (!committed.last().at(1).toBool())
            return n;
    }
    return -1;
}

void TestStoreWriterFaults::classifiesSqliteCodes_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<StoreFault::Kind>("kind");
    QTest::newRow("SQLITE_FULL") << 13 << StoreFault::Kind::DiskFull;
    QTest::newRow("SQLITE_IOERR_WRITE is I/O") << (10 | (3 << 8)) << StoreFault::Kind::Other;
    QTest::newRow("SQLITE_READONLY") << 8 << StoreFault::Kind::ReadOnly;
    QTest::newRow("SQLITE_READONLY_DBMOVED") << (8 | (4 << 8)) << StoreFault::Kind::ReadOnly;
    QTest::newRow("SQLITE_PERM") << 3 << StoreFault::Kind::ReadOnly;
    QTest::newRow("SQLITE_BUSY") << 5 << StoreFault::Kind::Locked;
    QTest::newRow("SQLITE_LOCKED") << 6 << StoreFault::Kind::Locked;
    QTest::newRow("SQLITE_CORRUPT") << 11 << StoreFault::Kind::Damaged;
    QTest::newRow("SQLITE_NOTADB") << 26 << StoreFault::Kind::Damaged;
    QTest::newRow("SQLITE_CANTOPEN") << 14 << StoreFault::Kind::Other;
    QTest::newRow("SQLITE_ERROR is the SQL's") << 1 << StoreFault::Kind::None;
    QTest::newRow("SQLITE_CONSTRAINT is a record's") << 19 << StoreFault::Kind::None;
    QTest::newRow("SQLITE_TOOBIG is a record's") << 18 << StoreFault::Kind::None;
}

void TestStoreWriterFaults::classifiesSqliteCodes()
{
    QFETCH(int, code);
    QFETCH(StoreFault::Kind, kind);
    QCOMPARE(StoreFault::classify(code), kind);
}

// The fault is reported once however many deliveries fail, and the writer
// finds out by itself (its probe) that space has returned.
void TestStoreWriterFaults::fullDiskIsOneFaultAndRecoversWhenSpaceReturns()
{
    QVERIFY(openHere());
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    QSignalSpy faults(m_writer.get(), &StoreWriter::faultChanged);
    m_writer->setPageLimit(rawValue(dbPath(), QStringLiteral("PRAGMA page_count")).toLongLong() +
                           20);
    const int full = fillUntilFull(committed);
    QVERIFY(full > 1);
    QCOMPARE(faults.size(), 1);
    QCOMPARE(kindOf(faults, 0), StoreFault::Kind::DiskFull);
    QVERIFY2(faults.at(0).at(0).value<StoreFault>().reason.contains(dbPath()),
             qPrintable(faults.at(0).at(0).value<StoreFault>().reason));
    QCOMPARE(m_writer->fault().word(), QStringLiteral("disk-full"));

    for (int n = 0; n < 5; ++n) {
        m_writer->submit(quint64(500 + n), bigEvent(500 + n));
        m_writer->flush();
        QCOMPARE(committed.last().at(1).toBool(), false);
    }
    QCOMPARE(faults.size(), 1); // said once, not per delivery

    m_writer->setPageLimit(0); // space returns
    QVERIFY(faults.wait());
    QCOMPARE(kindOf(faults, 1), StoreFault::Kind::None);
    m_writer->submit(1000, bigEvent(1000));
    m_writer->flush();
    QVERIFY(committed.last().at(1).toBool());
}

// What was answered ok is exactly what the store holds.
void TestStoreWriterFaults::nothingFailedIsInTheStore()
{
    QVERIFY(openHere());
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    m_writer->setPageLimit(rawValue(dbPath(), QStringLiteral("PRAGMA page_count")).toLongLong() +
                           20);
    QVERIFY(fillUntilFull(committed) > 0);
    for (int n = 0; n < 3; ++n) {
        m_writer->submit(quint64(300 + n), bigEvent(300 + n));
        m_writer->flush();
    }
    QStringList acknowledged;
    for (const QList<QVariant> &emission : committed) {
        if (emission.at(1).toBool()) {
            for (const quint64 ticket : emission.at(0).value<QList<quint64>>())
                acknowledged.append(QString::number(ticket));
        }
    }
    m_writer.reset();
    const QVariant stored = rawValue(
        dbPath(), QStringLiteral("SELECT group_concat(sequence_id) FROM (SELECT sequence_id "
                                 "FROM events ORDER BY id)"));
    QCOMPARE(stored.toString(), acknowledged.join(QLatin1Char(',')));
}

void TestStoreWriterFaults::lockedStoreIsAFaultUntilTheLockGoes()
{
    QVERIFY(openHere());
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    QSignalSpy faults(m_writer.get(), &StoreWriter::faultChanged);
    {
        QSqlDatabase other =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
        other.setDatabaseName(dbPath());
        QVERIFY(other.open());
        QSqlQuery lock(other);
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        // The writer waits out its busy timeout, then gives up on this batch.
        m_writer->submit(1, bigEvent(1));
        m_writer->flush();
        QCOMPARE(committed.last().at(1).toBool(), false);
        QCOMPARE(faults.size(), 1);
        QCOMPARE(kindOf(faults, 0), StoreFault::Kind::Locked);
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("locker"));
    QVERIFY(faults.wait(20000));
    QCOMPARE(kindOf(faults, 1), StoreFault::Kind::None);
    m_writer->submit(2, bigEvent(2));
    m_writer->flush();
    QVERIFY(committed.last().at(1).toBool());
}

// Permissions do not stop root, so this runs for other users only (the full
// disk and the lock above run for everyone).
void TestStoreWriterFaults::readOnlyStoreIsAFault()
{
    if (::geteuid() == 0)
        QSKIP("root writes to read-only files; the permission case needs another user");
    makeStore(2);
    QVERIFY(QFile::setPermissions(dbPath(), QFile::ReadOwner));
    QVERIFY(QFile::setPermissions(m_dir->path(), QFile::ReadOwner | QFile::ExeOwner));
    QString error;
    const bool opened = openHere(&error);
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    QSignalSpy faults(m_writer.get(), &StoreWriter::faultChanged);
    if (opened) {
        m_writer->submit(1, bigEvent(100));
        m_writer->flush();
        QCOMPARE(committed.last().at(1).toBool(), false);
        QCOMPARE(kindOf(faults, 0), StoreFault::Kind::ReadOnly);
    } else {
        QVERIFY2(error.contains(dbPath()), qPrintable(error));
    }
    QVERIFY(QFile::setPermissions(m_dir->path(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QVERIFY(QFile::setPermissions(dbPath(), QFile::ReadOwner | QFile::WriteOwner));
}

// The same fault for any user (root writes to 0400 files): the writer's
// connection refuses writes with SQLITE_READONLY until that is lifted.
void TestStoreWriterFaults::readOnlyStoreIsOneFaultAndRecovers()
{
    QVERIFY(openHere());
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    QSignalSpy faults(m_writer.get(), &StoreWriter::faultChanged);
    m_writer->setReadOnly(true);
    for (int n = 0; n < 3; ++n) {
        m_writer->submit(quint64(1 + n), bigEvent(1 + n));
        m_writer->flush();
        QCOMPARE(committed.last().at(1).toBool(), false);
    }
    QCOMPARE(faults.size(), 1); // said once, not per delivery
    QCOMPARE(kindOf(faults, 0), StoreFault::Kind::ReadOnly);
    QCOMPARE(m_writer->fault().word(), QStringLiteral("read-only"));

    m_writer->setReadOnly(false);
    QVERIFY(faults.wait());
    QCOMPARE(kindOf(faults, 1), StoreFault::Kind::None);
    m_writer->submit(10, bigEvent(10));
    m_writer->flush();
    QVERIFY(committed.last().at(1).toBool());
    QCOMPARE(rawValue(dbPath(), QStringLiteral("SELECT COUNT(*) FROM events")).toInt(), 1);
}

void TestStoreWriterFaults::damagedStoreIsRefusedAtOpenAndNotWritten()
{
    makeStore(60);
    QString error;
    QVERIFY2(damageStore(dbPath(), &error), qPrintable(error));
    const QByteArray before = sha1Of(dbPath());
    QVERIFY(!openHere(&error));
    QVERIFY2(error.contains(dbPath()), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("damaged")), qPrintable(error));
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    m_writer->submit(1, bigEvent(1));
    m_writer->flush();
    QCOMPARE(committed.last().at(1).toBool(), false);
    m_writer.reset();
    QCOMPARE(sha1Of(dbPath()), before);
}

// A budget too short for the store: it opens, the rest of the check runs on
// another thread, and damage found there stops all writing.
void TestStoreWriterFaults::damageFoundInTheBackgroundStopsWriting()
{
    makeStore(1000); // big enough that the check is still running at its first progress call
    QString error;
    QVERIFY2(damageStore(dbPath(), &error), qPrintable(error));
    m_writer->setIntegrityBudget(0);
    QSignalSpy checked(m_writer.get(), &StoreWriter::integrityChecked);
    QSignalSpy faults(m_writer.get(), &StoreWriter::faultChanged);
    QVERIFY(openHere(&error));
    QVERIFY(checked.wait());
    QCOMPARE(checked.first().at(0).value<StoreIntegrity::Result>().outcome,
             StoreIntegrity::Outcome::Damaged);
    QCOMPARE(faults.size(), 1);
    QCOMPARE(kindOf(faults, 0), StoreFault::Kind::Damaged);
    const QByteArray before = sha1Of(dbPath());
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    m_writer->submit(1, bigEvent(1));
    m_writer->flush();
    QCOMPARE(committed.last().at(1).toBool(), false);
    m_writer.reset();
    QCOMPARE(sha1Of(dbPath()), before);
}

void TestStoreWriterFaults::soundStoreChecksCleanInTheBackground()
{
    makeStore(60);
    m_writer->setIntegrityBudget(0);
    QSignalSpy checked(m_writer.get(), &StoreWriter::integrityChecked);
    QSignalSpy faults(m_writer.get(), &StoreWriter::faultChanged);
    QVERIFY(openHere());
    QVERIFY(checked.wait());
    QCOMPARE(checked.first().at(0).value<StoreIntegrity::Result>().outcome,
             StoreIntegrity::Outcome::Sound);
    QVERIFY(faults.isEmpty());
}

// Another program truncates the -shm file SQLite has mapped: before the fix
// the next commit killed this process with SIGBUS.
void TestStoreWriterFaults::truncatedSharedMemoryStopsWritingWithoutACrash()
{
    QVERIFY(openHere());
    QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
    QSignalSpy faults(m_writer.get(), &StoreWriter::faultChanged);
    m_writer->submit(1, bigEvent(1));
    m_writer->flush();
    QVERIFY(committed.last().at(1).toBool());
    QFile shm(dbPath() + QLatin1String("-shm"));
    QVERIFY(shm.exists());
    QVERIFY(shm.resize(0));
    m_writer->submit(2, bigEvent(2));
    m_writer->flush();
    QCOMPARE(committed.last().at(1).toBool(), false);
    QCOMPARE(faults.size(), 1);
    const StoreFault fault = faults.first().at(0).value<StoreFault>();
    QVERIFY2(fault.reason.contains(dbPath() + QLatin1String("-shm")), qPrintable(fault.reason));
    m_writer->probe(); // never touches the abandoned connection
    m_writer.reset();  // nor does closing
}

void TestStoreWriterFaults::unwritableSharedMemoryIsRefusedAtOpen()
{
    makeStore(1);
    QVERIFY(QDir().mkdir(dbPath() + QLatin1String("-shm"))); // cannot be opened for writing
    QString error;
    QVERIFY(!openHere(&error));
    QVERIFY2(error.contains(dbPath() + QLatin1String("-shm")), qPrintable(error));
}

// Below the low-space mark every commit is followed by a passive checkpoint,
// so the WAL is reused from its start instead of growing towards the
// writer's own checkpoint (docs/store-faults.md). Any disk is "nearly full"
// under a mark of the largest size; against it, a writer that sees room.
void TestStoreWriterFaults::aNearlyFullDiskKeepsTheWalSmall()
{
    const auto walAfter100Commits = [this](qint64 lowSpaceBytes) -> qint64 {
        QSignalSpy committed(m_writer.get(), &StoreWriter::committed);
        m_writer->setLowSpaceBytes(lowSpaceBytes);
        for (int n = 1; n <= 100; ++n) {
            m_writer->submit(quint64(n), bigEvent(n));
            m_writer->flush();
            if (committed.size() != n || !committed.last().at(1).toBool())
                return -1;
        }
        return QFileInfo(dbPath() + QStringLiteral("-wal")).size();
    };
    QVERIFY(openHere());
    const qint64 roomy = walAfter100Commits(0);
    QVERIFY2(roomy > 2 * 1024 * 1024, qPrintable(QString::number(roomy)));

    m_writer.reset();
    QVERIFY(QFile::remove(dbPath()));
    m_writer = std::make_unique<StoreWriter>();
    QVERIFY(openHere());
    const qint64 nearlyFull = walAfter100Commits(std::numeric_limits<qint64>::max());
    QVERIFY(nearlyFull >= 0);
    QVERIFY2(nearlyFull < 256 * 1024, qPrintable(QString::number(nearlyFull)));
    QCOMPARE(rawValue(dbPath(), QStringLiteral("SELECT count(*) FROM events")).toInt(), 100);
}

QTEST_GUILESS_MAIN(TestStoreWriterFaults)
#include "tst_storewriter_faults.moc"
