#include "eventforwarder.h"
#include "models/eventtablemodel.h"
#include "panes/forwardstatustext.h"
#include "panes/forwardstatusview.h"
#include "panes/inspectorpane.h"
#include "panes/streampane.h"
#include "settings/settings.h"
#include "testsupport.h"
#include "testsupport_standin.h"
#include "window/receivercontroller.h"

#include <QDir>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTest>
#include <QUrlQuery>

// The window's receiver forwards what it accepts by the rules in the
// settings, and the inspector shows each event's forwarding status.
class TestForwardingWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void verifiedDeliveryIsForwardedAndShown();
    void unverifiedStaysUnlessTheRuleSays();
    void aFailedAttemptShowsPending();
    void rulesOffStopTheForwarder();
    void givenUpRowsCanBeRetried();
};

namespace {

// Applies `rules` through the window (as the settings dialog's OK does) and
// waits for the receiver to listen again with the forwarder running.
bool applyRules(TestWindow &tw, const QList<ForwardRule> &rules, bool expectForwarder = true)
{
    ReceiverConfig config = tw.window()->receiver()->config();
    config.forwardRules = rules;
    if (!tw.window()->applySettings(config, tw.databasePath(), true))
        return false;
    return QTest::qWaitFor(
        [&tw, expectForwarder] {
            return tw.window()->receiver()->isRunning() &&
                   tw.window()->receiver()->forwarder()->isRunning() == expectForwarder;
        },
        10000);
}

ForwardRule ruleFor(const QString &url, bool unverified = false)
{
    ForwardRule rule;
    rule.url = url;
    rule.includeUnverified = unverified;
    return rule;
}

QString forwardingText(TestWindow &tw)
{
    return tw.pane<InspectorPane>()->forwardStatus()->toPlainText();
}

qint64 lastEventId(TestWindow &tw)
{
    EventTableModel *model = tw.pane<StreamPane>()->model();
    return model->rowCount() > 0 ? model->record(model->rowCount() - 1).id : 0;
}

} // namespace

void TestForwardingWindow::verifiedDeliveryIsForwardedAndShown()
{
    TestWindow tw;
    StandInServer standIn;
    QVERIFY(standIn.listen());
    QVERIFY(applyRules(tw, {ruleFor(standIn.url())}));
    QCOMPARE(tw.settings()->forwardRules(), QList<ForwardRule>{ruleFor(standIn.url())});

    MessageSpec spec;
    spec.text = QStringLiteral("退款 please 🙏 \"quoted\"");
    const QByteArray body = messageBody(spec);
    QCOMPARE(tw.send({body}).byStatus.value(200), qint64(1));
    QTRY_COMPARE_WITH_TIMEOUT(standIn.requests().size(), 1, 15000);
    const StandInServer::Request &got = standIn.requests().first();
    QCOMPARE(got.method, QByteArray("POST"));
    QCOMPARE(got.body, body); // byte for byte
    const QUrlQuery query(QString::fromLatin1(got.target.mid(got.target.indexOf('?') + 1)));
    QVERIFY(query.hasQueryItem(QStringLiteral("timestamp")));
    QVERIFY(query.hasQueryItem(QStringLiteral("signature")));
    QTRY_COMPARE(tw.pane<StreamPane>()->model()->rowCount(), 1);
    const qint64 id = lastEventId(tw);
    QCOMPARE(got.headers.value("x-hookscope-event-id"), QByteArray::number(id));

    // The inspector: forwarded, with the status; the tab says it is done.
    tw.pane<StreamPane>()->selectEvent(id);
    auto *inspector = tw.pane<InspectorPane>();
    QTRY_COMPARE(inspector->shownEventId(), id);
    QTRY_VERIFY2(forwardingText(tw).contains(QStringLiteral("Forwarded: HTTP 200")),
                 qPrintable(forwardingText(tw)));
    QVERIFY(forwardingText(tw).contains(standIn.url()));
    QTabWidget *tabs = inspector->tabs();
    QCOMPARE(tabs->tabText(tabs->indexOf(inspector->forwardStatus())),
             QStringLiteral("Forwarding (done)"));

    const QString grabDir = qEnvironmentVariable("HOOKSCOPE_GRAB_DIR");
    if (!grabDir.isEmpty()) {
        tabs->setCurrentWidget(inspector->forwardStatus());
        QTest::qWait(50);
        QVERIFY(tw.window()->grab().save(
            QDir(grabDir).filePath(QStringLiteral("forwarded-event.png"))));
    }
}

