#include "filterbar/filterterms.h"

namespace {

bool isParen(QChar c)
{
    return c == u'(' || c == u')';
}

} // namespace

QList<FilterTerms::Span> FilterTerms::split(const QString &text)
{
    QList<Span> spans;
    int depth = 0;
    int start = -1;
    bool quoted = false;
    const auto close = [&spans, &start, &depth](int end) {
        if (start >= 0)
            spans.append({start, end - start, depth});
        start = -1;
    };
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'\\' && i + 1 < text.size())
                ++i;
            else if (c == u'"')
                quoted = false;
            continue;
        }
        if (c.isSpace()) {
            close(i);
        } else if (isParen(c)) {
            close(i);
            if (c == u')')
                depth = qMax(0, depth - 1);
            spans.append({i, 1, depth});
            if (c == u'(')
                ++depth;
        } else {
            if (start < 0)
                start = i;
            if (c == u'"')
                quoted = true;
        }
    }
    close(static_cast<int>(text.size()));
    return spans;
}

FilterTerms::Span FilterTerms::at(const QString &text, int cursor)
{
    for (const Span &span : split(text)) {
        if (span.length == 1 && isParen(text.at(span.start)))
            continue;
        if (cursor >= span.start && cursor <= span.end())
            return span;
    }
    return {cursor, 0, 0};
}

bool FilterTerms::hasRequiredTerm(const QString &text, const QString &term)
{
    const QList<Span> spans = split(text);
    const auto isOr = [&text, &spans](qsizetype i) {
        return i >= 0 && i < spans.size() &&
               QStringView(text).mid(spans.at(i).start, spans.at(i).length) == u"OR";
    };
    for (qsizetype i = 0; i < spans.size(); ++i) {
        const Span &s = spans.at(i);
        if (s.depth == 0 && QStringView(text).mid(s.start, s.length) == term && !isOr(i - 1) &&
            !isOr(i + 1))
            return true;
    }
    return false;
}

QString FilterTerms::withTerm(const QString &text, const QString &term)
{
    const QString base = text.trimmed();
    if (base.isEmpty())
        return term;
    if (hasRequiredTerm(base, term))
        return base;
    return base + QLatin1Char(' ') + term;
}
