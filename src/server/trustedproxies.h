#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// The reverse proxies whose X-Forwarded-For is believed. For a connection
// from one of them, the client is the right-most address of the header that
// is not itself a trusted proxy; for any other peer the header is ignored,
// so a client can never choose the address it is shown and counted under.
class TrustedProxies final {
public:
    // Addresses or subnets ("10.0.0.0/8"); false with a sentence in *error
    // on an entry that is neither.
    bool parse(const QStringList &entries, QString *error);

    bool isEmpty() const { return m_subnets.isEmpty(); }
    bool isTrusted(const QHostAddress &address) const;
    // The client's address for a request from `peer` carrying these
    // X-Forwarded-For values (every header, in order).
    QHostAddress client(const QHostAddress &peer, const QList<QByteArray> &forwardedFor) const;

    // IPv4-mapped IPv6 addresses as plain IPv4: one address, one spelling.
    static QHostAddress normalised(const QHostAddress &address);

private:
    QList<QPair<QHostAddress, int>> m_subnets;
};
