#include "models/conversationmodel.h"
#include "models/customerlistmodel.h"
#include "models/eventtablemodel.h"
#include "paint/conversationhtml.h"
#include "paint/theme.h"
#include "panes/conversationpane.h"
#include "panes/customerspane.h"
#include "panes/streampane.h"
#include "testsupport.h"

#include <QApplication>

#include <QLabel>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

class TestConversationPane final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void selectingAMessageShowsItsSession();
    void customerLeftAgentRight();
    void mediaIsALinkWithItsType();
    void payloadTextIsEscaped();
    void newMessagesOfTheShownSessionAppear();
    void customerEventShowsTheCustomersMessages();
    void followsADarkPalette();

private:
    static void sendConversation(TestWindow &tw);
    static void selectRowWithText(StreamPane *stream, const QString &text);
};

void TestConversationPane::sendConversation(TestWindow &tw)
{
    MessageSpec ask;
    ask.text = QStringLiteral("Is the blue one in stock?");
    ask.sequence = QStringLiteral("1");
    MessageSpec reply;
    reply.fromAgent = true;
    reply.sender = QStringLiteral("agent-7");
    reply.sysUserId = 3;
    reply.sequence = QStringLiteral("2");
    reply.text = QStringLiteral("Yes, shall I reserve one?");
    reply.quote = ask.text;
    reply.sendTimeMs = ask.sendTimeMs + 60'000;
    MessageSpec photo;
    photo.type = QStringLiteral("image");
    photo.text = QStringLiteral("https://cdn.example.com/p/1.jpg");
    photo.sequence = QStringLiteral("3");
    photo.sendTimeMs = ask.sendTimeMs + 120'000;
    MessageSpec elsewhere;
    elsewhere.session = QStringLiteral("s-other");
    elsewhere.sequence = QStringLiteral("4");
    elsewhere.text = QStringLiteral("another session");
    tw.send({messageBody(ask), messageBody(reply), messageBody(photo), messageBody(elsewhere)});
    QTRY_COMPARE(tw.pane<StreamPane>()->model()->rowCount(), 4);
}

void TestConversationPane::selectRowWithText(StreamPane *stream, const QString &text)
{
    for (int row = 0; row < stream->model()->rowCount(); ++row) {
        if (stream->model()->record(row).msg == text) {
            stream->view()->selectRow(row);
            return;
        }
    }
    QFAIL("row not found");
}

void TestConversationPane::selectingAMessageShowsItsSession()
{
    TestWindow tw;
    sendConversation(tw);
    auto *pane = tw.pane<ConversationPane>();
    selectRowWithText(tw.pane<StreamPane>(), QStringLiteral("Is the blue one in stock?"));
    QTRY_COMPARE(pane->model()->rowCount(), 3);
    QTRY_VERIFY(pane->transcriptText().contains(QLatin1String("Yes, shall I reserve one?")));
    const QString text = pane->transcriptText();
    QVERIFY(!text.contains(QLatin1String("another session")));
    QVERIFY(pane->titleText().contains(QLatin1String("Session s-1")));
    QVERIFY(pane->titleText().contains(QLatin1String("cu-1")));
    // Times, agent ids, and "unassigned / bot" for sys_user_id 0.
    QVERIFY2(text.contains(QLatin1String("unassigned / bot")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("agent #3")));
    QVERIFY(text.contains(QLatin1String("Agent agent-7")));
    const QDateTime sent = QDateTime::fromMSecsSinceEpoch(1764000000000);
    QVERIFY(text.contains(sent.toString(QStringLiteral("HH:mm:ss"))) ||
            text.contains(sent.toString(QStringLiteral("MM-dd HH:mm:ss"))));
    // The reply quotes the question: the quote comes before the reply text.
    const qsizetype quoteAt = text.indexOf(QLatin1String("Is the blue one in stock?"),
                                           text.indexOf(QLatin1String("Agent agent-7")));
    QVERIFY(quoteAt > 0);
    QVERIFY(quoteAt < text.indexOf(QLatin1String("Yes, shall I reserve one?")));
}

void TestConversationPane::customerLeftAgentRight()
{
    TestWindow tw;
    sendConversation(tw);
    auto *pane = tw.pane<ConversationPane>();
    selectRowWithText(tw.pane<StreamPane>(), QStringLiteral("Yes, shall I reserve one?"));
    QTRY_COMPARE(pane->model()->rowCount(), 3);
    const QString html = ConversationHtml::build(*pane->model(), pane->palette(), 0);
    const qsizetype customer = html.indexOf(QLatin1String("Is the blue one in stock?"));
    const qsizetype agent = html.indexOf(QLatin1String("Yes, shall I reserve one?"));
    QCOMPARE(html.lastIndexOf(QLatin1String("align=\"left\""), customer) >
                 html.lastIndexOf(QLatin1String("align=\"right\""), customer),
             true);
    QVERIFY(html.lastIndexOf(QLatin1String("align=\"right\""), agent) >
            html.lastIndexOf(QLatin1String("align=\"left\""), agent));
}

