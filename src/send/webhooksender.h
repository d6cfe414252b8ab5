#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QObject>
#include <QUrl>

#include <optional>

class QTcpSocket;

// A signing test sender and load generator: sends bodies to a webhook URL the
// way SaleSmartly does (POST, ?timestamp=&signature=), over keep-alive
// connections, `concurrency` requests in flight, and measures the answers.
class WebhookSender final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookSender)

public:
    enum class SignMode { Exact, WithTimestamp, Bad, None };

    struct Delivery {
        QByteArray body;
        // A fixed query ("timestamp=..&signature=..") sends the delivery as
        // recorded (fixtures); when empty the sender signs per SignMode.
        QString fixedQuery;
    };

    struct Report {
        QMap<int, qint64> byStatus; // HTTP status -> count
        qint64 connectionErrors = 0;
        qint64 sent = 0;
        qint64 elapsedMs = 0;
        QList<double> latenciesMs; // one per answered request
        double ratePerSecond() const;
        double percentileMs(double p) const;
        QString summary() const; // the lines `send` prints
    };

    static std::optional<SignMode> signModeFromName(QStringView name);
    // "timestamp=..&signature=.." for `body`, signed over the data text and
    // event name the receiver's own EventParser finds in it.
    static QByteArray signedQuery(const QByteArray &body, const QByteArray &secret, SignMode mode,
                                  qint64 timestampMs);

    explicit WebhookSender(QObject *parent = nullptr);
    ~WebhookSender() override;

    // Sends every request with "X-HookScope-Test: 1": the receiver stores
    // the deliveries as tests (docs/test-deliveries.md). Call before start().
    void setTestMark(bool on) { m_testMark = on; }
    bool testMark() const { return m_testMark; }

    // Sends every delivery (count = deliveries.size()); emits finished().
    void start(const QUrl &url, const QByteArray &secret, SignMode mode, QList<Delivery> deliveries,
               int concurrency);
    void cancel();
    const Report &report() const { return m_report; }

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void finished();

private:
    struct Connection;
    void sendNext(Connection *c);
    void onReadyRead(Connection *c);
    void onDisconnected(Connection *c);
    void onConnectFailed(Connection *c);
    void complete(Connection *c, int status);
    void checkDone();

    QUrl m_url;
    QByteArray m_secret;
    SignMode m_mode = SignMode::Exact;
    QList<Delivery> m_deliveries;
    qsizetype m_next = 0;
    qint64 m_done = 0;
    QList<Connection *> m_connections;
    QElapsedTimer m_clock;
    Report m_report;
    bool m_finished = false;
    bool m_testMark = false;
};
