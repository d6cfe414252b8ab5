#include "models/conversationmodel.h"
#include "models/customerlistmodel.h"
#include "models/eventtablemodel.h"
#include "paint/conversationhtml.h"
#include "paint/theme.h"
#include "panes/conversationpane.h"
#include "panes/customerspane.h"
#include "panes/streampane.h"
#include "testsupport.h"

#include "paint/thumbnailloader.h"
#include "settings/settings.h"

#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QDir>
#include <QImage>
#include <QLineEdit>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

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
    void namesAndAgentsAreShownOnce();
    void urlsInTextAreLinksAndTheRestIsEscaped();
    void verifiedImageShowsAThumbnail();
    void oversizedAndInvalidImagesAreRefused_data();
    void oversizedAndInvalidImagesAreRefused();
    void aSilentServerTimesOut();
    void unverifiedImageWaitsForTheUser();
    void remoteImagesOffShowsALinkOnly();
    void grabScreenshots();

private:
    static void sendConversation(TestWindow &tw);
    static void selectRowWithText(StreamPane *stream, const QString &text);
};

void TestConversationPane::sendConversation(TestWindow &tw)
{
    // The photo's host is an example: nothing is fetched from it.
    tw.pane<ConversationPane>()->setLoadRemoteImages(false);
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
    // The agent bubble names the serving agent once (and who wrote it when
    // that is someone else); customer bubbles carry no agent.
    QVERIFY2(text.contains(QLatin1String("Agent 3")), qPrintable(text));
    QVERIFY(!text.contains(QLatin1String("agent #")));
    QVERIFY(text.contains(QLatin1String("sent by agent-7")));
    QVERIFY(!text.contains(QLatin1String("unassigned / bot")));
    const QDateTime sent = QDateTime::fromMSecsSinceEpoch(1764000000000);
    QVERIFY(text.contains(sent.toString(QStringLiteral("HH:mm:ss"))) ||
            text.contains(sent.toString(QStringLiteral("MM-dd HH:mm:ss"))));
    // The reply quotes the question: the quote comes before the reply text.
    const qsizetype quoteAt = text.indexOf(QLatin1String("Is the blue one in stock?"),
                                           text.indexOf(QLatin1String("Agent 3")));
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
    // The title and the bubbles name the customer from their events.
    QTRY_VERIFY(pane->titleText().contains(QLatin1String("Customer Ana")));
    QVERIFY(pane->transcriptText().contains(QLatin1String("Ana")));
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

namespace {

// A stand-in image host on 127.0.0.1: each path answers with a fixed
// response (head + body), or never ("/silent").
class ImageHost final : public QObject {
public:
    ImageHost()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
    }
    QString url(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    void route(const QByteArray &path, const QByteArray &contentType, const QByteArray &body,
               bool withLength = true)
    {
        QByteArray head =
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: " + contentType + "\r\n";
        if (withLength)
            head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        m_routes.insert(path, head + "\r\n" + body);
    }
    int hits() const { return m_hits; }

private:
    void serve(QTcpSocket *socket)
    {
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            m_requests[socket] += socket->readAll();
            const QByteArray request = m_requests.value(socket);
            if (!request.contains("\r\n\r\n"))
                return;
            ++m_hits;
            const QByteArray path = request.split(' ').value(1);
            if (path == "/silent")
                return; // never answers
            socket->write(m_routes.value(path, "HTTP/1.1 404 Not Found\r\nConnection: close\r\n"
                                               "Content-Length: 0\r\n\r\n"));
            socket->disconnectFromHost();
        });
    }

    QTcpServer m_server;
    QHash<QByteArray, QByteArray> m_routes;
    QHash<QTcpSocket *, QByteArray> m_requests;
    int m_hits = 0;
};

QByteArray png(const QSize &size, const QColor &colour)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xffffffffU;
    for (const char c : data) {
        crc ^= static_cast<quint8>(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xedb88320U & (0U - (crc & 1U)));
    }
    return ~crc;
}

