#include "ingest/appendfeed.h"
#include "testsupport.h"
#include "window/deliverycheck.h"
#include "window/deliverycheckpage.h"
#include "window/receivercontroller.h"
#include "window/testdeliverysender.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

// The live check against a real receiver on 127.0.0.1 (port 0): deliveries
// through the real HTTP path, the page's text asserted as shown.
class TestDeliveryCheck final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void verifiedTestDelivery();
    void wrongKey();
    void wrongPath();
    void noSecretSet();
    void onlyDeliveriesAfterTheStartCount();
    void cliSendTriggersIt();
    void judgesOtherOutcomes();
};

namespace {

const QString kWaiting = QStringLiteral("Waiting for the first delivery…");
const QString kVerified = QStringLiteral("Received, verified: SaleSmartly's webhook key and "
                                         "HookScope's secret are the same. HookScope is "
                                         "connected.");

// The page as the assistant shows it, started on the window's receiver.
std::unique_ptr<DeliveryCheckPage> startedPage(const TestWindow &tw)
{
    auto page =
        std::make_unique<DeliveryCheckPage>(tw.window()->receiver(), tw.window()->testSender());
    page->startCheck();
    return page;
}

// Sends one message to `path` on the window's receiver.
WebhookSender::Report sendTo(const TestWindow &tw, const QString &path, const QByteArray &secret)
{
    QUrl url(tw.url());
    url.setPath(path);
    WebhookSender sender;
    QSignalSpy done(&sender, &WebhookSender::finished);
    sender.start(url, secret, WebhookSender::SignMode::Exact, {{messageBody(MessageSpec()), {}}},
                 1);
    if (done.isEmpty() && !done.wait(15000))
        qWarning("not answered");
    return sender.report();
}

} // namespace

void TestDeliveryCheck::verifiedTestDelivery()
{
    TestWindow tw;
    auto page = startedPage(tw);
    QCOMPARE(page->statusText(), kWaiting);
    QCOMPARE(page->urlText(), tw.url());
    QSignalSpy changed(page->check(), &DeliveryCheck::changed);
    page->sendTestDelivery(); // the button
    QVERIFY(changed.wait(15000));
    QCOMPARE(page->check()->outcome(), DeliveryCheck::Outcome::Verified);
    QCOMPARE(page->statusText(), kVerified);
}

void TestDeliveryCheck::wrongKey()
{
    TestWindow tw;
    auto page = startedPage(tw);
    QSignalSpy changed(page->check(), &DeliveryCheck::changed);
    QCOMPARE(tw.send({messageBody(MessageSpec())}, WebhookSender::SignMode::Exact, "not-the-key")
                 .byStatus.value(401),
             1);
    QVERIFY(changed.wait(15000));
    QCOMPARE(page->check()->outcome(), DeliveryCheck::Outcome::KeysDiffer);
    QCOMPARE(page->statusText(),
             QStringLiteral("Refused: the signature does not match. SaleSmartly's webhook key "
                            "and HookScope's secret are not the same. Copy the webhook key from "
                            "SaleSmartly again and paste it as the secret."));
}

void TestDeliveryCheck::wrongPath()
{
    TestWindow tw;
    auto page = startedPage(tw);
    QSignalSpy changed(page->check(), &DeliveryCheck::changed);
    QCOMPARE(sendTo(tw, QStringLiteral("/salesmartly"), kTestSecret).byStatus.value(404), 1);
    QVERIFY(changed.wait(15000));
    QCOMPARE(page->check()->outcome(), DeliveryCheck::Outcome::WrongPath);
    QCOMPARE(page->statusText(),
             QStringLiteral("A delivery was sent to /salesmartly, but HookScope receives webhooks "
                            "at /webhook. In SaleSmartly, use the URL that ends in /webhook."));
}

