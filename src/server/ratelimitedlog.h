#pragma once

#include <QHash>
#include <QString>

// Decides which refusal lines are written: at most one per address per
// second and a few per second in all, so a flood of hostile connections
// (from one address or from thousands) never floods the log. What was held
// back is counted and mentioned by the next line written.
class RateLimitedLog final {
public:
    explicit RateLimitedLog(int linesPerSecond = 10);

    // True when a line about `address` may be written at nowMs; then
    // *suppressed is how many lines were held back since the last one.
    bool allow(const QString &address, qint64 nowMs, quint64 *suppressed);

private:
    QHash<QString, qint64> m_lastByAddress;
    int m_linesPerSecond = 10;
    qint64 m_secondStart = 0;
    int m_linesThisSecond = 0;
    quint64 m_suppressed = 0;
};
