#include "settings/forwardrulecheck.h"

#include "filter/filterexpression.h"

#include <QUrl>

QString ForwardRuleCheck::urlError(const QString &text)
{
    const QString url = text.trimmed();
    if (url.isEmpty())
        return tr("The URL is empty.");
    if (url.size() > kMaxUrlLength)
        return tr("The URL is longer than %1 characters.").arg(kMaxUrlLength);
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return tr("Only http:// and https:// URLs can be forwarded to.");
    if (!parsed.isValid() || parsed.host().isEmpty() || url.contains(u' '))
        return tr("\"%1\" is not a valid URL; write it as "
                  "https://crm.example.com/salesmartly/webhook.")
            .arg(url.left(200));
    // As `serve --forward` and `replay` (ForwardRequest::checkTarget): no
    // password kept in the settings file, no fragment (never sent anyway).
    if (!parsed.userInfo().isEmpty())
        return tr("The URL may not contain a user name or password.");
    if (parsed.hasFragment())
        return tr("The URL may not contain a #fragment.");
    return {};
}

QString ForwardRuleCheck::filterError(const QString &filter, int *position, int *length)
{
    if (position)
        *position = -1;
    if (length)
        *length = 0;
    if (filter.size() > kMaxFilterLength)
        return tr("The filter is longer than %1 characters.").arg(kMaxFilterLength);
    const FilterExpression parsed = FilterExpression::parse(filter);
    if (parsed.isValid())
        return {};
    if (position)
        *position = parsed.errorPosition();
    if (length)
        *length = parsed.errorLength();
    return parsed.errorMessage();
}

QString ForwardRuleCheck::error(const ForwardRule &rule)
{
    if (QString e = urlError(rule.url); !e.isEmpty())
        return e;
    return filterError(rule.filter);
}

QStringList ForwardRuleCheck::enabledTargets(const QList<ForwardRule> &rules)
{
    QStringList targets;
    for (const ForwardRule &rule : rules) {
        if (rule.enabled && !targets.contains(rule.url) && error(rule).isEmpty())
            targets.append(rule.url);
    }
    return targets;
}
