#pragma once

#include "chunkeddecoder.h"
#include "httprequesthead.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

// Follows one connection's byte stream from the client and cuts it into
// requests (RFC 9112 framing), whatever the splits: a head split over many
// reads, blank lines before it, bare-LF line ends, Content-Length, chunked,
// no body. It holds at most one request: its head (up to maxHeadBytes) and
// its body (up to maxBodyBytes); past a limit, or on framing that is not
// clear, it stops with the status to answer (400, 413, 431). It also keeps
// the connection's deadlines, with times given by the caller (milliseconds
// on any monotonic clock), so tests need no real time. No sockets here.
class HttpFraming final {
public:
    struct Limits {
        qint64 maxHeadBytes = 32 * 1024;
        qint64 maxBodyBytes = 1024 * 1024;
        int headTimeoutMs = 10'000;
        int bodyTimeoutMs = 30'000;
        int idleTimeoutMs = 30'000;
    };
    // Idle: no byte of the next request yet. Complete: a request is ready
    // (head() and takeBody()); nothing more is consumed until next().
    enum class State { Idle, Head, Body, Complete, Failed };
    enum class Timeout { None, Idle, Head, Body };

    HttpFraming(const Limits &limits, qint64 nowMs);

    // Consumes bytes of the current request from `data` and returns how many
    // it took: it stops at the end of a request or at an error.
    qsizetype feed(QByteArrayView data, qint64 nowMs);
    // Done with the complete request: the next one may start, and the idle
    // clock runs from nowMs.
    void next(qint64 nowMs);
    // The head clock runs from nowMs although no byte arrived yet (a TLS
    // handshake counts against the head timeout).
    void startHeadClock(qint64 nowMs);

    State state() const { return m_state; }
    const HttpRequestHead &head() const { return m_head; }
    QByteArray takeBody();
    // The head is in, the client asked for 100-continue and no body byte
    // arrived yet: answer "100 Continue" once (then call continueSent()).
    bool wantsContinue() const;
    void continueSent() { m_continueSent = true; }
    int errorStatus() const { return m_errorStatus; }
    QString errorText() const { return m_errorText; }
    // Every byte held for the current request; never above the two limits.
    qint64 bufferedBytes() const;

    // The next deadline (-1: none, e.g. while a request is complete and its
    // answer awaited), and which one has passed at nowMs.
    qint64 deadline() const;
    Timeout expired(qint64 nowMs) const;

private:
    qsizetype feedHead(QByteArrayView data, qint64 nowMs);
    void endHead(qint64 nowMs);
    qsizetype feedBody(QByteArrayView data);
    void fail(int status, const QString &text);

    Limits m_limits;
    State m_state = State::Idle;
    QByteArray m_headBytes;
    qsizetype m_lineStart = 0; // where the head's current line starts
    bool m_sawLine = false;    // a non-blank line of the head is in
    HttpRequestHead m_head;
    QByteArray m_body;
    std::optional<ChunkedDecoder> m_chunks;
    bool m_continueSent = false;
    qint64 m_idleSince = 0;
    qint64 m_headSince = -1;
    qint64 m_bodySince = 0;
    int m_errorStatus = 0;
    QString m_errorText;
};
