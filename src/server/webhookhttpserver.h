#pragma once

#include "httpreply.h"
#include "ingest/incomingrequest.h"

#include <QAbstractHttpServer>

#include <functional>

// The one adapter over QtHttpServer (its API moved between 6.4 and 6.8):
// every request, whatever its path or method, becomes an IncomingRequest and
// an HttpReply handed to one callback. Routing is done by DeliveryProcessor.
class WebhookHttpServer final : public QAbstractHttpServer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookHttpServer)

public:
    using Handler = std::function<void(IncomingRequest &&, HttpReply &&)>;

    explicit WebhookHttpServer(Handler handler, QObject *parent = nullptr);

protected:
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
#else
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
    void missingHandler(const QHttpServerRequest &request,
                        QHttpServerResponder &&responder) override;
#endif

private:
    static IncomingRequest toIncoming(const QHttpServerRequest &request);

    Handler m_handler;
};
