#include "ratelimitedlog.h"

#include <utility>

namespace {

constexpr qint64 kIntervalMs = 1000;
constexpr qsizetype kMaxTracked = 4096;

} // namespace

RateLimitedLog::RateLimitedLog(int linesPerSecond)
    : m_linesPerSecond(linesPerSecond)
{
}

bool RateLimitedLog::allow(const QString &address, qint64 nowMs, quint64 *suppressed)
{
    if (nowMs - m_secondStart >= kIntervalMs) {
        m_secondStart = nowMs;
        m_linesThisSecond = 0;
        if (m_lastByAddress.size() > kMaxTracked)
            m_lastByAddress.clear(); // older than a second or not, forgetting is safe
    }
    const auto it = m_lastByAddress.constFind(address);
    const bool recent = it != m_lastByAddress.constEnd() && nowMs - it.value() < kIntervalMs;
    if (recent || m_linesThisSecond >= m_linesPerSecond) {
        ++m_suppressed;
        return false;
    }
    m_lastByAddress.insert(address, nowMs);
    ++m_linesThisSecond;
    *suppressed = std::exchange(m_suppressed, 0);
    return true;
}
