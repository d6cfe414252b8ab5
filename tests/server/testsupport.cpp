#include "testsupport.h"

#include "receiverservice.h"

#include <QSignalSpy>
#include <QTcpSocket>

Answer exchange(quint16 port, const QByteArray &raw)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(raw);
    QByteArray buffer;
    for (int i = 0; i < 100; ++i) {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            const QByteArray head = buffer.left(headEnd).toLower();
            const qsizetype at = head.indexOf("content-length:");
            const qint64 length =
                at < 0 ? 0
                       : head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
            if (buffer.size() >= headEnd + 4 + length)
                return {buffer.mid(9, 3).toInt(), buffer.mid(headEnd + 4, length), head};
        }
        if (!socket.waitForReadyRead(100) && socket.state() != QAbstractSocket::ConnectedState)
            break;
        buffer += socket.readAll();
    }
    return {buffer.mid(9, 3).toInt(), {}, buffer};
}

QByteArray post(const QByteArray &target, const QByteArray &body)
{
    return "POST " + target +
           " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray bodyWithSequence(int sequence)
{
    const QByteArray replacement = "\"sequence_id\":\"" + QByteArray::number(sequence) + '"';
    QByteArray body = kBody;
    return body.replace("\"sequence_id\":\"1\"", replacement);
}

QByteArray signedTarget(const QByteArray &body, WebhookSender::SignMode mode)
{
    return "/webhook?" + WebhookSender::signedQuery(body, kSecret, mode, 1764000000000);
}

QByteArray signedPost(const QByteArray &body)
{
    return post(signedTarget(body, WebhookSender::SignMode::Exact), body);
}

ReceiverConfig testConfig(VerifyPolicy policy)
{
    ReceiverConfig config;
    config.host = QStringLiteral("127.0.0.1");
    config.port = 0;
    config.secret = kSecret;
    config.policy = policy;
    config.maxBodyBytes = 64 * 1024;
    return config;
}

bool startAndWait(ReceiverService &service, const ReceiverConfig &config, const QString &db)
{
    QSignalSpy started(&service, &ReceiverService::started);
    service.start(config, db);
    if (started.wait(10000))
        return true;
    qWarning("the receiver did not start: %s", qPrintable(service.url()));
    return false;
}

ReceiverStats stopAndWait(ReceiverService &service)
{
    QSignalSpy stopped(&service, &ReceiverService::stopped);
    service.stop();
    if (!stopped.wait(15000))
        qWarning("the receiver did not stop");
    return service.stats();
}
