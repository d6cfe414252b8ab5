#include "models/refusedmodel.h"
#include "panes/inspectorpane.h"
#include "panes/refusedpane.h"
#include "testsupport.h"
#include "window/mainactions.h"

#include <QAction>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

class TestRefusedPane final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusedDeliveriesAreListedWithTheirReason();
    void inspectorShowsTheRawRequest();
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

QTEST_MAIN(TestRefusedPane)
#include "tst_refusedpane.moc"
