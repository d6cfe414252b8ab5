#include "filterbar/filterbar.h"
#include "models/eventtablemodel.h"
#include "models/rowwindowmodel.h"
#include "paint/streamdelegate.h"
#include "panes/streampane.h"
#include "settings/settings.h"
#include "testsupport.h"
#include "webhooksender.h"
#include "window/mainactions.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTest>
#include <QTimer>

class TestStreamPane final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void signedDeliveriesAppearAsRows();
    void fixtureVectorsShowTheirVerification();
    void unverifiedRowsAreTinted();
    void notCheckedRowsAreNotTinted();
    void conflictsAndStaleDeliveriesAreMarked();
    void pauseHoldsNewRowsBack();
    void followNewestKeepsTheEndInViewUntilTheUserScrolls();
    void largeStoreLoadsBehindTheWindow();
    void aWindowOfRowsScrollsOverTheWholeStream();
    void sortingByAColumn();
    void copyPutsSelectedRowsOnTheClipboard();
    void rowMenuOffersFilters();
    void filterBarFiltersTheStream();
    void millisecondsOnDemandAreRemembered();
    void customerEventsShowAChangeSummary();
    void columnsFitTheirValues();
    void fittingMeasuresTheRowsOnScreen();
    void fittingAHiddenStreamMeasuresAScreenfulOnly();
    void headersSayWhichTimeTheyShow();
    void testDeliveriesWearABadge();

private:
    static int rowWithText(const EventTableModel *model, const QString &text);
    static QColor verificationCellColour(const StreamPane *stream, const QImage &image, int row);
};

// The background at the right end of a row's Verification cell.
QColor TestStreamPane::verificationCellColour(const StreamPane *stream, const QImage &image,
                                              int row)
{
    const QRect r = stream->view()->visualRect(
        stream->view()->model()->index(row, EventTableModel::Verification));
    return image.pixelColor(r.right() - 3, r.center().y());
}

int TestStreamPane::rowWithText(const EventTableModel *model, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->record(row).msg == text)
            return row;
    }
    return -1;
}

void TestStreamPane::signedDeliveriesAppearAsRows()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    QList<QByteArray> bodies;
    for (int i = 0; i < 5; ++i) {
        MessageSpec m;
        m.sequence = QString::number(i);
        m.text = QStringLiteral("message %1").arg(i);
        m.fromAgent = i == 4;
        bodies.append(messageBody(m));
    }
    QCOMPARE(tw.send(bodies).byStatus.value(200), 5);
    const EventTableModel *model = stream->model();
    QTRY_COMPARE(model->rowCount(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(model->index(i, EventTableModel::Text).data().toString(),
                 QStringLiteral("message %1").arg(i));
        QCOMPARE(model->index(i, EventTableModel::Channel).data().toString(),
                 QStringLiteral("WhatsApp API"));
        QCOMPARE(model->index(i, EventTableModel::Customer).data().toString(),
                 QStringLiteral("cu-1"));
        QCOMPARE(model->index(i, EventTableModel::Verification).data().toString(),
                 QStringLiteral("verified"));
    }
    QCOMPARE(model->index(0, EventTableModel::Direction).data().toString(),
             QStringLiteral("customer"));
    QCOMPARE(model->index(4, EventTableModel::Direction).data().toString(),
             QStringLiteral("agent"));
    QCOMPARE(stream->findChild<QLabel *>(QStringLiteral("streamCountLabel"))->text(),
             QStringLiteral("5 events"));
    // Text is moved last and takes the remaining width.
    const QHeaderView *header = stream->view()->horizontalHeader();
    QCOMPARE(header->logicalIndex(header->count() - 1), int(EventTableModel::Text));
}

