#pragma once

#include <QTcpServer>

class QTcpSocket;

// A QTcpServer that refuses over-large request bodies before they are read.
// QHttpServer 6.4 buffers a whole body (inside a socket transaction) before
// any handler runs, so a 300 MB POST would take 300 MB of memory. This server
// connects its own readyRead slot first, peeks at the request head and
// answers 413 from the Content-Length (or from the buffered size of a chunked
// body), then discards what follows and closes the connection.
class LimitedTcpServer final : public QTcpServer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LimitedTcpServer)

public:
    explicit LimitedTcpServer(qint64 maxBodyBytes, QObject *parent = nullptr);

    qint64 maxBodyBytes() const { return m_maxBodyBytes; }

Q_SIGNALS:
    // A request was refused here; it never reaches the HTTP server.
    void oversizeRefused(const QString &peer, qint64 declaredBytes);

protected:
    void incomingConnection(qintptr handle) override;

private:
    void inspect(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, qint64 declaredBytes);

    qint64 m_maxBodyBytes = 0;
};
