#include "ingest/stalecheck.h"

namespace {

QString minutes(qint64 ms)
{
    const double value = static_cast<double>(ms) / 60'000.0;
    return QString::number(value, 'f', value < 10 ? 1 : 0);
}

} // namespace

std::optional<qint64> StaleCheck::timestampMs(QByteArrayView text)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok || value < 0)
        return std::nullopt;
    if (value >= kSecondsBelow)
        return value;
    return value * 1000;
}

std::optional<QString> StaleCheck::reason(QByteArrayView timestamp, qint64 nowMs,
                                          qint64 staleAfterMs)
{
    if (timestamp.isNull())
        return std::nullopt;
    const QString shown = QString::fromUtf8(timestamp.first(qMin<qsizetype>(timestamp.size(), 40)));
    const std::optional<qint64> ms = timestampMs(timestamp);
    if (!ms)
        return QStringLiteral("stale: timestamp \"%1\" is not a time in seconds or milliseconds")
            .arg(shown);
    const qint64 offset = *ms - nowMs;
    if (qAbs(offset) <= staleAfterMs)
        return std::nullopt;
    return QStringLiteral("stale: timestamp %1 is %2 minutes %3 this machine's clock "
                          "(allowed: %4 minutes)")
        .arg(shown, minutes(qAbs(offset)),
             offset < 0 ? QStringLiteral("behind") : QStringLiteral("ahead of"),
             minutes(staleAfterMs));
}
