#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

// Reads the HTTP server's answers back from the guard's side of the inner
// connection: a status line, headers and a Content-Length body (what
// QHttpServerResponder::write produces). Only our own server writes here,
// but it is still bounded: a head over 64 KiB or a malformed answer fails.
class HttpAnswerReader final {
public:
    struct Answer {
        int status = 0;
        QByteArray head; // status line and header lines, each with CRLF
        QByteArray body;
    };

    void feed(QByteArrayView data);
    // The next complete answer, if one is in.
    std::optional<Answer> take();
    bool failed() const { return m_failed; }
    bool isEmpty() const { return m_buffer.isEmpty(); }

private:
    QByteArray m_buffer;
    bool m_failed = false;
};
