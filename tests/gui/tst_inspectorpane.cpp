#include "models/eventtablemodel.h"
#include "models/payloadtreemodel.h"
#include "panes/inspectorpane.h"
#include "panes/payloadtreeview.h"
#include "panes/streampane.h"
#include "protocol/eventparser.h"
#include "protocol/signatureverifier.h"
#include "testsupport.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTextBrowser>
#include <QUrlQuery>

#include <memory>

class TestInspectorPane final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void treeShowsThePayload();
    void copyValueAndPathByKeys();
    void rawBodyIsExactlyAsReceived();
    void queryParametersAreListed();
    void verificationSaysHowWithoutTheSecret();
    void everyDeliveryIsListed();
    void badSignatureShowsNoValidSignature();
    void conflictNamesTheOtherEvent();
    void eachReceiptShowsItsSourceAndHeaders();
    void epochValuesReadAsDates();
    void prettyRawViewKeepsTheOrder();
    void anotherAreaCanAddASection();

private:
    void selectFirstRow();

    std::unique_ptr<TestWindow> m_tw;
    QByteArray m_body;
};

void TestInspectorPane::init()
{
    m_tw = std::make_unique<TestWindow>();
    MessageSpec m;
    m.text = QStringLiteral("Olá, \"quoted\" \\ text");
    // Spacing SaleSmartly might send; the inspector must keep it.
    m_body = messageBody(m).replace(",\"msg\"", ",  \"msg\"");
    QCOMPARE(m_tw->send({m_body}).byStatus.value(200), 1);
    QTRY_COMPARE(m_tw->pane<StreamPane>()->model()->rowCount(), 1);
}

void TestInspectorPane::cleanup()
{
    m_tw.reset();
}

void TestInspectorPane::selectFirstRow()
{
    m_tw->pane<StreamPane>()->view()->selectRow(0);
    QTRY_VERIFY(m_tw->pane<InspectorPane>()->shownEventId() > 0);
}

void TestInspectorPane::treeShowsThePayload()
{
    selectFirstRow();
    auto *inspector = m_tw->pane<InspectorPane>();
    const PayloadTreeModel *tree = inspector->treeModel();
    const QModelIndex msg = tree->indexForPath(QStringLiteral("data.msg"));
    QVERIFY(msg.isValid());
    QCOMPARE(msg.data(PayloadTreeModel::ValueTextRole).toString(),
             QStringLiteral("Olá, \"quoted\" \\ text"));
    QVERIFY(inspector->treeView()->isExpanded(tree->indexForPath(QStringLiteral("data"))));
    QVERIFY(inspector->summaryText().contains(QLatin1String("message")));
    QVERIFY(inspector->summaryText().contains(QLatin1String("WhatsApp API")));
}

void TestInspectorPane::copyValueAndPathByKeys()
{
    selectFirstRow();
    auto *inspector = m_tw->pane<InspectorPane>();
    PayloadTreeView *view = inspector->treeView();
    inspector->tabs()->setCurrentIndex(InspectorPane::TreeTab);
    QApplication::setActiveWindow(m_tw->window());
    QVERIFY(QTest::qWaitForWindowActive(m_tw->window()));
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    const QModelIndex channel =
        inspector->treeModel()->indexForPath(QStringLiteral("data.channel"));
    view->setCurrentIndex(channel);
    QApplication::clipboard()->clear();
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("7"));
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("data.channel"));
}

void TestInspectorPane::rawBodyIsExactlyAsReceived()
{
    selectFirstRow();
    auto *inspector = m_tw->pane<InspectorPane>();
    QCOMPARE(inspector->rawText(), QString::fromUtf8(m_body));
    QVERIFY(
        inspector->tabs()->tabText(InspectorPane::RawTab).contains(QString::number(m_body.size())));
}

void TestInspectorPane::queryParametersAreListed()
{
    selectFirstRow();
    const auto items = m_tw->pane<InspectorPane>()->queryShown();
    QStringList names;
    for (const auto &[name, value] : items) {
        names.append(name);
        QVERIFY(!value.isEmpty());
    }
    QVERIFY(names.contains(QStringLiteral("timestamp")));
    QVERIFY(names.contains(QStringLiteral("signature")));
}