QByteArray bigEndian(quint32 v)
{
    return QByteArray(1, char(v >> 24)) + char((v >> 16) & 0xff) + char((v >> 8) & 0xff) +
           char(v & 0xff);
}

// A few bytes that declare a 100000 x 100000 PNG: a decompression bomb's
// header, refused before any pixel is allocated.
QByteArray hugePngHeader()
{
    QByteArray ihdr = "IHDR" + bigEndian(100000) + bigEndian(100000);
    ihdr += QByteArray("\x08\x02\x00\x00\x00", 5);
    const QByteArray idat = "IDAT" + QByteArray(16, '\0');
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + bigEndian(13) + ihdr + bigEndian(crc32(ihdr)) +
           bigEndian(16) + idat + bigEndian(crc32(idat));
}

MessageSpec imageMessage(const QString &url, const QString &sequence)
{
    MessageSpec m;
    m.type = QStringLiteral("image");
    m.text = url;
    m.sequence = sequence;
    return m;
}

void showCustomerOf(TestWindow &tw, const QString &text)
{
    auto *stream = tw.pane<StreamPane>();
    QTRY_VERIFY(stream->model()->rowCount() > 0);
    for (int row = 0; row < stream->model()->rowCount(); ++row) {
        if (stream->model()->record(row).msg == text) {
            stream->view()->selectRow(row);
            return;
        }
    }
    QFAIL("row not found");
}

} // namespace

void TestConversationPane::namesAndAgentsAreShownOnce()
{
    TestWindow tw;
    tw.send({customerBody(QStringLiteral("add_user"),
                          R"({"chat_user_id":"cu-1","name":"Ana García","channel":7})")});
    MessageSpec ask;
    ask.text = QStringLiteral("Hola 👋");
    MessageSpec reply;
    reply.fromAgent = true;
    reply.sender = QStringLiteral("10086");
    reply.sysUserId = 10086;
    reply.sequence = QStringLiteral("2");
    reply.text = QStringLiteral("你好！");
    MessageSpec bot;
    bot.fromAgent = true;
    bot.sender = QStringLiteral("0");
    bot.sysUserId = 0;
    bot.sequence = QStringLiteral("3");
    bot.text = QStringLiteral("Auto reply");
    tw.send({messageBody(ask), messageBody(reply), messageBody(bot)});
    showCustomerOf(tw, ask.text);
    auto *pane = tw.pane<ConversationPane>();
    QTRY_COMPARE(pane->model()->rowCount(), 3);
    QTRY_VERIFY(pane->transcriptText().contains(QLatin1String("Auto reply")));
    const QString text = pane->transcriptText();
    QVERIFY2(text.contains(QStringLiteral("Ana García")), qPrintable(text));
    QVERIFY(pane->titleText().contains(QStringLiteral("Ana García")));
    QVERIFY(!pane->titleText().contains(QLatin1String("cu-1")));
    QCOMPARE(text.count(QLatin1String("10086")), 1); // "Agent 10086", once
    QVERIFY(text.contains(QLatin1String("Agent 10086")));
    QVERIFY(!text.contains(QLatin1String("agent #")));
    QCOMPARE(text.count(QLatin1String("unassigned / bot")), 1); // the bot's bubble only
    // The customer's bubble carries their name and nothing about an agent.
    const qsizetype customerLine = text.indexOf(QStringLiteral("Ana García"));
    const qsizetype hola = text.indexOf(QStringLiteral("Hola"));
    QVERIFY(customerLine >= 0 && customerLine < hola);
    QVERIFY(!text.mid(customerLine, hola - customerLine).contains(QLatin1String("gent")));
}

