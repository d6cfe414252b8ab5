#include "eventreplayer.h"
#include "standinserver.h"
#include "store/eventstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

EventRecord makeEvent(int n)
{
    EventRecord r;
    r.receivedAtMs = 1764000000000 + n;
    r.event = QStringLiteral("message");
    r.channel = n == 3 ? 6 : 7;
    r.chatUserId = QStringLiteral("cu1");
    r.verification = Verification::Verified;
    r.dedupeKey = QStringLiteral("m:cu1:%1").arg(n);
    r.query = QStringLiteral("timestamp=1&signature=s%1").arg(n);
    r.payload = "{\"n\":" + QByteArray::number(n) + "}";
    return r;
}

// A store in `dir` holding makeEvent(1) .. makeEvent(events); empty when it
// could not be written.
QString storeWith(const QTemporaryDir &dir, int events)
{
    const QString path = dir.filePath(QStringLiteral("r.db"));
    EventStore store;
    if (!store.open(path))
        return {};
    for (int i = 1; i <= events; ++i) {
        if (!store.append(makeEvent(i)))
            return {};
    }
    return path;
}

} // namespace

class TestEventReplayer final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void countsAnswersByStatus();
    void allAcceptedIsOk();
    void refusesBadTargets();
};

void TestEventReplayer::countsAnswersByStatus()
{
    QTemporaryDir dir;
    const QString path = storeWith(dir, 4);
    QVERIFY(!path.isEmpty());
    StandInServer server;
    QVERIFY(server.listen());
    server.answer = [](const StandInServer::Request &r) {
        const int id = r.headers.value("x-hookscope-event-id").toInt();
        return id == 2 ? 503 : id == 4 ? 0 : 200;
    };
    EventReplayer replayer;
    // A dropped connection is "no answer" by its error; the short request
    // timeout only bounds the run should the client ever wait on it instead.
    replayer.setTimeoutMs(2000);
    QSignalSpy finished(&replayer, &EventReplayer::finished);
    QSignalSpy progress(&replayer, &EventReplayer::progress);
    QString error;
    QVERIFY2(replayer.start(path, FilterExpression(), server.url(QStringLiteral("/r?z=9")), &error),
             qPrintable(error));
    QVERIFY(finished.wait(30000));
    const EventReplayer::Report &report = replayer.report();
    QCOMPARE(report.summary(), QStringLiteral("200 2\n503 1\nno answer 1\ntotal 4\n"));
    QVERIFY(!report.allOk());
    QCOMPARE(progress.size(), 4);
    QCOMPARE(server.requests.constFirst().target, QByteArray("/r?z=9&timestamp=1&signature=s1"));
    QCOMPARE(server.requests.constFirst().body, QByteArray("{\"n\":1}"));
}

void TestEventReplayer::allAcceptedIsOk()
{
    QTemporaryDir dir;
    const QString path = storeWith(dir, 3);
    QVERIFY(!path.isEmpty());
    StandInServer server;
    QVERIFY(server.listen());
    EventReplayer replayer;
    QSignalSpy finished(&replayer, &EventReplayer::finished);
    QString error;
    QVERIFY(replayer.start(path, FilterExpression::parse(QStringLiteral("channel:7")), server.url(),
                           &error));
    QVERIFY(finished.wait(10000));
    QCOMPARE(replayer.report().summary(), QStringLiteral("200 2\ntotal 2\n"));
    QVERIFY(replayer.report().allOk());
    // One event by id, as the window's "Send to..." does.
    QVERIFY(replayer.start(path, QList<qint64>{3}, server.url(), &error));
    QVERIFY(finished.wait(10000));
    QCOMPARE(replayer.report().summary(), QStringLiteral("200 1\ntotal 1\n"));
}

void TestEventReplayer::refusesBadTargets()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.db"));
    QVERIFY(EventStore::ensureExists(path));
    EventReplayer replayer;
    QString error;
    QVERIFY(!replayer.start(path, FilterExpression(), QUrl(QStringLiteral("file:///etc/passwd")),
                            &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!replayer.start(dir.filePath(QStringLiteral("missing.db")), FilterExpression(),
                            QUrl(QStringLiteral("http://127.0.0.1:9/")), &error));
}

QTEST_GUILESS_MAIN(TestEventReplayer)
#include "tst_eventreplayer.moc"
