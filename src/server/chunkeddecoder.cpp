#include "chunkeddecoder.h"

#include "protocol/hexdigit.h"

#include <limits>

namespace {

// 1*HEXDIG, saturating at a huge value; -1 when not hex digits.
qint64 hexLength(QByteArrayView text)
{
    if (text.isEmpty())
        return -1;
    constexpr qint64 kHuge = std::numeric_limits<qint64>::max();
    qint64 value = 0;
    for (const char c : text) {
        const int digit = hexDigitValue(c);
        if (digit < 0)
            return -1;
        value = value > (kHuge - 15) / 16 ? kHuge : value * 16 + digit;
    }
    return value;
}

bool hasControl(QByteArrayView text)
{
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return true;
    }
    return false;
}

} // namespace

ChunkedDecoder::ChunkedDecoder(qint64 maxBodyBytes, qint64 maxLineBytes)
    : m_maxBodyBytes(maxBodyBytes)
    , m_maxLineBytes(maxLineBytes)
{
}

qsizetype ChunkedDecoder::feed(QByteArrayView data, QByteArray *body)
{
    qsizetype used = 0;
    while (used < data.size() && m_state != State::Done && m_state != State::Failed) {
        const QByteArrayView rest = data.sliced(used);
        bool complete = false;
        switch (m_state) {
        case State::SizeLine:
            used += takeLine(rest, &complete);
            if (complete)
                onSizeLine();
            break;
        case State::Data:
            used += takeData(rest, body);
            break;
        case State::DataEnd:
            used += takeLine(rest, &complete);
            if (complete && !m_line.isEmpty())
                fail(400, QStringLiteral("chunk data longer than its size"));
            else if (complete)
                m_state = State::SizeLine;
            break;
        case State::Trailers:
            used += takeLine(rest, &complete);
            if (complete)
                onTrailerLine();
            break;
        case State::Done:
        case State::Failed:
            break;
        }
        if (complete)
            m_line.clear();
    }
    return used;
}

qsizetype ChunkedDecoder::takeData(QByteArrayView data, QByteArray *body)
{
    const qsizetype n = qsizetype(qMin<qint64>(m_remaining, data.size()));
    body->append(data.first(n));
    m_remaining -= n;
    if (m_remaining == 0)
        m_state = State::DataEnd;
    return n;
}

// Appends up to the next LF to m_line; *complete once the LF is in. The
// line ending (LF or CRLF) is removed from a complete line.
qsizetype ChunkedDecoder::takeLine(QByteArrayView data, bool *complete)
{
    const qsizetype lf = data.indexOf('\n');
    const qsizetype n = lf < 0 ? data.size() : lf + 1;
    // After chunk data only CRLF may follow: anything longer fails early.
    const qint64 limit = m_state == State::DataEnd ? 2 : m_maxLineBytes;
    if (m_line.size() + n > limit) {
        if (m_state == State::Trailers)
            fail(431, QStringLiteral("chunked trailers over the head limit"));
        else
            fail(400, QStringLiteral("a malformed chunk line"));
        return n;
    }
    m_line.append(data.first(n));
    *complete = lf >= 0;
    if (*complete) {
        m_line.chop(1);
        if (m_line.endsWith('\r'))
            m_line.chop(1);
    }
    return n;
}

void ChunkedDecoder::onSizeLine()
{
    QByteArrayView line(m_line);
    const qsizetype semicolon = line.indexOf(';');
    QByteArrayView size = semicolon < 0 ? line : line.first(semicolon);
    while (size.endsWith(' ') || size.endsWith('\t'))
        size.chop(1);
    const qint64 value = hexLength(size);
    if (value < 0 || hasControl(line)) {
        fail(400, QStringLiteral("a malformed chunk size"));
        return;
    }
    if (value > m_maxBodyBytes - m_total) {
        fail(413, QStringLiteral("a chunked body over the limit of %1 bytes").arg(m_maxBodyBytes));
        return;
    }
    m_total += value;
    m_remaining = value;
    m_state = value == 0 ? State::Trailers : State::Data;
}

void ChunkedDecoder::onTrailerLine()
{
    if (m_line.isEmpty()) {
        m_state = State::Done;
        return;
    }
    m_trailerBytes += m_line.size() + 2;
    if (m_trailerBytes > m_maxLineBytes) {
        fail(431, QStringLiteral("chunked trailers over the head limit"));
        return;
    }
    if (hasControl(m_line) || m_line.startsWith(' ') || m_line.startsWith('\t') ||
        m_line.indexOf(':') <= 0)
        fail(400, QStringLiteral("a malformed trailer line"));
}

void ChunkedDecoder::fail(int status, const QString &text)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorText = text;
}
