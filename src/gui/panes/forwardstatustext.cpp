#include "panes/forwardstatustext.h"

#include "paint/theme.h"
#include "paint/timetext.h"

#include <QPalette>

namespace {

QString statusWords(int status)
{
    return status > 0 ? ForwardStatusText::tr("HTTP %1").arg(status)
                      : ForwardStatusText::tr("no answer");
}

// Seconds, minutes or hours until `atMs`; "now" once due.
QString waitText(qint64 atMs, qint64 nowMs)
{
    const qint64 seconds = (atMs - nowMs + 999) / 1000;
    if (seconds <= 0)
        return ForwardStatusText::tr("due now");
    if (seconds < 120)
        return ForwardStatusText::tr("in %1 s").arg(seconds);
    if (seconds < 7200)
        return ForwardStatusText::tr("in %1 min").arg(seconds / 60);
    return ForwardStatusText::tr("in %1 h").arg(seconds / 3600);
}

} // namespace

QString ForwardStatusText::none()
{
    return tr("Not forwarded: no forwarding rule was on and matched this event when it arrived. "
              "Rules are in Settings, Forwarding; Send to… sends it by hand.");
}

QString ForwardStatusText::detail(const ForwardRecord &row, qint64 nowMs)
{
    const QString last = row.attempts > 0 ? tr("%1 at %2 (attempt %3)")
                                                .arg(statusWords(row.lastStatus),
                                                     TimeText::full(row.lastAttemptAtMs))
                                                .arg(row.attempts)
                                          : QString();
    switch (row.state) {
    case ForwardState::Forwarded:
        return tr("Forwarded: %1").arg(last);
    case ForwardState::GivenUp:
        return row.attempts > 0 ? tr("Given up: %1").arg(last) : tr("Given up without an attempt");
    case ForwardState::Pending:
        break;
    }
    if (row.attempts <= 0)
        return tr("Pending: queued at %1, first attempt %2")
            .arg(TimeText::full(row.queuedAtMs), waitText(row.nextAttemptAtMs, nowMs));
    return tr("Pending: %1; next attempt at %2 (%3)")
        .arg(last, TimeText::full(row.nextAttemptAtMs), waitText(row.nextAttemptAtMs, nowMs));
}

QString ForwardStatusText::answer(const ForwardRecord &row)
{
    QString text = row.lastAnswer.simplified();
    if (text.size() > kMaxAnswerShown)
        text = text.left(kMaxAnswerShown) + QChar(0x2026);
    return text;
}

QString ForwardStatusText::line(const ForwardRecord &row, qint64 nowMs)
{
    QString text = detail(row, nowMs);
    const QString said = answer(row);
    if (!said.isEmpty() && row.state != ForwardState::Forwarded)
        text = tr("%1 — %2").arg(text, said);
    return tr("%1: %2").arg(row.target, text);
}

QString ForwardStatusText::plain(const QList<ForwardRecord> &rows, qint64 nowMs)
{
    if (rows.isEmpty())
        return none();
    QStringList lines;
    for (const ForwardRecord &row : rows)
        lines.append(line(row, nowMs));
    return lines.join(u'\n');
}

QString ForwardStatusText::retryUrl(qint64 forwardId)
{
    return QStringLiteral("retry:%1").arg(forwardId);
}

qint64 ForwardStatusText::retryIdOf(const QString &url)
{
    const QLatin1String scheme("retry:");
    if (!url.startsWith(scheme))
        return 0;
    bool ok = false;
    const qint64 id = QStringView(url).mid(scheme.size()).toLongLong(&ok);
    return ok && id > 0 ? id : 0;
}

QString ForwardStatusText::html(const QList<ForwardRecord> &rows, const QPalette &palette,
                                qint64 nowMs, bool retryLinks)
{
    if (rows.isEmpty())
        return QStringLiteral("<p>%1</p>").arg(none().toHtmlEscaped());
    QString out;
    for (const ForwardRecord &row : rows) {
        Theme::Tone tone = Theme::Tone::Warning;
        QString word = tr("pending");
        if (row.state == ForwardState::Forwarded) {
            tone = Theme::Tone::Good;
            word = tr("forwarded");
        } else if (row.state == ForwardState::GivenUp) {
            tone = Theme::Tone::Bad;
            word = tr("given up");
        }
        const QString text = detail(row, nowMs);
        out += QStringLiteral("<p><span style=\"color:%1\"><b>%2</b></span> "
                              "<code>%3</code><br>%4")
                   .arg(Theme::tone(palette, tone).name(), word.toHtmlEscaped(),
                        row.target.toHtmlEscaped(), text.toHtmlEscaped());
        if (const QString said = answer(row); !said.isEmpty())
            out += QStringLiteral("<br>%1").arg(tr("Answer: %1").arg(said).toHtmlEscaped());
        if (retryLinks && row.state == ForwardState::GivenUp)
            out += QStringLiteral("<br><a href=\"%1\">%2</a>")
                       .arg(retryUrl(row.id), tr("Retry now").toHtmlEscaped());
        out += QStringLiteral("</p>");
    }
    return out;
}

QString ForwardStatusText::title(const QList<ForwardRecord> &rows)
{
    qsizetype pending = 0;
    qsizetype givenUp = 0;
    for (const ForwardRecord &row : rows) {
        pending += row.state == ForwardState::Pending ? 1 : 0;
        givenUp += row.state == ForwardState::GivenUp ? 1 : 0;
    }
    if (rows.isEmpty())
        return tr("Forwarding");
    if (givenUp > 0)
        return tr("Forwarding (given up)");
    if (pending > 0)
        return tr("Forwarding (pending)");
    return tr("Forwarding (done)");
}
