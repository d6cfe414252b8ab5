#include "filter/filtertime.h"

#include <QCoreApplication>
#include <QDate>
#include <QRegularExpression>
#include <QTime>

namespace {

constexpr qint64 kDayMs = 24 * 3600 * 1000LL;
// A span longer than this is a typo, not a query (and could overflow).
constexpr qint64 kMaxSpanMs = 1000 * 366 * kDayMs;

// Messages for the user, marked for lupdate.
const char *const kBadTime = QT_TRANSLATE_NOOP(
    "FilterExpression", "\"%1\" is not a date or time: use 2026-11-24, 2026-11-24T10:00, "
                        "2026-11-24T10:00:00Z or a span like 30m, 2h, 7d");
const char *const kNeedsUnit =
    QT_TRANSLATE_NOOP("FilterExpression", "\"%1\" needs a unit: s, m, h, d or w (30m, 2h, 7d)");
const char *const kBadUnit = QT_TRANSLATE_NOOP(
    "FilterExpression", "unknown time unit \"%1\" in \"%2\": use s, m, h, d or w");
const char *const kTooLong = QT_TRANSLATE_NOOP("FilterExpression", "\"%1\" is too long ago");

QString translated(const char *text)
{
    return QCoreApplication::translate("FilterExpression", text);
}

qint64 unitMs(QChar unit)
{
    switch (unit.toLower().unicode()) {
    case u's':
        return 1000;
    case u'm':
        return 60 * 1000;
    case u'h':
        return 3600 * 1000;
    case u'd':
        return kDayMs;
    case u'w':
        return 7 * kDayMs;
    default:
        return 0;
    }
}

} // namespace

bool FilterTime::parse(const QString &value, qint64 nowMs, Bound bound, qint64 *ms, QString *error)
{
    if (parseIso(value, bound, ms))
        return true;
    static const QRegularExpression relative(QStringLiteral("^([0-9]+)([A-Za-z]*)\\z"));
    const QRegularExpressionMatch m = relative.match(value);
    if (m.hasMatch())
        return parseRelative(m.captured(1), m.captured(2), nowMs, ms, error);
    *error = translated(kBadTime).arg(value);
    return false;
}

bool FilterTime::parseRelative(const QString &count, const QString &unitText, qint64 nowMs,
                               qint64 *ms, QString *error)
{
    const QString value = count + unitText;
    if (unitText.isEmpty()) {
        *error = translated(kNeedsUnit).arg(value);
        return false;
    }
    const qint64 unit = unitText.size() == 1 ? unitMs(unitText.front()) : 0;
    if (unit == 0) {
        *error = translated(kBadUnit).arg(unitText, value);
        return false;
    }
    bool ok = false;
    const qint64 n = count.toLongLong(&ok);
    if (!ok || n > kMaxSpanMs / unit) {
        *error = translated(kTooLong).arg(value);
        return false;
    }
    *ms = nowMs - n * unit;
    return true;
}

bool FilterTime::parseIso(const QString &value, Bound bound, qint64 *ms)
{
    static const QRegularExpression re(
        QStringLiteral("^([0-9]{4})-([0-9]{2})-([0-9]{2})"
                       "(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,3}))?)?"
                       "([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)?\\z"));
    const QRegularExpressionMatch m = re.match(value);
    if (!m.hasMatch())
        return false;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const bool dateOnly = m.captured(4).isEmpty();
    const QString fraction = m.captured(7).leftJustified(3, u'0');
    const QTime time = dateOnly ? QTime(0, 0)
                                : QTime(m.captured(4).toInt(), m.captured(5).toInt(),
                                        m.captured(6).toInt(), fraction.toInt());
    if (!date.isValid() || !time.isValid())
        return false;
    qint64 offsetMs = 0;
    const QString zone = m.captured(8);
    if (zone.size() > 1) {
        const int hours = zone.mid(1, 2).toInt();
        const int minutes = zone.size() > 3 ? zone.right(2).toInt() : 0;
        if (hours > 23 || minutes > 59)
            return false;
        offsetMs = (hours * 60 + minutes) * 60 * 1000LL * (zone.front() == u'-' ? -1 : 1);
    }
    const qint64 dayStart = QDate(1970, 1, 1).daysTo(date) * kDayMs;
    const qint64 extra = dateOnly && bound == Bound::Upper ? kDayMs : 0;
    *ms = dayStart + time.msecsSinceStartOfDay() + extra - offsetMs;
    return true;
}
