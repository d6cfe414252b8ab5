#include "filterbar/filterbar.h"
#include "testsupport_filterbar.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCompleter>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

#include <memory>

namespace {

// Pixels of the "bad" tone (the wavy underline and the marked term's
// background are drawn from it; nothing else in the bar is that red).
int redPixels(const QImage &image, int fromX, int toX)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = qMax(0, fromX); x < qMin(image.width(), toX); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() > 150 && c.green() < 110 && c.blue() < 110)
                ++count;
        }
    }
    return count;
}

QColor baseOf(const FilterBar &bar)
{
    return bar.lineEdit()->palette().color(QPalette::Base);
}

} // namespace

// Typing and applying, and what the box shows meanwhile (tints, the marked
// term, the label). Completion and history: tst_filterbar_completion.cpp.
class TestFilterBar final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void startsEmptyAndNeutral();
    void validTextIsTintedGreen();
    void invalidTextMarksTheTerm_data();
    void invalidTextMarksTheTerm();
    void markIsPaintedUnderTheBadTerm();
    void emitsOnlyValidFilters();
    void invalidTextKeepsTheAppliedFilter();
    void debounceAppliesAfterTyping();
    void negativeDelayAppliesOnEnterOnly();
    void enterReappliesTheSameText();
    void escapeClearsAndApplies();
    void clearButtonClearsAndApplies();
    void markingKeepsSelectionAndUndo();
    void setTextAppliesAtOnce();
    void addTermAndsToTheText();
    void screenshots();

private:
    void type(const QString &text);

    std::unique_ptr<FilterBar> m_bar;
};

void TestFilterBar::init()
{
    m_bar = std::make_unique<FilterBar>();
    QVERIFY(showForTyping(*m_bar));
}

void TestFilterBar::cleanup()
{
    m_bar.reset();
}

void TestFilterBar::type(const QString &text)
{
    typeInto(*m_bar, text);
}

void TestFilterBar::startsEmptyAndNeutral()
{
    QCOMPARE(m_bar->state(), FilterBar::State::Empty);
    QVERIFY(m_bar->filter().isEmpty());
    QVERIFY(m_bar->filter().isValid());
    QCOMPARE(baseOf(*m_bar), m_bar->palette().color(QPalette::Base));
    QVERIFY(!m_bar->findChild<QLabel *>()->isVisible());
}

void TestFilterBar::validTextIsTintedGreen()
{
    type(QStringLiteral("channel:7 type:text"));
    QCOMPARE(m_bar->state(), FilterBar::State::Valid);
    const QColor base = baseOf(*m_bar);
    QVERIFY(base != m_bar->palette().color(QPalette::Base));
    QVERIFY2(base.green() > base.red() && base.green() > base.blue(), qPrintable(base.name()));
    QCOMPARE(m_bar->markedStart(), -1);
}

void TestFilterBar::invalidTextMarksTheTerm_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("length");
    QTest::newRow("unknown field") << QStringLiteral("channel:7 chanel:x refund") << 10 << 8;
    QTest::newRow("bad value") << QStringLiteral("sender:bot") << 0 << 10;
    QTest::newRow("dangling OR") << QStringLiteral("type:text OR") << 10 << 2;
    QTest::newRow("bad date") << QStringLiteral("a since:2026-02-30") << 2 << 16;
}

void TestFilterBar::invalidTextMarksTheTerm()
{
    QFETCH(QString, text);
    QFETCH(int, start);
    QFETCH(int, length);
    type(text);
    const FilterExpression parsed = FilterExpression::parse(text);
    QVERIFY(!parsed.isValid());
    QCOMPARE(m_bar->state(), FilterBar::State::Invalid);
    QCOMPARE(m_bar->markedStart(), parsed.errorPosition());
    QCOMPARE(m_bar->markedStart(), start);
    QCOMPARE(m_bar->markedLength(), length);
    QCOMPARE(m_bar->errorMessage(), parsed.errorMessage());
    QVERIFY(m_bar->lineEdit()->toolTip().contains(parsed.errorMessage()));
    const auto *label = m_bar->findChild<QLabel *>();
    QVERIFY(label->isVisible());
    QVERIFY(!label->text().isEmpty());
    QVERIFY(label->toolTip().contains(parsed.errorMessage()));
    const QColor base = baseOf(*m_bar);
    QVERIFY2(base.red() > base.green() && base.red() > base.blue(), qPrintable(base.name()));
}

