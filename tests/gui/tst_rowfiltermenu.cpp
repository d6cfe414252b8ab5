#include "filterbar/filterbar.h"
#include "filterbar/rowfiltermenu.h"
#include "records/eventrecord.h"

#include <QMenu>
#include <QSignalSpy>
#include <QTest>

namespace {

EventRecord message()
{
    EventRecord r;
    r.id = 42;
    r.event = QStringLiteral("message");
    r.kind = EventKind::Message;
    r.channel = 7;
    r.chatUserId = QStringLiteral("cu_1");
    r.chatSessionId = QStringLiteral("s 9"); // needs quotes
    r.msgType = QStringLiteral("text");
    r.msg = QStringLiteral("refund please");
    return r;
}

QAction *actionFor(QMenu &menu, const QString &term)
{
    for (QAction *action : menu.actions()) {
        if (action->data().toString() == term)
            return action;
    }
    return nullptr;
}

QStringList termsOf(const QMenu &menu)
{
    QStringList terms;
    for (const QAction *action : menu.actions()) {
        if (!action->isSeparator())
            terms.append(action->data().toString());
    }
    return terms;
}

} // namespace

class TestRowFilterMenu final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void offersIncludeAndExcludeForEveryValue();
    void actionTextsNameTheValue();
    void skipsEmptyValues();
    void actionAddsTheTermAndApplies_data();
    void actionAddsTheTermAndApplies();
    void termsMatchTheRow();
    void repeatedActionDoesNotDuplicate();
    void invalidTextInTheBarIsNotExtended();
    void keepsExistingMenuEntries();
};

void TestRowFilterMenu::offersIncludeAndExcludeForEveryValue()
{
    FilterBar bar;
    QMenu menu;
    RowFilterMenu::addActions(&menu, message(), &bar);
    QCOMPARE(termsOf(menu),
             (QStringList{QStringLiteral("user:cu_1"), QStringLiteral("session:\"s 9\""),
                          QStringLiteral("channel:7"), QStringLiteral("type:text"),
                          QStringLiteral("-user:cu_1"), QStringLiteral("-session:\"s 9\""),
                          QStringLiteral("-channel:7"), QStringLiteral("-type:text")}));
}

void TestRowFilterMenu::actionTextsNameTheValue()
{
    FilterBar bar;
    QMenu menu;
    EventRecord r = message();
    r.chatUserId = QStringLiteral("R&D customer with a very long identifier indeed");
    RowFilterMenu::addActions(&menu, r, &bar);
    const QString customer = menu.actions().at(0)->text();
    QVERIFY2(customer.startsWith(QLatin1String("Filter on this customer (R&&D")),
             qPrintable(customer));
    QVERIFY(customer.contains(QChar(0x2026))); // shortened
    QCOMPARE(actionFor(menu, QStringLiteral("channel:7"))->text(),
             QStringLiteral("Filter on this channel (WhatsApp API)"));
    QCOMPARE(actionFor(menu, QStringLiteral("-type:text"))->text(),
             QStringLiteral("Exclude this type (text)"));
}

void TestRowFilterMenu::skipsEmptyValues()
{
    FilterBar bar;
    QMenu menu;
    EventRecord r;
    r.event = QStringLiteral("update_user");
    r.chatUserId = QStringLiteral("cu_2");
    RowFilterMenu::addActions(&menu, r, &bar); // no channel, session or type
    QCOMPARE(termsOf(menu),
             (QStringList{QStringLiteral("user:cu_2"), QStringLiteral("-user:cu_2")}));

    QMenu none;
    RowFilterMenu::addActions(&none, EventRecord(), &bar);
    QVERIFY(none.isEmpty());
}

void TestRowFilterMenu::actionAddsTheTermAndApplies_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("term");
    QTest::addColumn<QString>("after");
    QTest::newRow("empty bar") << QString() << QStringLiteral("user:cu_1")
                               << QStringLiteral("user:cu_1");
    QTest::newRow("AND") << QStringLiteral("refund") << QStringLiteral("channel:7")
                         << QStringLiteral("refund channel:7");
    QTest::newRow("exclude") << QStringLiteral("channel:7") << QStringLiteral("-type:text")
                             << QStringLiteral("channel:7 -type:text");
    QTest::newRow("after OR") << QStringLiteral("channel:7 OR channel:6")
                              << QStringLiteral("session:\"s 9\"")
                              << QStringLiteral("channel:7 OR channel:6 session:\"s 9\"");
}

void TestRowFilterMenu::actionAddsTheTermAndApplies()
{
    QFETCH(QString, before);
    QFETCH(QString, term);
    QFETCH(QString, after);
    FilterBar bar;
    bar.setText(before);
    QMenu menu;
    RowFilterMenu::addActions(&menu, message(), &bar);
    QSignalSpy spy(&bar, &FilterBar::filterChanged);
    QAction *action = actionFor(menu, term);
    QVERIFY(action);
    action->trigger();
    QCOMPARE(bar.text(), after);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(bar.filter().text(), after);
    QVERIFY(bar.filter().isValid());
}

void TestRowFilterMenu::termsMatchTheRow()
{
    // Each "filter on" keeps the row; each "exclude" drops it.
    const EventRecord row = message();
    FilterBar bar;
    QMenu menu;
    RowFilterMenu::addActions(&menu, row, &bar);
    for (QAction *action : menu.actions()) {
        if (action->isSeparator())
            continue;
        bar.setText(QString());
        action->trigger();
        const bool exclude = action->data().toString().startsWith(u'-');
        QVERIFY2(bar.filter().matches(row) != exclude, qPrintable(bar.text()));
    }
}

void TestRowFilterMenu::repeatedActionDoesNotDuplicate()
{
    FilterBar bar;
    QMenu menu;
    RowFilterMenu::addActions(&menu, message(), &bar);
    QAction *action = actionFor(menu, QStringLiteral("user:cu_1"));
    action->trigger();
    action->trigger();
    QCOMPARE(bar.text(), QStringLiteral("user:cu_1"));
}

void TestRowFilterMenu::invalidTextInTheBarIsNotExtended()
{
    FilterBar bar;
    bar.setText(QStringLiteral("type:text"));
    bar.setText(QStringLiteral("type:text chanel:7")); // invalid: not applied
    QMenu menu;
    RowFilterMenu::addActions(&menu, message(), &bar);
    actionFor(menu, QStringLiteral("user:cu_1"))->trigger();
    QCOMPARE(bar.text(), QStringLiteral("type:text user:cu_1"));
    QCOMPARE(bar.filter().text(), QStringLiteral("type:text user:cu_1"));
}

void TestRowFilterMenu::keepsExistingMenuEntries()
{
    FilterBar bar;
    QMenu menu;
    menu.addAction(QStringLiteral("Copy"));
    RowFilterMenu::addActions(&menu, message(), &bar);
    QCOMPARE(menu.actions().first()->text(), QStringLiteral("Copy"));
    QVERIFY(menu.actions().at(1)->isSeparator());
    QCOMPARE(menu.actions().size(), 1 + 1 + 4 + 1 + 4);
}

QTEST_MAIN(TestRowFilterMenu)
#include "tst_rowfiltermenu.moc"