void TestConversationPane::urlsInTextAreLinksAndTheRestIsEscaped()
{
    const QString text = QStringLiteral(
        "See https://example.com/a?b=1&c=2. Or <a href=\"javascript:alert(1)\">this</a> "
        "and ftp://example.com/x, (https://example.org/p)");
    const QString html = ConversationHtml::linkified(text);
    QVERIFY2(html.contains(QLatin1String("<a href=\"https://example.com/a?b=1&amp;c=2\">"
                                         "https://example.com/a?b=1&amp;c=2</a>. Or")),
             qPrintable(html));
    QVERIFY(html.contains(QLatin1String("<a href=\"https://example.org/p\">")));
    QVERIFY(!html.contains(QLatin1String("href=\"javascript")));
    QVERIFY(!html.contains(QLatin1String("href=\"ftp")));
    QVERIFY(html.contains(QLatin1String("&lt;a href=&quot;javascript:alert(1)&quot;&gt;")));
    // In the window: the link is there, and clicking it is the pane's.
    TestWindow tw;
    MessageSpec m;
    m.text = text;
    tw.send({messageBody(m)});
    showCustomerOf(tw, text);
    auto *pane = tw.pane<ConversationPane>();
    QTRY_VERIFY(pane->browser()->toHtml().contains(
        QLatin1String("href=\"https://example.com/a?b=1&amp;c=2\"")));
    QVERIFY(!pane->browser()->toHtml().contains(QLatin1String("href=\"javascript")));
}

void TestConversationPane::verifiedImageShowsAThumbnail()
{
    ImageHost host;
    host.route("/photo.png", "image/png", png(QSize(960, 480), Qt::darkCyan));
    TestWindow tw;
    auto *pane = tw.pane<ConversationPane>();
    QVERIFY(pane->loadRemoteImages()); // the default
    const QString url = host.url(QStringLiteral("/photo.png"));
    tw.send({messageBody(imageMessage(url, QStringLiteral("1")))});
    showCustomerOf(tw, url);
    ThumbnailLoader *loader = pane->thumbnails();
    QTRY_COMPARE(loader->state(QUrl(url)), ThumbnailLoader::State::Ready);
    // Scaled to the thumbnail box, the aspect kept.
    QCOMPARE(loader->thumbnail(QUrl(url)).size(), QSize(240, 120));
    const QString name = ThumbnailLoader::resourceName(QUrl(url)).toString();
    QTRY_VERIFY(pane->browser()->toHtml().contains(name));
    QVERIFY(
        !pane->browser()->document()->resource(QTextDocument::ImageResource, QUrl(name)).isNull());
    // The thumbnail links to the image; nothing else is read from the HTML.
    QVERIFY(pane->browser()->toHtml().contains(QStringLiteral("href=\"%1\"").arg(url)));
    QCOMPARE(host.hits(), 1);
    // A second showing uses the cache.
    tw.pane<ConversationPane>()->clear();
    showCustomerOf(tw, url);
    QTRY_VERIFY(pane->browser()->toHtml().contains(name));
    QCOMPARE(host.hits(), 1);
}

void TestConversationPane::oversizedAndInvalidImagesAreRefused_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("reason");
    QTest::newRow("declared too long") << QByteArray("/big.png") << QStringLiteral("larger than");
    QTest::newRow("longer than declared")
        << QByteArray("/stream.png") << QStringLiteral("larger than");
    QTest::newRow("not an image") << QByteArray("/page.png") << QStringLiteral("not an image");
    QTest::newRow("decompression bomb") << QByteArray("/bomb.png") << QStringLiteral("too large");
    QTest::newRow("missing") << QByteArray("/missing.png") << QString();
}

