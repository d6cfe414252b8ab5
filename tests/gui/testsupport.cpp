#include "testsupport.h"

#include "settings/settings.h"
#include "window/receivercontroller.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

TestWindow::TestWindow(VerifyPolicy policy, const QByteArray &secret)
    : m_settings(std::make_unique<Settings>(m_dir.path()))
{
    ReceiverConfig config;
    config.host = QStringLiteral("127.0.0.1");
    config.port = 0;
    config.policy = policy;
    m_settings->setReceiverConfig(config);
    m_settings->setSecret(secret);
    m_settings->setDatabasePath(m_dir.filePath(QStringLiteral("store.db")));
    m_window = std::make_unique<MainWindow>(m_settings.get(), GuiCommandLine());
    m_window->resize(1400, 900);
    m_window->startUp();
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        qWarning("window not exposed");
    // The receiver starts on its own threads; tests send to it right away.
    if (!QTest::qWaitFor([this] { return m_window->receiver()->isRunning(); }, 10000))
        qWarning("receiver not listening");
}

TestWindow::~TestWindow()
{
    m_window.reset();
}

QString TestWindow::databasePath() const
{
    return m_window->receiver()->databasePath();
}

QString TestWindow::url() const
{
    return m_window->receiver()->url();
}

WebhookSender::Report TestWindow::send(const QList<QByteArray> &bodies,
                                       WebhookSender::SignMode mode, const QByteArray &secret)
{
    QList<WebhookSender::Delivery> deliveries;
    for (const QByteArray &body : bodies)
        deliveries.append({body, QString()});
    WebhookSender sender;
    QSignalSpy done(&sender, &WebhookSender::finished);
    sender.start(QUrl(url()), secret, mode, deliveries, 1);
    if (done.isEmpty() && !done.wait(15000))
        qWarning("deliveries were not all answered");
    return sender.report();
}

WebhookSender::Report TestWindow::sendVectors(const QList<FixtureVector> &vectors)
{
    QList<WebhookSender::Delivery> deliveries;
    for (const FixtureVector &v : vectors)
        deliveries.append({v.body, v.query});
    WebhookSender sender;
    QSignalSpy done(&sender, &WebhookSender::finished);
    sender.start(QUrl(url()), QByteArray(), WebhookSender::SignMode::Exact, deliveries, 1);
    if (done.isEmpty() && !done.wait(15000))
        qWarning("vectors were not all answered");
    return sender.report();
}

int TestWindow::sendRaw(const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), QUrl(url()).port());
    if (!socket.waitForConnected(5000))
        return 0;
    socket.write(request);
    QByteArray answer;
    for (int i = 0; i < 100 && !answer.contains("\r\n\r\n"); ++i) {
        socket.waitForReadyRead(100);
        answer += socket.readAll();
    }
    return answer.mid(9, 3).toInt();
}

QByteArray messageBody(const MessageSpec &s)
{
    QJsonObject data{
        {QStringLiteral("msg_type"), s.type},
        {QStringLiteral("chat_user_id"), s.user},
        {QStringLiteral("sequence_id"), s.sequence},
        {QStringLiteral("send_time"), QString::number(s.sendTimeMs)},
        {QStringLiteral("msg"), s.text},
        {QStringLiteral("chat_session_id"), s.session},
        {QStringLiteral("channel"), s.channel},
        {QStringLiteral("channel_uid"), QStringLiteral("uid-%1").arg(s.channel)},
        {QStringLiteral("sender_type"), s.fromAgent ? QStringLiteral("2") : QStringLiteral("1")},
        {QStringLiteral("sender"),
         !s.sender.isEmpty() ? s.sender : (s.fromAgent ? QStringLiteral("agent-1") : s.user)},
        {QStringLiteral("sys_user_id"), s.sysUserId},
    };
    if (!s.quote.isEmpty())
        data.insert(QStringLiteral("quote_chat"), s.quote);
    const QJsonObject root{{QStringLiteral("event"), QStringLiteral("message")},
                           {QStringLiteral("data"), data}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QByteArray customerBody(const QString &event, const QByteArray &dataJson)
{
    return "{\"event\":\"" + event.toUtf8() + "\",\"data\":" + dataJson + "}";
}

QStringList columnTexts(const QAbstractItemModel *model, int column, int role)
{
    QStringList texts;
    for (int row = 0; row < model->rowCount(); ++row)
        texts.append(model->index(row, column).data(role).toString());
    return texts;
}

QList<QByteArray> numberedMessages(int count, const QString &textPattern)
{
    QList<QByteArray> bodies;
    for (int i = 0; i < count; ++i) {
        MessageSpec m;
        m.sequence = QString::number(i);
        m.text = textPattern.arg(i);
        bodies.append(messageBody(m));
    }
    return bodies;
}
