#include "httpframing.h"

#include <utility>

namespace {

constexpr qint64 kBodyReserve = 64 * 1024;

} // namespace

HttpFraming::HttpFraming(const Limits &limits, qint64 nowMs)
    : m_limits(limits)
    , m_idleSince(nowMs)
{
}

qsizetype HttpFraming::feed(QByteArrayView data, qint64 nowMs)
{
    qsizetype used = 0;
    while (used < data.size() && m_state != State::Complete && m_state != State::Failed) {
        const QByteArrayView rest = data.sliced(used);
        if (m_state == State::Body) {
            used += feedBody(rest);
            continue;
        }
        if (m_state == State::Idle) {
            m_state = State::Head;
            if (m_headSince < 0)
                m_headSince = nowMs;
        }
        used += feedHead(rest, nowMs);
    }
    return used;
}

// Takes up to the end of the next line; ends the head at its blank line.
qsizetype HttpFraming::feedHead(QByteArrayView data, qint64 nowMs)
{
    const qsizetype lf = data.indexOf('\n');
    const qsizetype n = lf < 0 ? data.size() : lf + 1;
    if (m_headBytes.size() + n > m_limits.maxHeadBytes) {
        fail(
            431,
            QStringLiteral("a request head over the limit of %1 bytes").arg(m_limits.maxHeadBytes));
        return n;
    }
    m_headBytes.append(data.first(n));
    if (lf < 0)
        return n;
    const QByteArrayView line = QByteArrayView(m_headBytes).sliced(m_lineStart);
    m_lineStart = m_headBytes.size();
    const bool blank = line == "\n" || line == "\r\n";
    if (!blank)
        m_sawLine = true;
    else if (m_sawLine)
        endHead(nowMs);
    return n;
}

void HttpFraming::endHead(qint64 nowMs)
{
    QString why;
    const int status = HttpRequestHead::parse(m_headBytes, &m_head, &why);
    m_headBytes.clear();
    m_headBytes.squeeze();
    if (status != 0) {
        fail(status, why);
        return;
    }
    m_bodySince = nowMs;
    if (m_head.chunked) {
        m_chunks.emplace(m_limits.maxBodyBytes, m_limits.maxHeadBytes);
        m_state = State::Body;
        return;
    }
    if (m_head.contentLength > m_limits.maxBodyBytes) {
        fail(413, QStringLiteral("a body of %1 bytes is over the limit of %2 bytes")
                      .arg(m_head.contentLength)
                      .arg(m_limits.maxBodyBytes));
        return;
    }
    m_state = m_head.contentLength == 0 ? State::Complete : State::Body;
    m_body.reserve(qsizetype(qMin(m_head.contentLength, kBodyReserve)));
}

qsizetype HttpFraming::feedBody(QByteArrayView data)
{
    if (m_chunks) {
        const qsizetype used = m_chunks->feed(data, &m_body);
        if (m_chunks->state() == ChunkedDecoder::State::Done)
            m_state = State::Complete;
        else if (m_chunks->state() == ChunkedDecoder::State::Failed)
            fail(m_chunks->errorStatus(), m_chunks->errorText());
        return used;
    }
    const qint64 missing = m_head.contentLength - m_body.size();
    const qsizetype n = qsizetype(qMin<qint64>(missing, data.size()));
    m_body.append(data.first(n));
    if (m_body.size() == m_head.contentLength)
        m_state = State::Complete;
    return n;
}

void HttpFraming::next(qint64 nowMs)
{
    const Limits limits = m_limits;
    *this = HttpFraming(limits, nowMs);
}

void HttpFraming::startHeadClock(qint64 nowMs)
{
    if (m_state == State::Idle)
        m_headSince = nowMs;
}

QByteArray HttpFraming::takeBody()
{
    return std::exchange(m_body, QByteArray());
}

bool HttpFraming::wantsContinue() const
{
    return m_state == State::Body && m_head.expectContinue && !m_continueSent && m_body.isEmpty() &&
           (!m_chunks || m_chunks->total() == 0);
}

qint64 HttpFraming::bufferedBytes() const
{
    return m_headBytes.size() + m_body.size() + (m_chunks ? m_chunks->bufferedBytes() : 0);
}

qint64 HttpFraming::deadline() const
{
    switch (m_state) {
    case State::Idle:
        return m_headSince >= 0 ? m_headSince + m_limits.headTimeoutMs
                                : m_idleSince + m_limits.idleTimeoutMs;
    case State::Head:
        return m_headSince + m_limits.headTimeoutMs;
    case State::Body:
        return m_bodySince + m_limits.bodyTimeoutMs;
    case State::Complete:
    case State::Failed:
        break;
    }
    return -1;
}

HttpFraming::Timeout HttpFraming::expired(qint64 nowMs) const
{
    const qint64 at = deadline();
    if (at < 0 || nowMs < at)
        return Timeout::None;
    if (m_state == State::Body)
        return Timeout::Body;
    return m_state == State::Idle && m_headSince < 0 ? Timeout::Idle : Timeout::Head;
}

void HttpFraming::fail(int status, const QString &text)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorText = text;
    m_headBytes.clear();
    m_body.clear();
    m_chunks.reset();
}
