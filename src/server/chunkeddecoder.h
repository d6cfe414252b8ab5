#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Decodes a chunked request body (RFC 9112, 7.1) as its bytes arrive, in any
// split. The running total is checked against the body limit when a chunk's
// size is read, before its data is buffered; chunk lines and trailers are
// bounded too, so a hostile stream cannot make it hold more than the limits.
class ChunkedDecoder final {
public:
    enum class State { SizeLine, Data, DataEnd, Trailers, Done, Failed };

    ChunkedDecoder(qint64 maxBodyBytes, qint64 maxLineBytes);

    // Consumes bytes of the body from `data`, appending decoded data to
    // *body; stops at the end of the body or at an error. Returns how many
    // bytes of `data` were consumed.
    qsizetype feed(QByteArrayView data, QByteArray *body);

    State state() const { return m_state; }
    // 400 (malformed), 413 (over the body limit) or 431 (trailers too large).
    int errorStatus() const { return m_errorStatus; }
    QString errorText() const { return m_errorText; }
    // Bytes held besides the decoded body (a partial size or trailer line).
    qint64 bufferedBytes() const { return m_line.size(); }
    qint64 total() const { return m_total; }

private:
    qsizetype takeData(QByteArrayView data, QByteArray *body);
    qsizetype takeLine(QByteArrayView data, bool *complete);
    void onSizeLine();
    void onTrailerLine();
    void fail(int status, const QString &text);

    qint64 m_maxBodyBytes = 0;
    qint64 m_maxLineBytes = 0;
    State m_state = State::SizeLine;
    QByteArray m_line;
    qint64 m_remaining = 0;
    qint64 m_total = 0;
    qint64 m_trailerBytes = 0;
    int m_errorStatus = 0;
    QString m_errorText;
};
