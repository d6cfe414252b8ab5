#include "dialogs/webhookurl.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QNetworkInterface>
#include <QUrl>

HostFacts HostFacts::ofThisMachine()
{
    HostFacts facts;
    facts.hostName = QHostInfo::localHostName().left(253);
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &iface : interfaces) {
        const auto flags = iface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) ||
            flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        const auto entries = iface.addressEntries();
        for (const QNetworkAddressEntry &entry : entries) {
            const QHostAddress ip = entry.ip();
            if (ip.protocol() == QAbstractSocket::IPv4Protocol && !ip.isLoopback() &&
                !ip.isLinkLocal()) {
                facts.firstIpv4 = ip.toString();
                return facts;
            }
        }
    }
    return facts;
}

bool WebhookUrl::isWildcard(const QString &host)
{
    const QString h = host.trimmed();
    return h.isEmpty() || h == QLatin1String("0.0.0.0") || h == QLatin1String("::") ||
           h == QLatin1String("[::]");
}

QString WebhookUrl::shown(const ReceiverConfig &config, quint16 actualPort,
                          const QString &publicUrl, const HostFacts &host)
{
    if (!publicUrl.trimmed().isEmpty()) {
        QString ignored;
        const std::optional<QString> checked = checkPublic(publicUrl, &ignored);
        if (checked && !checked->isEmpty())
            return *checked;
    }
    ReceiverConfig shownConfig = config;
    if (isWildcard(config.host)) {
        if (!host.firstIpv4.isEmpty())
            shownConfig.host = host.firstIpv4;
        else if (!host.hostName.isEmpty())
            shownConfig.host = host.hostName;
        else
            shownConfig.host = QStringLiteral("127.0.0.1");
    }
    return shownConfig.url(actualPort != 0 ? actualPort : config.port);
}

std::optional<QString> WebhookUrl::checkPublic(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return QString();
    if (trimmed.size() > kMaxLength) {
        *error = tr("The URL is longer than %1 characters.").arg(kMaxLength);
        return std::nullopt;
    }
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        *error = tr("Give a URL starting with https:// or http://.");
        return std::nullopt;
    }
    if (url.host().isEmpty()) {
        *error = tr("The URL has no host name.");
        return std::nullopt;
    }
    if (!url.userInfo().isEmpty()) {
        *error = tr("The URL must not contain a user name or password.");
        return std::nullopt;
    }
    if (url.hasFragment()) {
        *error = tr("The URL must not contain a fragment (#…).");
        return std::nullopt;
    }
    return url.toString(QUrl::FullyEncoded);
}