void TestFilterBar::markIsPaintedUnderTheBadTerm()
{
    QLineEdit *edit = m_bar->lineEdit();
    const int middle = edit->width() / 2;

    type(QStringLiteral("channel:7 type:text"));
    QApplication::processEvents();
    const QImage valid = edit->grab().toImage();
    QCOMPARE(redPixels(valid, 0, valid.width()), 0);

    // The bad term at the start: red on the left of the box only.
    edit->clear();
    type(QStringLiteral("chanel:7 type:text"));
    QApplication::processEvents();
    QImage image = edit->grab().toImage();
    const int left = redPixels(image, 0, middle);
    QVERIFY2(left > 20, qPrintable(QString::number(left)));
    QCOMPARE(redPixels(image, middle, image.width()), 0);

    // Fixed: the mark goes.
    edit->setCursorPosition(4);
    type(QStringLiteral("n"));
    QCOMPARE(m_bar->state(), FilterBar::State::Valid);
    QApplication::processEvents();
    image = edit->grab().toImage();
    QCOMPARE(redPixels(image, 0, image.width()), 0);
}

void TestFilterBar::emitsOnlyValidFilters()
{
    m_bar->setApplyDelay(-1);
    QSignalSpy spy(m_bar.get(), &FilterBar::filterChanged);
    type(QStringLiteral("chanel:7"));
    QTest::keyClick(m_bar->lineEdit(), Qt::Key_Return);
    QCOMPARE(spy.size(), 0);
    QVERIFY(m_bar->filter().isEmpty());

    m_bar->lineEdit()->setCursorPosition(4);
    type(QStringLiteral("n"));
    QCOMPARE(m_bar->text(), QStringLiteral("channel:7"));
    QTest::keyClick(m_bar->lineEdit(), Qt::Key_Return);
    QCOMPARE(spy.size(), 1);
    const auto filter = spy.at(0).at(0).value<FilterExpression>();
    QVERIFY(filter.isValid());
    QCOMPARE(filter.text(), QStringLiteral("channel:7"));
    QCOMPARE(m_bar->filter().text(), QStringLiteral("channel:7"));
}

void TestFilterBar::invalidTextKeepsTheAppliedFilter()
{
    m_bar->setText(QStringLiteral("type:text"));
    QSignalSpy spy(m_bar.get(), &FilterBar::filterChanged);
    m_bar->setApplyDelay(10);
    type(QStringLiteral(" sender:bot"));
    // The delay runs out (its timer fires) and the invalid text is not applied.
    QVERIFY(m_bar->isApplyPending());
    QTRY_VERIFY(!m_bar->isApplyPending());
    QTest::keyClick(m_bar->lineEdit(), Qt::Key_Return);
    QCOMPARE(spy.size(), 0);
    QCOMPARE(m_bar->filter().text(), QStringLiteral("type:text"));
    QCOMPARE(m_bar->state(), FilterBar::State::Invalid);
    QVERIFY(m_bar->lineEdit()->toolTip().contains(QStringLiteral("type:text")));
}

void TestFilterBar::debounceAppliesAfterTyping()
{
    m_bar->setApplyDelay(60);
    QSignalSpy spy(m_bar.get(), &FilterBar::filterChanged);
    type(QStringLiteral("refund"));
    QCOMPARE(spy.size(), 0); // not on every keystroke
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(m_bar->filter().text(), QStringLiteral("refund"));
    // And only once: no further apply is scheduled.
    QVERIFY(!m_bar->isApplyPending());
    QCOMPARE(spy.size(), 1);
    // Applying by waiting does not fill the history with every pause.
    QVERIFY(m_bar->history().isEmpty());
}

void TestFilterBar::negativeDelayAppliesOnEnterOnly()
{
    m_bar->setApplyDelay(-1);
    QSignalSpy spy(m_bar.get(), &FilterBar::filterChanged);
    type(QStringLiteral("refund"));
    // No delay runs that could apply it by waiting.
    QVERIFY(!m_bar->isApplyPending());
    QCOMPARE(spy.size(), 0);
    QVERIFY(m_bar->findChild<QLabel *>()->isVisible()); // "Enter to apply"
    QTest::keyClick(m_bar->lineEdit(), Qt::Key_Enter);
    QCOMPARE(spy.size(), 1);
    QVERIFY(!m_bar->findChild<QLabel *>()->isVisible());
}

void TestFilterBar::enterReappliesTheSameText()
{
    m_bar->setText(QStringLiteral("since:2h"));
    QSignalSpy spy(m_bar.get(), &FilterBar::filterChanged);
    QTest::keyClick(m_bar->lineEdit(), Qt::Key_Return);
    QCOMPARE(spy.size(), 1); // relative times count from now again
}

void TestFilterBar::escapeClearsAndApplies()
{
    m_bar->setText(QStringLiteral("type:text"));
    QSignalSpy spy(m_bar.get(), &FilterBar::filterChanged);
    QTest::keyClick(m_bar->lineEdit(), Qt::Key_Escape);
    QCOMPARE(m_bar->text(), QString());
    QCOMPARE(spy.size(), 1);
    QVERIFY(m_bar->filter().isEmpty());
    QCOMPARE(m_bar->state(), FilterBar::State::Empty);
}

