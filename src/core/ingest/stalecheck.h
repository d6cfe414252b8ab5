#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

// Whether a delivery's `timestamp` query parameter is far from the local
// clock (ReceiverConfig::staleAfterMs). The spec (section 1) leaves the unit
// open: epoch seconds and epoch milliseconds are both seen, so a value below
// kSecondsBelow is taken as seconds. "Now" is always passed in (the request's
// receipt time), so tests never depend on the wall clock.
class StaleCheck final {
public:
    // 10^11 s is the year 5138; 10^11 ms is 1973: no real value is ambiguous.
    static constexpr qint64 kSecondsBelow = 100'000'000'000LL;

    // The timestamp in ms since the epoch; nothing when it is not a number.
    static std::optional<qint64> timestampMs(QByteArrayView text);
    // Why the timestamp is stale, or nothing when it is within staleAfterMs
    // of nowMs or absent (null). A timestamp that is not a number cannot be
    // shown to be fresh, so it counts as stale.
    static std::optional<QString> reason(QByteArrayView timestamp, qint64 nowMs,
                                         qint64 staleAfterMs);
};
