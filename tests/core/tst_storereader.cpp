#include "store/eventstore.h"
#include "store/storereader.h"

#include "testsupport_records.h"
#include "testsupport_store.h"

#include <QTest>

#include <algorithm>
#include <cerrno>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

// The reader thread under the item models: jobs run with their own
// connection, and only the newest job's deliveries arrive (ModelLoad, the
// models' use of it, is tst_modelload).
class TestStoreReader final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jobReadsOnItsOwnThreadAndDelivers();
    void onlyTheNewestJobDelivers();
    void itsThreadYieldsToTheThreadThatMadeIt();
};

void TestStoreReader::jobReadsOnItsOwnThreadAndDelivers()
{
    TestStore store;
    QCOMPARE(store.write(VariedRecords::makeRecords(0, 30)), 30);
    StoreReader reader;
    qint64 delivered = -1;
    QThread *ranOn = nullptr;
    reader.start(store.path(), [&delivered, &ranOn](const StoreReader::Job &job) {
        const qint64 last = job.store().maxEventId();
        QThread *thread = QThread::currentThread();
        job.deliver([&delivered, &ranOn, last, thread] {
            delivered = last;
            ranOn = thread;
        });
    });
    QTRY_COMPARE(delivered, 30);
    QVERIFY(ranOn != QThread::currentThread());
}

void TestStoreReader::onlyTheNewestJobDelivers()
{
    TestStore store;
    QVERIFY(store.write(VariedRecords::makeRecords(0, 5)) > 0);
    StoreReader reader;
    QStringList delivered;
    const auto job = [&delivered](const QString &name) {
        return [&delivered, name](const StoreReader::Job &j) {
            j.deliver([&delivered, name] { delivered.append(name); });
        };
    };
    reader.start(store.path(), job(QStringLiteral("first")));
    reader.start(store.path(), job(QStringLiteral("second")));
    QTRY_COMPARE(delivered, QStringList{QStringLiteral("second")});
    reader.start(store.path(), job(QStringLiteral("third")));
    reader.cancel();
    // A later job settles it: jobs run in order on the one reader thread and
    // their deliveries arrive in order, so anything of the cancelled job
    // would arrive before this one's.
    reader.start(store.path(), job(QStringLiteral("fourth")));
    QTRY_COMPARE(delivered.size(), 2);
    QCOMPARE(delivered, (QStringList{QStringLiteral("second"), QStringLiteral("fourth")}));
}

void TestStoreReader::itsThreadYieldsToTheThreadThatMadeIt()
{
#ifndef Q_OS_LINUX
    QSKIP("a thread's own nice value is a Linux feature");
#else
    TestStore store;
    QVERIFY(store.write(VariedRecords::makeRecords(0, 5)) > 0);
    errno = 0;
    const int mine = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    QCOMPARE(errno, 0);
    StoreReader reader;
    int theirs = -100;
    reader.start(store.path(), [&theirs](const StoreReader::Job &job) {
        const int nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
        job.deliver([&theirs, nice] { theirs = nice; });
    });
    QTRY_VERIFY(theirs != -100);
    QCOMPARE(theirs, std::min(mine + StoreReader::kNiceIncrement, 19));
    QVERIFY(theirs > mine || mine == 19);
    // This thread kept its own.
    QCOMPARE(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())), mine);
#endif
}

QTEST_GUILESS_MAIN(TestStoreReader)
#include "tst_storereader.moc"
