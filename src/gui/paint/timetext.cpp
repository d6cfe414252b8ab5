#include "paint/timetext.h"

#include <QDateTime>

QString TimeText::clock(qint64 msSinceEpoch)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(msSinceEpoch);
    if (t.date() == QDate::currentDate())
        return t.toString(QStringLiteral("HH:mm:ss"));
    return t.toString(QStringLiteral("MM-dd HH:mm:ss"));
}

QString TimeText::full(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString TimeText::relative(qint64 msSinceEpoch, qint64 nowMs)
{
    if (msSinceEpoch <= 0)
        return tr("never");
    const qint64 seconds = qMax<qint64>(0, (nowMs - msSinceEpoch) / 1000);
    if (seconds < 10)
        return tr("just now");
    if (seconds < 60)
        return tr("%n s ago", nullptr, static_cast<int>(seconds));
    if (seconds < 3600)
        return tr("%n min ago", nullptr, static_cast<int>(seconds / 60));
    if (seconds < 86400)
        return tr("%n h ago", nullptr, static_cast<int>(seconds / 3600));
    return tr("%n d ago", nullptr, static_cast<int>(seconds / 86400));
}
