#include "httpframing.h"

#include <QTest>

namespace {

HttpFraming::Limits smallLimits()
{
    HttpFraming::Limits limits;
    limits.maxHeadBytes = 256;
    limits.maxBodyBytes = 64;
    limits.headTimeoutMs = 100;
    limits.bodyTimeoutMs = 300;
    limits.idleTimeoutMs = 1000;
    return limits;
}

// Feeds `stream` cut at `cuts` and describes what came out: one line per
// request ("POST /w 5:hello keep") and "fail 413" at an error.
QList<QByteArray> outcomes(const QByteArray &stream, const QList<qsizetype> &cuts, bool *bounded)
{
    const HttpFraming::Limits limits = smallLimits();
    HttpFraming framing(limits, 0);
    QList<QByteArray> out;
    qsizetype from = 0;
    for (qsizetype i = 0; i <= cuts.size(); ++i) {
        const qsizetype to = i < cuts.size() ? cuts.at(i) : stream.size();
        QByteArrayView piece = QByteArrayView(stream).sliced(from, to - from);
        from = to;
        while (!piece.isEmpty()) {
            piece = piece.sliced(framing.feed(piece, 0));
            if (framing.bufferedBytes() > limits.maxHeadBytes + limits.maxBodyBytes)
                *bounded = false;
            if (framing.state() == HttpFraming::State::Failed)
                return out << "fail " + QByteArray::number(framing.errorStatus());
            if (framing.state() != HttpFraming::State::Complete)
                continue;
            const HttpRequestHead &head = framing.head();
            const QByteArray body = framing.takeBody();
            out << head.method + ' ' + head.target + ' ' + QByteArray::number(body.size()) + ':' +
                       body + (head.keepAlive ? " keep" : " close");
            framing.next(0);
        }
    }
    return out;
}

} // namespace

class TestHttpFraming final : public QObject {
    Q_OBJECT

private:
    static void addRefusedStreams();

private Q_SLOTS:
    void streams_data();
    void streams();
    void forwardedHeadIsNormalised();
    void clientPeerHeaderIsDropped();
    void continueWantedOnce();
    void deadlines();
    void headClockForTls();
    void chunkedOverLimitBeforeData();
};

void TestHttpFraming::streams_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<QByteArray>>("expected");
    const auto row = [](const char *name, const QByteArray &stream,
                        const QList<QByteArray> &expected) {
        QTest::newRow(name) << stream << expected;
    };
    row("content-length", "POST /w HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        {"POST /w 5:hello keep"});
    row("no body", "GET /health HTTP/1.1\r\nHost: a\r\n\r\n", {"GET /health 0: keep"});
    row("pipelined",
        "POST /w HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nabGET /h HTTP/1.1\r\nHost: a\r\n"
        "\r\n",
        {"POST /w 2:ab keep", "GET /h 0: keep"});
    row("leading blank lines", "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", {"GET / 0: keep"});
    row("bare LF", "POST /w HTTP/1.1\nHost: a\nContent-Length: 3\n\nabc", {"POST /w 3:abc keep"});
    row("chunked",
        "POST /w HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n"
        "2\r\nde\r\n0\r\nTrailer: t\r\n\r\n",
        {"POST /w 5:abcde keep"});
    row("chunked bare LF", "POST /w HTTP/1.1\nHost: a\nTransfer-Encoding: Chunked\n\n1\nx\n0\n\n",
        {"POST /w 1:x keep"});
    row("same length twice", "POST /w HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\nz",
        {"POST /w 1:z keep"});
    row("http/1.0 closes", "GET / HTTP/1.0\r\n\r\n", {"GET / 0: close"});
    row("http/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
        {"GET / 0: keep"});
    row("connection close", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
        {"GET / 0: close"});
    addRefusedStreams();
}

