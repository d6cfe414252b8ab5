#pragma once

#include "records/refusedrecord.h"

#include <QHash>
#include <QList>
#include <QString>

// Keeps a flood of refusals from one address from filling the store: the
// first `perAddressPerSecond` refusals of an address in a second are
// recorded in full; the rest of that second become one summary row ("37 more
// refusals from 203.0.113.5 in this second"). Seconds are those of each
// record's receivedAtMs; the caller's clock only says which seconds are over.
class RefusalThrottle final {
public:
    explicit RefusalThrottle(int perAddressPerSecond = 20);

    void setLimit(int perAddressPerSecond) { m_limit = perAddressPerSecond; }
    // True: record `refused` as it is. False: it is counted in its address's
    // summary for its second.
    bool admit(const RefusedRecord &refused);
    // The summaries of the seconds that ended before nowMs, oldest first.
    QList<RefusedRecord> takeSummaries(qint64 nowMs);
    // When the earliest summary still held is due (its second's end); -1: none.
    qint64 nextDueMs() const;

private:
    struct Second {
        qint64 second = 0; // receivedAtMs / 1000
        int count = 0;     // refusals so far in that second
        RefusedRecord last;
    };
    void close(Second &bucket);

    int m_limit = 20;
    QHash<QString, Second> m_byAddress;
    QList<RefusedRecord> m_ready; // summaries of seconds already over
};
