#include "models/conversationmodel.h"
#include "models/sessionlistmodel.h"
#include "panes/conversationpane.h"
#include "panes/inboxpane.h"
#include "settings/settings.h"
#include "testsupport.h"
#include "window/mainactions.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

class TestInboxPane final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void selectingASessionShowsItsTranscript();
    void searchFiltersByNameIdAndText();
    void readMarksAreKeptInTheSettings();
    void shortcutShowsTheTab();

private:
    static void sendDay(TestWindow &tw);
    static QStringList shownKeys(const InboxPane *inbox);
};

void TestInboxPane::sendDay(TestWindow &tw)
{
    MessageSpec ask;
    ask.session = QStringLiteral("s-maria");
    ask.user = QStringLiteral("cu-maria");
    ask.sequence = QStringLiteral("1");
    ask.text = QStringLiteral("Is the blue one in stock? 😊");
    ask.sysUserId = 10086;
    MessageSpec reply = ask;
    reply.fromAgent = true;
    reply.sender = QStringLiteral("agent-10086");
    reply.sequence = QStringLiteral("2");
    reply.text = QStringLiteral("Yes, shall I reserve one?");
    reply.sendTimeMs = ask.sendTimeMs + 60'000;
    MessageSpec other;
    other.session = QStringLiteral("s-li");
    other.user = QStringLiteral("cu-li");
    other.sequence = QStringLiteral("3");
    other.text = QStringLiteral("你好，请问营业时间？");
    other.channel = 12;
    other.sendTimeMs = ask.sendTimeMs + 120'000;
    tw.send(
        {customerBody(QStringLiteral("add_user"),
                      R"j({"chat_user_id":"cu-maria","name":"Maria García (VIP)","channel":7})j"),
         messageBody(ask), messageBody(reply), messageBody(other)});
}

QStringList TestInboxPane::shownKeys(const InboxPane *inbox)
{
    return columnTexts(inbox->shownModel(), 0, SessionListModel::SessionKeyRole);
}

void TestInboxPane::selectingASessionShowsItsTranscript()
{
    TestWindow tw;
    auto *inbox = tw.pane<InboxPane>();
    QVERIFY(inbox);
    sendDay(tw);
    QTRY_COMPARE(shownKeys(inbox),
                 (QStringList{QStringLiteral("s:s-li"), QStringLiteral("s:s-maria")}));
    const QAbstractItemModel *shown = inbox->shownModel();
    QCOMPARE(shown->index(1, SessionListModel::Customer).data().toString(),
             QStringLiteral("Maria García (VIP)"));
    QCOMPARE(shown->index(1, SessionListModel::Agent).data().toString(),
             QStringLiteral("agent #10086"));
    QCOMPARE(shown->index(1, SessionListModel::Unread).data().toLongLong(), 1);
    QCOMPARE(shown->index(0, SessionListModel::Customer).data().toString(),
             QStringLiteral("cu-li"));
    QCOMPARE(shown->index(0, SessionListModel::Agent).data().toString(),
             QStringLiteral("unassigned / bot"));

    inbox->view()->selectRow(1);
    auto *conversation = tw.window()->findChild<ConversationPane *>();
    QTRY_COMPARE(conversation->model()->rowCount(), 2);
    QCOMPARE(conversation->model()->sessionId(), QStringLiteral("s-maria"));
    QTRY_VERIFY(conversation->transcriptText().contains(QLatin1String("shall I reserve one")));
    // Opened: read.
    QCOMPARE(shown->index(1, SessionListModel::Unread).data().toString(), QString());
    QCOMPARE(inbox->currentSessionKey(), QStringLiteral("s:s-maria"));

    // A new message elsewhere moves that session up; the selection stays on
    // Maria's, and a new message of the open session is read at once.
    MessageSpec more;
    more.session = QStringLiteral("s-maria");
    more.user = QStringLiteral("cu-maria");
    more.sequence = QStringLiteral("4");
    more.text = QStringLiteral("Great, thanks");
    tw.send({messageBody(more)});
    QTRY_COMPARE(shown->index(0, SessionListModel::LastMessage).data().toString(),
                 QStringLiteral("Great, thanks"));
    QCOMPARE(inbox->currentSessionKey(), QStringLiteral("s:s-maria"));
    QCOMPARE(inbox->view()->currentIndex().row(), 0);
    QCOMPARE(shown->index(0, SessionListModel::Unread).data().toString(), QString());
    QTRY_VERIFY(conversation->transcriptText().contains(QLatin1String("Great, thanks")));

    if (qEnvironmentVariableIsSet("HOOKSCOPE_INBOX_SHOT")) {
        auto *tabs = tw.window()->findChild<QTabWidget *>(QStringLiteral("topTabs"));
        tabs->setCurrentWidget(inbox);
        tw.window()->resize(1400, 900);
        QTest::qWait(50);
        tw.window()->grab().save(qEnvironmentVariable("HOOKSCOPE_INBOX_SHOT"));
    }
}

