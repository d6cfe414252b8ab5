#pragma once

#include <QCoreApplication>
#include <QString>

// How times are written in the window: local time, seconds for the stream,
// milliseconds where deliveries are compared, and "5 min ago" for recency.
class TimeText final {
    Q_DECLARE_TR_FUNCTIONS(TimeText)

public:
    static QString clock(qint64 msSinceEpoch); // HH:mm:ss (today) or MM-dd HH:mm:ss
    static QString full(qint64 msSinceEpoch);  // yyyy-MM-dd HH:mm:ss.zzz
    static QString relative(qint64 msSinceEpoch, qint64 nowMs); // "never" for 0
};
