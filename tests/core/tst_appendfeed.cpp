#include "ingest/appendfeed.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_AppendFeed : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void manyCommitsAreAnnouncedOnceWithTheHighestIds();
    void aCommitAfterAnAnnouncementIsAnnouncedAgain();
    void aSteadyStreamIsAnnouncedEveryInterval();
    void changingTheStoreDropsWhatWasPending();
    void isAboutTheSameFileUnderAnotherName();
};

void tst_AppendFeed::manyCommitsAreAnnouncedOnceWithTheHighestIds()
{
    AppendFeed feed;
    feed.setDatabasePath(QStringLiteral("/tmp/a.db"));
    feed.setIntervalMs(0);
    QSignalSpy spy(&feed, &AppendFeed::appended);
    feed.notifyCommitted(3, 1);
    feed.notifyCommitted(7, 0);
    feed.notifyCommitted(5, 4);
    QVERIFY(feed.isPending());
    QVERIFY(spy.wait());
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toLongLong(), 7);
    QCOMPARE(spy.at(0).at(1).toLongLong(), 4);
    // Nothing else is scheduled: no second announcement can follow.
    QVERIFY(!feed.isPending());
}

void tst_AppendFeed::aCommitAfterAnAnnouncementIsAnnouncedAgain()
{
    AppendFeed feed;
    feed.setDatabasePath(QStringLiteral("/tmp/a.db"));
    feed.setIntervalMs(0);
    QSignalSpy spy(&feed, &AppendFeed::appended);
    feed.notifyCommitted(2, 0);
    QVERIFY(spy.wait());
    // A retry's commit adds no row but must still reach the views.
    feed.notifyCommitted(2, 0);
    QVERIFY(spy.wait());
    QCOMPARE(spy.size(), 2);
    QCOMPARE(spy.at(1).at(0).toLongLong(), 2);
}

void tst_AppendFeed::aSteadyStreamIsAnnouncedEveryInterval()
{
    AppendFeed feed;
    feed.setDatabasePath(QStringLiteral("/tmp/a.db"));
    feed.setIntervalMs(20);
    QSignalSpy spy(&feed, &AppendFeed::appended);
    // Commits keep coming faster than the interval: the timer must not be
    // pushed back by each one, or the views would wait for a pause.
    qint64 id = 0;
    QTimer pump;
    pump.setInterval(1);
    connect(&pump, &QTimer::timeout, &feed, [&feed, &id] { feed.notifyCommitted(++id, 0); });
    pump.start();
    QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 3, 5000);
    pump.stop();
    for (int i = 1; i < spy.size(); ++i)
        QVERIFY(spy.at(i).at(0).toLongLong() > spy.at(i - 1).at(0).toLongLong());
}

void tst_AppendFeed::changingTheStoreDropsWhatWasPending()
{
    AppendFeed feed;
    feed.setDatabasePath(QStringLiteral("/tmp/a.db"));
    feed.setIntervalMs(0);
    QSignalSpy spy(&feed, &AppendFeed::appended);
    feed.notifyCommitted(9, 9);
    feed.setDatabasePath(QStringLiteral("/tmp/b.db"));
    QVERIFY(!feed.isPending());
    feed.notifyCommitted(1, 0);
    QVERIFY(spy.wait());
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toLongLong(), 1); // not 9: that id was another store's
    QCOMPARE(spy.at(0).at(1).toLongLong(), 0);
}

void tst_AppendFeed::isAboutTheSameFileUnderAnotherName()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("store.db"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QVERIFY(QFile::link(path, dir.filePath(QStringLiteral("link.db"))));

    AppendFeed feed;
    QVERIFY(!feed.isAbout(path)); // no store yet
    feed.setDatabasePath(path);
    QVERIFY(feed.isAbout(path));
    QVERIFY(feed.isAbout(dir.filePath(QStringLiteral("./store.db"))));
    QVERIFY(!feed.isAbout(dir.filePath(QStringLiteral("other.db"))));
    QVERIFY(!feed.isAbout(QString()));
}

QTEST_GUILESS_MAIN(tst_AppendFeed)
#include "tst_appendfeed.moc"