void TestStreamPane::fixtureVectorsShowTheirVerification()
{
    TestWindow tw;
    const QList<FixtureVector> vectors = loadFixtureVectors();
    QVERIFY(!vectors.isEmpty());
    tw.sendVectors(vectors);
    auto *stream = tw.pane<StreamPane>();
    const EventTableModel *model = stream->model();
    // Strict policy: bad-signature and unsigned are refused; the two
    // deliveries of the first message are one event.
    int accepted = 0;
    for (const FixtureVector &v : vectors)
        accepted += v.expect.startsWith(QLatin1String("verified")) ? 1 : 0;
    QTRY_COMPARE(model->rowCount(), accepted - 1);
    for (int row = 0; row < model->rowCount(); ++row) {
        QVERIFY(model->index(row, 0).data(EventTableModel::VerifiedRole).toBool());
        const QString word = model->index(row, EventTableModel::Verification).data().toString();
        QVERIFY2(word.startsWith(QLatin1String("verified")), qPrintable(word));
    }
    bool sawTimestampMatch = false;
    for (int row = 0; row < model->rowCount(); ++row)
        // The word, whatever markers follow it (the fixtures' timestamps are old).
        sawTimestampMatch |= model->index(row, EventTableModel::Verification)
                                 .data()
                                 .toString()
                                 .startsWith(QLatin1String("verified+timestamp"));
    QVERIFY(sawTimestampMatch);
    // The retried message shows its two deliveries.
    const int twice = rowWithText(model, QStringLiteral("Hi, is the blue one in stock?"));
    QVERIFY(twice >= 0);
    QCOMPARE(model->index(twice, EventTableModel::Deliveries).data().toInt(), 2);
}

void TestStreamPane::unverifiedRowsAreTinted()
{
    TestWindow tw(VerifyPolicy::Record);
    auto *stream = tw.pane<StreamPane>();
    MessageSpec good, bad, none;
    good.sequence = QStringLiteral("1");
    good.text = QStringLiteral("good");
    bad.sequence = QStringLiteral("2");
    bad.text = QStringLiteral("bad");
    none.sequence = QStringLiteral("3");
    none.text = QStringLiteral("none");
    tw.send({messageBody(good)});
    tw.send({messageBody(bad)}, WebhookSender::SignMode::Bad);
    tw.send({messageBody(none)}, WebhookSender::SignMode::None);
    const EventTableModel *model = stream->model();
    QTRY_COMPARE(model->rowCount(), 3);
    stream->view()->clearSelection();
    stream->view()->setCurrentIndex(QModelIndex());
    QApplication::processEvents();
    const QImage image = stream->view()->viewport()->grab().toImage();
    const QColor base = stream->view()->palette().color(QPalette::Base);
    const auto cellColour = [&](int row) { return verificationCellColour(stream, image, row); };
    const int goodRow = rowWithText(model, QStringLiteral("good"));
    const int badRow = rowWithText(model, QStringLiteral("bad"));
    const int noneRow = rowWithText(model, QStringLiteral("none"));
    QCOMPARE(model->index(badRow, EventTableModel::Verification).data().toString(),
             QStringLiteral("bad-signature"));
    QCOMPARE(model->index(noneRow, EventTableModel::Verification).data().toString(),
             QStringLiteral("unsigned"));
    QCOMPARE(cellColour(goodRow), base);
    for (const int row : {badRow, noneRow}) {
        const QColor tint = cellColour(row);
        QVERIFY2(tint != base, qPrintable(tint.name()));
        QVERIFY(tint.red() > tint.blue());
    }
}

// Issue 9: an unsigned message that reuses a genuine one's ids is its own
// row, and both rows say so; a delivery stamped long ago says it is stale.
void TestStreamPane::conflictsAndStaleDeliveriesAreMarked()
{
    TestWindow tw(VerifyPolicy::Record);
    auto *stream = tw.pane<StreamPane>();
    MessageSpec forged, genuine, late;
    forged.sequence = genuine.sequence = QStringLiteral("5");
    forged.text = QStringLiteral("forged");
    genuine.text = QStringLiteral("genuine");
    late.sequence = QStringLiteral("6");
    late.text = QStringLiteral("late");
    tw.send({messageBody(forged)}, WebhookSender::SignMode::None);
    tw.send({messageBody(genuine)});
    const QByteArray body = messageBody(late);
    const QByteArray query =
        WebhookSender::signedQuery(body, kTestSecret, WebhookSender::SignMode::Exact,
                                   1'000'000'000'000); // 2001
    QCOMPARE(tw.sendRaw("POST /webhook?" + query +
                        " HTTP/1.1\r\nHost: test\r\n"
                        "Content-Type: application/json\r\nContent-Length: " +
                        QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body),
             200);
    const EventTableModel *model = stream->model();
    QTRY_COMPARE(model->rowCount(), 3);
    const auto verification = [model](const QString &text) {
        return model->index(rowWithText(model, text), EventTableModel::Verification)
            .data()
            .toString();
    };
    QCOMPARE(verification(QStringLiteral("forged")), QStringLiteral("unsigned · conflict"));
    QTRY_COMPARE(verification(QStringLiteral("genuine")), QStringLiteral("verified · conflict"));
    QCOMPARE(verification(QStringLiteral("late")), QStringLiteral("verified · stale"));

    // The genuine row is tinted too: one of the two is a forgery.
    stream->view()->clearSelection();
    stream->view()->setCurrentIndex(QModelIndex());
    QApplication::processEvents();
    const QImage image = stream->view()->viewport()->grab().toImage();
    const QColor base = stream->view()->palette().color(QPalette::Base);
    const QColor tint =
        verificationCellColour(stream, image, rowWithText(model, QStringLiteral("genuine")));
    QVERIFY2(tint != base, qPrintable(tint.name()));
    QCOMPARE(verificationCellColour(stream, image, rowWithText(model, QStringLiteral("late"))),
             base);
}