void TestForwardingWindow::unverifiedStaysUnlessTheRuleSays()
{
    TestWindow tw(VerifyPolicy::Record);
    StandInServer standIn;
    QVERIFY(standIn.listen());
    StandInServer unverifiedToo;
    QVERIFY(unverifiedToo.listen());
    QVERIFY(applyRules(tw, {ruleFor(standIn.url()), ruleFor(unverifiedToo.url(), true)}));

    MessageSpec bad;
    bad.sequence = QStringLiteral("bad");
    bad.text = QStringLiteral("bad signature");
    QCOMPARE(tw.send({messageBody(bad)}, WebhookSender::SignMode::Exact, "wrong-key")
                 .byStatus.value(200),
             qint64(1));
    // Only the rule with "unverified too" gets it.
    QTRY_COMPARE_WITH_TIMEOUT(unverifiedToo.requests().size(), 1, 15000);
    QTRY_COMPARE(tw.pane<StreamPane>()->model()->rowCount(), 1);
    const qint64 badId = lastEventId(tw);
    MessageSpec good;
    good.sequence = QStringLiteral("good");
    QCOMPARE(tw.send({messageBody(good)}).byStatus.value(200), qint64(1));
    QTRY_COMPARE_WITH_TIMEOUT(standIn.requests().size(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(unverifiedToo.requests().size(), 2, 15000);
    QCOMPARE(standIn.requests().first().body, messageBody(good));
    QCOMPARE(standIn.requests().first().headers.value("x-hookscope-event-id"),
             QByteArray::number(badId + 1));

    // The bad one's status names only the rule that took it.
    QVERIFY(tw.pane<InspectorPane>()->showEventId(badId));
    QTRY_VERIFY(forwardingText(tw).contains(unverifiedToo.url()));
    QVERIFY(!forwardingText(tw).contains(standIn.url()));
}

void TestForwardingWindow::aFailedAttemptShowsPending()
{
    TestWindow tw;
    StandInServer standIn;
    QVERIFY(standIn.listen());
    standIn.setDefaultStatus(503);
    QVERIFY(applyRules(tw, {ruleFor(standIn.url())}));
    QSignalSpy attempted(tw.window()->receiver()->forwarder(), &EventForwarder::attempted);
    QCOMPARE(tw.send({messageBody(MessageSpec())}).byStatus.value(200), qint64(1));
    QTRY_COMPARE(tw.pane<StreamPane>()->model()->rowCount(), 1);
    tw.pane<StreamPane>()->selectEvent(lastEventId(tw));
    QTRY_VERIFY_WITH_TIMEOUT(!attempted.isEmpty(), 15000);
    QTRY_VERIFY2(forwardingText(tw).contains(QStringLiteral("Pending: HTTP 503 at ")),
                 qPrintable(forwardingText(tw)));
    QVERIFY(forwardingText(tw).contains(QStringLiteral("(attempt 1)")));
    QVERIFY(forwardingText(tw).contains(QStringLiteral("next attempt")));
    QTabWidget *tabs = tw.pane<InspectorPane>()->tabs();
    QCOMPARE(tabs->tabText(tabs->indexOf(tw.pane<InspectorPane>()->forwardStatus())),
             QStringLiteral("Forwarding (pending)"));
}

void TestForwardingWindow::rulesOffStopTheForwarder()
{
    TestWindow tw;
    QVERIFY(!tw.window()->receiver()->forwarder()->isRunning()); // no rules: not started
    StandInServer standIn;
    QVERIFY(standIn.listen());
    QVERIFY(applyRules(tw, {ruleFor(standIn.url())}));
    QCOMPARE(tw.window()->receiver()->forwarder()->targets(), QStringList{standIn.url()});
    ForwardRule off = ruleFor(standIn.url());
    off.enabled = false;
    QVERIFY(applyRules(tw, {off}, false));
    // Stopping the receiver stops forwarding too.
    QVERIFY(applyRules(tw, {ruleFor(standIn.url())}));
    QSignalSpy stopped(tw.window()->receiver()->forwarder(), &EventForwarder::stopped);
    tw.window()->receiver()->stop();
    QVERIFY(stopped.wait(10000));
    QVERIFY(!tw.window()->receiver()->forwarder()->isRunning());
}

// A target that said 404 is given up at once; after fixing it, "Retry now"
// in the inspector queues the row again and the forwarder sends it at once.
void TestForwardingWindow::givenUpRowsCanBeRetried()
{
    TestWindow tw;
    StandInServer standIn;
    QVERIFY(standIn.listen());
    standIn.setDefaultStatus(404);
    QVERIFY(applyRules(tw, {ruleFor(standIn.url())}));
    QCOMPARE(tw.send({messageBody(MessageSpec())}).byStatus.value(200), qint64(1));
    QTRY_COMPARE(tw.pane<StreamPane>()->model()->rowCount(), 1);
    tw.pane<StreamPane>()->selectEvent(lastEventId(tw));
    ForwardStatusView *view = tw.pane<InspectorPane>()->forwardStatus();
    QTRY_VERIFY_WITH_TIMEOUT(forwardingText(tw).contains(QStringLiteral("Given up")), 15000);
    QVERIFY2(forwardingText(tw).contains(QStringLiteral("Retry now")),
             qPrintable(forwardingText(tw)));
    const ForwardRecord row = view->rows().value(0);
    QCOMPARE(row.state, ForwardState::GivenUp);
    QVERIFY(view->toHtml().contains(ForwardStatusText::retryUrl(row.id)));

    standIn.setDefaultStatus(200);
    Q_EMIT view->anchorClicked(QUrl(ForwardStatusText::retryUrl(row.id)));
    QTRY_VERIFY_WITH_TIMEOUT(forwardingText(tw).contains(QStringLiteral("Forwarded: HTTP 200")),
                             15000);
    QVERIFY(!forwardingText(tw).contains(QStringLiteral("Retry now")));
    QCOMPARE(standIn.requests().size(), 2);
    QCOMPARE(standIn.requests().at(1).body, standIn.requests().at(0).body);
}

QTEST_MAIN(TestForwardingWindow)
#include "tst_forwardingwindow.moc"
