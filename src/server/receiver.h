#pragma once

#include "httpreply.h"
#include "ingest/deliveryprocessor.h"
#include "ingest/incomingrequest.h"
#include "ingest/receiverconfig.h"
#include "receiverstats.h"
#include "store/storefault.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <unordered_map>

class ConnectionGuard;
struct GuardSettings;
class EventWriter;
class WebhookHttpServer;

// The HTTP side of ingest; lives on the server thread. Each delivery is
// parsed and verified here, handed to the EventWriter (another thread), and
// its 200 is held until the writer reports the commit. Its outcome counters
// (stored, verified, failed) move when the answer goes out.
class Receiver final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Receiver)

public:
    // `databasePath` is the writer's store, shown by GET /health.
    Receiver(const ReceiverConfig &config, EventWriter *writer, const QString &databasePath,
             QObject *parent = nullptr);
    ~Receiver() override;

    // Binds the address; on failure returns 0 and sets *error to a sentence
    // such as "127.0.0.1:8787 is already in use".
    quint16 listen(QString *error);
    // listen(), reported through listened(); for a queued call from the owner.
    void startListening();
    // Stops accepting (new requests are answered 503) and emits drained()
    // once every held answer has been written, or after timeoutMs with
    // whatever is still held (those clients see the connection close and
    // retry). Returns at once: the answers arrive with the writer's commits.
    void drain(int timeoutMs);
    quint16 port() const { return m_port; }
    ReceiverStats stats() const;

Q_SIGNALS:
    void statsChanged(const ReceiverStats &stats);
    // The result of startListening(): the port, or 0 and a sentence.
    void listened(quint16 port, const QString &error);
    // drain() is over; the final counts of this run.
    void drained(const ReceiverStats &stats);

private:
    // The guard's limits, proxies and TLS from the config; false with a
    // sentence naming the file or entry at fault.
    bool guardSettings(GuardSettings *settings, QString *error) const;
    void countGuardRefusals();
    void handle(IncomingRequest &&request, HttpReply &&reply);
    void answerHealth(HttpReply &reply) const;
    void onCommitted(const QList<quint64> &tickets, bool ok, const QString &error);
    void publishStats();
    void finishDrain();

    // An answer held until its commit, and what it counts as once sent.
    struct Held {
        HttpReply reply;
        bool verified = false;
    };

    ReceiverConfig m_config;
    DeliveryProcessor m_processor;
    QPointer<EventWriter> m_writer;
    QString m_databasePath;
    WebhookHttpServer *m_http = nullptr;
    ConnectionGuard *m_tcp = nullptr;
    quint16 m_port = 0;
    bool m_accepting = false;
    quint64 m_nextTicket = 0;
    std::unordered_map<quint64, Held> m_waiting;
    bool m_draining = false;
    QTimer m_drainLimit;
    ReceiverStats m_stats;
    StoreFault m_storeFault; // as the writer last reported it
    QElapsedTimer m_rateClock;
    quint64 m_rateBase = 0;
    bool m_statsScheduled = false;
};