void TestStreamPane::notCheckedRowsAreNotTinted()
{
    TestWindow tw(VerifyPolicy::Strict, QByteArray()); // no secret configured
    auto *stream = tw.pane<StreamPane>();
    tw.send({messageBody(MessageSpec())}, WebhookSender::SignMode::None);
    QTRY_COMPARE(stream->model()->rowCount(), 1);
    QCOMPARE(stream->model()->index(0, EventTableModel::Verification).data().toString(),
             QStringLiteral("not-checked"));
    stream->view()->setCurrentIndex(QModelIndex());
    stream->view()->clearSelection();
    const QImage image = stream->view()->viewport()->grab().toImage();
    QCOMPARE(verificationCellColour(stream, image, 0),
             stream->view()->palette().color(QPalette::Base));
}

void TestStreamPane::pauseHoldsNewRowsBack()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    MessageSpec m;
    tw.send({messageBody(m)});
    QTRY_COMPARE(stream->model()->rowCount(), 1);
    stream->pauseAction()->trigger();
    QVERIFY(stream->model()->isPaused());
    QList<QByteArray> bodies;
    for (int i = 2; i <= 4; ++i) {
        m.sequence = QString::number(i);
        bodies.append(messageBody(m));
    }
    tw.send(bodies);
    auto *pending = stream->findChild<QLabel *>(QStringLiteral("pendingLabel"));
    QTRY_VERIFY2(pending->text().contains(QLatin1String("3")), qPrintable(pending->text()));
    QCOMPARE(stream->model()->rowCount(), 1);
    stream->pauseAction()->trigger();
    QTRY_COMPARE(stream->model()->rowCount(), 4);
    QVERIFY(pending->text().isEmpty());
}

void TestStreamPane::followNewestKeepsTheEndInViewUntilTheUserScrolls()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    QVERIFY(stream->isFollowing());
    tw.send(numberedMessages(80));
    QTRY_COMPARE(stream->model()->rowCount(), 80);
    QScrollBar *bar = stream->scrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    // The user scrolls up: following stops, as in a log viewer.
    bar->triggerAction(QAbstractSlider::SliderPageStepSub);
    QTRY_VERIFY(!stream->isFollowing());
    const int held = bar->value();
    MessageSpec more;
    more.sequence = QStringLiteral("1000");
    tw.send({messageBody(more)});
    QTRY_COMPARE(stream->model()->rowCount(), 81);
    QCOMPARE(bar->value(), held);
    // Follow newest again: back to the end.
    stream->followAction()->trigger();
    QTRY_COMPARE(bar->value(), bar->maximum());
}

// A store above the async threshold (lowered here) loads on the reader
// thread: the pane says so, then shows every row, keeps the newest in view
// and selects again the row that was selected.
void TestStreamPane::largeStoreLoadsBehindTheWindow()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    tw.send(numberedMessages(80, QStringLiteral("row %1")));
    EventTableModel *model = stream->model();
    QTRY_COMPARE(model->rowCount(), 80);
    stream->selectEvent(model->record(40).id);
    const qint64 selectedId = stream->currentRecord()->id;
    auto *count = stream->findChild<QLabel *>(QStringLiteral("streamCountLabel"));
    model->setAsyncLoadThreshold(0);
    model->reload();
    QVERIFY(model->isLoading());
    QVERIFY2(count->text().startsWith(QLatin1String("Loading")), qPrintable(count->text()));
    QTRY_VERIFY(!model->isLoading());
    QCOMPARE(model->rowCount(), 80);
    QCOMPARE(count->text(), QStringLiteral("80 events"));
    QVERIFY(stream->currentRecord());
    QCOMPARE(stream->currentRecord()->id, selectedId);
    QCOMPARE(stream->currentRecord()->msg, QStringLiteral("row 40"));
}

