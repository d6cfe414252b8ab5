#include "ingest/storewriter.h"
#include "records/forwardrecord.h"
#include "store/eventstore.h"
#include "testsupport_store.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kA = QStringLiteral("http://127.0.0.1:9/a");
const QString kB = QStringLiteral("http://127.0.0.1:9/b");

EventRecord makeEvent(int n, Verification v = Verification::Verified, int channel = 7)
{
    EventRecord r;
    r.receivedAtMs = 1764000000000 + n;
    r.event = QStringLiteral("message");
    r.channel = channel;
    r.chatUserId = QStringLiteral("cu1");
    r.msg = QStringLiteral("message %1").arg(n);
    r.verification = v;
    r.dedupeKey = QStringLiteral("m:cu1:%1").arg(n);
    r.payload = "{\"n\":" + QByteArray::number(n) + "}";
    return r;
}

// A writer on the test thread, opened; flush() commits synchronously.
bool openWriter(StoreWriter &writer, const QString &path)
{
    QSignalSpy opened(&writer, &StoreWriter::opened);
    writer.start(path);
    return opened.wait(10000) && opened.constFirst().value(0).toBool();
}

} // namespace

class TestForwardQueue final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stateWords();
    void enqueueOncePerTarget();
    void dueRowsInOrder();
    void attemptsAreRecordedOnPendingRowsOnly();
    void answersAreBounded();
    void givenUpRowsCanBeRetried();
    void summariesForTheExports();
    void writerQueuesMatchingVerifiedEvents();
    void duplicatesAreNotQueuedAgain();
    void eventAndForwardingCommitTogether();
};

void TestForwardQueue::stateWords()
{
    for (const ForwardState s :
         {ForwardState::Pending, ForwardState::Forwarded, ForwardState::GivenUp})
        QCOMPARE(forwardStateFromWord(forwardStateWord(s)), s);
    QCOMPARE(forwardStateWord(ForwardState::GivenUp), QStringLiteral("given-up"));
    QVERIFY(!forwardStateFromWord(u"done").has_value());
    ForwardRecord r;
    QCOMPARE(r.summary(), QStringLiteral("pending"));
    r.lastStatus = 503;
    QCOMPARE(r.summary(), QStringLiteral("pending 503"));
}

void TestForwardQueue::enqueueOncePerTarget()
{
    TestStore s;
    QVERIFY(s.isOpen());
    QVERIFY(s.write({makeEvent(1)}) > 0);
    QCOMPARE(s.writer().enqueueForwards(1, {kA, kB}, 100), 2);
    QCOMPARE(s.writer().enqueueForwards(1, {kA}, 200), 0);
    const QList<ForwardRecord> rows = s.writer().forwards(1);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).target, kA);
    QCOMPARE(rows.at(0).queuedAtMs, 100);
    QCOMPARE(rows.at(0).state, ForwardState::Pending);
    QCOMPARE(s.writer().forwardCounts().pending, 2);
    QCOMPARE(s.writer().forwardCounts(kB).pending, 1);
    QVERIFY(s.writer().forwards(2).isEmpty());
}

void TestForwardQueue::dueRowsInOrder()
{
    TestStore s;
    QVERIFY(s.write({makeEvent(1), makeEvent(2), makeEvent(3)}) > 0);
    QCOMPARE(s.writer().enqueueForwards(1, {kA}, 300), 1);
    QCOMPARE(s.writer().enqueueForwards(2, {kA}, 100), 1);
    QCOMPARE(s.writer().enqueueForwards(3, {kB}, 200), 1);
    QList<ForwardRecord> due = s.writer().dueForwards(250, 10);
    QCOMPARE(due.size(), 2);
    QCOMPARE(due.at(0).eventId, 2);
    QCOMPARE(due.at(1).eventId, 3);
    QCOMPARE(s.writer().dueForwards(1000, 10, kA).size(), 2);
    QCOMPARE(s.writer().dueForwards(1000, 1, kA).constFirst().eventId, 2);
    QCOMPARE(s.writer().nextForwardDue(250), 300);
    QCOMPARE(s.writer().nextForwardDue(250, {kB}), std::nullopt);
    QCOMPARE(s.writer().nextForwardDue(50), 100);
}

