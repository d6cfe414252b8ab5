// The window's banner of receiver conditions: a store fault (which clears
// itself on recovery), a store refused at start, and a receiver open to
// anyone. Never a dialog.
#include "storedamage.h"
#include "testsupport.h"
#include "window/conditionbanner.h"
#include "window/mainwindow.h"
#include "window/receivercontroller.h"

#include <QApplication>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

class TestConditionBanner final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsAndClearsEachCondition();
    void lockedStoreShowsUntilItRecovers();
    void damagedStoreIsShownAtStart();
    void warnsWhenAnyoneCanPost();
};

void TestConditionBanner::showsAndClearsEachCondition()
{
    QWidget host;
    auto *banner = new ConditionBanner(&host);
    host.show();
    QVERIFY(!banner->isVisible());
    banner->setStoreFault({StoreFault::Kind::DiskFull, QStringLiteral("Cannot commit to s.db.")});
    QVERIFY(banner->isVisible());
    QVERIFY(banner->isError());
    QVERIFY(banner->text().contains(QLatin1String("Cannot commit to s.db.")));
    QVERIFY(banner->text().contains(QLatin1String("503")));
    banner->setOpenToAnyone(QStringLiteral("http://0.0.0.0:8787/webhook"));
    QCOMPARE(banner->text().count(u'\n'), 1); // both, one a line
    banner->setStoreFault(StoreFault());
    QVERIFY(banner->isVisible());
    QVERIFY(!banner->isError());
    banner->setOpenToAnyone(QString());
    QVERIFY(!banner->isVisible());
    QVERIFY(banner->text().isEmpty());
}

void TestConditionBanner::lockedStoreShowsUntilItRecovers()
{
    TestWindow tw;
    auto *banner = tw.window()->findChild<ConditionBanner *>();
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());
    {
        QSqlDatabase other =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
        other.setDatabaseName(tw.databasePath());
        QVERIFY(other.open());
        QSqlQuery lock(other);
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QCOMPARE(tw.send({messageBody(MessageSpec())}).byStatus.value(503), 1);
        QTRY_VERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QLatin1String("locked")), qPrintable(banner->text()));
        QVERIFY(banner->text().contains(tw.databasePath()));
        QCOMPARE(QApplication::activeModalWidget(), nullptr);
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("locker"));
    QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 15000); // the probe found the lock gone
    QCOMPARE(tw.send({messageBody(MessageSpec())}).byStatus.value(200), 1);
}

void TestConditionBanner::damagedStoreIsShownAtStart()
{
    TestWindow tw;
    auto *banner = tw.window()->findChild<ConditionBanner *>();
    QList<QByteArray> bodies;
    for (int i = 0; i < 150; ++i) {
        MessageSpec spec;
        spec.sequence = QString::number(i);
        spec.text = QString(2000, u'x');
        bodies.append(messageBody(spec));
    }
    QCOMPARE(tw.send(bodies).byStatus.value(200), 150);
    ReceiverController *receiver = tw.window()->receiver();
    QSignalSpy stopped(receiver, &ReceiverController::stopped);
    receiver->stop();
    QVERIFY(stopped.wait());
    // The panes keep reading the file; the damage is in pages of its last rows.
    QString error;
    QVERIFY2(damageStore(tw.databasePath(), &error), qPrintable(error));
    receiver->start();
    QVERIFY(stopped.wait());
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(QLatin1String("damaged")), qPrintable(banner->text()));
    QVERIFY(banner->text().contains(tw.databasePath()));
}

void TestConditionBanner::warnsWhenAnyoneCanPost()
{
    TestWindow tw;
    auto *banner = tw.window()->findChild<ConditionBanner *>();
    QVERIFY(!banner->isVisible());
    ReceiverController *receiver = tw.window()->receiver();
    ReceiverConfig config = receiver->config();
    config.host = QStringLiteral("0.0.0.0");
    config.secret.clear();
    QString error;
    QVERIFY2(receiver->apply(config, receiver->databasePath(), &error), qPrintable(error));
    QTRY_VERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(QLatin1String("Anyone can post here")),
             qPrintable(banner->text()));
    QVERIFY(banner->text().contains(QLatin1String("0.0.0.0")));
    config.host = QStringLiteral("127.0.0.1");
    QVERIFY(receiver->apply(config, receiver->databasePath(), &error));
    QTRY_VERIFY(!banner->isVisible());
}

QTEST_MAIN(TestConditionBanner)
#include "tst_conditionbanner.moc"
