#include "dialogs/sendtodialog.h"
#include "filter/filterexpression.h"
#include "models/eventtablemodel.h"
#include "panes/streampane.h"
#include "settings/settings.h"
#include "testsupport.h"
#include "testsupport_standin.h"
#include "window/mainactions.h"

#include <QAction>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

// "Send to...": the window re-sends one event or the filtered view to a URL
// and shows the answers by status.
class TestSendTo final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void filteredViewIsSentAndCounted();
    void oneEventFromTheAction();
    void aWrongUrlIsRefusedInline();
    void cancelStopsSending();
    void dialogReportsScaleToLargeCounts();
};

namespace {

SendToDialog *openDialog(TestWindow &tw)
{
    SendToDialog *dialog = nullptr;
    const bool shown = QTest::qWaitFor(
        [&] {
            dialog = tw.window()->findChild<SendToDialog *>();
            return dialog && dialog->isVisible();
        },
        5000);
    return shown ? dialog : nullptr;
}

QList<QByteArray> channelMessages(int channel, int count)
{
    QList<QByteArray> bodies;
    for (int i = 0; i < count; ++i) {
        MessageSpec spec;
        spec.channel = channel;
        spec.sequence = QStringLiteral("%1-%2").arg(channel).arg(i);
        spec.text = QStringLiteral("channel %1 message %2").arg(channel).arg(i);
        bodies.append(messageBody(spec));
    }
    return bodies;
}

} // namespace

void TestSendTo::filteredViewIsSentAndCounted()
{
    TestWindow tw;
    const QList<QByteArray> seven = channelMessages(7, 3);
    const QList<QByteArray> six = channelMessages(6, 2);
    QCOMPARE(tw.send(seven).byStatus.value(200), qint64(3));
    QCOMPARE(tw.send(six).byStatus.value(200), qint64(2));
    EventTableModel *model = tw.pane<StreamPane>()->model();
    QTRY_COMPARE(model->rowCount(), 5);
    model->setFilter(FilterExpression::parse(QStringLiteral("channel:6")));
    QTRY_COMPARE(model->rowCount(), 2);

    StandInServer standIn;
    QVERIFY(standIn.listen());
    standIn.setStatuses({200, 503});
    tw.window()->actions()->action(MainActions::SendViewTo)->trigger();
    SendToDialog *dialog = openDialog(tw);
    QVERIFY(dialog);
    QCOMPARE(dialog->step(), SendToDialog::Step::Ask);
    QVERIFY2(dialog->questionText().contains(QStringLiteral("2 events")),
             qPrintable(dialog->questionText()));
    dialog->setUrl(standIn.url());
    dialog->sendButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(dialog->step(), SendToDialog::Step::Done, 15000);
    QCOMPARE(standIn.requests().size(), 2);
    QList<QByteArray> bodies;
    for (const StandInServer::Request &r : standIn.requests())
        bodies.append(r.body);
    std::sort(bodies.begin(), bodies.end());
    QList<QByteArray> expected = six;
    std::sort(expected.begin(), expected.end());
    QCOMPARE(bodies, expected); // the view's events, byte for byte, and no others
    QCOMPARE(dialog->reportText(), QStringLiteral("HTTP 200\t1\nHTTP 503\t1"));
    QVERIFY(!dialog->sendButton()->isVisible()); // only Close is left
    QVERIFY2(dialog->summaryText().contains(QStringLiteral("1 of 2")),
             qPrintable(dialog->summaryText()));
    QCOMPARE(tw.settings()->recentSendToUrls().value(0), standIn.url());
    if (const QString grabDir = qEnvironmentVariable("HOOKSCOPE_GRAB_DIR"); !grabDir.isEmpty())
        QVERIFY(dialog->grab().save(QDir(grabDir).filePath(QStringLiteral("send-to.png"))));
    dialog->close();
}

