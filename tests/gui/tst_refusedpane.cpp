#include "models/refusedmodel.h"
#include "panes/inspectorpane.h"
#include "panes/refusedpane.h"
#include "testsupport.h"
#include "window/mainactions.h"

#include "models/eventtablemodel.h"
#include "panes/streampane.h"
#include "settings/settings.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

class TestRefusedPane final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusedDeliveriesAreListedWithTheirReason();
    void inspectorShowsTheRawRequest();
    void bodyColumnsSayWhatTheBodyIs();
    void reverifyAfterFixingTheKeyMakesAnEvent();
    void reverifyACutCopySaysSo();
    void copyAsCurlAndCopyRaw();
};

namespace {

QByteArray post(const QByteArray &target, const QByteArray &body)
{
    return "POST " + target +
           " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "X-Trace: t-1\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

void TestRefusedPane::refusedDeliveriesAreListedWithTheirReason()
{
    TestWindow tw;
    auto *pane = tw.pane<RefusedPane>();
    QCOMPARE(
        tw.send({messageBody(MessageSpec())}, WebhookSender::SignMode::Bad).byStatus.value(401), 1);
    QCOMPARE(tw.sendRaw(post("/webhook?timestamp=1", "not json")), 400);
    QCOMPARE(tw.sendRaw(post("/elsewhere", "{}")), 404);
    QCOMPARE(tw.sendRaw("GET /webhook HTTP/1.1\r\nHost: x\r\n\r\n"), 405);
    const RefusedModel *model = pane->model();
    QTRY_COMPARE(model->rowCount(), 4);
    QCOMPARE(columnTexts(model, RefusedModel::Status),
             (QStringList{QStringLiteral("401"), QStringLiteral("400"), QStringLiteral("404"),
                          QStringLiteral("405")}));
    QVERIFY(model->index(0, RefusedModel::Reason)
                .data()
                .toString()
                .contains(QLatin1String("bad-signature")));
    auto *tabs = tw.window()->findChild<QTabWidget *>(QStringLiteral("topTabs"));
    QTRY_COMPARE(tabs->tabText(tabs->indexOf(pane)), QStringLiteral("Refused (4)"));
    tw.window()->actions()->action(MainActions::ShowRefused)->trigger();
    QCOMPARE(tabs->currentWidget(), pane);
}

void TestRefusedPane::inspectorShowsTheRawRequest()
{
    TestWindow tw;
    auto *pane = tw.pane<RefusedPane>();
    QCOMPARE(tw.sendRaw(post("/webhook?timestamp=17&x=%C3%A9", "not json")), 400);
    QTRY_COMPARE(pane->model()->rowCount(), 1);
    pane->view()->selectRow(0);
    auto *inspector = tw.pane<InspectorPane>();
    QTRY_VERIFY(inspector->summaryText().startsWith(QLatin1String("Refused delivery")));
    const QString raw = inspector->rawText();
    QVERIFY2(raw.startsWith(QLatin1String("POST /webhook?timestamp=17")), qPrintable(raw));
    QVERIFY(raw.contains(QLatin1String("X-Trace: t-1"), Qt::CaseInsensitive));
    QVERIFY(raw.endsWith(QLatin1String("not json")));
    QVERIFY(inspector->summaryText().contains(QLatin1String("400")));
    const auto query = inspector->queryShown();
    QCOMPARE(query.size(), 2);
    QCOMPARE(query.at(1).second, QStringLiteral("é"));
    QVERIFY(inspector->verificationText().contains(QLatin1String("400")));
    QVERIFY(!inspector->tabs()->isTabEnabled(InspectorPane::DeliveriesTab));
    QCOMPARE(inspector->tabs()->currentIndex(), int(InspectorPane::RawTab));
}

namespace {

// Closes the outcome's message box and returns its text.
QString takeMessage(QWidget *pane)
{
    QMessageBox *box = nullptr;
    [&box, pane] {
        QTRY_VERIFY((box = pane->findChild<QMessageBox *>(QStringLiteral("reverifyMessage"))));
    }();
    if (!box)
        return {};
    const QString text = box->text();
    box->setObjectName(QString());
    box->close();
    return text;
}

} // namespace

void TestRefusedPane::bodyColumnsSayWhatTheBodyIs()
{
    TestWindow tw;
    auto *pane = tw.pane<RefusedPane>();
    QCOMPARE(
        tw.send({messageBody(MessageSpec())}, WebhookSender::SignMode::Bad).byStatus.value(401), 1);
    QTRY_COMPARE(pane->model()->rowCount(), 1);
    QCOMPARE(pane->model()->index(0, RefusedModel::Event).data().toString(),
             QStringLiteral("message"));
    QCOMPARE(pane->model()->index(0, RefusedModel::Customer).data().toString(),
             QStringLiteral("cu-1"));
    QVERIFY(!pane->model()->index(0, RefusedModel::Channel).data().toString().isEmpty());
    // Beside the status, before the reason.
    const QHeaderView *header = pane->view()->horizontalHeader();
    QVERIFY(header->visualIndex(RefusedModel::Event) < header->visualIndex(RefusedModel::Reason));
}

// Issue 11: after fixing a wrong key, the delivery becomes an event if it
// now verifies; the user is told either way.
void TestRefusedPane::reverifyAfterFixingTheKeyMakesAnEvent()
{
    TestWindow tw;
    auto *pane = tw.pane<RefusedPane>();
    auto *stream = tw.pane<StreamPane>();
    const QByteArray rightKey("the-key-salesmartly-has");
    QCOMPARE(tw.send({messageBody(MessageSpec())}, WebhookSender::SignMode::Exact, rightKey)
                 .byStatus.value(401),
             1);
    QTRY_COMPARE(pane->model()->rowCount(), 1);
    QCOMPARE(stream->model()->rowCount(), 0);
    QVERIFY(!pane->reverifyAction()->isEnabled()); // nothing selected
    pane->view()->selectRow(0);
    QVERIFY(pane->reverifyAction()->isEnabled());
    QVERIFY(!pane->reverifyAction()->shortcut().isEmpty());

    // The window's key is still the wrong one.
    pane->reverifyAction()->trigger();
    QVERIFY(takeMessage(pane).contains(QLatin1String("bad-signature")));
    QCOMPARE(pane->model()->rowCount(), 1);

    // The user fixes the key (what the settings dialog saves), then re-verifies.
    ReceiverConfig fixed = tw.settings()->receiverConfig();
    fixed.secret = rightKey;
    pane->setReceiverConfigProvider([fixed] { return fixed; });
    pane->view()->selectRow(0);
    QSignalSpy promoted(pane, &RefusedPane::eventPromoted);
    pane->reverifyAction()->trigger();
    const QString message = takeMessage(pane);
    QVERIFY2(message.contains(QLatin1String("event #1")), qPrintable(message));
    QCOMPARE(promoted.size(), 1);
    QCOMPARE(pane->model()->rowCount(), 0);
    // The stream hears of it like of any commit.
    QTRY_COMPARE(stream->model()->rowCount(), 1);
    QCOMPARE(stream->model()->index(0, EventTableModel::Verification).data().toString(),
             QStringLiteral("verified"));
}

void TestRefusedPane::reverifyACutCopySaysSo()
{
    TestWindow tw;
    auto *pane = tw.pane<RefusedPane>();
    MessageSpec big;
    big.text = QString(70 * 1024, u'x'); // more than the 64 KiB a refusal keeps
    QCOMPARE(tw.send({messageBody(big)}, WebhookSender::SignMode::Bad).byStatus.value(401), 1);
    QTRY_COMPARE(pane->model()->rowCount(), 1);
    pane->view()->selectRow(0);
    pane->reverifyAction()->trigger();
    QVERIFY(takeMessage(pane).contains(QLatin1String("cannot be re-verified")));
    QCOMPARE(pane->model()->rowCount(), 1);
}

void TestRefusedPane::copyAsCurlAndCopyRaw()
{
    TestWindow tw;
    auto *pane = tw.pane<RefusedPane>();
    QCOMPARE(tw.sendRaw(post("/webhook?timestamp=1&signature=abc", "{\"msg\":\"it's\"}")), 401);
    QTRY_COMPARE(pane->model()->rowCount(), 1);
    pane->view()->selectRow(0);
    QApplication::clipboard()->clear();
    pane->copyCurlAction()->trigger();
    const QString curl = QApplication::clipboard()->text();
    QVERIFY2(curl.startsWith(QLatin1String("curl -sS -X 'POST' '") + tw.url().section(u'/', 0, 2) +
                             QLatin1String("/webhook?timestamp=1&signature=abc'")),
             qPrintable(curl + u' ' + tw.url()));
    QVERIFY(curl.contains(QLatin1String("-H 'Content-Type: application/json'")));
    QVERIFY(curl.contains(QLatin1String("--data-binary '{\"msg\":\"it'\\''s\"}'")));
    QVERIFY(!curl.contains(QLatin1String("X-Trace")));
    QVERIFY(!curl.contains(QString::fromLatin1(kTestSecret)));
    pane->copyRawAction()->trigger();
    QVERIFY(QApplication::clipboard()->text().startsWith(
        QLatin1String("POST /webhook?timestamp=1&signature=abc\n")));
}

QTEST_MAIN(TestRefusedPane)
#include "tst_refusedpane.moc"