void TestForwardQueue::attemptsAreRecordedOnPendingRowsOnly()
{
    TestStore s;
    QVERIFY(s.write({makeEvent(1)}) > 0);
    QCOMPARE(s.writer().enqueueForwards(1, {kA}, 100), 1);
    const qint64 id = s.writer().forwards(1).constFirst().id;
    QVERIFY(s.writer().recordForwardAttempt(id, ForwardState::Pending, 110, 5110, 503,
                                            QStringLiteral("busy")));
    ForwardRecord r = *s.writer().forward(id);
    QCOMPARE(r.attempts, 1);
    QCOMPARE(r.nextAttemptAtMs, 5110);
    QCOMPARE(r.lastStatus, 503);
    QVERIFY(s.writer().dueForwards(5000, 10).isEmpty());
    QVERIFY(s.writer().recordForwardAttempt(id, ForwardState::Forwarded, 5120, 0, 200,
                                            QStringLiteral("ok")));
    // Forwarded is final: a late outcome cannot turn it back.
    QVERIFY(!s.writer().recordForwardAttempt(id, ForwardState::Pending, 5130, 9000, 503,
                                             QStringLiteral("x")));
    r = *s.writer().forward(id);
    QCOMPARE(r.state, ForwardState::Forwarded);
    QCOMPARE(r.attempts, 2);
    QCOMPARE(r.summary(), QStringLiteral("forwarded 200"));
    QVERIFY(s.writer().dueForwards(1'000'000, 10).isEmpty());
    QCOMPARE(s.writer().nextForwardDue(0), std::nullopt);
    QCOMPARE(s.writer().forwardCounts(), (ForwardCounts{0, 1, 0}));
}

void TestForwardQueue::answersAreBounded()
{
    TestStore s;
    QVERIFY(s.write({makeEvent(1)}) > 0);
    QCOMPARE(s.writer().enqueueForwards(1, {kA}, 100), 1);
    const qint64 id = s.writer().forwards(1).constFirst().id;
    // 3-byte characters: 1024 is not a character boundary.
    const QString answer(2000, QChar(0x4F60));
    QVERIFY(s.writer().recordForwardAttempt(id, ForwardState::GivenUp, 110, 0, 400, answer));
    const QString kept = s.writer().forward(id)->lastAnswer;
    QCOMPARE(kept.toUtf8().size(), 1023);
    QCOMPARE(kept, QString(341, QChar(0x4F60)));
}

void TestForwardQueue::givenUpRowsCanBeRetried()
{
    TestStore s;
    QVERIFY(s.write({makeEvent(1)}) > 0);
    QCOMPARE(s.writer().enqueueForwards(1, {kA}, 100), 1);
    const qint64 id = s.writer().forwards(1).constFirst().id;
    QVERIFY(!s.writer().retryForward(id, 500)); // still pending
    QVERIFY(s.writer().recordForwardAttempt(id, ForwardState::GivenUp, 110, 0, 404,
                                            QStringLiteral("no")));
    QVERIFY(s.writer().retryForward(id, 500));
    const ForwardRecord r = *s.writer().forward(id);
    QCOMPARE(r.state, ForwardState::Pending);
    QCOMPARE(r.queuedAtMs, 500);
    QCOMPARE(s.writer().dueForwards(500, 10).size(), 1);
}

void TestForwardQueue::summariesForTheExports()
{
    TestStore s;
    QVERIFY(s.write({makeEvent(1), makeEvent(2)}) > 0);
    QCOMPARE(s.writer().enqueueForwards(1, {kA, kB}, 100), 2);
    const QList<ForwardRecord> rows = s.writer().forwards(1);
    QVERIFY(s.writer().recordForwardAttempt(rows.at(0).id, ForwardState::Forwarded, 110, 0, 200,
                                            QStringLiteral("ok")));
    QVERIFY(s.writer().recordForwardAttempt(rows.at(1).id, ForwardState::GivenUp, 110, 0, 404,
                                            QStringLiteral("no")));
    QCOMPARE(s.writer().forwardSummary(1), QStringLiteral("forwarded 200; given-up 404"));
    QCOMPARE(s.writer().forwardSummary(2), QString());
}

