#pragma once

#include <QMetaType>

// Counters of one receiver run, sent to the window a few times a second.
struct ReceiverStats {
    quint64 received = 0;     // requests that reached the webhook logic
    quint64 stored = 0;       // answered 200 after commit
    quint64 verified = 0;     // of those, verified in any way
    quint64 refused = 0;      // answered 4xx (the connection guard's included)
    quint64 turnedAway = 0;   // connections closed unanswered at a connection cap
    quint64 failed = 0;       // answered 503: the store could not commit
    quint64 pending = 0;      // waiting for their commit
    double ratePerSecond = 0; // stored deliveries per second, recent
};

Q_DECLARE_METATYPE(ReceiverStats)
