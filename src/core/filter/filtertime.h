#pragma once

#include <QString>

// The values of since: and until: in the filter language: an ISO 8601 date
// ("2026-11-24"), date-time ("2026-11-24T10:00", "...T10:00:00.5Z",
// "...T10:00+08:00"), or a span back from now ("30m", "2h", "7d"; units s, m,
// h, d, w). Dates and times without a zone are UTC. A bare date names a whole
// day: as a lower bound it starts at 00:00, as an upper bound it ends at the
// next day's 00:00, so since:D until:D is exactly day D.
class FilterTime final {
public:
    enum class Bound { Lower, Upper };

    // ms since the epoch, or false with *error set (a sentence for the user).
    static bool parse(const QString &value, qint64 nowMs, Bound bound, qint64 *ms, QString *error);

private:
    static bool parseRelative(const QString &count, const QString &unitText, qint64 nowMs,
                              qint64 *ms, QString *error);
    static bool parseIso(const QString &value, Bound bound, qint64 *ms);
};
