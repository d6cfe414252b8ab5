#include "dialogs/connectassistant.h"
#include "dialogs/connectassistantpages.h"
#include "dialogs/connectassistantsnippets.h"
#include "dialogs/connectassistantways.h"
#include "settings/settings.h"
#include "testsupport.h"
#include "window/deliverycheckpage.h"
#include "window/mainactions.h"
#include "window/receivercontroller.h"
#include "window/receiverstatuswidget.h"

#include <QAbstractButton>
#include <QAction>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// "Connect SaleSmartly": the snippets, the pages' choices, and the
// assistant opened from the window (apply, cancel, first run).
class TestConnectAssistant final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void snippetsUseTheListenPortAndPath();
    void snippetsRefuseHostileText();
    void keyPageBoundsTheKey();
    void proxyWayListensOnLoopbackAndTrustsIt();
    void reachableWayShowsThisMachinesAddress();
    void reachableWayChecksTheTlsFiles();
    void teamWayShowsTheServeCommandsAndService();
    void pagesFollowTheChosenWay();
    void cancelChangesNothing();
    void applyingSavesAndStartsTheLiveCheck();
    void helpMenuOpensItAndFirstRunOnce();
};

namespace {

ConnectAssistant::Context context(const QString &host = QStringLiteral("127.0.0.1"),
                                  quint16 port = 8787)
{
    ConnectAssistant::Context c;
    c.config.host = host;
    c.config.port = port;
    c.config.secret = "old-key";
    c.secretFile = QStringLiteral("/home/u/.config/hookscope/secret");
    c.host = {QStringLiteral("192.168.1.20"), QStringLiteral("desk-7")};
    c.listenChoices = {{QStringLiteral("0.0.0.0"), QStringLiteral("All")},
                       {QStringLiteral("127.0.0.1"), QStringLiteral("Loopback")},
                       {QStringLiteral("192.168.1.20"), QStringLiteral("LAN")}};
    return c;
}

void goTo(ConnectAssistant *wizard, ConnectAssistant::Way way)
{
    wizard->wayPage()->setWay(way);
    wizard->restart();
    while (wizard->currentId() != ConnectAssistant::WayPage)
        wizard->next();
    wizard->next();
}

} // namespace

void TestConnectAssistant::snippetsUseTheListenPortAndPath()
{
    ConnectSnippets s;
    s.port = 9123;
    s.path = QStringLiteral("/hooks/ss");
    s.publicHost = QStringLiteral("hooks.shop.example");
    s.maxBodyBytes = 2 * 1024 * 1024;
    const QString nginx = s.nginx();
    QVERIFY(nginx.contains(QLatin1String("server_name hooks.shop.example;")));
    QVERIFY(nginx.contains(QLatin1String("location = /hooks/ss {")));
    QVERIFY(nginx.contains(QLatin1String("proxy_pass http://127.0.0.1:9123;")));
    QVERIFY(nginx.contains(QLatin1String("client_max_body_size 2m;")));
    QVERIFY(nginx.contains(
        QLatin1String("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;")));
    const QString caddy = s.caddy();
    QVERIFY(caddy.startsWith(QLatin1String("hooks.shop.example {")));
    QVERIFY(caddy.contains(QLatin1String("reverse_proxy /hooks/ss 127.0.0.1:9123")));
    QVERIFY(caddy.contains(QLatin1String("max_size 2MB")));
    QCOMPARE(s.cloudflared(), QStringLiteral("cloudflared tunnel --url http://127.0.0.1:9123"));
    QCOMPARE(s.ngrok(), QStringLiteral("ngrok http 9123"));
    s.secretFile = QStringLiteral("/srv/hs/secret");
    QVERIFY(s.serveWithTls().contains(QLatin1String("--listen 0.0.0.0:8787")));
    QVERIFY(s.serveWithTls().contains(QLatin1String("--secret-file /srv/hs/secret")));
    QVERIFY(s.serveBehindProxy().contains(QLatin1String("--trusted-proxy 127.0.0.1")));
    QVERIFY(
        s.systemdUnit().contains(QLatin1String("systemctl --user enable --now hookscope.service")));
}

