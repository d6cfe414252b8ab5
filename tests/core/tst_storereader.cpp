#include "store/eventstore.h"
#include "store/storereader.h"

#include "testsupport_records.h"
#include "testsupport_store.h"
#include <QRegularExpression>

#include <QTest>

#include <atomic>

// The reader thread under the item models: jobs run with their own
// connection, only the newest job's deliveries arrive, and ModelLoad holds
// back commits announced during a load.
class TestStoreReader final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jobReadsOnItsOwnThreadAndDelivers();
    void onlyTheNewestJobDelivers();
    void openErrorReachesTheModel();
    void modelLoadHoldsCommitsUntilFinished();
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

void TestStoreReader::openErrorReachesTheModel()
{
    TestStore store;
    QObject model;
    ModelLoad load;
    QString error;
    load.setErrorHandler(&model, [&load, &error](const QString &message) {
        load.finish();
        error = message;
    });
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("does not exist")));
    std::atomic<bool> ran = false; // set on the reader thread
    QVERIFY(load.start(store.filePath(QStringLiteral("missing.db")),
                       [&ran](const StoreReader::Job &) { ran = true; }));
    QVERIFY(load.isLoading());
    QTRY_VERIFY(!error.isEmpty());
    QVERIFY2(error.contains(QLatin1String("missing.db")), qPrintable(error));
    QVERIFY(!load.isLoading());
    QVERIFY(!ran); // no job runs without its store
}

void TestStoreReader::modelLoadHoldsCommitsUntilFinished()
{
    ModelLoad load;
    QVERIFY(!load.hold(10)); // no load: the model applies it now
    QVERIFY(!load.finish());
    TestStore store;
    const auto nothing = [](const StoreReader::Job &) {};
    QVERIFY(load.start(store.path(), nothing));
    QVERIFY(!load.start(store.path(), nothing)); // already loading
    QVERIFY(load.hold(12));
    QVERIFY(load.hold(11));
    QCOMPARE(load.finish(), std::optional<qint64>(12)); // the latest commit, once
    QVERIFY(!load.isLoading());
    QVERIFY(load.start(store.path(), nothing));
    QCOMPARE(load.finish(), std::optional<qint64>(-1)); // nothing held
    QVERIFY(load.start(store.path(), nothing));
    QVERIFY(load.hold(20));
    QVERIFY(load.cancel()); // a new load will read it anyway
    QVERIFY(!load.cancel());
    QVERIFY(!load.finish());
}

QTEST_GUILESS_MAIN(TestStoreReader)
#include "tst_storereader.moc"
