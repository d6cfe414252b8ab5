#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// One request head as the connection guard read it (RFC 9112), checked
// strictly: whatever a client sends that two parsers could read two ways
// (conflicting lengths, a length and chunking, folded lines, bare CRs) is
// refused rather than guessed at. Plain data and parsing, no sockets.
struct HttpRequestHead {
    using Header = QPair<QByteArray, QByteArray>;

    QByteArray method;
    QByteArray target;
    int minorVersion = 1;     // HTTP/1.x
    QList<Header> headers;    // names as sent; values without surrounding blanks
    qint64 contentLength = 0; // saturates at a huge value, never overflows
    bool chunked = false;
    bool keepAlive = true;
    bool expectContinue = false;

    bool isHead() const { return method == "HEAD"; }
    // Every value of a header, in order, its name compared without case.
    QList<QByteArray> values(const QByteArray &name) const;

    // Parses a complete head: the request line and header lines, each line
    // ended by LF or CRLF, the blank line included or not. Returns 0, or the
    // status to refuse with (400) and a reason in *why.
    static int parse(const QByteArray &raw, HttpRequestHead *out, QString *why);

    // The head handed on to the HTTP server: HTTP/1.1, the client's headers
    // without the ones that frame this hop (lengths, chunking, Connection and
    // the headers it names, Expect, Upgrade) nor any `peerHeader` the client
    // sent, then `Content-Length: bodyLength` and `peerHeader: peer`.
    QByteArray forwarded(qint64 bodyLength, const QByteArray &peerHeader,
                         const QByteArray &peer) const;
};