void TestConversationPane::oversizedAndInvalidImagesAreRefused()
{
    QFETCH(QByteArray, path);
    QFETCH(QString, reason);
    ImageHost host;
    const QByteArray big = png(QSize(8, 8), Qt::red) + QByteArray(200 * 1024, 'x');
    host.route("/big.png", "image/png", big);
    host.route("/stream.png", "image/png", big, false);
    host.route("/page.png", "image/png", "<html>not a png</html>");
    host.route("/bomb.png", "image/png", hugePngHeader());
    TestWindow tw;
    auto *pane = tw.pane<ConversationPane>();
    pane->thumbnails()->setMaxBytes(64 * 1024);
    const QString url = host.url(QString::fromLatin1(path));
    tw.send({messageBody(imageMessage(url, QStringLiteral("1")))});
    showCustomerOf(tw, url);
    ThumbnailLoader *loader = pane->thumbnails();
    QTRY_COMPARE(loader->state(QUrl(url)), ThumbnailLoader::State::Failed);
    QVERIFY2(loader->error(QUrl(url)).contains(reason), qPrintable(loader->error(QUrl(url))));
    QVERIFY(loader->thumbnail(QUrl(url)).isNull());
    // The transcript keeps the link and says why there is no picture.
    QTRY_VERIFY(pane->transcriptText().contains(QLatin1String("Image not loaded")));
    QVERIFY(pane->transcriptText().contains(url));
}

void TestConversationPane::aSilentServerTimesOut()
{
    ImageHost host;
    TestWindow tw;
    auto *pane = tw.pane<ConversationPane>();
    pane->thumbnails()->setTimeoutMs(300);
    const QString url = host.url(QStringLiteral("/silent"));
    tw.send({messageBody(imageMessage(url, QStringLiteral("1")))});
    showCustomerOf(tw, url);
    QTRY_COMPARE(pane->thumbnails()->state(QUrl(url)), ThumbnailLoader::State::Failed);
    QCOMPARE(pane->thumbnails()->error(QUrl(url)), QStringLiteral("timed out"));
}

void TestConversationPane::unverifiedImageWaitsForTheUser()
{
    ImageHost host;
    host.route("/photo.png", "image/png", png(QSize(40, 30), Qt::yellow));
    TestWindow tw(VerifyPolicy::Record);
    auto *pane = tw.pane<ConversationPane>();
    const QString url = host.url(QStringLiteral("/photo.png"));
    tw.send({messageBody(imageMessage(url, QStringLiteral("1")))}, WebhookSender::SignMode::Bad);
    showCustomerOf(tw, url);
    QTRY_VERIFY(pane->transcriptText().contains(QLatin1String("Load image")));
    // Not fetched by itself: the request would have started with the rebuild.
    QCOMPARE(pane->thumbnails()->state(QUrl(url)), ThumbnailLoader::State::None);
    QCOMPARE(host.hits(), 0);
    const qint64 id = pane->model()->index(0).data(ConversationModel::EventIdRole).toLongLong();
    Q_EMIT pane->browser()->anchorClicked(QUrl(QStringLiteral("hookscope-load-image:%1").arg(id)));
    QTRY_COMPARE(pane->thumbnails()->state(QUrl(url)), ThumbnailLoader::State::Ready);
    QTRY_VERIFY(
        pane->browser()->toHtml().contains(ThumbnailLoader::resourceName(QUrl(url)).toString()));
    QCOMPARE(host.hits(), 1);
}

void TestConversationPane::remoteImagesOffShowsALinkOnly()
{
    ImageHost host;
    host.route("/photo.png", "image/png", png(QSize(40, 30), Qt::yellow));
    TestWindow tw;
    auto *pane = tw.pane<ConversationPane>();
    pane->setLoadRemoteImages(false);
    const QString url = host.url(QStringLiteral("/photo.png"));
    tw.send({messageBody(imageMessage(url, QStringLiteral("1")))});
    showCustomerOf(tw, url);
    QTRY_VERIFY(pane->transcriptText().contains(QStringLiteral("[image] ") + url));
    QVERIFY(!pane->transcriptText().contains(QLatin1String("Load image")));
    QCOMPARE(pane->thumbnails()->state(QUrl(url)), ThumbnailLoader::State::None);
    QCOMPARE(host.hits(), 0);
    // The setting is the Settings dialog's, default on.
    QVERIFY(tw.settings()->loadRemoteImages());
}