void TestInboxPane::searchFiltersByNameIdAndText()
{
    TestWindow tw;
    auto *inbox = tw.pane<InboxPane>();
    sendDay(tw);
    QTRY_COMPARE(inbox->shownModel()->rowCount(), 2);
    const auto search = [inbox](const QString &text) {
        inbox->searchEdit()->setText(text); // as typed (QTest types ASCII only)
        return shownKeys(inbox);
    };
    QCOMPARE(search(QStringLiteral("garcía")), QStringList{QStringLiteral("s:s-maria")});
    QCOMPARE(search(QStringLiteral("cu-li")), QStringList{QStringLiteral("s:s-li")});
    QCOMPARE(search(QStringLiteral("营业")), QStringList{QStringLiteral("s:s-li")});
    QCOMPARE(search(QStringLiteral("nobody here")), QStringList());
    auto *empty = inbox->findChild<QLabel *>(QStringLiteral("inboxEmpty"));
    QVERIFY(empty->isVisibleTo(inbox));
    QVERIFY(empty->text().contains(QLatin1String("nobody here")));
    QCOMPARE(search(QString()).size(), 2);
    QVERIFY(!empty->isVisibleTo(inbox));
}

void TestInboxPane::readMarksAreKeptInTheSettings()
{
    TestWindow tw;
    auto *inbox = tw.pane<InboxPane>();
    sendDay(tw);
    QTRY_COMPARE(inbox->shownModel()->rowCount(), 2);
    inbox->view()->selectRow(1); // Maria's
    const QHash<QString, qint64> marks = tw.settings()->sessionReadMarks(tw.databasePath());
    QVERIFY(marks.value(QStringLiteral("s:s-maria")) > 0);
    // The same store opened again: Maria's read, Li's still unread.
    InboxPane again;
    again.useSettings(tw.settings());
    QVERIFY(again.openStore(tw.databasePath()));
    const int maria = again.model()->rowOfSession(QStringLiteral("s:s-maria"));
    const int li = again.model()->rowOfSession(QStringLiteral("s:s-li"));
    QCOMPARE(again.model()->index(maria, 0).data(SessionListModel::UnreadRole).toLongLong(), 0);
    QCOMPARE(again.model()->index(li, 0).data(SessionListModel::UnreadRole).toLongLong(), 1);
}

void TestInboxPane::shortcutShowsTheTab()
{
    TestWindow tw;
    QAction *show = tw.window()->actions()->action(MainActions::ShowInbox);
    QVERIFY(show->shortcuts().contains(QKeySequence(Qt::ALT | Qt::Key_4)));
    auto *tabs = tw.window()->findChild<QTabWidget *>(QStringLiteral("topTabs"));
    QVERIFY(tabs->currentWidget() != tw.pane<InboxPane>());
    QApplication::setActiveWindow(tw.window());
    QVERIFY(QTest::qWaitForWindowActive(tw.window()));
    QTest::keyClick(tw.window(), Qt::Key_4, Qt::AltModifier);
    QTRY_COMPARE(tabs->currentWidget(), tw.pane<InboxPane>());
}

QTEST_MAIN(TestInboxPane)
#include "tst_inboxpane.moc"
