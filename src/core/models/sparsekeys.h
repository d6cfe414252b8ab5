#pragma once

#include "store/eventstore.h"

#include <QList>

// The rows of a keyed view of the message stream, known without holding them:
// how many there are and the key of every kStride-th one (row 0, 256, 512,
// ...). Row r is then "the (r % kStride)-th row from checkpoint r / kStride",
// one short keyed query (EventStore::eventsFromKey), and ten million rows
// cost 40,000 keys (625 KB) instead of ten million ids (80 MB).
struct SparseKeys {
    static constexpr int kStride = 256;

    QList<EventStore::EventKey> checkpoints;
    qint64 count = 0;

    // The next row in key order.
    void add(const EventStore::EventKey &key)
    {
        if (count % kStride == 0)
            checkpoints.append(key);
        ++count;
    }
    void clear()
    {
        checkpoints.clear();
        count = 0;
    }
};
