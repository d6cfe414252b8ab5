#include "store/eventstore.h"
#include "store/storereader.h"

#include "testsupport_records.h"
#include "testsupport_store.h"

#include <QTest>

// The reader thread under the item models: jobs run with their own
// connection, and only the newest job's deliveries arrive (ModelLoad, the
// models' use of it, is tst_modelload).
class TestStoreReader final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jobReadsOnItsOwnThreadAndDelivers();
    void onlyTheNewestJobDelivers();
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

QTEST_GUILESS_MAIN(TestStoreReader)
#include "tst_storereader.moc"
