#include "ingest/refusalthrottle.h"

#include <algorithm>
#include <utility>

RefusalThrottle::RefusalThrottle(int perAddressPerSecond)
    : m_limit(perAddressPerSecond)
{
}

bool RefusalThrottle::admit(const RefusedRecord &refused)
{
    const qint64 second = refused.receivedAtMs / 1000;
    Second &bucket = m_byAddress[refused.peer];
    if (bucket.count > 0 && bucket.second != second)
        close(bucket);
    if (bucket.count == 0)
        bucket.second = second;
    ++bucket.count;
    if (bucket.count <= m_limit)
        return true;
    bucket.last = refused;
    return false;
}

// The bucket's second is over: its summary, if it had more than the limit,
// joins the ready list, and the bucket starts afresh.
void RefusalThrottle::close(Second &bucket)
{
    const int over = bucket.count - m_limit;
    if (over > 0) {
        RefusedRecord summary;
        summary.receivedAtMs = bucket.second * 1000;
        summary.status = bucket.last.status;
        summary.method = bucket.last.method;
        summary.path = bucket.last.path;
        summary.peer = bucket.last.peer;
        summary.reason =
            over == 1 ? QStringLiteral("1 more refusal from %1 in this second").arg(summary.peer)
                      : QStringLiteral("%1 more refusals from %2 in this second")
                            .arg(over)
                            .arg(summary.peer);
        m_ready.append(summary);
    }
    bucket = Second();
}

QList<RefusedRecord> RefusalThrottle::takeSummaries(qint64 nowMs)
{
    const qint64 current = nowMs / 1000;
    for (auto it = m_byAddress.begin(); it != m_byAddress.end();) {
        if (it->second < current) {
            close(*it);
            it = m_byAddress.erase(it); // addresses that went quiet cost nothing
        } else {
            ++it;
        }
    }
    std::sort(m_ready.begin(), m_ready.end(), [](const RefusedRecord &a, const RefusedRecord &b) {
        return a.receivedAtMs < b.receivedAtMs;
    });
    return std::exchange(m_ready, {});
}

qint64 RefusalThrottle::nextDueMs() const
{
    if (!m_ready.isEmpty())
        return 0;
    qint64 due = -1;
    for (const Second &bucket : m_byAddress) {
        if (bucket.count > m_limit && (due < 0 || (bucket.second + 1) * 1000 < due))
            due = (bucket.second + 1) * 1000;
    }
    return due;
}
