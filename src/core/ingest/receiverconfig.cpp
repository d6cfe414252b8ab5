#include "ingest/receiverconfig.h"

bool ReceiverConfig::setListen(const QString &hostPort, QString *error)
{
    const QString text = hostPort.trimmed();
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0 || colon == text.size() - 1) {
        *error = QStringLiteral("listen address \"%1\" is not HOST:PORT (for example "
                                "127.0.0.1:8787)")
                     .arg(hostPort);
        return false;
    }
    QString newHost = text.left(colon);
    if (newHost.startsWith(u'[') && newHost.endsWith(u']'))
        newHost = newHost.mid(1, newHost.size() - 2);
    bool ok = false;
    const uint newPort = QStringView(text).mid(colon + 1).toUInt(&ok);
    if (!ok || newPort > 65535) {
        *error = QStringLiteral("port \"%1\" in \"%2\" is not a number from 0 to 65535")
                     .arg(text.mid(colon + 1), hostPort);
        return false;
    }
    host = newHost;
    port = static_cast<quint16>(newPort);
    return true;
}

QString ReceiverConfig::listenText() const
{
    const QString h = host.contains(u':') ? u'[' + host + u']' : host;
    return h + u':' + QString::number(port);
}

QString ReceiverConfig::url(quint16 actualPort) const
{
    const QString h = host.contains(u':') ? u'[' + host + u']' : host;
    return (usesTls() ? QStringLiteral("https://") : QStringLiteral("http://")) + h + u':' +
           QString::number(actualPort) + normalisedPath(path);
}

QString ReceiverConfig::normalisedPath(const QString &path)
{
    const QString trimmed = path.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("/");
    return trimmed.startsWith(u'/') ? trimmed : u'/' + trimmed;
}

bool ReceiverConfig::isOpenToAnyone() const
{
    if (!secret.isEmpty())
        return false;
    // Textual on purpose: core has no QtNetwork. Loopback is 127.0.0.0/8,
    // ::1 and "localhost"; anything else (0.0.0.0, ::, a LAN address) is not.
    const QString h = host.trimmed().toLower();
    const bool loopback = h == QLatin1String("localhost") || h == QLatin1String("::1") ||
                          h.startsWith(QLatin1String("127.")) ||
                          h == QLatin1String("::ffff:127.0.0.1");
    return !loopback;
}
