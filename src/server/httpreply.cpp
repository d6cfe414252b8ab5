#include "httpreply.h"

#include <QHttpServerResponder>

HttpReply::HttpReply() = default;

HttpReply::HttpReply(QHttpServerResponder &&responder, QTcpSocket *socket)
    : m_responder(std::make_unique<QHttpServerResponder>(std::move(responder)))
    , m_socket(socket)
{
}

HttpReply::HttpReply(HttpReply &&other) noexcept = default;
HttpReply &HttpReply::operator=(HttpReply &&other) noexcept = default;
HttpReply::~HttpReply() = default;

bool HttpReply::isConnected() const
{
    // Qt 6.4's responder keeps a raw socket pointer: the QPointer is what
    // tells whether the connection still exists.
    return m_responder && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool HttpReply::send(int status, const QByteArray &jsonBody)
{
    if (!isConnected())
        return false;
    m_responder->write(jsonBody, QByteArrayLiteral("application/json"),
                       static_cast<QHttpServerResponder::StatusCode>(status));
    m_responder.reset();
    return true;
}
