#include "settings/settings.h"
#include "testsupport.h"
#include "window/instancerequests.h"
#include "window/receivercontroller.h"

#include <QDir>
#include <QFile>
#include <QTest>

// A second launch's request: the window comes to the front; another store is
// switched to only when the user says yes.
class TestInstanceRequests final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void raisesHiddenWindow();
    void sameStoreAsksNothing();
    void otherStoreDeclinedChangesNothing();
    void otherStoreConfirmedSwitchesReceiver();
};

void TestInstanceRequests::raisesHiddenWindow()
{
    TestWindow w;
    w.window()->hide();
    InstanceRequests requests(w.window(), w.settings());
    int asked = 0;
    requests.setQuestion([&asked](const QString &) {
        ++asked;
        return true;
    });
    requests.answer(QString());
    QVERIFY(w.window()->isVisible());
    QCOMPARE(asked, 0);
    w.window()->showMinimized();
    requests.answer(QString());
    QTRY_VERIFY(!w.window()->isMinimized());
}

void TestInstanceRequests::sameStoreAsksNothing()
{
    TestWindow w;
    InstanceRequests requests(w.window(), w.settings());
    int asked = 0;
    requests.setQuestion([&asked](const QString &) {
        ++asked;
        return true;
    });
    requests.answer(QDir(w.settingsFolder()).filePath(QStringLiteral("./store.db")));
    QCOMPARE(asked, 0);
}

void TestInstanceRequests::otherStoreDeclinedChangesNothing()
{
    TestWindow w;
    const QString own = w.databasePath();
    const QString other = QDir(w.settingsFolder()).filePath(QStringLiteral("other.db"));
    InstanceRequests requests(w.window(), w.settings());
    QStringList asked;
    requests.setQuestion([&asked](const QString &path) {
        asked.append(path);
        return false;
    });
    requests.answer(other);
    QCOMPARE(asked, QStringList{other});
    QCOMPARE(w.window()->receiver()->databasePath(), own);
    QCOMPARE(w.settings()->databasePath(), own);
}

void TestInstanceRequests::otherStoreConfirmedSwitchesReceiver()
{
    TestWindow w;
    const QString other = QDir(w.settingsFolder()).filePath(QStringLiteral("other.db"));
    InstanceRequests requests(w.window(), w.settings());
    requests.setQuestion([](const QString &) { return true; });
    requests.answer(other);
    QCOMPARE(w.window()->receiver()->databasePath(), other);
    QCOMPARE(w.settings()->databasePath(), other);
    QVERIFY(QFile::exists(other));
    // The receiver restarts on the new store, and the window shows it.
    QTRY_VERIFY_WITH_TIMEOUT(w.window()->receiver()->isRunning(), 10000);
    QCOMPARE(w.window()->shownStorePath(), other);
}

QTEST_MAIN(TestInstanceRequests)
#include "tst_instancerequests.moc"