void TestHttpFraming::addRefusedStreams()
{
    const auto row = [](const char *name, const QByteArray &stream,
                        const QList<QByteArray> &expected) {
        QTest::newRow(name) << stream << expected;
    };
    row("413 declared", "POST /w HTTP/1.1\r\nHost: a\r\nContent-Length: 65\r\n\r\n", {"fail 413"});
    row("413 huge declared",
        "POST /w HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        {"fail 413"});
    row("413 chunked total",
        "POST /w HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" +
            QByteArray(32, 'a') + "\r\n21\r\n",
        {"fail 413"});
    row("431 head", "GET / HTTP/1.1\r\nHost: a\r\nX: " + QByteArray(300, 'a'), {"fail 431"});
    row("431 blank lines", QByteArray(300, '\n'), {"fail 431"});
    row("400 conflicting lengths",
        "POST /w HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        {"fail 400"});
    row("400 length and chunked",
        "POST /w HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        {"fail 400"});
    row("400 bad chunk size",
        "POST /w HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", {"fail 400"});
    row("400 chunk longer than size",
        "POST /w HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n",
        {"fail 400"});
    row("400 gzip coding",
        "POST /w HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", {"fail 400"});
    row("400 signed length", "POST /w HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\nx",
        {"fail 400"});
    row("400 obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", {"fail 400"});
    row("400 request line", "GET /\r\nHost: a\r\n\r\n", {"fail 400"});
    row("400 http/2", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", {"fail 400"});
    row("400 space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", {"fail 400"});
    row("400 bare CR", "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", {"fail 400"});
    row("400 no host", "GET / HTTP/1.1\r\n\r\n", {"fail 400"});
    row("400 two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", {"fail 400"});
    row("400 host with path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", {"fail 400"});
    row("400 after a good request",
        "GET / HTTP/1.1\r\nHost: a\r\n\r\nPOST /w HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n",
        {"GET / 0: keep", "fail 400"});
}

void TestHttpFraming::streams()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<QByteArray>, expected);
    bool bounded = true;
    QCOMPARE(outcomes(stream, {}, &bounded), expected);
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < stream.size(); ++i)
        everyByte.append(i);
    QCOMPARE(outcomes(stream, everyByte, &bounded), expected);
    for (qsizetype i = 0; i <= stream.size(); ++i) {
        for (qsizetype j = i; j <= stream.size(); j += 7)
            QCOMPARE(outcomes(stream, {i, j}, &bounded), expected);
    }
    QVERIFY(bounded);
}

void TestHttpFraming::forwardedHeadIsNormalised()
{
    HttpFraming framing(smallLimits(), 0);
    const QByteArray stream = "POST /w?a=1 HTTP/1.0\nHost: h\nConnection: keep-alive, X-Drop\n"
                              "X-Drop: 1\nTransfer-Encoding: chunked\nExpect: 100-continue\n"
                              "Content-Type: application/json\n\n";
    // HTTP/1.0 with chunking is refused; the same head in HTTP/1.1 is taken.
    QByteArray http11 = stream;
    http11.replace("HTTP/1.0", "HTTP/1.1");
    framing.feed(QByteArray(http11 + "2\r\n{}\r\n0\r\n\r\n"), 0);
    QCOMPARE(framing.state(), HttpFraming::State::Complete);
    QCOMPARE(framing.head().forwarded(2, "X-HookScope-Peer", "10.0.0.1"),
             QByteArray("POST /w?a=1 HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
                        "Content-Length: 2\r\nX-HookScope-Peer: 10.0.0.1\r\n\r\n"));
    HttpFraming old(smallLimits(), 0);
    old.feed(stream, 0);
    QCOMPARE(old.errorStatus(), 400);
}

void TestHttpFraming::clientPeerHeaderIsDropped()
{
    HttpFraming framing(smallLimits(), 0);
    framing.feed("GET / HTTP/1.1\r\nHost: h\r\nx-hookscope-PEER: 6.6.6.6\r\n\r\n", 0);
    const QByteArray forwarded = framing.head().forwarded(0, "X-HookScope-Peer", "1.2.3.4");
    QVERIFY(!forwarded.contains("6.6.6.6"));
    QVERIFY(forwarded.contains("X-HookScope-Peer: 1.2.3.4"));
}

void TestHttpFraming::continueWantedOnce()
{
    HttpFraming framing(smallLimits(), 0);
    framing.feed("POST /w HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n",
                 0);
    QVERIFY(framing.wantsContinue());
    framing.continueSent();
    QVERIFY(!framing.wantsContinue());
    framing.feed("ok", 0);
    QCOMPARE(framing.state(), HttpFraming::State::Complete);
    // Over the limit: no 100, a 413 at once.
    HttpFraming big(smallLimits(), 0);
    big.feed("POST /w HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 99\r\n\r\n",
             0);
    QVERIFY(!big.wantsContinue());
    QCOMPARE(big.errorStatus(), 413);
}

void TestHttpFraming::deadlines()
{
    using T = HttpFraming::Timeout;
    HttpFraming framing(smallLimits(), 1000);
    QCOMPARE(framing.deadline(), 2000); // idle
    QCOMPARE(framing.expired(1999), T::None);
    QCOMPARE(framing.expired(2000), T::Idle);
    framing.feed("GET / HT", 1500); // the head's first byte: head clock
    QCOMPARE(framing.deadline(), 1600);
    QCOMPARE(framing.expired(1600), T::Head);
    framing.feed("TP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab", 1550);
    QCOMPARE(framing.state(), HttpFraming::State::Body);
    QCOMPARE(framing.deadline(), 1850); // body clock from the head's end
    QCOMPARE(framing.expired(1849), T::None);
    QCOMPARE(framing.expired(1850), T::Body);
    framing.feed("cd", 1800);
    QCOMPARE(framing.state(), HttpFraming::State::Complete);
    QCOMPARE(framing.deadline(), -1); // its answer is awaited: no clock
    QCOMPARE(framing.expired(1'000'000), T::None);
    framing.next(5000);
    QCOMPARE(framing.deadline(), 6000);
}

void TestHttpFraming::headClockForTls()
{
    HttpFraming framing(smallLimits(), 0);
    framing.startHeadClock(10);
    QCOMPARE(framing.deadline(), 110);
    QCOMPARE(framing.expired(110), HttpFraming::Timeout::Head);
    framing.feed("GET / HTTP/1.1\r\n", 50); // the clock does not restart
    QCOMPARE(framing.deadline(), 110);
}

void TestHttpFraming::chunkedOverLimitBeforeData()
{
    HttpFraming framing(smallLimits(), 0);
    const QByteArray head = "POST /w HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    const qsizetype used =
        framing.feed(QByteArray(head + "ffffffffffffffffffffff\r\n" + QByteArray(50, 'x')), 0);
    QCOMPARE(framing.errorStatus(), 413);
    QCOMPARE(framing.bufferedBytes(), 0);
    QVERIFY(used < head.size() + 30); // the data after the size was not taken
}

QTEST_GUILESS_MAIN(TestHttpFraming)
#include "tst_httpframing.moc"
