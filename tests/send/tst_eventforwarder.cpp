#include "eventforwarder.h"
#include "forwardrequest.h"
#include "forwardworker.h"
#include "standinserver.h"
#include "store/eventstore.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

namespace {

const QString kContentType = QStringLiteral("application/json; charset=utf-8");

// A stored event with its own raw bytes (not ASCII), its own query and the
// Content-Type its receipt carried.
EventRecord makeEvent(int n)
{
    EventRecord r;
    r.receivedAtMs = 1764000000000 + n;
    r.event = QStringLiteral("message");
    r.channel = 7;
    r.chatUserId = QStringLiteral("cu1");
    r.verification = Verification::Verified;
    r.dedupeKey = QStringLiteral("m:cu1:%1").arg(n);
    r.query = QStringLiteral("timestamp=17640000%1&signature=%2abc").arg(n).arg(n);
    r.payload =
        QByteArray("{\"event\":\"message\",\"data\":\"{\\\"msg\\\":\\\"\xe4\xbd\xa0\xe5\xa5\xbd ") +
        QByteArray::number(n) + "\\\"}\"}";
    r.requestHeaders = QStringLiteral("Host: x\nContent-Type: ") + kContentType +
                       QStringLiteral("\nUser-Agent: t");
    return r;
}

struct Fixture {
    QTemporaryDir dir;
    QString path;
    EventStore store; // the test's own connection (the receiver's, as it were)
    QList<qint64> ids;

    bool create(int events, const QString &target)
    {
        path = dir.filePath(QStringLiteral("f.db"));
        if (!store.open(path))
            return false;
        for (int i = 1; i <= events; ++i) {
            const auto appended = store.append(makeEvent(i));
            if (!appended || store.enqueueForwards(appended->eventId, {target},
                                                   QDateTime::currentMSecsSinceEpoch()) != 1)
                return false;
            ids.append(appended->eventId);
        }
        return true;
    }
};

ForwardPolicy fastPolicy()
{
    ForwardPolicy p;
    p.attemptTimeoutMs = 5000;
    p.firstRetryMs = 20;
    p.maxRetryMs = 80;
    p.giveUpAfterMs = 60'000;
    return p;
}

bool waitStopped(EventForwarder &forwarder)
{
    QSignalSpy stopped(&forwarder, &EventForwarder::stopped);
    forwarder.stop();
    return stopped.count() > 0 || stopped.wait(10000);
}

} // namespace

class TestEventForwarder final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void retryDelaysDoubleUpToTheCap();
    void judgesAnswers();
    void requestCarriesTheOriginal();
    void deliversEachOnceThroughFailuresAndDowntime();
    void givesUpOnClientErrorsWithABoundedAnswer();
    void givesUpPastTheDeadline();
    void resumesPendingRowsAfterARestart();
    void leavesOtherTargetsPending();
    void aDrippingAnswerEndsAtTheAttemptTimeout();
    void anEmptyAnswerIsRecorded();
};

void TestEventForwarder::retryDelaysDoubleUpToTheCap()
{
    ForwardPolicy p; // 5 s doubling to 10 min
    QCOMPARE(p.retryDelayMs(1), 5000);
    QCOMPARE(p.retryDelayMs(2), 10000);
    QCOMPARE(p.retryDelayMs(3), 20000);
    QCOMPARE(p.retryDelayMs(8), 600000);
    QCOMPARE(p.retryDelayMs(1000), 600000);
}

