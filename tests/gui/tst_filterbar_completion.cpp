#include "filterbar/filterbar.h"
#include "records/eventrecord.h"
#include "settings/settings.h"
#include "testsupport_filterbar.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

// What the filter bar offers to write with: completion of field names and
// values at the cursor, and the history of applied filters (Up and Down, the
// drop-down menu, kept in Settings). Typing, applying and the states of the
// box are in tst_filterbar.cpp.
class TestFilterBarCompletion final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void completesFieldNames();
    void completesValuesOfTheField();
    void completionActivationReplacesTheTerm();
    void completionKeepsNegationAndQuotes();
    void enterWithCompletionOpenApplies();
    void upAndDownRecallHistory();
    void enterAddsToHistory();
    void historyPersistsThroughSettings();
    void historyMenuAppliesAnEntry();

private:
    void type(const QString &text);

    std::unique_ptr<FilterBar> m_bar;
};

void TestFilterBarCompletion::init()
{
    m_bar = std::make_unique<FilterBar>();
    QVERIFY(showForTyping(*m_bar));
}

void TestFilterBarCompletion::cleanup()
{
    m_bar.reset();
}

void TestFilterBarCompletion::type(const QString &text)
{
    typeInto(*m_bar, text);
}

void TestFilterBarCompletion::completesFieldNames()
{
    type(QStringLiteral("ty"));
    QCOMPARE(m_bar->currentCompletions(), QStringList{QStringLiteral("type:")});
    QTRY_VERIFY(m_bar->completer()->popup()->isVisible());

    type(QStringLiteral(" -s"));
    QCOMPARE(m_bar->currentCompletions(),
             (QStringList{QStringLiteral("session:"), QStringLiteral("sender:"),
                          QStringLiteral("since:")}));

    // Every field name is offered on request (Ctrl+Space) after a space.
    type(QStringLiteral("ession:s1 "));
    QTest::keyClick(m_bar->lineEdit(), Qt::Key_Escape); // closes the popup only
    QTest::keyClick(m_bar->lineEdit(), Qt::Key_Space, Qt::ControlModifier);
    QStringList all;
    for (const QString &name : FilterExpression::fieldNames())
        all.append(name + QLatin1Char(':'));
    QCOMPARE(m_bar->currentCompletions(), all);
}

void TestFilterBarCompletion::completesValuesOfTheField()
{
    m_bar->setCompletionValues(QStringLiteral("channel"),
                               {QStringLiteral("WhatsApp API"), QStringLiteral("LINE"),
                                QStringLiteral("Telegram"), QStringLiteral("LINE")});
    m_bar->setCompletionValues(
        QStringLiteral("user"),
        {QStringLiteral("cu_1"), QStringLiteral("cu 2"), QStringLiteral("other")});
    QCOMPARE(m_bar->completionValues(QStringLiteral("channel")).size(), 3);

    type(QStringLiteral("channel:"));
    QCOMPARE(m_bar->currentCompletions(),
             (QStringList{QStringLiteral("\"WhatsApp API\""), QStringLiteral("LINE"),
                          QStringLiteral("Telegram")}));
    type(QStringLiteral("wh"));
    QCOMPARE(m_bar->currentCompletions(), QStringList{QStringLiteral("\"WhatsApp API\"")});

    m_bar->lineEdit()->clear();
    type(QStringLiteral("User:cu"));
    QCOMPARE(m_bar->currentCompletions(),
             (QStringList{QStringLiteral("cu_1"), QStringLiteral("\"cu 2\"")}));

    // Built-in values.
    m_bar->lineEdit()->clear();
    type(QStringLiteral("verified:"));
    QCOMPARE(m_bar->currentCompletions(),
             (QStringList{QStringLiteral("yes"), QStringLiteral("no")}));

    // Nothing for free text or unknown fields.
    m_bar->lineEdit()->clear();
    type(QStringLiteral("10:3"));
    QVERIFY(!m_bar->completer()->popup()->isVisible());
}

void TestFilterBarCompletion::completionActivationReplacesTheTerm()
{
    m_bar->setCompletionValues(QStringLiteral("channel"),
                               {QStringLiteral("WhatsApp API"), QStringLiteral("LINE")});
    m_bar->setApplyDelay(-1);
    QSignalSpy spy(m_bar.get(), &FilterBar::filterChanged);
    type(QStringLiteral("type:text cha"));
    QTRY_VERIFY(m_bar->completer()->popup()->isVisible());
    QAbstractItemView *popup = m_bar->completer()->popup();
    popup->setCurrentIndex(popup->model()->index(0, 0));
    QTest::keyClick(popup, Qt::Key_Return);
    QCOMPARE(spy.size(), 0); // choosing is not applying
    QCOMPARE(m_bar->text(), QStringLiteral("type:text channel:"));
    // The channel values follow at once.
    QTRY_VERIFY(m_bar->completer()->popup()->isVisible());
    QCOMPARE(m_bar->currentCompletions(),
             (QStringList{QStringLiteral("\"WhatsApp API\""), QStringLiteral("LINE")}));
    popup->setCurrentIndex(popup->model()->index(0, 0));
    QTest::keyClick(popup, Qt::Key_Return);
    QCOMPARE(m_bar->text(), QStringLiteral("type:text channel:\"WhatsApp API\" "));
    QCOMPARE(spy.size(), 0);
    QVERIFY(m_bar->history().isEmpty());
    QCOMPARE(m_bar->lineEdit()->cursorPosition(), m_bar->text().size());
    QCOMPARE(m_bar->state(), FilterBar::State::Valid);
}