void TestConnectAssistant::snippetsRefuseHostileText()
{
    ConnectSnippets s;
    s.publicHost = QStringLiteral("evil.example;\n include /etc/passwd");
    s.path = QStringLiteral("/x { return 200; }");
    QVERIFY(s.nginx().contains(QLatin1String("server_name hooks.example.com;")));
    QVERIFY(s.nginx().contains(QLatin1String("location = /webhook {")));
    QVERIFY(!s.nginx().contains(QLatin1String("passwd")));
    QCOMPARE(ConnectSnippets::safeHost(QStringLiteral("hooks.example.com")),
             QStringLiteral("hooks.example.com"));
    QCOMPARE(ConnectSnippets::safePath(QStringLiteral("/webhook")), QStringLiteral("/webhook"));
}

void TestConnectAssistant::keyPageBoundsTheKey()
{
    ConnectAssistant wizard(context());
    ConnectKeyPage *page = wizard.keyPage();
    QCOMPARE(page->key(), QByteArray("old-key"));
    page->setKey(QStringLiteral("  pasted-key\t"));
    QCOMPARE(page->key(), QByteArray("pasted-key"));
    QVERIFY(page->isComplete());
    QVERIFY(page->warningText().isEmpty());
    page->setKey(QString());
    QVERIFY(page->isComplete()); // allowed, with a warning
    QVERIFY(page->warningText().contains(QLatin1String("not checked")));
    page->setKey(QStringLiteral("two\nlines"));
    QVERIFY(!page->isComplete());
    page->setKey(QString(ConnectKeyPage::kMaxKeyBytes + 1, u'k'));
    QVERIFY(!page->isComplete());
}

