#pragma once

#include "filter/filterexpression.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class EventStore;
class PgEventStore;
struct DeliveryRecord;
struct EventRecord;

// Re-sends stored events to a URL the way the forwarder does (ForwardRequest:
// original body, query and Content-Type plus X-HookScope-Event-Id), once
// each, with no retries and no queue: `hookscope-cli replay` and the window's
// "Send to...". Runs on the calling thread's event loop with its own
// read-only store connection; events are read one at a time as they are
// sent, so a large selection never sits in memory (only their ids).
class EventReplayer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventReplayer)

public:
    static constexpr int kDefaultConcurrency = 4;
    static constexpr int kDefaultTimeoutMs = 30'000;

    struct Report {
        QMap<int, qint64> byStatus; // HTTP status -> count
        qint64 noAnswer = 0;        // connection errors, timeouts, missing events
        qint64 total = 0;           // events selected
        qint64 done = 0;            // events with an outcome (== total unless cancelled)
        bool cancelled = false;
        // Every selected event was answered 2xx (and there was at least one,
        // or none were selected).
        bool allOk() const;
        // Stable lines: "200 12", "503 1", "no answer 2" (statuses ascending),
        // then "total 15" (and "cancelled" when it was).
        QString summary() const;
    };

    explicit EventReplayer(QObject *parent = nullptr);
    ~EventReplayer() override;

    void setConcurrency(int requestsInFlight);
    void setTimeoutMs(int milliseconds);

    // The events of `databasePath` (a SQLite file or a postgresql:// URL)
    // matching `filter` (valid; empty: all), in id order. False with *error
    // (a sentence) when the store cannot be read or the URL is not http(s);
    // then nothing starts and no signal comes.
    bool start(const QString &databasePath, const FilterExpression &filter, const QUrl &target,
               QString *error);
    // These events (the window's selection), in this order.
    bool start(const QString &databasePath, const QList<qint64> &eventIds, const QUrl &target,
               QString *error);
    // Stops sending: in-flight requests are aborted and nothing more is sent
    // (report().done says how many had an outcome); finished() follows.
    void cancel();
    bool isRunning() const { return m_running; }
    const Report &report() const { return m_report; }

Q_SIGNALS:
    // After each event's outcome.
    void progress(qint64 done, qint64 total);
    // Every event has an outcome, or cancel() was called. Emitted from the
    // event loop, never from inside start().
    void finished(const EventReplayer::Report &report);

private:
    bool begin(const QString &databasePath, const QUrl &target, QString *error);
    void run(const QList<qint64> &eventIds);
    void sendNext();
    void onReply(QNetworkReply *reply);
    void finishIfDone();
    // One event and its receipts, from whichever store is open.
    std::optional<EventRecord> readEvent(qint64 id, QList<DeliveryRecord> *deliveries);
    // The ids of the events matching `filter`; nullopt with *error on a failure.
    std::optional<QList<qint64>> matchingIds(const FilterExpression &filter, QString *error);
    void closeStore();

    // One of the two is open while running.
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<PgEventStore> m_pgStore;
    QNetworkAccessManager *m_network = nullptr;
    QUrl m_target;
    QList<qint64> m_ids;
    qsizetype m_next = 0;
    int m_inFlight = 0;
    int m_concurrency = kDefaultConcurrency;
    int m_timeoutMs = kDefaultTimeoutMs;
    bool m_running = false;
    Report m_report;
};

Q_DECLARE_METATYPE(EventReplayer::Report)
