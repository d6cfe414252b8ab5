#pragma once

#include "eventforwarder.h"
#include "records/forwardrecord.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <functional>
#include <memory>

class EventStore;
class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

// EventForwarder's half on its own thread (internal to src/send): the store
// connection, the network access, the timer of the next due row. Every
// member runs on that thread.
class ForwardWorker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForwardWorker)

public:
    ForwardWorker(const ForwardPolicy &policy, std::function<qint64()> clock,
                  const QString &databasePath, const QStringList &targets);
    ~ForwardWorker() override;

    // How one attempt ended, as it is recorded.
    struct Outcome {
        ForwardState state = ForwardState::Pending;
        qint64 attemptAtMs = 0;
        qint64 nextAttemptAtMs = 0;
        int status = 0;
        QString answer;
    };
    // The outcome of an attempt on `row` answered with `status` (0: no answer)
    // at nowMs, per `policy`; retryAfterMs >= 0 is the answer's Retry-After.
    static Outcome judge(const ForwardRecord &row, int status, const QString &answer, qint64 nowMs,
                         qint64 retryAfterMs, const ForwardPolicy &policy);

public Q_SLOTS:
    void open();
    // Looks for due rows at the next turn of the event loop (coalesced).
    void scheduleScan();
    // Aborts in-flight requests (rows stay pending), closes the store and
    // the network, then emits shutDown().
    void shutdown();

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void attempted(const ForwardRecord &row);
    void countsChanged(const ForwardCounts &counts);
    void shutDown();

private:
    struct InFlight {
        ForwardRecord row;
        QByteArray answer; // at most ForwardRequest::kMaxAnswerBytes
    };

    void scan();
    void send(const ForwardRecord &row);
    void onReadyRead(QNetworkReply *reply);
    void onFinished(QNetworkReply *reply);
    void record(qint64 forwardId, const Outcome &outcome);
    bool flushUnrecorded();
    void armTimer(qint64 nowMs);
    void scheduleCounts();

    ForwardPolicy m_policy;
    std::function<qint64()> m_clock;
    QString m_databasePath;
    QStringList m_targets;
    std::unique_ptr<EventStore> m_store;
    QNetworkAccessManager *m_network = nullptr;
    QTimer *m_dueTimer = nullptr;
    QTimer *m_countsTimer = nullptr;
    QHash<QNetworkReply *, InFlight> m_inFlight;
    QHash<QString, int> m_inFlightPerTarget;
    QSet<qint64> m_busyIds; // in flight, or answered but not yet recorded
    // Outcomes whose commit failed (the store was busy or in a fault): kept
    // and written before anything else is sent, so that a row answered 2xx
    // is never chosen again.
    QHash<qint64, Outcome> m_unrecorded;
    bool m_scanScheduled = false;
    bool m_stopping = false;
};