void TestConnectAssistant::proxyWayListensOnLoopbackAndTrustsIt()
{
    ConnectAssistant::Context c = context(QStringLiteral("0.0.0.0"), 8787);
    c.config.tlsCertPath = QStringLiteral("/etc/cert.pem");
    c.config.tlsKeyPath = QStringLiteral("/etc/key.pem");
    ConnectAssistant wizard(c);
    goTo(&wizard, ConnectAssistant::Way::Proxy);
    QCOMPARE(wizard.currentId(), int(ConnectAssistant::ProxyPage));
    ConnectProxyPage *page = wizard.proxyPage();
    QVERIFY(!page->isComplete()); // no public URL yet
    page->setPublicUrl(QStringLiteral("ftp://x"));
    QVERIFY(!page->isComplete());
    QCOMPARE(page->noteText(), QStringLiteral("Give a URL starting with https:// or http://."));
    // A tunnel's bare address gets the receiver's path.
    page->setPublicUrl(QStringLiteral("https://abc-def.trycloudflare.com"));
    QVERIFY(page->isComplete());
    QCOMPARE(page->publicUrl(), QStringLiteral("https://abc-def.trycloudflare.com/webhook"));
    QCOMPARE(page->noteText(), QStringLiteral("The URL to paste into SaleSmartly: "
                                              "https://abc-def.trycloudflare.com/webhook"));
    page->showSnippet(ConnectProxyPage::Nginx);
    QVERIFY(page->snippetText().contains(QLatin1String("server_name abc-def.trycloudflare.com;")));
    QVERIFY(page->snippetText().contains(QLatin1String("proxy_pass http://127.0.0.1:8787;")));
    page->showSnippet(ConnectProxyPage::Ngrok);
    QCOMPARE(page->snippetText(), QStringLiteral("ngrok http 8787"));
    wizard.keyPage()->setKey(QStringLiteral("new-key"));
    const ConnectAssistant::Choice choice = wizard.choice();
    QCOMPARE(choice.way, ConnectAssistant::Way::Proxy);
    QCOMPARE(choice.config.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(choice.config.port, quint16(8787));
    QVERIFY(!choice.config.usesTls());
    QCOMPARE(choice.config.trustedProxies, QStringList{QStringLiteral("127.0.0.1")});
    QCOMPARE(choice.config.secret, QByteArray("new-key"));
    QCOMPARE(choice.publicUrl, QStringLiteral("https://abc-def.trycloudflare.com/webhook"));
}

void TestConnectAssistant::reachableWayShowsThisMachinesAddress()
{
    ConnectAssistant wizard(context(QStringLiteral("127.0.0.1"), 8787));
    goTo(&wizard, ConnectAssistant::Way::Reachable);
    QCOMPARE(wizard.currentId(), int(ConnectAssistant::ReachablePage));
    ConnectReachablePage *page = wizard.reachablePage();
    // Loopback cannot be reached: the page starts from all interfaces,
    // and never shows 0.0.0.0 as the URL.
    QCOMPARE(page->url(), QStringLiteral("http://192.168.1.20:8787/webhook"));
    page->setListen(QStringLiteral("192.168.1.20"), 9000);
    QCOMPARE(page->url(), QStringLiteral("http://192.168.1.20:9000/webhook"));
    const ConnectAssistant::Choice choice = wizard.choice();
    QCOMPARE(choice.config.host, QStringLiteral("192.168.1.20"));
    QCOMPARE(choice.config.port, quint16(9000));
    QVERIFY(choice.publicUrl.isEmpty());
}

void TestConnectAssistant::reachableWayChecksTheTlsFiles()
{
    QTemporaryDir dir;
    const QString cert = dir.filePath(QStringLiteral("cert.pem"));
    const QString key = dir.filePath(QStringLiteral("key.pem"));
    for (const QString &path : {cert, key}) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("-----BEGIN X-----\n");
    }
    ConnectAssistant wizard(context());
    goTo(&wizard, ConnectAssistant::Way::Reachable);
    ConnectReachablePage *page = wizard.reachablePage();
    page->setTlsFiles(cert, QString());
    QVERIFY(!page->validatePage());
    QVERIFY(page->errorText().contains(QLatin1String("both")));
    page->setTlsFiles(cert, dir.filePath(QStringLiteral("missing.pem")));
    QVERIFY(!page->validatePage());
    QVERIFY(page->errorText().contains(QLatin1String("missing.pem")));
    page->setTlsFiles(cert, key);
    QVERIFY(page->validatePage());
    QVERIFY(page->url().startsWith(QLatin1String("https://")));
    QCOMPARE(wizard.choice().config.tlsCertPath, cert);
}