void TestInspectorPane::verificationSaysHowWithoutTheSecret()
{
    selectFirstRow();
    const QString text = m_tw->pane<InspectorPane>()->verificationText();
    QVERIFY2(text.startsWith(QLatin1String("verified")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("matched md5(secret&data=")));
    QVERIFY(!text.contains(QLatin1String("expected")));
    QVERIFY(!text.contains(QString::fromUtf8(kTestSecret)));
    // The key as a fingerprint: the one that checked this delivery, and the
    // one this machine checks with now.
    const QString fingerprint = SignatureVerifier::keyFingerprint(kTestSecret);
    QVERIFY2(text.contains(QStringLiteral("checked with key ") + fingerprint), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("This machine's key: ") + fingerprint), qPrintable(text));
}

void TestInspectorPane::everyDeliveryIsListed()
{
    selectFirstRow();
    auto *inspector = m_tw->pane<InspectorPane>();
    QCOMPARE(inspector->deliveriesText().count(u'\n'), 0); // one row
    // SaleSmartly retries: the same body twice more, one without signature
    // is refused under the strict policy, so sign both.
    m_tw->send({m_body, m_body});
    QTRY_VERIFY(
        inspector->tabs()->tabText(InspectorPane::DeliveriesTab).contains(QLatin1String("(3)")));
    const QStringList rows = inspector->deliveriesText().split(u'\n');
    QCOMPARE(rows.size(), 3);
    for (const QString &row : rows)
        QVERIFY2(row.contains(QLatin1String("\tverified\t")), qPrintable(row));
    QCOMPARE(m_tw->pane<StreamPane>()->model()->rowCount(), 1);
    QTRY_COMPARE(
        m_tw->pane<StreamPane>()->model()->index(0, EventTableModel::Deliveries).data().toInt(), 3);
}

// Issue 9: the inspector once showed "expected <md5>" for a bad signature,
// the valid signature for whatever body an attacker had sent.
void TestInspectorPane::badSignatureShowsNoValidSignature()
{
    m_tw = std::make_unique<TestWindow>(VerifyPolicy::Record);
    MessageSpec m;
    m.text = QStringLiteral("forged text");
    const QByteArray body = messageBody(m);
    QCOMPARE(m_tw->send({body}, WebhookSender::SignMode::Bad).byStatus.value(200), 1);
    QTRY_COMPARE(m_tw->pane<StreamPane>()->model()->rowCount(), 1);
    selectFirstRow();
    auto *inspector = m_tw->pane<InspectorPane>();
    const QString text = inspector->verificationText();
    QVERIFY2(text.startsWith(QLatin1String("bad-signature")), qPrintable(text));
    const EventParser::Result parsed = EventParser::parse(body);
    QString shownTimestamp;
    for (const auto &[name, value] : inspector->queryShown()) {
        if (name == QLatin1String("timestamp"))
            shownTimestamp = value;
    }
    QVERIFY(!shownTimestamp.isEmpty());
    const QString everything =
        text + inspector->summaryText() + inspector->rawText() + inspector->deliveriesText();
    for (const QByteArray &valid :
         {SignatureVerifier::sign(kTestSecret, parsed.dataText, parsed.eventText),
          SignatureVerifier::sign(kTestSecret, parsed.dataText, parsed.eventText,
                                  shownTimestamp.toUtf8())}) {
        QVERIFY2(!everything.contains(QString::fromLatin1(valid), Qt::CaseInsensitive),
                 qPrintable(text));
    }
    QVERIFY2(text.contains(QLatin1String("tried: data text, data text + timestamp")),
             qPrintable(text));
    QVERIFY(text.contains(QLatin1String("received signature ")));
    QVERIFY(text.contains(SignatureVerifier::keyFingerprint(kTestSecret)));
}