void TestSendTo::oneEventFromTheAction()
{
    TestWindow tw;
    QCOMPARE(tw.send(channelMessages(7, 2)).byStatus.value(200), qint64(2));
    EventTableModel *model = tw.pane<StreamPane>()->model();
    QTRY_COMPARE(model->rowCount(), 2);
    const EventRecord first = model->record(0);
    tw.pane<StreamPane>()->selectEvent(first.id);
    StandInServer standIn;
    QVERIFY(standIn.listen());
    tw.settings()->addRecentSendToUrl(standIn.url());
    tw.window()->actions()->action(MainActions::SendEventTo)->trigger();
    SendToDialog *dialog = openDialog(tw);
    QVERIFY(dialog);
    QCOMPARE(dialog->url(), standIn.url()); // the recent one is offered first
    QVERIFY(dialog->questionText().contains(QStringLiteral("1 event (event #%1)").arg(first.id)));
    dialog->sendButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(dialog->step(), SendToDialog::Step::Done, 15000);
    QCOMPARE(standIn.requests().size(), 1);
    QCOMPARE(standIn.requests().first().body, first.payload);
    QCOMPARE(standIn.requests().first().headers.value("x-hookscope-event-id"),
             QByteArray::number(first.id));
    QCOMPARE(dialog->reportText(), QStringLiteral("HTTP 200\t1"));
    QVERIFY(dialog->summaryText().startsWith(QStringLiteral("The event was accepted")));
    dialog->close();
    QTRY_VERIFY(!tw.window()->findChild<SendToDialog *>());

    // The stream's context menu names its row, not the current one.
    const qint64 other = model->record(1).id;
    tw.window()->sendTo(false, other);
    dialog = openDialog(tw);
    QVERIFY(dialog);
    QVERIFY(dialog->questionText().contains(QStringLiteral("(event #%1)").arg(other)));
    dialog->close();
}

void TestSendTo::aWrongUrlIsRefusedInline()
{
    SendToDialog dialog(QStringLiteral("event #1"), 1, {});
    QSignalSpy requested(&dialog, &SendToDialog::sendRequested);
    dialog.setUrl(QStringLiteral("ftp://example.com/x"));
    dialog.sendButton()->click();
    QVERIFY(dialog.errorText().contains(QStringLiteral("http://")));
    QCOMPARE(dialog.step(), SendToDialog::Step::Ask);
    QVERIFY(requested.isEmpty());
    dialog.setUrl(QStringLiteral("https://crm.example.com/hook"));
    QCOMPARE(dialog.errorText(), QString());
    dialog.sendButton()->click();
    QCOMPARE(requested.size(), 1);
    QCOMPARE(dialog.step(), SendToDialog::Step::Sending);
    dialog.showFailure(QStringLiteral("The store cannot be read."));
    QCOMPARE(dialog.step(), SendToDialog::Step::Ask);
    QCOMPARE(dialog.errorText(), QStringLiteral("The store cannot be read."));
    // Nothing to send: Send stays off.
    SendToDialog empty(QStringLiteral("the view"), 0, {});
    QVERIFY(!empty.sendButton()->isEnabled());
}

void TestSendTo::cancelStopsSending()
{
    TestWindow tw;
    QCOMPARE(tw.send(channelMessages(7, 6)).byStatus.value(200), qint64(6));
    QTRY_COMPARE(tw.pane<StreamPane>()->model()->rowCount(), 6);
    StandInServer standIn;
    QVERIFY(standIn.listen());
    standIn.setHolding(true); // a system that does not answer
    tw.window()->sendTo(true);
    SendToDialog *dialog = openDialog(tw);
    QVERIFY(dialog);
    dialog->setUrl(standIn.url());
    dialog->sendButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!standIn.requests().isEmpty(), 15000);
    QCOMPARE(dialog->step(), SendToDialog::Step::Sending);
    QVERIFY(dialog->progressText().contains(QStringLiteral("of 6")));
    dialog->cancelButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(dialog->step(), SendToDialog::Step::Done, 10000);
    QVERIFY2(dialog->summaryText().startsWith(QStringLiteral("Cancelled")),
             qPrintable(dialog->summaryText()));
    QVERIFY(standIn.requests().size() < 6);
    QVERIFY(dialog->isVisible()); // the report stays until closed
    dialog->close();
}

void TestSendTo::dialogReportsScaleToLargeCounts()
{
    SendToDialog dialog(QStringLiteral("the view"), 5'000'000'000LL, {});
    dialog.setUrl(QStringLiteral("https://crm.example.com/hook"));
    dialog.sendButton()->click();
    dialog.setProgress(2'500'000'000LL, 5'000'000'000LL);
    QVERIFY(dialog.progressText().contains(QLocale().toString(5'000'000'000LL)));
    dialog.showReport({{200, 4'999'999'999LL}}, 1, 5'000'000'000LL, 5'000'000'000LL, false);
    QCOMPARE(dialog.step(), SendToDialog::Step::Done);
    QVERIFY(dialog.reportText().contains(QStringLiteral("No answer")));
}

QTEST_MAIN(TestSendTo)
#include "tst_sendto.moc"
