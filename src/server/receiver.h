#pragma once

#include "httpreply.h"
#include "ingest/deliveryprocessor.h"
#include "ingest/incomingrequest.h"
#include "ingest/receiverconfig.h"
#include "receiverstats.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <memory>
#include <unordered_map>

class LimitedTcpServer;
class StoreWriter;
class WebhookHttpServer;

// The HTTP side of ingest; lives on the server thread. Each delivery is
// parsed and verified here, handed to the StoreWriter (another thread), and
// its 200 is held until the writer reports the commit.
class Receiver final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Receiver)

public:
    Receiver(const ReceiverConfig &config, StoreWriter *writer, QObject *parent = nullptr);
    ~Receiver() override;

    // Binds the address; on failure returns 0 and sets *error to a sentence
    // such as "127.0.0.1:8787 is already in use".
    quint16 listen(QString *error);
    // Stops accepting connections; requests already read still get answers.
    void stopListening();
    // Waits (bounded) until every held answer has been written to its socket.
    void drain(int timeoutMs);
    quint16 port() const { return m_port; }
    ReceiverStats stats() const;

Q_SIGNALS:
    void statsChanged(const ReceiverStats &stats);

private:
    void handle(IncomingRequest &&request, HttpReply &&reply);
    void answerHealth(HttpReply &reply) const;
    void onCommitted(const QList<quint64> &tickets, bool ok, const QString &error);
    void publishStats();

    ReceiverConfig m_config;
    DeliveryProcessor m_processor;
    QPointer<StoreWriter> m_writer;
    WebhookHttpServer *m_http = nullptr;
    LimitedTcpServer *m_tcp = nullptr;
    quint16 m_port = 0;
    bool m_accepting = false;
    quint64 m_nextTicket = 0;
    std::unordered_map<quint64, HttpReply> m_waiting;
    ReceiverStats m_stats;
    QElapsedTimer m_rateClock;
    quint64 m_rateBase = 0;
    bool m_statsScheduled = false;
};
