#include "window/listenprobe.h"

#include "tlscredentials.h"
#include "trustedproxies.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QTcpServer>

namespace ListenProbe {

bool canListen(const ReceiverConfig &next, quint16 currentPort, QString *error)
{
    QHostAddress address;
    if (next.host == QLatin1String("localhost")) {
        address = QHostAddress::LocalHost;
    } else if (!address.setAddress(next.host)) {
        *error = QCoreApplication::translate("ListenProbe", "\"%1\" is not an IP address to "
                                                            "listen on.")
                     .arg(next.host);
        return false;
    }
    TrustedProxies proxies;
    if (!proxies.parse(next.trustedProxies, error))
        return false;
    if (next.usesTls() && !TlsCredentials::load(next.tlsCertPath, next.tlsKeyPath, error))
        return false;
    // Port 0 picks a free port; the running receiver's own port is free as
    // soon as it stops (and cannot be probed while it listens).
    if (next.port == 0 || next.port == currentPort)
        return true;
    QTcpServer probe;
    if (probe.listen(address, next.port)) {
        probe.close();
        return true;
    }
    if (probe.serverError() == QAbstractSocket::AddressInUseError) {
        *error =
            QCoreApplication::translate("ListenProbe", "%1 is already in use by another program.")
                .arg(next.listenText());
    } else {
        *error = QCoreApplication::translate("ListenProbe", "Cannot listen on %1: %2")
                     .arg(next.listenText(), probe.errorString());
    }
    return false;
}

} // namespace ListenProbe