void TestConversationPane::mediaIsALinkWithItsType()
{
    TestWindow tw;
    sendConversation(tw);
    auto *pane = tw.pane<ConversationPane>();
    selectRowWithText(tw.pane<StreamPane>(), QStringLiteral("https://cdn.example.com/p/1.jpg"));
    QTRY_COMPARE(pane->model()->rowCount(), 3);
    QTRY_VERIFY(
        pane->transcriptText().contains(QLatin1String("[image] https://cdn.example.com/p/1.jpg")));
    QVERIFY(pane->browser()->toHtml().contains(
        QLatin1String("href=\"https://cdn.example.com/p/1.jpg\"")));
    QVERIFY(!pane->browser()->openLinks());
}

void TestConversationPane::payloadTextIsEscaped()
{
    TestWindow tw;
    MessageSpec m;
    m.text = QStringLiteral("<b>not bold</b> & <a href=\"x\">no link</a>");
    m.quote = QStringLiteral("<i>quoted</i>");
    tw.send({messageBody(m)});
    auto *stream = tw.pane<StreamPane>();
    QTRY_COMPARE(stream->model()->rowCount(), 1);
    stream->view()->selectRow(0);
    auto *pane = tw.pane<ConversationPane>();
    QTRY_VERIFY(pane->transcriptText().contains(m.text));
    QVERIFY(pane->transcriptText().contains(m.quote));
    QVERIFY(!pane->browser()->toHtml().contains(QLatin1String("href=\"x\"")));
}

void TestConversationPane::newMessagesOfTheShownSessionAppear()
{
    TestWindow tw;
    sendConversation(tw);
    auto *pane = tw.pane<ConversationPane>();
    selectRowWithText(tw.pane<StreamPane>(), QStringLiteral("Is the blue one in stock?"));
    QTRY_COMPARE(pane->model()->rowCount(), 3);
    MessageSpec later;
    later.sequence = QStringLiteral("5");
    later.text = QStringLiteral("Thanks, that solved it");
    later.sendTimeMs += 180'000;
    tw.send({messageBody(later)});
    QTRY_VERIFY(pane->transcriptText().contains(QLatin1String("Thanks, that solved it")));
    QCOMPARE(pane->model()->rowCount(), 4);
}

void TestConversationPane::customerEventShowsTheCustomersMessages()
{
    TestWindow tw;
    sendConversation(tw);
    tw.send({customerBody(QStringLiteral("add_user"),
                          R"({"chat_user_id":"cu-1","name":"Ana","channel":7})")});
    auto *customers = tw.pane<CustomersPane>();
    QTRY_VERIFY(customers->listModel()->rowOfCustomer(QStringLiteral("cu-1")) >= 0);
    customers->listView()->selectRow(customers->listModel()->rowOfCustomer(QStringLiteral("cu-1")));
    auto *pane = tw.pane<ConversationPane>();
    // Across sessions: the other session's message is there too.
    QTRY_COMPARE(pane->model()->rowCount(), 4);
    QTRY_VERIFY(pane->transcriptText().contains(QLatin1String("another session")));
    QVERIFY(pane->titleText().contains(QLatin1String("Customer cu-1")));
}

void TestConversationPane::followsADarkPalette()
{
    TestWindow tw;
    sendConversation(tw);
    auto *pane = tw.pane<ConversationPane>();
    selectRowWithText(tw.pane<StreamPane>(), QStringLiteral("Is the blue one in stock?"));
    QTRY_COMPARE(pane->model()->rowCount(), 3);
    const QPalette light = QApplication::palette();
    QPalette dark = light;
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    dark.setColor(QPalette::Text, QColor(0xdf, 0xe1, 0xe5));
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
    dark.setColor(QPalette::WindowText, QColor(0xdf, 0xe1, 0xe5));
    QApplication::setPalette(dark);
    const QString bubble = Theme::customerBubble(dark).name();
    QTRY_VERIFY2(pane->browser()->toHtml().contains(bubble, Qt::CaseInsensitive),
                 qPrintable(bubble));
    QApplication::setPalette(light);
    QTRY_VERIFY(pane->browser()->toHtml().contains(Theme::customerBubble(light).name(),
                                                   Qt::CaseInsensitive));
}

QTEST_MAIN(TestConversationPane)
#include "tst_conversationpane.moc"
