#pragma once

#include <QByteArray>
#include <QPointer>
#include <QTcpSocket>

#include <memory>

class QHttpServerResponder;

// A movable handle on one request's answer. It may be kept after the handler
// returns (group commit answers later) and is safe to use after the client
// went away: then send() does nothing. Everything QtHttpServer-specific stays
// in this class and WebhookHttpServer, the one adapter over its API.
class HttpReply final {
public:
    HttpReply();
    HttpReply(QHttpServerResponder &&responder, QTcpSocket *socket);
    HttpReply(HttpReply &&other) noexcept;
    HttpReply &operator=(HttpReply &&other) noexcept;
    ~HttpReply();
    Q_DISABLE_COPY(HttpReply)

    bool isConnected() const;
    // Writes the answer with a JSON body; returns false when it could not.
    bool send(int status, const QByteArray &jsonBody);

private:
    std::unique_ptr<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
};
