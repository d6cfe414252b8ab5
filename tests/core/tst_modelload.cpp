#include "models/modelload.h"

#include "testsupport_store.h"

#include <QRegularExpression>
#include <QTest>

#include <atomic>

// An item model's background load: ModelLoad holds back commits announced
// during a load, and the reader's open errors reach the model.
class TestModelLoad final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void openErrorReachesTheModel();
    void holdsCommitsUntilFinished();
};

void TestModelLoad::openErrorReachesTheModel()
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

void TestModelLoad::holdsCommitsUntilFinished()
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

QTEST_GUILESS_MAIN(TestModelLoad)
#include "tst_modelload.moc"