// The view holds a window of the stream's rows (64 here, of 300); the pane's
// scroll bar spans them all. Wherever the bar is put, the view's top row is
// that row of the stream; scrolling the view moves the window along; the
// current event survives the window's moves without being reported again;
// selecting, Ctrl+Home and following reach rows outside the window.
void TestStreamPane::aWindowOfRowsScrollsOverTheWholeStream()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    stream->setWindowRows(1); // raised to the least
    RowWindowModel *window = stream->rowWindow();
    QCOMPARE(window->windowRows(), StreamPane::kMinWindowRows);
    constexpr int kRows = 300;
    tw.send(numberedMessages(kRows, QStringLiteral("row %1")));
    EventTableModel *model = stream->model();
    QTRY_COMPARE(model->rowCount(), kRows);
    QCOMPARE(window->rowCount(), StreamPane::kMinWindowRows);
    QTableView *view = stream->view();
    QScrollBar *bar = stream->scrollBar();
    QVERIFY(bar->isVisible());
    QVERIFY(!view->verticalScrollBar()->isVisible());
    // Following: the window holds the newest rows, the bar is at its end.
    QTRY_COMPARE(window->windowStart(), kRows - StreamPane::kMinWindowRows);
    QTRY_COMPARE(bar->value(), bar->maximum());
    const int page = bar->pageStep();
    QVERIFY(page > 1 && page < StreamPane::kMinWindowRows / 2);
    QCOMPARE(bar->maximum(), kRows - page);
    const auto topRow = [&] { return window->mapToSource(view->indexAt(QPoint(4, 2))).row(); };
    // At the end, the last row's bottom is the view's (the top one cut).
    const auto bottomRow = [&] {
        return window->mapToSource(view->indexAt(QPoint(4, view->viewport()->height() - 2))).row();
    };
    QCOMPARE(bottomRow(), kRows - 1);

    bar->triggerAction(QAbstractSlider::SliderToMinimum);
    QTRY_VERIFY(!stream->isFollowing());
    QCOMPARE(window->windowStart(), 0);
    QCOMPARE(topRow(), 0);
    for (const int row : {150, 9, kRows - 1 - page, 64, 200}) {
        bar->setValue(row);
        QCOMPARE(topRow(), row);
        QCOMPARE(bar->value(), row);
    }

    // The current event, out of the window and back, reported once.
    QSignalSpy changed(stream, &StreamPane::currentEventChanged);
    QSignalSpy cleared(stream, &StreamPane::currentEventCleared);
    view->selectRow(window->mapFromSource(model->index(200, 0)).row());
    QCOMPARE(changed.size(), 1);
    const qint64 chosen = model->record(200).id;
    QCOMPARE(stream->currentRecord()->id, chosen);
    // Scrolled by the view's own means (a wheel turns its hidden bar): the
    // window follows when the top nears its end, and the pane's bar too.
    QScrollBar *inner = view->verticalScrollBar();
    int top = 200;
    while (top < 260) {
        const int before = window->windowStart();
        inner->setValue(inner->value() + 3);
        top += 3;
        QTRY_COMPARE(bar->value(), top);
        QTRY_COMPARE(topRow(), top);
        QVERIFY(window->windowStart() >= before);
    }
    QVERIFY(window->windowStart() > 200); // row 200 is out of the window
    QVERIFY(!stream->currentRecord());
    bar->setValue(190);
    QCOMPARE(topRow(), 190);
    QVERIFY(stream->currentRecord());
    QCOMPARE(stream->currentRecord()->id, chosen);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(cleared.size(), 0);

    // A row far from the window, selected by id.
    stream->selectEvent(model->record(5).id);
    QCOMPARE(stream->currentRecord()->id, model->record(5).id);
    QVERIFY(view->visualRect(view->currentIndex()).intersects(view->viewport()->rect()));
    // Ctrl+Home: the stream's first row, not the window's.
    bar->setValue(250);
    QTest::keyClick(view, Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(stream->currentRecord()->id, model->record(0).id);
    QCOMPARE(bar->value(), 0);

    // Follow newest: the end, and new rows slide the window along.
    stream->followAction()->trigger();
    QTRY_COMPARE(bar->value(), bar->maximum());
    QCOMPARE(bottomRow(), kRows - 1);
    tw.send(numberedMessages(5, QStringLiteral("late %1")));
    QTRY_COMPARE(model->rowCount(), kRows + 5);
    QTRY_COMPARE(window->windowStart(), kRows + 5 - StreamPane::kMinWindowRows);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QTRY_COMPARE(bottomRow(), kRows + 4);
}