void TestConnectAssistant::teamWayShowsTheServeCommandsAndService()
{
    ConnectAssistant wizard(context());
    goTo(&wizard, ConnectAssistant::Way::Team);
    QCOMPARE(wizard.currentId(), int(ConnectAssistant::TeamPage));
    const QString text = wizard.teamPage()->commandsText();
    QVERIFY(text.contains(QLatin1String("hookscope-cli serve --listen 0.0.0.0:8787")));
    QVERIFY(text.contains(QLatin1String("systemctl --user enable --now hookscope.service")));
    QVERIFY(wizard.teamPage()->isFinalPage());
    // The team way keeps this window's receiver as it is.
    const ConnectAssistant::Choice choice = wizard.choice();
    QCOMPARE(choice.config.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(choice.config.port, quint16(8787));
}

void TestConnectAssistant::pagesFollowTheChosenWay()
{
    ConnectAssistant wizard(context());
    QCOMPARE(wizard.startId(), int(ConnectAssistant::IntroPage));
    // Without the live check the way's page is the last.
    goTo(&wizard, ConnectAssistant::Way::Proxy);
    QCOMPARE(wizard.nextId(), -1);
    wizard.setCheckPage(new QWizardPage);
    QCOMPARE(wizard.nextId(), int(ConnectAssistant::CheckPage));
    QVERIFY(wizard.proxyPage()->isCommitPage());
    QVERIFY(wizard.reachablePage()->isCommitPage());
    QVERIFY(!wizard.teamPage()->isCommitPage());
}

void TestConnectAssistant::cancelChangesNothing()
{
    TestWindow tw;
    Settings *s = tw.settings();
    const ReceiverConfig before = tw.window()->receiver()->config();
    tw.window()->showConnectAssistant();
    ConnectAssistant *wizard = tw.window()->connectAssistant();
    QVERIFY(wizard);
    goTo(wizard, ConnectAssistant::Way::Proxy);
    wizard->keyPage()->setKey(QStringLiteral("another-key"));
    wizard->proxyPage()->setPublicUrl(QStringLiteral("https://hooks.example.com/webhook"));
    wizard->reject();
    QTRY_VERIFY(!tw.window()->connectAssistant()); // closed and deleted
    QCOMPARE(s->secret(), kTestSecret);
    QVERIFY(s->publicUrl().isEmpty());
    QVERIFY(!s->assistantDone());
    QCOMPARE(s->receiverConfig().host, before.host);
    QCOMPARE(s->receiverConfig().trustedProxies, before.trustedProxies);
}

void TestConnectAssistant::applyingSavesAndStartsTheLiveCheck()
{
    TestWindow tw;
    Settings *s = tw.settings();
    tw.window()->showConnectAssistant();
    ConnectAssistant *wizard = tw.window()->connectAssistant();
    QVERIFY(wizard);
    goTo(wizard, ConnectAssistant::Way::Proxy);
    wizard->keyPage()->setKey(QStringLiteral("salesmartly-key"));
    wizard->proxyPage()->setPublicUrl(QStringLiteral("https://hooks.example.com"));
    QSignalSpy states(tw.window()->receiver(), &ReceiverController::stateChanged);
    wizard->next(); // Apply
    QCOMPARE(wizard->currentId(), int(ConnectAssistant::CheckPage));
    QVERIFY(wizard->isApplied());
    QCOMPARE(s->secret(), QByteArray("salesmartly-key"));
    QCOMPARE(s->publicUrl(), QStringLiteral("https://hooks.example.com/webhook"));
    QVERIFY(s->assistantDone());
    QVERIFY(s->receiverConfig().trustedProxies.contains(QStringLiteral("127.0.0.1")));
    // The status bar shows and copies the public URL.
    auto *status = tw.pane<ReceiverStatusWidget>();
    QCOMPARE(status->url(), QStringLiteral("https://hooks.example.com/webhook"));
    auto *check = qobject_cast<DeliveryCheckPage *>(wizard->currentPage());
    QVERIFY(check);
    QCOMPARE(check->statusText(), QStringLiteral("Waiting for the first delivery…"));
    QCOMPARE(check->urlText(), QStringLiteral("https://hooks.example.com/webhook"));
    // The receiver restarts with the new key.
    QTRY_VERIFY_WITH_TIMEOUT(tw.window()->receiver()->isRunning() && !states.isEmpty(), 10000);
    QCOMPARE(tw.window()->receiver()->config().secret, QByteArray("salesmartly-key"));
    wizard->reject();
}

void TestConnectAssistant::helpMenuOpensItAndFirstRunOnce()
{
    TestWindow tw;
    QVERIFY(!tw.window()->connectAssistant()); // tests (and --self-test) never pop it up
    tw.window()->actions()->action(MainActions::ConnectSaleSmartly)->trigger();
    QVERIFY(tw.window()->connectAssistant());
    QVERIFY(tw.window()->connectAssistant()->isVisible());
    tw.window()->connectAssistant()->reject();
    QTRY_VERIFY(!tw.window()->connectAssistant());
    tw.window()->openAssistantOnFirstRun();
    QTRY_VERIFY(tw.window()->connectAssistant());
    tw.window()->connectAssistant()->reject();
    QTRY_VERIFY(!tw.window()->connectAssistant());
    tw.settings()->setAssistantDone(true);
    tw.window()->openAssistantOnFirstRun();
    QCoreApplication::processEvents(); // the zero timer would have fired
    QVERIFY(!tw.window()->connectAssistant());
}

QTEST_MAIN(TestConnectAssistant)
#include "tst_connectassistant.moc"
