#include "limitedtcpserver.h"

#include "serverlog.h"

#include <QTcpSocket>

namespace {

constexpr qint64 kMaxHeadBytes = 64 * 1024;
const char *const kDiscarding = "hookscope_discarding";

// Value of a header in a raw request head, case-insensitively; null if absent.
QByteArray headerValue(const QByteArray &head, const QByteArray &name)
{
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

bool looksLikeRequestLine(const QByteArray &buffer)
{
    const qsizetype lineEnd = buffer.indexOf("\r\n");
    const QByteArray line = lineEnd < 0 ? buffer : buffer.left(lineEnd);
    const qsizetype space = line.indexOf(' ');
    if (space <= 0)
        return false;
    for (qsizetype i = 0; i < space; ++i) {
        if (line.at(i) < 'A' || line.at(i) > 'Z')
            return false;
    }
    return lineEnd < 0 || line.contains(" HTTP/");
}

} // namespace

LimitedTcpServer::LimitedTcpServer(qint64 maxBodyBytes, QObject *parent)
    : QTcpServer(parent)
    , m_maxBodyBytes(maxBodyBytes)
{
}

void LimitedTcpServer::incomingConnection(qintptr handle)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        qCWarning(lcServer) << "could not accept a connection:" << socket->errorString();
        delete socket;
        return;
    }
    // Connected before the HTTP server's own slot, so it runs first.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
    addPendingConnection(socket);
}

void LimitedTcpServer::inspect(QTcpSocket *socket)
{
    if (socket->property(kDiscarding).toBool()) {
        socket->readAll();
        return;
    }
    // The HTTP server reads inside a transaction that it rolls back until a
    // request is complete, so the buffer always starts at a request head.
    const QByteArray buffer = socket->peek(kMaxHeadBytes);
    if (!looksLikeRequestLine(buffer))
        return;
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    const QByteArray head = buffer.left(headEnd);
    const QByteArray length = headerValue(head, "content-length");
    bool ok = false;
    const qint64 declared = length.toLongLong(&ok);
    if (ok && declared > m_maxBodyBytes) {
        refuse(socket, declared);
        return;
    }
    const bool chunked = headerValue(head, "transfer-encoding").toLower().contains("chunked");
    const qint64 buffered = socket->bytesAvailable() - (headEnd + 4);
    if (chunked && buffered > m_maxBodyBytes + kMaxHeadBytes)
        refuse(socket, buffered);
}

void LimitedTcpServer::refuse(QTcpSocket *socket, qint64 declaredBytes)
{
    const QByteArray body = QStringLiteral(R"({"code":413,"msg":"body of %1 bytes is over the )"
                                           R"(limit of %2 bytes"})")
                                .arg(declaredBytes)
                                .arg(m_maxBodyBytes)
                                .toUtf8();
    socket->setProperty(kDiscarding, true);
    socket->readAll(); // the HTTP server's slot, next, finds nothing to parse
    socket->write("HTTP/1.1 413 Request Entity Too Large\r\n"
                  "Content-Type: application/json\r\n"
                  "Connection: close\r\n"
                  "Content-Length: " +
                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
    socket->disconnectFromHost();
    const QString peer = socket->peerAddress().toString();
    qCInfo(lcServer) << "refused" << declaredBytes << "bytes from" << peer << "(over the limit)";
    Q_EMIT oversizeRefused(peer, declaredBytes);
}
