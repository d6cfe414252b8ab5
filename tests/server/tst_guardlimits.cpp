#include "connectionguard.h"
#include "filelimit.h"
#include "guardedconnection.h"
#include "testsupportguard.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Sets the soft open-file limit for one test and puts it back after.
class SoftFileLimit final {
public:
    explicit SoftFileLimit(rlim_t soft)
    {
        getrlimit(RLIMIT_NOFILE, &m_saved);
        rlimit lowered = m_saved;
        lowered.rlim_cur = qMin(soft, m_saved.rlim_max);
        setrlimit(RLIMIT_NOFILE, &lowered);
    }
    ~SoftFileLimit() { setrlimit(RLIMIT_NOFILE, &m_saved); }
    Q_DISABLE_COPY_MOVE(SoftFileLimit)

private:
    rlimit m_saved{};
};

// A plain blocking client socket, outside Qt's event loop.
int rawConnect(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

// The guard's caps and resources: connections per address and in all, the
// open-file limit, running out of descriptors, no leaks.
class TestGuardLimits final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void softLimitRaisedToHard();
    void perAddressCap();
    void totalCap();
    void idleConnectionsMakeRoom();
    void capDerivedFromFileLimit();
    void descriptorExhaustionNeitherSpinsNorLocksOut();
    void connectionsLeaveNothingBehind();
};

void TestGuardLimits::softLimitRaisedToHard()
{
    rlimit limit{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
    if (limit.rlim_max < 512 || limit.rlim_max == RLIM_INFINITY)
        QSKIP("the hard open-file limit leaves nothing to raise");
    limit.rlim_cur = 256;
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &limit), 0);
    QCOMPARE(FileLimit::raiseToHard(), qint64(limit.rlim_max));
    QCOMPARE(FileLimit::soft(), qint64(limit.rlim_max));
}

void TestGuardLimits::perAddressCap()
{
    GuardSettings settings = testGuardSettings();
    settings.maxConnectionsPerAddress = 3;
    GuardHarness harness(std::move(settings));
    QVERIFY(harness.listen());
    QSignalSpy turnedAway(harness.guard(), &ConnectionGuard::turnedAway);
    QTcpSocket flood[3];
    for (QTcpSocket &socket : flood)
        QVERIFY(connectClient(socket, harness.port(), QStringLiteral("127.0.0.2")));
    QTRY_COMPARE(harness.guard()->connectionCount(), 3);
    QTcpSocket fourth;
    QVERIFY(connectClient(fourth, harness.port(), QStringLiteral("127.0.0.2")));
    QVERIFY(waitClosed(fourth));
    QCOMPARE(turnedAway.size(), 1);
    QCOMPARE(turnedAway.constFirst().constFirst().toString(), QStringLiteral("127.0.0.2"));
    // Another address is still served, and the flood's connections work.
    QTcpSocket other;
    QVERIFY(connectClient(other, harness.port()));
    other.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(statuses(readAnswers(other, 1)), QList<int>{200});
    flood[0].write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(statuses(readAnswers(flood[0], 1)), QList<int>{200});
}

