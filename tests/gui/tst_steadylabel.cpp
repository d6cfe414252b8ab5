#include "paint/steadylabel.h"

#include <QFont>
#include <QHBoxLayout>
#include <QTest>
#include <QWidget>

namespace {

// Counts the LayoutRequest events that reach a window: one arrives whenever
// something inside asks for the whole window to be laid out again.
class LayoutRequestCounter final : public QObject {
public:
    explicit LayoutRequestCounter(QWidget *window) { window->installEventFilter(this); }
    int count = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::LayoutRequest)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

// A window with a label beside a stretching one, as in the stream pane's row.
struct Row {
    QWidget window;
    QLabel *other = new QLabel(QStringLiteral("left"));
    explicit Row(QLabel *label)
    {
        auto *layout = new QHBoxLayout(&window);
        layout->addWidget(other, 1);
        layout->addWidget(label);
        window.resize(600, 40);
        window.show();
    }
    bool settle()
    {
        if (!QTest::qWaitForWindowExposed(&window))
            return false;
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        return true;
    }
};

// What a plain QLabel with the same text and font asks for: all of the text.
QSize plainHint(const QLabel *label)
{
    QLabel plain(label->text());
    plain.setFont(label->font());
    return plain.sizeHint();
}

} // namespace

class TestSteadyLabel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aTextThatFitsLeavesTheWindowsLayoutAlone();
    void aLongerTextWidensItAndAShorterOneKeepsTheWidth();
    void aNewFontMeasuresItAgain();
};

void TestSteadyLabel::aTextThatFitsLeavesTheWindowsLayoutAlone()
{
    // The contrast first: a plain label's new text lays the window out again.
    auto *plain = new QLabel(QStringLiteral("Loading… 1,000 events"));
    Row plainRow(plain);
    QVERIFY(plainRow.settle());
    LayoutRequestCounter plainRequests(&plainRow.window);
    plain->setText(QStringLiteral("Loading… 2,000 events"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCOMPARE_GT(plainRequests.count, 0);

    auto *steady = new SteadyLabel;
    steady->setSteadyText(QStringLiteral("Loading… 1,000,000 events")); // wider than the rest
    Row row(steady);
    QVERIFY(row.settle());
    LayoutRequestCounter requests(&row.window);
    for (int n = 2; n <= 9; ++n) {
        steady->setSteadyText(QStringLiteral("Loading… %1,000 events").arg(n));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    }
    QCOMPARE(requests.count, 0);
    QCOMPARE(steady->text(), QStringLiteral("Loading… 9,000 events"));
    QCOMPARE(steady->size(), steady->minimumSize()); // still fixed: nothing moved
}

void TestSteadyLabel::aLongerTextWidensItAndAShorterOneKeepsTheWidth()
{
    auto *steady = new SteadyLabel;
    steady->setSteadyText(QStringLiteral("9 events"));
    Row row(steady);
    QVERIFY(row.settle());
    const int narrow = steady->width();
    QCOMPARE(narrow, plainHint(steady).width());

    LayoutRequestCounter requests(&row.window);
    steady->setSteadyText(QStringLiteral("Loading… 10,000,000 events"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCOMPARE(requests.count, 1);
    QVERIFY(steady->width() > narrow);
    QCOMPARE(steady->width(), plainHint(steady).width()); // all of it shows
    const int wide = steady->width();

    steady->setSteadyText(QStringLiteral("10 events"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCOMPARE(requests.count, 1);
    QCOMPARE(steady->width(), wide);
    QVERIFY(plainHint(steady).width() < wide);
}

void TestSteadyLabel::aNewFontMeasuresItAgain()
{
    auto *steady = new SteadyLabel;
    steady->setSteadyText(QStringLiteral("Loading… 10,000,000 events"));
    steady->setSteadyText(QStringLiteral("10 events"));
    Row row(steady);
    QVERIFY(row.settle());
    QVERIFY(steady->width() > plainHint(steady).width());

    QFont larger = steady->font();
    larger.setPointSizeF(larger.pointSizeF() * 2);
    steady->setFont(larger);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCOMPARE(steady->size(), plainHint(steady));
}

QTEST_MAIN(TestSteadyLabel)
#include "tst_steadylabel.moc"