void TestFilterBar::clearButtonClearsAndApplies()
{
    m_bar->setText(QStringLiteral("type:text"));
    QSignalSpy spy(m_bar.get(), &FilterBar::filterChanged);
    // QLineEdit's clear button, a QToolButton inside it.
    auto *clear = m_bar->lineEdit()->findChild<QToolButton *>();
    QVERIFY(clear);
    QTRY_VERIFY(clear->isVisible());
    clear->click();
    QTRY_COMPARE(m_bar->text(), QString());
    QCOMPARE(spy.size(), 1); // at once, not after the typing delay
    QVERIFY(m_bar->filter().isEmpty());
}

void TestFilterBar::markingKeepsSelectionAndUndo()
{
    QLineEdit *edit = m_bar->lineEdit();
    type(QStringLiteral("type:text chanel:7"));
    m_bar->focusFilter();
    QApplication::processEvents(); // the mark is applied after the edit
    QCOMPARE(m_bar->state(), FilterBar::State::Invalid);
    QCOMPARE(edit->selectedText(), QStringLiteral("type:text chanel:7"));
    QVERIFY(edit->isUndoAvailable());
    QTest::keyClick(edit, Qt::Key_End);
    QTest::keyClick(edit, Qt::Key_Backspace);
    QApplication::processEvents();
    edit->undo();
    QCOMPARE(m_bar->text(), QStringLiteral("type:text chanel:7"));
    QCOMPARE(m_bar->markedStart(), 10);
}

void TestFilterBar::setTextAppliesAtOnce()
{
    QSignalSpy spy(m_bar.get(), &FilterBar::filterChanged);
    m_bar->setText(QStringLiteral("user:cu_1"));
    QCOMPARE(spy.size(), 1);
    QCOMPARE(m_bar->filter().text(), QStringLiteral("user:cu_1"));
    m_bar->setText(QStringLiteral("user:"));
    QCOMPARE(spy.size(), 1);
    QCOMPARE(m_bar->state(), FilterBar::State::Invalid);
    QCOMPARE(m_bar->filter().text(), QStringLiteral("user:cu_1"));
}

void TestFilterBar::addTermAndsToTheText()
{
    QSignalSpy spy(m_bar.get(), &FilterBar::filterChanged);
    m_bar->addTerm(QStringLiteral("user:cu_1"));
    QCOMPARE(m_bar->text(), QStringLiteral("user:cu_1"));
    m_bar->addTerm(QStringLiteral("-type:image"));
    QCOMPARE(m_bar->text(), QStringLiteral("user:cu_1 -type:image"));
    m_bar->addTerm(QStringLiteral("user:cu_1")); // already required
    QCOMPARE(m_bar->text(), QStringLiteral("user:cu_1 -type:image"));
    QCOMPARE(spy.size(), 3);
    QCOMPARE(m_bar->filter().text(), QStringLiteral("user:cu_1 -type:image"));

    // An invalid text in the box: the term goes to the applied filter.
    m_bar->lineEdit()->setText(QStringLiteral("user:cu_1 -type:image chanel:"));
    m_bar->addTerm(QStringLiteral("session:s9"));
    QCOMPARE(m_bar->text(), QStringLiteral("user:cu_1 -type:image session:s9"));
    QCOMPARE(m_bar->state(), FilterBar::State::Valid);
}

// Not a check: writes the bar's states as PNG files for docs/screenshots
// when HOOKSCOPE_SCREENSHOT_DIR is set.
void TestFilterBar::screenshots()
{
    const QString dir = qEnvironmentVariable("HOOKSCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("HOOKSCOPE_SCREENSHOT_DIR not set");
    const auto shoot = [this, &dir](const QString &text, const char *name) {
        m_bar->lineEdit()->setText(text);
        m_bar->lineEdit()->setCursorPosition(static_cast<int>(text.size()));
        QApplication::processEvents();
        QVERIFY(m_bar->grab().save(QDir(dir).filePath(QLatin1String(name))));
    };
    shoot(QString(), "filterbar-empty.png");
    shoot(QStringLiteral("channel:\"WhatsApp API\" type:text -verified:yes refund"),
          "filterbar-valid.png");
    shoot(QStringLiteral("channel:7 chanel:line type:text"), "filterbar-invalid.png");
    m_bar->setCompletionValues(
        QStringLiteral("channel"),
        {QStringLiteral("WhatsApp API"), QStringLiteral("LINE"), QStringLiteral("Telegram")});
    m_bar->lineEdit()->clear();
    type(QStringLiteral("type:text channel:"));
    QApplication::processEvents();
    QVERIFY(m_bar->completer()->popup()->isVisible());
    QVERIFY(m_bar->completer()->popup()->grab().save(
        QDir(dir).filePath(QStringLiteral("filterbar-completion-popup.png"))));
}

QTEST_MAIN(TestFilterBar)
#include "tst_filterbar.moc"
