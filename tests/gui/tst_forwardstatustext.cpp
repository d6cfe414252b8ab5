#include "paint/timetext.h"
#include "panes/forwardstatustext.h"
#include "panes/forwardstatusview.h"

#include <QPalette>
#include <QTabWidget>
#include <QTest>

// The inspector's forwarding section: one line per target, by state.
class TestForwardStatusText final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void retryLinksOnlyForGivenUpRows();
    void retryUrlsParseStrictly();
    void eachStateSaysWhatHappened();
    void answersAreBoundedAndEscaped();
    void titleAndTabFollowTheRows();
};

namespace {

constexpr qint64 kNow = 1'764'000'000'000;

ForwardRecord row(ForwardState state, int attempts, int status, const QString &answer = {})
{
    ForwardRecord r;
    r.id = 1;
    r.eventId = 7;
    r.target = QStringLiteral("https://crm.example.com/hook");
    r.state = state;
    r.attempts = attempts;
    r.queuedAtMs = kNow - 60'000;
    r.lastAttemptAtMs = attempts > 0 ? kNow - 10'000 : 0;
    r.nextAttemptAtMs = kNow + 40'000;
    r.lastStatus = status;
    r.lastAnswer = answer;
    return r;
}

} // namespace

void TestForwardStatusText::eachStateSaysWhatHappened()
{
    const QString last = TimeText::full(kNow - 10'000);
    QCOMPARE(
        ForwardStatusText::line(row(ForwardState::Forwarded, 2, 200, QStringLiteral("ok")), kNow),
        QStringLiteral("https://crm.example.com/hook: Forwarded: HTTP 200 at %1 (attempt 2)")
            .arg(last));
    QCOMPARE(ForwardStatusText::line(row(ForwardState::Pending, 0, 0), kNow),
             QStringLiteral("https://crm.example.com/hook: Pending: queued at %1, first "
                            "attempt in 40 s")
                 .arg(TimeText::full(kNow - 60'000)));
    QCOMPARE(ForwardStatusText::line(
                 row(ForwardState::Pending, 3, 0, QStringLiteral("Connection refused")), kNow),
             QStringLiteral("https://crm.example.com/hook: Pending: no answer at %1 (attempt 3); "
                            "next attempt at %2 (in 40 s) — Connection refused")
                 .arg(last, TimeText::full(kNow + 40'000)));
    QCOMPARE(ForwardStatusText::line(
                 row(ForwardState::GivenUp, 1, 404, QStringLiteral("no such hook")), kNow),
             QStringLiteral("https://crm.example.com/hook: Given up: HTTP 404 at %1 (attempt 1) — "
                            "no such hook")
                 .arg(last));
    QCOMPARE(ForwardStatusText::plain({}, kNow), ForwardStatusText::none());
    const QString two = ForwardStatusText::plain(
        {row(ForwardState::Forwarded, 1, 204), row(ForwardState::GivenUp, 9, 503)}, kNow);
    QCOMPARE(two.count(u'\n'), 1);
}

void TestForwardStatusText::answersAreBoundedAndEscaped()
{
    const QString hostile = QStringLiteral("<script>alert(1)</script>") + QString(5000, u'x');
    const ForwardRecord r = row(ForwardState::GivenUp, 1, 400, hostile);
    const QString html = ForwardStatusText::html({r}, QPalette(), kNow);
    QVERIFY(!html.contains(QStringLiteral("<script>")));
    QVERIFY(html.contains(QStringLiteral("&lt;script&gt;")));
    QVERIFY(html.size() < 2000);
    QVERIFY(ForwardStatusText::line(r, kNow).size() < ForwardStatusText::kMaxAnswerShown + 200);
    ForwardRecord target = r;
    target.target = QStringLiteral("https://x.example.com/<b>");
    QVERIFY(ForwardStatusText::html({target}, QPalette(), kNow)
                .contains(QStringLiteral("https://x.example.com/&lt;b&gt;")));
}

void TestForwardStatusText::titleAndTabFollowTheRows()
{
    QCOMPARE(ForwardStatusText::title({}), QStringLiteral("Forwarding"));
    QCOMPARE(ForwardStatusText::title({row(ForwardState::Forwarded, 1, 200)}),
             QStringLiteral("Forwarding (done)"));
    QCOMPARE(ForwardStatusText::title(
                 {row(ForwardState::Forwarded, 1, 200), row(ForwardState::Pending, 1, 503)}),
             QStringLiteral("Forwarding (pending)"));
    QCOMPARE(ForwardStatusText::title(
                 {row(ForwardState::Pending, 1, 503), row(ForwardState::GivenUp, 1, 404)}),
             QStringLiteral("Forwarding (given up)"));

    QTabWidget tabs;
    tabs.addTab(new QWidget(&tabs), QStringLiteral("Tree"));
    auto *view = new ForwardStatusView(&tabs);
    view->attachTo(&tabs);
    QCOMPARE(tabs.indexOf(view), 1);
    QVERIFY(!tabs.isTabEnabled(1)); // nothing shown
    view->showRows(7, {row(ForwardState::GivenUp, 2, 410)});
    QVERIFY(tabs.isTabEnabled(1));
    QCOMPARE(tabs.tabText(1), QStringLiteral("Forwarding (given up)"));
    QVERIFY(view->toPlainText().contains(QStringLiteral("given up")));
    view->showRows(8, {});
    QVERIFY(view->toPlainText().startsWith(QStringLiteral("Not forwarded")));
    view->showNothing();
    QVERIFY(!tabs.isTabEnabled(1));
    QCOMPARE(view->toPlainText(), QString());
}

// "Retry now" only when asked (the window's own store) and only on given-up
// rows; the link names the row.
void TestForwardStatusText::retryLinksOnlyForGivenUpRows()
{
    ForwardRecord given = row(ForwardState::GivenUp, 2, 404);
    given.id = 42;
    const ForwardRecord pending = row(ForwardState::Pending, 1, 503);
    const ForwardRecord done = row(ForwardState::Forwarded, 1, 200);
    QVERIFY(!ForwardStatusText::html({given}, QPalette(), kNow).contains(u"retry:"));
    const QString html = ForwardStatusText::html({done, given, pending}, QPalette(), kNow, true);
    QCOMPARE(html.count(QStringLiteral("href=")), 1);
    QVERIFY(html.contains(QStringLiteral("href=\"retry:42\"")));
    QVERIFY(html.contains(QStringLiteral("Retry now")));
}

void TestForwardStatusText::retryUrlsParseStrictly()
{
    QCOMPARE(ForwardStatusText::retryIdOf(ForwardStatusText::retryUrl(7)), qint64(7));
    for (const char *bad : {"retry:", "retry:abc", "retry:-3", "retry:0", "retry:7x",
                            "retry:99999999999999999999", "http://retry:7", "Retry:7", ""})
        QCOMPARE(ForwardStatusText::retryIdOf(QString::fromLatin1(bad)), qint64(0));
}

QTEST_MAIN(TestForwardStatusText)
#include "tst_forwardstatustext.moc"
