#include "dialogs/webhookurl.h"

#include <QTest>

// The URL shown in the status bar and copied by Copy URL.
class TestWebhookUrl final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void publicUrlWins();
    void invalidPublicUrlIsIgnored();
    void wildcardBindShowsThisMachine_data();
    void wildcardBindShowsThisMachine();
    void specificAddressIsShownAsIs();
    void tlsMeansHttps();
    void theRealPortIsShown();
    void publicUrlIsChecked_data();
    void publicUrlIsChecked();
};

namespace {

ReceiverConfig config(const QString &host, quint16 port = 8787)
{
    ReceiverConfig c;
    c.host = host;
    c.port = port;
    return c;
}

const HostFacts kLan{QStringLiteral("192.168.1.20"), QStringLiteral("desk-7")};

} // namespace

void TestWebhookUrl::publicUrlWins()
{
    QCOMPARE(WebhookUrl::shown(config(QStringLiteral("127.0.0.1")), 8787,
                               QStringLiteral("https://hooks.example.com/webhook"), kLan),
             QStringLiteral("https://hooks.example.com/webhook"));
}

void TestWebhookUrl::invalidPublicUrlIsIgnored()
{
    // A settings file edited by hand (or by someone else) is not trusted.
    for (const QString &bad : {QStringLiteral("javascript:alert(1)"),
                               QStringLiteral("ftp://host/webhook"), QStringLiteral("https://")}) {
        QCOMPARE(WebhookUrl::shown(config(QStringLiteral("127.0.0.1")), 8787, bad, kLan),
                 QStringLiteral("http://127.0.0.1:8787/webhook"));
    }
}

void TestWebhookUrl::wildcardBindShowsThisMachine_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("ipv4");
    QTest::addColumn<QString>("hostName");
    QTest::addColumn<QString>("expected");
    const QString ip = QStringLiteral("192.168.1.20");
    const QString name = QStringLiteral("desk-7");
    QTest::newRow("0.0.0.0") << QStringLiteral("0.0.0.0") << ip << name
                             << QStringLiteral("http://192.168.1.20:8787/webhook");
    QTest::newRow("::") << QStringLiteral("::") << ip << name
                        << QStringLiteral("http://192.168.1.20:8787/webhook");
    QTest::newRow("empty") << QString() << ip << name
                           << QStringLiteral("http://192.168.1.20:8787/webhook");
    QTest::newRow("no IPv4: host name") << QStringLiteral("0.0.0.0") << QString() << name
                                        << QStringLiteral("http://desk-7:8787/webhook");
    QTest::newRow("nothing known") << QStringLiteral("0.0.0.0") << QString() << QString()
                                   << QStringLiteral("http://127.0.0.1:8787/webhook");
}

void TestWebhookUrl::wildcardBindShowsThisMachine()
{
    QFETCH(QString, host);
    QFETCH(QString, ipv4);
    QFETCH(QString, hostName);
    QFETCH(QString, expected);
    const QString shown = WebhookUrl::shown(config(host), 8787, QString(), {ipv4, hostName});
    QCOMPARE(shown, expected);
    QVERIFY(!shown.contains(QLatin1String("0.0.0.0")));
    QVERIFY(!shown.contains(QLatin1String("[::]")));
}

void TestWebhookUrl::specificAddressIsShownAsIs()
{
    QCOMPARE(WebhookUrl::shown(config(QStringLiteral("10.0.0.5")), 8787, QString(), kLan),
             QStringLiteral("http://10.0.0.5:8787/webhook"));
    QCOMPARE(WebhookUrl::shown(config(QStringLiteral("fe80::1")), 8787, QString(), kLan),
             QStringLiteral("http://[fe80::1]:8787/webhook"));
}

void TestWebhookUrl::tlsMeansHttps()
{
    ReceiverConfig c = config(QStringLiteral("0.0.0.0"), 8443);
    c.tlsCertPath = QStringLiteral("/etc/hookscope/fullchain.pem");
    c.tlsKeyPath = QStringLiteral("/etc/hookscope/privkey.pem");
    QCOMPARE(WebhookUrl::shown(c, 8443, QString(), kLan),
             QStringLiteral("https://192.168.1.20:8443/webhook"));
}

void TestWebhookUrl::theRealPortIsShown()
{
    // "Any free port": the port listened on, never :0.
    QCOMPARE(WebhookUrl::shown(config(QStringLiteral("127.0.0.1"), 0), 41234, QString(), kLan),
             QStringLiteral("http://127.0.0.1:41234/webhook"));
    QCOMPARE(WebhookUrl::shown(config(QStringLiteral("127.0.0.1"), 9000), 0, QString(), kLan),
             QStringLiteral("http://127.0.0.1:9000/webhook"));
}

void TestWebhookUrl::publicUrlIsChecked_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::newRow("https") << QStringLiteral(" https://hooks.example.com/webhook ") << true;
    QTest::newRow("http with port") << QStringLiteral("http://203.0.113.7:8787/webhook") << true;
    QTest::newRow("empty is none") << QString() << true;
    QTest::newRow("ftp") << QStringLiteral("ftp://hooks.example.com/webhook") << false;
    QTest::newRow("no scheme") << QStringLiteral("hooks.example.com/webhook") << false;
    QTest::newRow("no host") << QStringLiteral("https:///webhook") << false;
    QTest::newRow("password") << QStringLiteral("https://u:p@hooks.example.com/webhook") << false;
    QTest::newRow("fragment") << QStringLiteral("https://hooks.example.com/webhook#x") << false;
    QTest::newRow("too long") << QStringLiteral("https://hooks.example.com/") +
                                     QString(WebhookUrl::kMaxLength, u'a')
                              << false;
    QTest::newRow("space in host") << QStringLiteral("https://hooks example.com/") << false;
}

void TestWebhookUrl::publicUrlIsChecked()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QString error;
    const std::optional<QString> checked = WebhookUrl::checkPublic(text, &error);
    QCOMPARE(checked.has_value(), ok);
    QCOMPARE(error.isEmpty(), ok);
    if (ok && !text.isEmpty())
        QCOMPARE(*checked, text.trimmed());
}

QTEST_GUILESS_MAIN(TestWebhookUrl)
#include "tst_webhookurl.moc"