void TestStreamPane::sortingByAColumn()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    QList<QByteArray> bodies;
    for (const QString &text :
         {QStringLiteral("bravo"), QStringLiteral("alpha"), QStringLiteral("charlie")}) {
        MessageSpec m;
        m.sequence = text;
        m.text = text;
        bodies.append(messageBody(m));
    }
    tw.send(bodies);
    QTRY_COMPARE(stream->model()->rowCount(), 3);
    stream->view()->sortByColumn(EventTableModel::Text, Qt::AscendingOrder);
    QTRY_COMPARE(
        columnTexts(stream->model(), EventTableModel::Text),
        (QStringList{QStringLiteral("alpha"), QStringLiteral("bravo"), QStringLiteral("charlie")}));
    stream->view()->sortByColumn(EventTableModel::Text, Qt::DescendingOrder);
    QTRY_COMPARE(columnTexts(stream->model(), EventTableModel::Text).constFirst(),
                 QStringLiteral("charlie"));
}

void TestStreamPane::copyPutsSelectedRowsOnTheClipboard()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    MessageSpec m;
    m.text = QStringLiteral("copy me");
    tw.send({messageBody(m)});
    QTRY_COMPARE(stream->model()->rowCount(), 1);
    stream->view()->selectRow(0);
    stream->view()->setFocus();
    QApplication::clipboard()->clear();
    tw.window()->actions()->action(MainActions::Copy)->trigger();
    const QString copied = QApplication::clipboard()->text();
    QVERIFY2(copied.startsWith(QLatin1String("Time\tSent\tChannel")), qPrintable(copied));
    QVERIFY(copied.contains(QLatin1String("copy me")));
    QVERIFY(copied.contains(QLatin1String("\tverified\t")));
}

void TestStreamPane::rowMenuOffersFilters()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    MessageSpec m;
    m.user = QStringLiteral("cu-menu");
    tw.send({messageBody(m)});
    QTRY_COMPARE(stream->model()->rowCount(), 1);
    QStringList texts;
    QTimer::singleShot(100, this, [&texts] {
        if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
            for (const QAction *a : menu->actions())
                texts.append(a->text());
            menu->close();
        }
    });
    const QRect cell = stream->view()->visualRect(stream->model()->index(0, 0));
    Q_EMIT stream->view()->customContextMenuRequested(cell.center());
    QVERIFY2(texts.contains(QStringLiteral("Copy Selected Rows")), qPrintable(texts.join(u'|')));
    bool customerFilter = false;
    for (const QString &t : std::as_const(texts))
        customerFilter |= t.startsWith(QLatin1String("Filter on this customer")) &&
                          t.contains(QLatin1String("cu-menu"));
    QVERIFY2(customerFilter, qPrintable(texts.join(u'|')));
}

void TestStreamPane::filterBarFiltersTheStream()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    QList<QByteArray> bodies;
    for (const int channel : {7, 6, 6}) {
        MessageSpec m;
        m.channel = channel;
        m.sequence = QString::number(bodies.size());
        bodies.append(messageBody(m));
    }
    tw.send(bodies);
    QTRY_COMPARE(stream->model()->rowCount(), 3);
    auto *bar = tw.window()->findChild<FilterBar *>();
    QVERIFY(bar);
    bar->setText(QStringLiteral("channel:6"));
    QTRY_COMPARE(stream->model()->rowCount(), 2);
    QCOMPARE(columnTexts(stream->model(), EventTableModel::Channel),
             (QStringList{QStringLiteral("LINE"), QStringLiteral("LINE")}));
}

