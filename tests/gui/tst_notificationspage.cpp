#include "dialogs/notificationspage.h"
#include "records/channelcatalog.h"
#include "settings/settings.h"

#include <QCheckBox>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

class TestNotificationsPage final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsDocumentedSeenAndMutedChannels();
    void roundTripsTheSettings();
    void closeToTrayStaysUnsetUntilTouched();
    void keywordsAreCleanedAndBounded();
};

void TestNotificationsPage::listsDocumentedSeenAndMutedChannels()
{
    NotificationsPage page;
    Settings::Notifications n;
    n.mutedChannels = {7, 555};
    page.load(n, {99, 7});
    auto *list = page.findChild<QListWidget *>(QStringLiteral("channelList"));
    QVERIFY(list);
    QStringList names;
    for (int row = 0; row < list->count(); ++row)
        names.append(list->item(row)->text());
    QVERIFY(names.contains(ChannelCatalog::name(7)));
    QVERIFY(names.contains(QStringLiteral("Channel 99")));
    QVERIFY(names.contains(QStringLiteral("Channel 555")));
    QCOMPARE(list->count(), ChannelCatalog::documented().size() + 2);
    QCOMPARE(page.result().mutedChannels, (QList<int>{7, 555}));
}

void TestNotificationsPage::roundTripsTheSettings()
{
    QTemporaryDir dir;
    Settings settings(dir.path());
    Settings::Notifications n;
    n.messages = false;
    n.keywords = {QStringLiteral("refund"), QStringLiteral("退款")};
    n.receiverProblems = false;
    n.doNotDisturb = true;
    settings.setNotifications(n);
    NotificationsPage page;
    page.loadFrom(settings, {}, true);
    auto *list = page.findChild<QListWidget *>(QStringLiteral("channelList"));
    QVERIFY(!list->isEnabled()); // messages are off
    page.findChild<QCheckBox *>(QStringLiteral("messagesBox"))->setChecked(true);
    QVERIFY(list->isEnabled());
    list->item(0)->setCheckState(Qt::Unchecked);
    page.findChild<QCheckBox *>(QStringLiteral("storeBox"))->setChecked(false);
    page.saveTo(settings);
    const Settings::Notifications saved = settings.notifications();
    QVERIFY(saved.messages);
    QCOMPARE(saved.mutedChannels, QList<int>{ChannelCatalog::documented().first().code});
    QCOMPARE(saved.keywords, n.keywords);
    QVERIFY(!saved.receiverProblems);
    QVERIFY(!saved.storeProblems);
    QVERIFY(saved.refusalBursts);
    QVERIFY(saved.doNotDisturb);
}

void TestNotificationsPage::closeToTrayStaysUnsetUntilTouched()
{
    NotificationsPage page;
    page.load({}, {}, std::nullopt, true);
    QCOMPARE(page.closeToTray(), std::nullopt); // the window still asks once
    auto *box = page.findChild<QCheckBox *>(QStringLiteral("closeToTrayBox"));
    QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(5, box->height() / 2));
    QCOMPARE(page.closeToTray(), std::optional<bool>(true));
    page.load({}, {}, false, true);
    QCOMPARE(page.closeToTray(), std::optional<bool>(false));
    page.load({}, {}, true, false);
    QVERIFY(!box->isEnabled()); // no tray: nothing to hide to
}

void TestNotificationsPage::keywordsAreCleanedAndBounded()
{
    NotificationsPage page;
    page.load({}, {});
    QString text = QStringLiteral("  Refund \n\nrefund\nurgent   now\n");
    for (int i = 0; i < 100; ++i)
        text += QStringLiteral("k%1\n").arg(i);
    page.findChild<QPlainTextEdit *>(QStringLiteral("keywordsEdit"))->setPlainText(text);
    const QStringList keywords = page.result().keywords;
    QCOMPARE(keywords.size(), 50);
    QCOMPARE(keywords.at(0), QStringLiteral("Refund"));
    QCOMPARE(keywords.at(1), QStringLiteral("urgent now"));
}

QTEST_MAIN(TestNotificationsPage)
#include "tst_notificationspage.moc"