void TestForwardQueue::writerQueuesMatchingVerifiedEvents()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.db"));
    StoreWriter writer;
    ForwardRule all{kA, {}, false, true};
    ForwardRule whatsAppAnyTrust{kB, QStringLiteral("channel:6"), true, true};
    ForwardRule disabled{QStringLiteral("http://127.0.0.1:9/off"), {}, true, false};
    ForwardRule broken{QStringLiteral("http://127.0.0.1:9/broken"), QStringLiteral("nosuch:1"),
                       true, true};
    writer.setForwardRules({all, whatsAppAnyTrust, disabled, broken});
    writer.setClock([] { return qint64(777); });
    QVERIFY(openWriter(writer, path));
    writer.submit(1, makeEvent(1));                                 // A
    writer.submit(2, makeEvent(2, Verification::BadSignature));     // none
    writer.submit(3, makeEvent(3, Verification::VerifiedLoose, 6)); // A, B
    writer.submit(4, makeEvent(4, Verification::Unsigned, 6));      // B
    writer.flush();
    writer.close();

    EventStore store;
    QVERIFY(store.openReadOnly(path));
    const auto targetsOf = [&store](qint64 id) {
        QStringList t;
        for (const ForwardRecord &r : store.forwards(id))
            t.append(r.target);
        return t;
    };
    QCOMPARE(targetsOf(1), QStringList{kA});
    QCOMPARE(targetsOf(2), QStringList());
    QCOMPARE(targetsOf(3), (QStringList{kA, kB}));
    QCOMPARE(targetsOf(4), QStringList{kB});
    QCOMPARE(store.forwards(1).constFirst().queuedAtMs, 777);
    QCOMPARE(store.forwardCounts().pending, 4);
}

void TestForwardQueue::duplicatesAreNotQueuedAgain()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.db"));
    StoreWriter writer;
    writer.setForwardRules({ForwardRule{kA, {}, false, true}});
    QVERIFY(openWriter(writer, path));
    writer.submit(1, makeEvent(1));
    writer.flush();
    {
        EventStore store;
        QVERIFY(store.openReadOnly(path));
        const qint64 id = store.forwards(1).constFirst().id;
        // Forwarded meanwhile; then SaleSmartly retries the same delivery.
        EventStore rw;
        QVERIFY(rw.open(path));
        QVERIFY(
            rw.recordForwardAttempt(id, ForwardState::Forwarded, 1, 0, 200, QStringLiteral("ok")));
    }
    writer.submit(2, makeEvent(1));
    writer.flush();
    writer.close();
    EventStore store;
    QVERIFY(store.openReadOnly(path));
    QCOMPARE(store.maxEventId(), 1);
    QCOMPARE(store.deliveries(1).size(), 2);
    QCOMPARE(store.forwards(1).size(), 1);
    QCOMPARE(store.forwardCounts(), (ForwardCounts{0, 1, 0}));
}

// A 200 means the event and its forwarding are committed: when queueing
// fails, the event is not stored either (and the delivery is answered 503).
void TestForwardQueue::eventAndForwardingCommitTogether()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.db"));
    StoreWriter writer;
    writer.setForwardRules({ForwardRule{kA, {}, false, true}});
    QVERIFY(openWriter(writer, path));
    QSignalSpy committed(&writer, &StoreWriter::committed);
    rawExec(path, {QStringLiteral("DROP TABLE forwards")});
    writer.submit(1, makeEvent(1));
    writer.flush();
    QCOMPARE(committed.size(), 1);
    QCOMPARE(committed.constFirst().value(1).toBool(), false);
    writer.close();
    QCOMPARE(rawValue(path, QStringLiteral("SELECT COUNT(*) FROM events")).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestForwardQueue)
#include "tst_forwardqueue.moc"