void TestStreamPane::millisecondsOnDemandAreRemembered()
{
    auto tw = std::make_unique<TestWindow>();
    auto *stream = tw->pane<StreamPane>();
    QCOMPARE(tw->send(numberedMessages(2)).byStatus.value(200), 2);
    QTRY_COMPARE(stream->model()->rowCount(), 2);
    const QRegularExpression withMs(QStringLiteral(R"(\d\d:\d\d:\d\d\.\d\d\d$)"));
    QVERIFY(!withMs.match(stream->model()->index(0, EventTableModel::Time).data().toString())
                 .hasMatch());
    QAction *action = stream->millisecondsAction();
    QVERIFY(!action->shortcut().isEmpty());
    // In the View menu.
    bool inViewMenu = false;
    for (QAction *menu : tw->window()->menuBar()->actions()) {
        if (menu->menu() && menu->menu()->actions().contains(action))
            inViewMenu = true;
    }
    QVERIFY(inViewMenu);
    action->trigger();
    QVERIFY(withMs.match(stream->model()->index(0, EventTableModel::Time).data().toString())
                .hasMatch());
    QVERIFY(tw->settings()->streamMilliseconds());
    // A new window starts the way the user left it.
    const QString folder = tw->settingsFolder();
    Q_UNUSED(folder);
    Settings again(tw->settingsFolder());
    QVERIFY(again.streamMilliseconds());
    action->trigger();
    QVERIFY(!tw->settings()->streamMilliseconds());
}

void TestStreamPane::customerEventsShowAChangeSummary()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    const QList<QByteArray> bodies{
        customerBody(QStringLiteral("add_user"),
                     R"({"chat_user_id":"cu-7","name":"Maria","phone":"+1 555","channel":7})"),
        customerBody(QStringLiteral("update_user"),
                     R"({"chat_user_id":"cu-7","phone":"+1 556",)"
                     R"("labels":"[{\"id\":3,\"label_name\":\"VIP\"}]"})")};
    QCOMPARE(tw.send(bodies).byStatus.value(200), 2);
    QTRY_COMPARE(stream->model()->rowCount(), 2);
    QCOMPARE(stream->model()->index(1, EventTableModel::Direction).data().toString(),
             QStringLiteral("-"));
    QCOMPARE(stream->model()->index(1, EventTableModel::Text).data().toString(),
             QStringLiteral("phone, labels +VIP"));
}

void TestStreamPane::columnsFitTheirValues()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    QCOMPARE(tw.send(numberedMessages(3)).byStatus.value(200), 3);
    QTRY_COMPARE(stream->model()->rowCount(), 3);
    QTableView *view = stream->view();
    view->setColumnWidth(EventTableModel::Verification, 10); // cut, as the issue saw it
    stream->fitColumnsToContents();
    const QFontMetrics fm(view->font());
    const QString word = stream->model()->index(0, EventTableModel::Verification).data().toString();
    QVERIFY(view->columnWidth(EventTableModel::Verification) > fm.horizontalAdvance(word) + 14);
    // The Sent column is there, beside Time.
    const QHeaderView *header = view->horizontalHeader();
    QCOMPARE(header->visualIndex(EventTableModel::Sent), 1);
    QVERIFY(!stream->model()->index(0, EventTableModel::Sent).data().toString().isEmpty());
}

namespace {

// Counts the cells a fit asks for their size.
class CountingDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        ++asked;
        rows.insert(index.row());
        return QStyledItemDelegate::sizeHint(option, index);
    }
    mutable int asked = 0;
    mutable QSet<int> rows;
};

} // namespace

