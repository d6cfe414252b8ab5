#include "webhookhttpserver.h"

#include "guardedconnection.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QMetaEnum>

WebhookHttpServer::WebhookHttpServer(Handler handler, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(std::move(handler))
{
}

IncomingRequest WebhookHttpServer::toIncoming(const QHttpServerRequest &request)
{
    IncomingRequest in;
    in.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    const QMetaEnum methods = QMetaEnum::fromType<QHttpServerRequest::Method>();
    in.method = QByteArray(methods.valueToKey(static_cast<int>(request.method()))).toUpper();
    if (in.method.isEmpty())
        in.method = "UNKNOWN";
    in.path = request.url().path();
    in.query = request.url().query(QUrl::FullyEncoded);
    in.body = request.body();
    in.peer = request.remoteAddress().toString();
    // The guard in front names the client (it drops any such header the
    // client sent); the socket's own peer is only the guard's socket pair.
    for (const auto &header : request.headers()) {
        if (header.first.compare(GuardedConnection::peerHeader(), Qt::CaseInsensitive) == 0)
            in.peer = QString::fromLatin1(header.second);
        else
            in.headers.append(header);
    }
    return in;
}

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
bool WebhookHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_handler(toIncoming(request), HttpReply(makeResponder(request, socket), socket));
    return true;
}

void WebhookHttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{
    // handleRequest takes every request; nothing is ever missing.
}
#else
bool WebhookHttpServer::handleRequest(const QHttpServerRequest &request,
                                      QHttpServerResponder &responder)
{
    QTcpSocket *socket = responder.socket();
    m_handler(toIncoming(request), HttpReply(std::move(responder), socket));
    return true;
}

void WebhookHttpServer::missingHandler(const QHttpServerRequest &, QHttpServerResponder &&) {}
#endif
