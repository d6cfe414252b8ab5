#include "testsupport_standin.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

#include <utility>

StandInServer::StandInServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

StandInServer::~StandInServer() = default;

bool StandInServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QString StandInServer::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->serverPort()).arg(path);
}

void StandInServer::setHolding(bool holding)
{
    m_holding = holding;
    if (!holding) {
        const QList<QTcpSocket *> held = std::exchange(m_held, {});
        for (QTcpSocket *socket : held)
            answer(socket);
    }
}

// One request per connection is enough for the tests' clients; a request
// is complete once its head and Content-Length bytes of body are in.
void StandInServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    socket->setProperty("buffer", buffer);
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    Request request;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    request.method = first.value(0);
    request.target = first.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                   lines.at(i).mid(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length").toLongLong();
    if (buffer.size() < headEnd + 4 + length)
        return;
    request.body = buffer.mid(headEnd + 4, length);
    socket->setProperty("buffer", buffer.mid(headEnd + 4 + length));
    m_requests.append(request);
    if (m_holding)
        m_held.append(socket);
    else
        answer(socket);
    Q_EMIT received(static_cast<int>(m_requests.size()));
}

void StandInServer::answer(QTcpSocket *socket)
{
    const int status = m_statuses.isEmpty() ? m_defaultStatus : m_statuses.takeFirst();
    const QByteArray body = "{\"ok\":" + QByteArray(status < 300 ? "true" : "false") + "}";
    socket->write("HTTP/1.1 " + QByteArray::number(status) +
                  " Stand-in\r\nContent-Type: application/json\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
}