// The first rows of a large store are fitted on the GUI thread: the rows on
// screen per column, not the whole window and not their neighbours.
void TestStreamPane::fittingMeasuresTheRowsOnScreen()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    const int total = 300;
    QCOMPARE(tw.send(numberedMessages(total)).byStatus.value(200), total);
    QTRY_COMPARE(stream->model()->rowCount(), total);
    QTableView *view = stream->view();
    view->scrollTo(view->model()->index(150, 0), QAbstractItemView::PositionAtTop);
    const int firstVisible = view->rowAt(0);
    const int lastVisible = view->rowAt(view->viewport()->height() - 1);
    QVERIFY(firstVisible > 0 && lastVisible > firstVisible);
    auto *counting = new CountingDelegate(view);
    view->setItemDelegate(counting);
    stream->fitColumnsToContents();
    int fitted = 0;
    for (int column = 0; column < EventTableModel::ColumnCount; ++column)
        fitted += column != EventTableModel::Text && !view->isColumnHidden(column) ? 1 : 0;
    QVERIFY(fitted > 0);
    // Every row on screen, and none above or below it but the one that the
    // viewport's last pixel row may cut.
    for (int row = firstVisible; row <= lastVisible; ++row)
        QVERIFY2(counting->rows.contains(row), qPrintable(QString::number(row)));
    for (const int row : std::as_const(counting->rows))
        QVERIFY2(row >= firstVisible && row <= lastVisible + 1, qPrintable(QString::number(row)));
    QCOMPARE(counting->asked, fitted * int(counting->rows.size()));
}

// A view that is not shown has no rows on screen, and QTableView then
// measures every row of the model: up to the row window's 20,000 here. A fit
// while another tab is current measures a screenful at most.
void TestStreamPane::fittingAHiddenStreamMeasuresAScreenfulOnly()
{
    TestWindow tw;
    auto *stream = tw.pane<StreamPane>();
    const int total = 300;
    QCOMPARE(tw.send(numberedMessages(total)).byStatus.value(200), total);
    QTRY_COMPARE(stream->model()->rowCount(), total);
    QTableView *view = stream->view();
    const int screenful = stream->fitSampleRows();
    QVERIFY(screenful > 1 && screenful < total / 2);
    view->scrollToTop(); // every row below the top one is "on screen" once hidden
    stream->hide();
    QVERIFY(!view->isVisible());
    auto *counting = new CountingDelegate(view);
    view->setItemDelegate(counting);
    stream->fitColumnsToContents();
    QVERIFY(!counting->rows.isEmpty());
    QVERIFY2(counting->rows.size() <= screenful,
             qPrintable(QStringLiteral("%1 rows measured, a screenful is %2")
                            .arg(counting->rows.size())
                            .arg(screenful)));
}

void TestStreamPane::headersSayWhichTimeTheyShow()
{
    StreamPane pane;
    const QAbstractItemModel *model = pane.view()->model();
    QVERIFY(model->headerData(EventTableModel::Time, Qt::Horizontal, Qt::ToolTipRole)
                .toString()
                .contains(QLatin1String("received")));
    QVERIFY(model->headerData(EventTableModel::Sent, Qt::Horizontal, Qt::ToolTipRole)
                .toString()
                .contains(QLatin1String("SaleSmartly")));
}

void TestStreamPane::testDeliveriesWearABadge()
{
    // The delegate reads TestRole alone: a plain model is enough.
    QStandardItemModel model(2, EventTableModel::ColumnCount);
    for (int row = 0; row < 2; ++row) {
        QStandardItem *item = new QStandardItem(QStringLiteral("verified"));
        item->setData(int(Verification::Verified), EventTableModel::VerificationRole);
        item->setData(row == 0, EventTableModel::TestRole);
        model.setItem(row, EventTableModel::Verification, item);
    }
    StreamDelegate delegate;
    QStyleOptionViewItem option;
    option.font = QApplication::font();
    const int withBadge =
        delegate.sizeHint(option, model.index(0, EventTableModel::Verification)).width();
    const int without =
        delegate.sizeHint(option, model.index(1, EventTableModel::Verification)).width();
    QCOMPARE(withBadge - without, StreamDelegate::testBadgeSize(option.font).width() + 4);
    // Painted: the badge's ink shows where the plain row has none.
    QImage marked(300, 24, QImage::Format_ARGB32);
    QImage plain(300, 24, QImage::Format_ARGB32);
    for (auto [image, row] : {std::pair{&marked, 0}, std::pair{&plain, 1}}) {
        image->fill(Qt::white);
        QPainter painter(image);
        option.rect = image->rect();
        delegate.paint(&painter, option, model.index(row, EventTableModel::Verification));
    }
    QVERIFY(marked != plain);
}

QTEST_MAIN(TestStreamPane)
#include "tst_streampane.moc"