// A forged message with a genuine one's ids: two events, each naming the other.
void TestInspectorPane::conflictNamesTheOtherEvent()
{
    m_tw = std::make_unique<TestWindow>(VerifyPolicy::Record);
    MessageSpec forged, genuine;
    forged.text = QStringLiteral("forged");
    genuine.text = QStringLiteral("genuine");
    m_tw->send({messageBody(forged)}, WebhookSender::SignMode::None);
    m_tw->send({messageBody(genuine)});
    auto *stream = m_tw->pane<StreamPane>();
    QTRY_COMPARE(stream->model()->rowCount(), 2);
    auto *inspector = m_tw->pane<InspectorPane>();
    for (int row = 0; row < 2; ++row) {
        const EventRecord record = stream->model()->record(row);
        inspector->showEventRecord(record);
        const qint64 other = record.msg == QLatin1String("forged") ? record.id + 1 : record.id - 1;
        const QString text = inspector->verificationText();
        QVERIFY2(text.contains(QLatin1String("Conflict:")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("#%1").arg(other)), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("m:cu-1:1")));
        QVERIFY(inspector->summaryText().contains(QLatin1String("conflict")));
        QCOMPARE(record.verification, record.msg == QLatin1String("forged")
                                          ? Verification::Unsigned
                                          : Verification::Verified);
    }
    // The other event is a link: following it selects that event.
    inspector->showEventRecord(stream->model()->record(0));
    const qint64 other = stream->model()->record(1).id;
    auto *browser = inspector->findChild<QTextBrowser *>(QStringLiteral("verificationView"));
    QVERIFY(browser);
    QVERIFY(browser->toHtml().contains(QStringLiteral("event:%1").arg(other)));
    QSignalSpy followed(inspector, &InspectorPane::eventLinkActivated);
    Q_EMIT browser->anchorClicked(QUrl(QStringLiteral("event:%1").arg(other)));
    QCOMPARE(followed.size(), 1);
    QCOMPARE(followed.at(0).at(0).toLongLong(), other);
    QTRY_COMPARE(inspector->shownEventId(), other);
    QCOMPARE(stream->currentRecord()->id, other);
}

void TestInspectorPane::eachReceiptShowsItsSourceAndHeaders()
{
    selectFirstRow();
    const QString rows = m_tw->pane<InspectorPane>()->deliveriesText();
    QVERIFY2(rows.contains(QLatin1String("\t127.0.0.1\t")), qPrintable(rows));
    QVERIFY2(rows.contains(QLatin1String("Content-Type: application/json")), qPrintable(rows));
}

void TestInspectorPane::epochValuesReadAsDates()
{
    selectFirstRow();
    auto *inspector = m_tw->pane<InspectorPane>();
    const auto *table = inspector->findChild<QTableWidget *>(QStringLiteral("queryTable"));
    QVERIFY(table);
    bool sawDate = false;
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->text() == QLatin1String("timestamp"))
            sawDate = table->item(row, 2)->text().contains(u'T');
    }
    QVERIFY(sawDate);
    const QModelIndex sendTime =
        inspector->treeModel()->indexForPath(QStringLiteral("data.send_time"));
    QVERIFY(sendTime.isValid());
    const QString shown = sendTime.siblingAtColumn(PayloadTreeModel::ValueColumn).data().toString();
    // 1764000000000 ms: 2025-11-24 16:00 UTC, the 24th or 25th wherever this runs.
    QVERIFY2(shown.startsWith(QLatin1String("1764000000000  (2025-11-2")), qPrintable(shown));
    QCOMPARE(sendTime.data(PayloadTreeModel::ValueTextRole).toString(),
             QStringLiteral("1764000000000"));
}

void TestInspectorPane::prettyRawViewKeepsTheOrder()
{
    selectFirstRow();
    auto *inspector = m_tw->pane<InspectorPane>();
    QVERIFY(!inspector->prettyAction()->isChecked());
    inspector->setPretty(true);
    const QString pretty = inspector->rawText();
    // The members as sent (this body has data first), indented.
    QVERIFY2(pretty.startsWith(QLatin1String("{\n  \"data\": {\n    \"channel\": 7,\n")),
             qPrintable(pretty));
    // The strings exactly as sent, escapes included.
    QVERIFY(pretty.contains(QLatin1String(R"(\"quoted\" \\ text)")));
    inspector->setPretty(false);
    QCOMPARE(inspector->rawText(), QString::fromUtf8(m_body));
}

void TestInspectorPane::anotherAreaCanAddASection()
{
    auto *inspector = m_tw->pane<InspectorPane>();
    QSignalSpy shown(inspector, &InspectorPane::shownEventChanged);
    auto *section = new QLabel(QStringLiteral("forwarded"));
    const int index = inspector->addSection(section, QStringLiteral("Forwarding"));
    QCOMPARE(inspector->tabs()->widget(index), section);
    QVERIFY(index > InspectorPane::DeliveriesTab);
    selectFirstRow();
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.first().first().toLongLong(), inspector->shownEventId());
}

QTEST_MAIN(TestInspectorPane)
#include "tst_inspectorpane.moc"
