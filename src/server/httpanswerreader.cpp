#include "httpanswerreader.h"

#include <QList>

namespace {

constexpr qsizetype kMaxHeadBytes = 64 * 1024;
constexpr qint64 kMaxBodyBytes = 64LL * 1024 * 1024;

qint64 contentLength(const QByteArray &head)
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().toLower() == "content-length") {
            bool ok = false;
            const qint64 value = line.sliced(colon + 1).trimmed().toLongLong(&ok);
            return ok && value >= 0 ? value : -1;
        }
    }
    return 0;
}

} // namespace

void HttpAnswerReader::feed(QByteArrayView data)
{
    if (!m_failed)
        m_buffer.append(data);
}

std::optional<HttpAnswerReader::Answer> HttpAnswerReader::take()
{
    if (m_failed)
        return std::nullopt;
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        m_failed = m_buffer.size() > kMaxHeadBytes;
        return std::nullopt;
    }
    Answer answer;
    answer.head = m_buffer.first(end + 2);
    const qint64 length = contentLength(answer.head);
    bool ok = answer.head.startsWith("HTTP/1.") && answer.head.size() > 12;
    answer.status = ok ? answer.head.mid(9, 3).toInt(&ok) : 0;
    if (!ok || length < 0 || length > kMaxBodyBytes) {
        m_failed = true;
        return std::nullopt;
    }
    if (m_buffer.size() < end + 4 + length)
        return std::nullopt;
    answer.body = m_buffer.mid(end + 4, length);
    m_buffer.remove(0, end + 4 + length);
    return answer;
}