void TestDeliveryCheck::noSecretSet()
{
    TestWindow tw(VerifyPolicy::Strict, QByteArray());
    auto page = startedPage(tw);
    QSignalSpy changed(page->check(), &DeliveryCheck::changed);
    page->sendTestDelivery(); // unsigned, as there is no secret to sign with
    QVERIFY(changed.wait(15000));
    QCOMPARE(page->check()->outcome(), DeliveryCheck::Outcome::NoSecret);
    QCOMPARE(page->statusText(),
             QStringLiteral("Received, but not checked: no secret is set in HookScope, so "
                            "deliveries are not verified and anyone could send them. Paste "
                            "SaleSmartly's webhook key as the secret."));
}

void TestDeliveryCheck::onlyDeliveriesAfterTheStartCount()
{
    TestWindow tw;
    // A wrongly signed delivery, committed and announced before the check.
    QSignalSpy appended(tw.window()->receiver()->feed(), &AppendFeed::appended);
    QCOMPARE(
        tw.send({messageBody(MessageSpec())}, WebhookSender::SignMode::Bad).byStatus.value(401), 1);
    QVERIFY(appended.wait(15000));
    auto page = startedPage(tw);
    QSignalSpy changed(page->check(), &DeliveryCheck::changed);
    MessageSpec good;
    good.sequence = QStringLiteral("2");
    QCOMPARE(tw.send({messageBody(good)}).byStatus.value(200), 1);
    QVERIFY(changed.wait(15000));
    QCOMPARE(page->check()->outcome(), DeliveryCheck::Outcome::Verified);
    QCOMPARE(page->statusText(), kVerified);
}

void TestDeliveryCheck::cliSendTriggersIt()
{
    TestWindow tw;
    auto page = startedPage(tw);
    QVERIFY(page->commandText().startsWith(
        QStringLiteral("hookscope-cli send --url %1 --secret ").arg(tw.url())));
    QSignalSpy changed(page->check(), &DeliveryCheck::changed);
    QProcess cli;
    cli.start(QStringLiteral(HOOKSCOPE_CLI_PATH),
              {QStringLiteral("send"), QStringLiteral("--url"), tw.url(),
               QStringLiteral("--secret"), QString::fromUtf8(kTestSecret),
               QStringLiteral("--sample"), QStringLiteral("text")});
    QVERIFY(changed.wait(15000));
    QTRY_COMPARE_WITH_TIMEOUT(cli.state(), QProcess::NotRunning, 15000);
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QCOMPARE(cli.exitCode(), 0);
    QCOMPARE(page->statusText(), kVerified);
}

void TestDeliveryCheck::judgesOtherOutcomes()
{
    ReceiverConfig config;
    config.secret = "k";
    EventRecord e;
    e.verification = Verification::Verified;
    e.stale = true;
    QCOMPARE(DeliveryCheck::judge(e, config).outcome, DeliveryCheck::Outcome::Stale);
    e.stale = false;
    e.verification = Verification::BadSignature; // the record-only policy
    QCOMPARE(DeliveryCheck::judge(e, config).outcome, DeliveryCheck::Outcome::KeysDiffer);
    e.verification = Verification::Unsigned;
    QCOMPARE(DeliveryCheck::judge(e, config).outcome, DeliveryCheck::Outcome::Unsigned);
    e.verification = Verification::NotChecked; // policy off
    QCOMPARE(DeliveryCheck::judge(e, config).outcome, DeliveryCheck::Outcome::NotChecked);
    RefusedRecord r;
    r.status = 401;
    r.reason = QStringLiteral("unsigned: the request has no signature parameter");
    QCOMPARE(DeliveryCheck::judge(r, config).outcome, DeliveryCheck::Outcome::Unsigned);
    r.reason = QStringLiteral("stale: timestamp 1 is 9 minutes behind this machine's clock");
    QCOMPARE(DeliveryCheck::judge(r, config).outcome, DeliveryCheck::Outcome::Stale);
    r.status = 405;
    r.reason = QStringLiteral("method GET not allowed on /webhook, use POST");
    const DeliveryCheck::Verdict other = DeliveryCheck::judge(r, config);
    QCOMPARE(other.outcome, DeliveryCheck::Outcome::Refused);
    QCOMPARE(
        other.text,
        QStringLiteral("Refused with status 405: method GET not allowed on /webhook, use POST"));
}

QTEST_MAIN(TestDeliveryCheck)
#include "tst_deliverycheck.moc"
