#include "forwardrequest.h"

#include <QStringList>

namespace {

constexpr qsizetype kMaxTargetLength = 2048;
constexpr qsizetype kMaxContentTypeLength = 256;
const QByteArray kDefaultContentType = QByteArrayLiteral("application/json");

} // namespace

ForwardRequest ForwardRequest::forEvent(const EventRecord &event,
                                        const QList<DeliveryRecord> &deliveries, const QUrl &target)
{
    ForwardRequest r;
    r.url = combinedUrl(target, event.query);
    r.body = event.payload;
    r.eventId = event.id;
    r.test = event.test;
    if (!deliveries.isEmpty())
        r.contentType = contentTypeOf(deliveries.constFirst().headers);
    if (r.contentType.isEmpty())
        r.contentType = kDefaultContentType;
    return r;
}

QUrl ForwardRequest::combinedUrl(const QUrl &target, const QString &originalQuery)
{
    QUrl url = target;
    const QString own = target.query(QUrl::FullyEncoded);
    QString query = own;
    if (!originalQuery.isEmpty())
        query = own.isEmpty() ? originalQuery : own + u'&' + originalQuery;
    if (query.isEmpty())
        url.setQuery(QString());
    else
        url.setQuery(query, QUrl::TolerantMode);
    return url;
}

QByteArray ForwardRequest::contentTypeOf(const QString &headerLines)
{
    const QStringList lines = headerLines.split(u'\n');
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0)
            continue;
        if (line.left(colon).trimmed().compare(QLatin1String("content-type"),
                                               Qt::CaseInsensitive) != 0)
            continue;
        const QByteArray value = line.mid(colon + 1).trimmed().toLatin1();
        // Bounded and printable, or not used (the fallback applies).
        if (value.size() > kMaxContentTypeLength)
            return {};
        for (const char c : value) {
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                return {};
        }
        return value;
    }
    return {};
}

bool ForwardRequest::checkTarget(const QString &text, QUrl *url, QString *error)
{
    const QString trimmed = text.trimmed();
    const QUrl parsed(trimmed, QUrl::StrictMode);
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (trimmed.size() > kMaxTargetLength)
        return fail(QStringLiteral("The forwarding URL is longer than %1 characters.")
                        .arg(kMaxTargetLength));
    if (!parsed.isValid() || parsed.isRelative() ||
        (parsed.scheme() != QLatin1String("http") && parsed.scheme() != QLatin1String("https")) ||
        parsed.host().isEmpty())
        return fail(QStringLiteral("\"%1\" is not an http:// or https:// URL with a host.")
                        .arg(trimmed.left(200)));
    if (!parsed.userInfo().isEmpty())
        return fail(QStringLiteral("\"%1\" has a user name or password in it; they would be "
                                   "stored and exported with every event: not supported.")
                        .arg(parsed.toString(QUrl::RemoveUserInfo).left(200)));
    if (parsed.hasFragment())
        return fail(QStringLiteral("\"%1\" has a #fragment, which is never sent: remove it.")
                        .arg(trimmed.left(200)));
    if (url)
        *url = parsed;
    return true;
}

QNetworkRequest ForwardRequest::networkRequest(int timeoutMs) const
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("HookScope"));
    request.setRawHeader(QByteArrayLiteral("X-HookScope-Event-Id"), QByteArray::number(eventId));
    if (test)
        request.setRawHeader(QByteArrayLiteral("X-HookScope-Test"), QByteArrayLiteral("1"));
    // A redirect is an answer (given up, shown), not followed with the body.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(timeoutMs);
    return request;
}