void TestGuardLimits::totalCap()
{
    GuardSettings settings = testGuardSettings();
    settings.maxConnections = 4;
    GuardHarness harness(std::move(settings));
    QVERIFY(harness.listen());
    QCOMPARE(harness.guard()->effectiveMaxConnections(), 4);
    QTcpSocket open[4]; // each with a request under way: none may be closed
    for (QTcpSocket &socket : open) {
        QVERIFY(connectClient(socket, harness.port()));
        socket.write("POST /held HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    }
    QTRY_COMPARE(harness.heldCount(), 4);
    QTcpSocket fifth;
    QVERIFY(connectClient(fifth, harness.port()));
    QVERIFY(waitClosed(fifth));
    open[0].abort();
    QTRY_COMPARE(harness.guard()->connectionCount(), 3);
    QTcpSocket next;
    QVERIFY(connectClient(next, harness.port()));
    next.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(statuses(readAnswers(next, 1)), QList<int>{200});
}

void TestGuardLimits::idleConnectionsMakeRoom()
{
    GuardSettings settings = testGuardSettings();
    settings.maxConnections = 4;
    GuardHarness harness(std::move(settings));
    QVERIFY(harness.listen());
    QTcpSocket idle[4];
    for (QTcpSocket &socket : idle) {
        QVERIFY(connectClient(socket, harness.port(), QStringLiteral("127.0.0.2")));
        QTRY_COMPARE(harness.guard()->connectionCount(), int(&socket - idle) + 1);
    }
    // Every place is held by an idle connection: a new sender still gets
    // in, and the connection idle the longest is the one closed.
    QTcpSocket sender;
    QVERIFY(connectClient(sender, harness.port()));
    sender.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(statuses(readAnswers(sender, 1)), QList<int>{200});
    QVERIFY(waitClosed(idle[0]));
    QCOMPARE(idle[3].state(), QAbstractSocket::ConnectedState);
}

void TestGuardLimits::capDerivedFromFileLimit()
{
    // Room for about five connections of three descriptors each.
    const SoftFileLimit limit(rlim_t(FileLimit::openCount() + 32 + 3 * 5 + 1));
    GuardHarness harness(testGuardSettings());
    QVERIFY(harness.listen());
    QVERIFY(harness.guard()->effectiveMaxConnections() >= 4);
    QVERIFY(harness.guard()->effectiveMaxConnections() <= 5);
}

void TestGuardLimits::descriptorExhaustionNeitherSpinsNorLocksOut()
{
    const SoftFileLimit limit(rlim_t(FileLimit::openCount() + 64));
    GuardHarness harness(testGuardSettings());
    QVERIFY(harness.listen());
    const int waiting = rawConnect(harness.port()); // in the backlog, not yet accepted
    QVERIFY(waiting >= 0);
    QList<int> fillers;
    for (int fd = 0; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;)
        fillers.append(fd);
    // accept() fails with EMFILE: the waiting client is closed at once
    // (with the reserve descriptor), not left hanging.
    QTRY_VERIFY(harness.guard()->descriptorShortages() >= 1);
    char byte = 0;
    QTRY_COMPARE(::recv(waiting, &byte, 1, MSG_DONTWAIT), ssize_t(0));
    ::close(waiting);
    for (const int fd : std::as_const(fillers))
        ::close(fd);
    // Accepting resumes by itself: a new client is served.
    QTcpSocket next;
    QVERIFY(connectClient(next, harness.port()));
    next.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(statuses(readAnswers(next, 1)), QList<int>{200});
    // Paused, not retried in a loop: a handful of attempts, not thousands.
    QVERIFY2(harness.guard()->descriptorShortages() < 20,
             QByteArray::number(harness.guard()->descriptorShortages()).constData());
}

void TestGuardLimits::connectionsLeaveNothingBehind()
{
    GuardHarness harness(testGuardSettings());
    QVERIFY(harness.listen());
    const QByteArray requests[] = {"",
                                   "GET /heal",
                                   "GET /health HTTP/1.1\r\nHost: x\r\n\r\n",
                                   "POST /held HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
                                   "POST /w HTTP/1.1\r\nHost: x\r\nContent-Length: 99\r\n\r\nabc",
                                   "BAD\r\n\r\n"};
    for (int round = 0; round < 20; ++round) {
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (const QByteArray &request : requests) {
            sockets.push_back(std::make_unique<QTcpSocket>());
            QVERIFY(connectClient(*sockets.back(), harness.port()));
            sockets.back()->write(request);
        }
        QTest::qWait(1);
        for (auto &socket : sockets)
            round % 2 ? socket->abort() : socket->disconnectFromHost();
    }
    QTRY_COMPARE(harness.guard()->connectionCount(), 0);
    QTRY_VERIFY(harness.guard()->findChildren<GuardedConnection *>().isEmpty());
    QTRY_VERIFY(harness.guard()->findChildren<QTcpSocket *>().isEmpty());
    harness.releaseHeld(); // their clients are gone: nothing to write to
}

QTEST_GUILESS_MAIN(TestGuardLimits)
#include "tst_guardlimits.moc"