void TestEventForwarder::judgesAnswers()
{
    ForwardPolicy p = fastPolicy();
    p.giveUpAfterMs = 1000;
    ForwardRecord row;
    row.queuedAtMs = 0;
    row.attempts = 0;
    QCOMPARE(ForwardWorker::judge(row, 204, {}, 10, -1, p).state, ForwardState::Forwarded);
    QCOMPARE(ForwardWorker::judge(row, 404, {}, 10, -1, p).state, ForwardState::GivenUp);
    QCOMPARE(ForwardWorker::judge(row, 301, {}, 10, -1, p).state, ForwardState::GivenUp);
    for (const int status : {0, 408, 429, 500, 503}) {
        const ForwardWorker::Outcome o = ForwardWorker::judge(row, status, {}, 10, -1, p);
        QCOMPARE(o.state, ForwardState::Pending);
        QCOMPARE(o.nextAttemptAtMs, 30);
    }
    // Retry-After lengthens the wait, within the cap.
    QCOMPARE(ForwardWorker::judge(row, 429, {}, 10, 50, p).nextAttemptAtMs, 60);
    QCOMPARE(ForwardWorker::judge(row, 429, {}, 10, 10'000, p).nextAttemptAtMs, 90);
    // The last attempt falls on the deadline; past it, given up.
    QCOMPARE(ForwardWorker::judge(row, 503, {}, 990, -1, p).nextAttemptAtMs, 1000);
    QCOMPARE(ForwardWorker::judge(row, 503, {}, 1000, -1, p).state, ForwardState::GivenUp);
}

void TestEventForwarder::requestCarriesTheOriginal()
{
    EventRecord e = makeEvent(3);
    e.id = 42;
    DeliveryRecord first;
    first.headers = e.requestHeaders;
    const ForwardRequest r =
        ForwardRequest::forEvent(e, {first}, QUrl(QStringLiteral("https://h.example/in?k=1")));
    QCOMPARE(r.body, e.payload);
    QCOMPARE(r.contentType, kContentType.toLatin1());
    QCOMPARE(r.url.toString(QUrl::FullyEncoded),
             QStringLiteral("https://h.example/in?k=1&") + e.query);
    QCOMPARE(ForwardRequest::combinedUrl(QUrl(QStringLiteral("http://h/p")), QString())
                 .toString(QUrl::FullyEncoded),
             QStringLiteral("http://h/p"));
    // No receipt headers (a store older than schema 6): JSON.
    QCOMPARE(ForwardRequest::forEvent(e, {}, QUrl(QStringLiteral("http://h/"))).contentType,
             QByteArray("application/json"));
    const QNetworkRequest nr = r.networkRequest(1000);
    QCOMPARE(nr.rawHeader("X-HookScope-Event-Id"), QByteArray("42"));

    QString error;
    QUrl url;
    QVERIFY(
        ForwardRequest::checkTarget(QStringLiteral(" http://127.0.0.1:9/x?a=b "), &url, &error));
    QVERIFY(!ForwardRequest::checkTarget(QStringLiteral("ftp://h/"), &url, &error));
    QVERIFY(error.contains(QLatin1String("http://")));
    QVERIFY(!ForwardRequest::checkTarget(QStringLiteral("/relative"), &url, &error));
    QVERIFY(!ForwardRequest::checkTarget(QStringLiteral("http://u:p@h/"), &url, &error));
    QVERIFY(!error.contains(QLatin1String("u:p")));
    QVERIFY(!ForwardRequest::checkTarget(QStringLiteral("http://h/#f"), &url, &error));
    QVERIFY(!ForwardRequest::checkTarget(QString(5000, u'a'), &url, &error));
}

// The scenario: the team's system fails the first attempts (503),
// then is down for a while (connections refused), then accepts. Every event
// is accepted exactly once, with its original bytes, query and Content-Type
// plus its id.
void TestEventForwarder::deliversEachOnceThroughFailuresAndDowntime()
{
    StandInServer server;
    QVERIFY(server.listen());
    const QUrl target = server.url(QStringLiteral("/in?team=1"));
    Fixture f;
    QVERIFY(f.create(5, target.toString()));

    int seen = 0;
    bool down = false;
    server.answer = [&](const StandInServer::Request &) {
        ++seen;
        if (seen <= 4)
            return 503;
        if (seen == 5) {
            // Down for a while, then back on the same port. Until close()
            // runs, requests already in are dropped too: an answer written
            // now would be aborted unsent, yet counted as accepted here.
            down = true;
            QTimer::singleShot(0, [&server] { server.close(); });
            QTimer::singleShot(400, [&server, &down] {
                down = false;
                QVERIFY(server.listen(server.port()));
            });
        }
        return down ? 0 : 200;
    };
    EventForwarder forwarder;
    forwarder.setPolicy(fastPolicy());
    QSignalSpy started(&forwarder, &EventForwarder::started);
    QSignalSpy counts(&forwarder, &EventForwarder::countsChanged);
    forwarder.start(f.path, {target.toString()});
    QVERIFY(started.wait(10000));
    QCOMPARE(started.constFirst().value(0).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(f.store.forwardCounts().forwarded, 5, 20000);
    QVERIFY(waitStopped(forwarder));

    const QList<StandInServer::Request> accepted = server.answered(200);
    QCOMPARE(accepted.size(), 5);
    QSet<QByteArray> ids;
    for (const StandInServer::Request &r : accepted) {
        const QByteArray id = r.headers.value("x-hookscope-event-id");
        QVERIFY(!ids.contains(id));
        ids.insert(id);
        const std::optional<EventRecord> e = f.store.event(id.toLongLong());
        QVERIFY(e.has_value());
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.body, e->payload);
        QCOMPARE(r.target, QByteArray("/in?team=1&") + e->query.toUtf8());
        QCOMPARE(r.headers.value("content-type"), kContentType.toLatin1());
    }
    QVERIFY(server.requests.size() > 5); // the failures were real
    for (const qint64 id : std::as_const(f.ids)) {
        const QList<ForwardRecord> rows = f.store.forwards(id);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.constFirst().state, ForwardState::Forwarded);
        QCOMPARE(rows.constFirst().lastStatus, 200);
        QCOMPARE(rows.constFirst().lastAnswer, QStringLiteral("ok"));
        QCOMPARE(rows.constFirst().summary(), QStringLiteral("forwarded 200"));
    }
    QVERIFY(!counts.isEmpty());
}

void TestEventForwarder::givesUpOnClientErrorsWithABoundedAnswer()
{
    StandInServer server;
    QVERIFY(server.listen());
    server.answer = [](const StandInServer::Request &) { return 404; };
    server.answerBody = QByteArray(3000, 'x');
    Fixture f;
    QVERIFY(f.create(1, server.url().toString()));
    EventForwarder forwarder;
    forwarder.setPolicy(fastPolicy());
    forwarder.start(f.path, {server.url().toString()});
    QTRY_COMPARE_WITH_TIMEOUT(f.store.forwardCounts().givenUp, 1, 10000);
    QVERIFY(waitStopped(forwarder));
    const ForwardRecord row = f.store.forwards(f.ids.constFirst()).constFirst();
    QCOMPARE(row.attempts, 1);
    QCOMPARE(row.lastStatus, 404);
    QCOMPARE(row.lastAnswer.size(), 1024);
    QCOMPARE(row.summary(), QStringLiteral("given-up 404"));
    QCOMPARE(server.requests.size(), 1);
}

void TestEventForwarder::givesUpPastTheDeadline()
{
    StandInServer server;
    QVERIFY(server.listen());
    server.answer = [](const StandInServer::Request &) { return 503; };
    Fixture f;
    QVERIFY(f.create(1, server.url().toString()));
    ForwardPolicy p = fastPolicy();
    p.giveUpAfterMs = 200;
    EventForwarder forwarder;
    forwarder.setPolicy(p);
    forwarder.start(f.path, {server.url().toString()});
    QTRY_COMPARE_WITH_TIMEOUT(f.store.forwardCounts().givenUp, 1, 10000);
    QVERIFY(waitStopped(forwarder));
    const ForwardRecord row = f.store.forwards(f.ids.constFirst()).constFirst();
    QVERIFY(row.attempts >= 2);
    QCOMPARE(row.lastStatus, 503);
    QCOMPARE(server.requests.size(), row.attempts);
}

void TestEventForwarder::resumesPendingRowsAfterARestart()
{
    StandInServer server;
    QVERIFY(server.listen());
    const QUrl target = server.url();
    server.close(); // down: connections refused
    Fixture f;
    QVERIFY(f.create(3, target.toString()));
    {
        EventForwarder forwarder;
        forwarder.setPolicy(fastPolicy());
        QSignalSpy attempted(&forwarder, &EventForwarder::attempted);
        forwarder.start(f.path, {target.toString()});
        QVERIFY(attempted.wait(10000));
        QCOMPARE(attempted.constFirst().value(0).value<ForwardRecord>().lastStatus, 0);
        QVERIFY(waitStopped(forwarder));
    }
    QCOMPARE(f.store.forwardCounts().pending, 3);
    QVERIFY(server.listen(server.port()));
    EventForwarder again;
    again.setPolicy(fastPolicy());
    again.start(f.path, {target.toString()});
    QTRY_COMPARE_WITH_TIMEOUT(f.store.forwardCounts().forwarded, 3, 10000);
    QVERIFY(waitStopped(again));
    QCOMPARE(server.answered(200).size(), 3);
}

void TestEventForwarder::leavesOtherTargetsPending()
{
    StandInServer server;
    QVERIFY(server.listen());
    Fixture f;
    QVERIFY(f.create(1, server.url().toString()));
    QCOMPARE(f.store.enqueueForwards(f.ids.constFirst(),
                                     {server.url(QStringLiteral("/other")).toString()}, 1),
             1);
    EventForwarder forwarder;
    forwarder.setPolicy(fastPolicy());
    forwarder.start(f.path, {server.url().toString()});
    QTRY_COMPARE_WITH_TIMEOUT(f.store.forwardCounts().forwarded, 1, 10000);
    QVERIFY(waitStopped(forwarder));
    QCOMPARE(f.store.forwardCounts().pending, 1);
    QCOMPARE(server.requests.size(), 1);
}

// A target that answers a byte at a time never trips the transfer timeout
// (inactivity); the attempt still ends at attemptTimeoutMs and counts as a
// failed one, so the slot is not held for ever.
void TestEventForwarder::aDrippingAnswerEndsAtTheAttemptTimeout()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QTimer drip;
    QList<QTcpSocket *> sockets;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
        while (QTcpSocket *s = server.nextPendingConnection()) {
            sockets.append(s);
            QObject::connect(s, &QTcpSocket::readyRead, s, [s] {
                s->readAll();
                if (!s->property("answered").toBool()) {
                    s->setProperty("answered", true);
                    s->write("HTTP/1.1 503 Busy\r\nContent-Length: 1000000\r\n\r\n");
                }
            });
        }
    });
    QObject::connect(&drip, &QTimer::timeout, &server, [&sockets] {
        for (QTcpSocket *s : std::as_const(sockets)) {
            if (s->property("answered").toBool() && s->state() == QAbstractSocket::ConnectedState)
                s->write("x");
        }
    });
    drip.start(20);
    const QString target = QStringLiteral("http://127.0.0.1:%1/slow").arg(server.serverPort());
    Fixture f;
    QVERIFY(f.create(1, target));
    ForwardPolicy policy = fastPolicy();
    policy.attemptTimeoutMs = 300;
    policy.firstRetryMs = 600'000; // one attempt only
    EventForwarder forwarder;
    forwarder.setPolicy(policy);
    QSignalSpy attempted(&forwarder, &EventForwarder::attempted);
    forwarder.start(f.path, {target});
    QVERIFY(attempted.wait(20000));
    const ForwardRecord row = attempted.constFirst().value(0).value<ForwardRecord>();
    QCOMPARE(row.state, ForwardState::Pending);
    QCOMPARE(row.attempts, 1);
    QVERIFY(waitStopped(forwarder));
}

// 204 No Content (an empty answer) is as good as any 2xx: recorded at once.
void TestEventForwarder::anEmptyAnswerIsRecorded()
{
    StandInServer server;
    QVERIFY(server.listen());
    server.answer = [](const StandInServer::Request &) { return 204; };
    server.answerBody.clear();
    const QString target = server.url().toString();
    Fixture f;
    QVERIFY(f.create(2, target));
    EventForwarder forwarder;
    forwarder.setPolicy(fastPolicy());
    forwarder.start(f.path, {target});
    QTRY_COMPARE_WITH_TIMEOUT(f.store.forwardCounts().forwarded, 2, 20000);
    QVERIFY(waitStopped(forwarder));
    QCOMPARE(server.requests.size(), 2);
    const QList<ForwardRecord> rows = f.store.forwards(f.ids.first());
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().lastStatus, 204);
    QVERIFY(rows.first().lastAnswer.isEmpty());
}

QTEST_GUILESS_MAIN(TestEventForwarder)
#include "tst_eventforwarder.moc"