void TestFilterBarCompletion::completionKeepsNegationAndQuotes()
{
    m_bar->setCompletionValues(QStringLiteral("user"),
                               {QStringLiteral("cu_1"), QStringLiteral("cu \"2\"")});
    type(QStringLiteral("refund -user:\"cu"));
    QCOMPARE(m_bar->currentCompletions().size(), 2);
    QTRY_VERIFY(m_bar->completer()->popup()->isVisible());
    QAbstractItemView *popup = m_bar->completer()->popup();
    popup->setCurrentIndex(popup->model()->index(1, 0));
    QTest::keyClick(popup, Qt::Key_Return);
    QCOMPARE(m_bar->text(), QStringLiteral("refund -user:\"cu \\\"2\\\"\" "));
    QCOMPARE(m_bar->state(), FilterBar::State::Valid);
    m_bar->applyNow();
    EventRecord probe;
    probe.chatUserId = QStringLiteral("cu \"2\"");
    probe.msg = QStringLiteral("refund");
    QVERIFY(!m_bar->filter().matches(probe));
    probe.chatUserId = QStringLiteral("cu_1");
    QVERIFY(m_bar->filter().matches(probe));
}

void TestFilterBarCompletion::enterWithCompletionOpenApplies()
{
    m_bar->setApplyDelay(-1);
    QSignalSpy spy(m_bar.get(), &FilterBar::filterChanged);
    type(QStringLiteral("ty"));
    QTRY_VERIFY(m_bar->completer()->popup()->isVisible());
    // Nothing chosen in the list: Enter applies what was typed (a word search).
    QTest::keyClick(m_bar->completer()->popup(), Qt::Key_Return);
    QVERIFY(!m_bar->completer()->popup()->isVisible());
    QCOMPARE(m_bar->text(), QStringLiteral("ty"));
    QCOMPARE(spy.size(), 1);
    QCOMPARE(m_bar->filter().text(), QStringLiteral("ty"));
}

void TestFilterBarCompletion::upAndDownRecallHistory()
{
    m_bar->setHistory({QStringLiteral("type:text"), QStringLiteral("channel:7")});
    type(QStringLiteral("draft"));
    QLineEdit *edit = m_bar->lineEdit();
    QTest::keyClick(edit, Qt::Key_Up);
    QCOMPARE(m_bar->text(), QStringLiteral("type:text"));
    QTest::keyClick(edit, Qt::Key_Up);
    QCOMPARE(m_bar->text(), QStringLiteral("channel:7"));
    QTest::keyClick(edit, Qt::Key_Up); // oldest: stays
    QCOMPARE(m_bar->text(), QStringLiteral("channel:7"));
    QTest::keyClick(edit, Qt::Key_Down);
    QCOMPARE(m_bar->text(), QStringLiteral("type:text"));
    QTest::keyClick(edit, Qt::Key_Down);
    QCOMPARE(m_bar->text(), QStringLiteral("draft"));
}

void TestFilterBarCompletion::enterAddsToHistory()
{
    m_bar->setHistory({QStringLiteral("type:text")});
    type(QStringLiteral("channel:7"));
    QTest::keyClick(m_bar->lineEdit(), Qt::Key_Return);
    QCOMPARE(m_bar->history(),
             (QStringList{QStringLiteral("channel:7"), QStringLiteral("type:text")}));
    m_bar->lineEdit()->clear();
    type(QStringLiteral("type:text"));
    QTest::keyClick(m_bar->lineEdit(), Qt::Key_Return);
    QCOMPARE(m_bar->history(),
             (QStringList{QStringLiteral("type:text"), QStringLiteral("channel:7")}));
    // An invalid text is not remembered.
    m_bar->lineEdit()->clear();
    type(QStringLiteral("chanel:7"));
    QTest::keyClick(m_bar->lineEdit(), Qt::Key_Return);
    QCOMPARE(m_bar->history().size(), 2);
}

void TestFilterBarCompletion::historyPersistsThroughSettings()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    {
        Settings settings(dir.path());
        settings.addToFilterHistory(QStringLiteral("older"));
        m_bar->setSettings(&settings);
        QCOMPARE(m_bar->history(), QStringList{QStringLiteral("older")});
        m_bar->setText(QStringLiteral("type:text"));
        m_bar->setSettings(nullptr);
    }
    Settings again(dir.path());
    QCOMPARE(again.filterHistory(),
             (QStringList{QStringLiteral("type:text"), QStringLiteral("older")}));
}

void TestFilterBarCompletion::historyMenuAppliesAnEntry()
{
    QMenu *menu = m_bar->historyMenu();
    QCOMPARE(menu->actions().size(), 1);
    QVERIFY(!menu->actions().first()->isEnabled()); // "No recent filters"
    auto *button = m_bar->findChild<QToolButton *>();
    QVERIFY(button);
    button->click();
    QTRY_VERIFY(menu->isVisible());
    menu->hide();

    m_bar->setHistory({QStringLiteral("type:text"), QStringLiteral("a && b")});
    const QList<QAction *> actions = menu->actions();
    QCOMPARE(actions.size(), 2);
    QCOMPARE(actions.at(1)->data().toString(), QStringLiteral("a && b"));
    QSignalSpy spy(m_bar.get(), &FilterBar::filterChanged);
    actions.at(0)->trigger();
    QCOMPARE(spy.size(), 1);
    QCOMPARE(m_bar->text(), QStringLiteral("type:text"));
}

QTEST_MAIN(TestFilterBarCompletion)
#include "tst_filterbar_completion.moc"
