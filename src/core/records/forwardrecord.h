#pragma once

#include <QMetaType>
#include <QString>
#include <QStringView>

#include <optional>

// One row of the forwarding queue (the forwards table, docs/forwarding.md):
// one event on its way to one target URL.
enum class ForwardState {
    Pending,   // queued or waiting for its next attempt
    Forwarded, // the target answered 2xx: never sent again
    GivenUp,   // a 4xx other than 408/429, or still failing past the deadline
};

// "pending", "forwarded", "given-up": stored, shown and exported (a contract).
QString forwardStateWord(ForwardState state);
std::optional<ForwardState> forwardStateFromWord(QStringView word);

struct ForwardRecord {
    qint64 id = 0;
    qint64 eventId = 0;
    QString target; // the rule's URL as configured (without the event's query)
    ForwardState state = ForwardState::Pending;
    int attempts = 0;
    qint64 queuedAtMs = 0;
    qint64 nextAttemptAtMs = 0; // pending rows: when the next attempt is due
    qint64 lastAttemptAtMs = 0; // 0: never tried
    int lastStatus = 0;         // the HTTP status of the last answer; 0: no answer
    QString lastAnswer;         // a bounded copy of the answer (<= 1 KiB), or the error

    // What the exports and the inspector show: "forwarded 200", "pending",
    // "pending 503" (after a failed attempt), "given-up 404", "given-up"
    // (no answer: connection errors or timeouts until the deadline).
    QString summary() const;
};

// How many rows are in each state (EventStore::forwardCounts).
struct ForwardCounts {
    qint64 pending = 0;
    qint64 forwarded = 0;
    qint64 givenUp = 0;
};

inline bool operator==(const ForwardCounts &a, const ForwardCounts &b)
{
    return a.pending == b.pending && a.forwarded == b.forwarded && a.givenUp == b.givenUp;
}

Q_DECLARE_METATYPE(ForwardRecord)
Q_DECLARE_METATYPE(ForwardCounts)
