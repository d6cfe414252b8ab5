#include "trustedproxies.h"

bool TrustedProxies::parse(const QStringList &entries, QString *error)
{
    m_subnets.clear();
    for (const QString &raw : entries) {
        const QString entry = raw.trimmed();
        if (entry.isEmpty())
            continue;
        QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(entry);
        if (!entry.contains(u'/')) {
            const QHostAddress address(entry);
            subnet = {address, address.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32};
        }
        if (subnet.first.isNull()) {
            *error = QStringLiteral("trusted proxy \"%1\" is not an IP address or subnet").arg(raw);
            return false;
        }
        m_subnets.append({normalised(subnet.first), subnet.second});
    }
    return true;
}

bool TrustedProxies::isTrusted(const QHostAddress &address) const
{
    const QHostAddress a = normalised(address);
    for (const auto &subnet : m_subnets) {
        if (a.isInSubnet(subnet))
            return true;
    }
    return false;
}

QHostAddress TrustedProxies::client(const QHostAddress &peer,
                                    const QList<QByteArray> &forwardedFor) const
{
    if (!isTrusted(peer))
        return normalised(peer);
    QList<QByteArray> hops;
    for (const QByteArray &value : forwardedFor)
        hops += value.split(',');
    QHostAddress client = normalised(peer);
    for (qsizetype i = hops.size() - 1; i >= 0; --i) {
        const QHostAddress hop(QString::fromLatin1(hops.at(i).trimmed()));
        if (hop.isNull())
            break; // garbage: believe nothing further left
        client = normalised(hop);
        if (!isTrusted(client))
            break;
    }
    return client;
}

QHostAddress TrustedProxies::normalised(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4 && address.protocol() == QAbstractSocket::IPv6Protocol)
        return QHostAddress(v4);
    QHostAddress plain = address;
    plain.setScopeId(QString());
    return plain;
}