// Not a check: pictures of the panes for a person to look at, written when
// HOOKSCOPE_SCREENSHOT_DIR is set.
void TestConversationPane::grabScreenshots()
{
    const QString dir = qEnvironmentVariable("HOOKSCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("HOOKSCOPE_SCREENSHOT_DIR not set");
    ImageHost host;
    host.route("/photo.png", "image/png", png(QSize(640, 400), QColor(0x3d, 0x8b, 0xd0)));
    TestWindow tw(VerifyPolicy::Record);
    tw.send({customerBody(QStringLiteral("add_user"),
                          R"({"chat_user_id":"cu-1","name":"Maria Garcia","phone":"+34 600 111",)"
                          R"("channel":7,"labels":"[{\"id\":1,\"label_name\":\"VIP\"}]",)"
                          R"("custom_field":"{\"budget\":500,\"city\":\"Madrid\"}",)"
                          R"("ad_referral":"{\"ad_id\":9,\"ad_title\":\"Spring sale\"}"})"),
             customerBody(QStringLiteral("update_user"),
                          R"({"chat_user_id":"cu-1","labels":"[{\"id\":1,\"label_name\":)"
                          R"(\"VIP\"},{\"id\":2,\"label_name\":\"Returning\"}]",)"
                          R"("custom_field":"{\"interests\":[\"shoes\",\"bags\"]}"})")});
    tw.send({customerBody(QStringLiteral("update_user"),
                          R"({"chat_user_id":"cu-1","name":"Mallory","phone":"+1 999"})")},
            WebhookSender::SignMode::Bad);
    MessageSpec ask;
    ask.text =
        QStringLiteral("你好, is the \"blue\" one in stock? 👟 https://shop.example.com/p/42");
    MessageSpec reply;
    reply.fromAgent = true;
    reply.sender = QStringLiteral("10086");
    reply.sysUserId = 10086;
    reply.sequence = QStringLiteral("2");
    reply.quote = ask.text;
    reply.text = QStringLiteral("Yes! 有货。");
    reply.sendTimeMs += 30'000;
    MessageSpec photo = imageMessage(host.url(QStringLiteral("/photo.png")), QStringLiteral("3"));
    photo.sendTimeMs += 60'000;
    tw.send({messageBody(ask), messageBody(reply), messageBody(photo)});
    MessageSpec other;
    other.user = QStringLiteral("cu-2");
    other.session = QStringLiteral("s-2");
    other.channel = 6;
    other.text = QStringLiteral("only a message");
    tw.send({messageBody(other)});
    tw.window()->resize(1280, 800);
    tw.window()->show();
    QVERIFY(QTest::qWaitForWindowExposed(tw.window()));
    showCustomerOf(tw, ask.text);
    auto *pane = tw.pane<ConversationPane>();
    QTRY_COMPARE(pane->thumbnails()->state(QUrl(photo.text)), ThumbnailLoader::State::Ready);
    QTRY_VERIFY(pane->browser()->toHtml().contains(
        ThumbnailLoader::resourceName(QUrl(photo.text)).toString()));
    pane->resize(560, 640);
    QVERIFY(pane->grab().save(QDir(dir).filePath(QStringLiteral("conversation.png"))));
    auto *customers = tw.pane<CustomersPane>();
    QTRY_VERIFY(customers->listModel()->rowOfCustomer(QStringLiteral("cu-2")) >= 0);
    customers->selectCustomer(QStringLiteral("cu-1"));
    customers->resize(1100, 520);
    QVERIFY(customers->grab().save(QDir(dir).filePath(QStringLiteral("customers.png"))));
    customers->showUnverifiedCheck()->setChecked(true);
    QVERIFY(customers->grab().save(QDir(dir).filePath(QStringLiteral("customers-unverified.png"))));
    customers->showUnverifiedCheck()->setChecked(false);
    customers->searchEdit()->setText(QStringLiteral("nobody"));
    QVERIFY(customers->grab().save(QDir(dir).filePath(QStringLiteral("customers-empty.png"))));
}

QTEST_MAIN(TestConversationPane)
#include "tst_conversationpane.moc"
