#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

class QTcpServer;
class QTcpSocket;

// A stand-in for a team's own system: a tiny HTTP server on 127.0.0.1 port 0
// that records every request and answers with the statuses it is given (in
// order, then the default). For the window's forwarding and "Send to..."
// tests.
class StandInServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StandInServer)

public:
    struct Request {
        QByteArray method;
        QByteArray target;                     // path and query, as sent
        QHash<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
    };

    explicit StandInServer(QObject *parent = nullptr);
    ~StandInServer() override;

    bool listen();
    // http://127.0.0.1:<port><path>
    QString url(const QString &path = QStringLiteral("/hook")) const;
    void setStatuses(const QList<int> &statuses) { m_statuses = statuses; }
    void setDefaultStatus(int status) { m_defaultStatus = status; }
    // Requests are held unanswered until released (a slow system).
    void setHolding(bool holding);
    const QList<Request> &requests() const { return m_requests; }

Q_SIGNALS:
    void received(int count);

private:
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket);

    QTcpServer *m_server = nullptr;
    QList<Request> m_requests;
    QList<int> m_statuses;
    QList<QTcpSocket *> m_held;
    int m_defaultStatus = 200;
    bool m_holding = false;
};
