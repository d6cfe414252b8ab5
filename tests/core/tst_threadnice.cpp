#include "store/threadnice.h"

#include <QTest>
#include <QThread>

#include <algorithm>
#include <memory>

// A thread's own nice value (Linux): raised for the calling thread only,
// never past 19, never lowered.
class TestThreadNice final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void raisesTheCallingThreadOnly();
    void stopsAtNineteenAndNeverLowers();
};

namespace {

// Runs `f` on a new thread and returns what it returned.
template<typename F>
auto onAThreadOfItsOwn(F f)
{
    decltype(f()) result{};
    std::unique_ptr<QThread> thread(QThread::create([&result, f] { result = f(); }));
    thread->start();
    thread->wait();
    return result;
}

} // namespace

void TestThreadNice::raisesTheCallingThreadOnly()
{
#ifndef Q_OS_LINUX
    QSKIP("a thread's own nice value is a Linux feature");
#else
    const int mine = ThreadNice::current();
    if (mine > 14)
        QSKIP("this process already runs at nice 15 or more");
    const std::pair<bool, int> theirs = onAThreadOfItsOwn([] {
        const bool raised = ThreadNice::raise(5);
        return std::make_pair(raised, ThreadNice::current());
    });
    QVERIFY(theirs.first);
    QCOMPARE(theirs.second, mine + 5);
    QCOMPARE(ThreadNice::current(), mine); // this thread kept its own
    // A new thread starts from its maker's value, not the raised one.
    QCOMPARE(onAThreadOfItsOwn([] { return ThreadNice::current(); }), mine);
#endif
}

void TestThreadNice::stopsAtNineteenAndNeverLowers()
{
#ifndef Q_OS_LINUX
    QSKIP("a thread's own nice value is a Linux feature");
#else
    const int mine = ThreadNice::current();
    const std::pair<int, int> values = onAThreadOfItsOwn([] {
        ThreadNice::raise(100);
        const int top = ThreadNice::current();
        ThreadNice::raise(-5); // never lowers
        return std::make_pair(top, ThreadNice::current());
    });
    QCOMPARE(values.first, 19);
    QCOMPARE(values.second, 19);
    QCOMPARE(ThreadNice::current(), mine);
#endif
}

QTEST_GUILESS_MAIN(TestThreadNice)
#include "tst_threadnice.moc"
