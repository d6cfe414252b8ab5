#pragma once

// A stand-in for a team's own system that forwarded deliveries go to
// (tests of src/send and src/app; header-only, Qt Network). Listens on
// 127.0.0.1, reads HTTP/1.1 requests with a Content-Length body and answers
// each with the status `answer` returns for it. close() takes it down (the
// port refuses connections, open connections are dropped) until listen()
// on the same port brings it back.

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <functional>
#include <memory>

class StandInServer final {
public:
    struct Request {
        QByteArray method;
        QByteArray target;                     // path?query as sent
        QHash<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
        int status = 0; // what it was answered
    };

    // Status for a request (default 200). 0: drop the connection unanswered.
    std::function<int(const Request &)> answer = [](const Request &) { return 200; };
    QByteArray answerBody = "ok";
    QList<Request> requests;

    StandInServer()
        : m_server(std::make_unique<QTcpServer>())
    {
        QObject::connect(m_server.get(), &QTcpServer::newConnection, m_server.get(),
                         [this] { accept(); });
    }

    // The accepted sockets are the server's children and are deleted with
    // it; their signals must not reach this object's members, which are
    // destroyed first.
    ~StandInServer()
    {
        for (QTcpSocket *s : m_server->findChildren<QTcpSocket *>())
            s->disconnect();
        m_server.reset();
    }
    StandInServer(const StandInServer &) = delete;
    StandInServer &operator=(const StandInServer &) = delete;

    bool listen(quint16 port = 0)
    {
        if (!m_server->listen(QHostAddress::LocalHost, port))
            return false;
        m_port = m_server->serverPort();
        return true;
    }
    void close()
    {
        m_server->close();
        for (QTcpSocket *s : std::as_const(m_sockets)) {
            s->disconnect();
            s->abort();
            s->deleteLater();
        }
        m_sockets.clear();
    }
    quint16 port() const { return m_port; }
    QUrl url(const QString &pathAndQuery = QStringLiteral("/hook")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery));
    }
    // The requests answered with this status.
    QList<Request> answered(int status) const
    {
        QList<Request> out;
        for (const Request &r : requests) {
            if (r.status == status)
                out.append(r);
        }
        return out;
    }

private:
    void accept()
    {
        while (QTcpSocket *s = m_server->nextPendingConnection()) {
            m_sockets.append(s);
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                // serve() may drop the socket and disconnect this very
                // functor: keep its buffer alive until serve() returns.
                const std::shared_ptr<QByteArray> keep = buffer;
                *keep += s->readAll();
                serve(s, *keep);
            });
            QObject::connect(s, &QTcpSocket::disconnected, s, [this, s] {
                m_sockets.removeAll(s);
                s->deleteLater();
            });
        }
    }
    void serve(QTcpSocket *s, QByteArray &buffer)
    {
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Request r;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            r.method = first.value(0);
            r.target = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    r.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                     lines.at(i).mid(colon + 1).trimmed());
            }
            const qsizetype length = r.headers.value("content-length").toLongLong();
            if (buffer.size() < end + 4 + length)
                return;
            r.body = buffer.mid(end + 4, length);
            buffer.remove(0, end + 4 + length);
            r.status = answer(r);
            requests.append(r);
            if (r.status == 0) {
                m_sockets.removeAll(s);
                s->disconnect();
                s->abort();
                s->deleteLater();
                return;
            }
            s->write("HTTP/1.1 " + QByteArray::number(r.status) + " X\r\nContent-Length: " +
                     QByteArray::number(answerBody.size()) + "\r\n\r\n" + answerBody);
        }
    }

    std::unique_ptr<QTcpServer> m_server;
    QList<QTcpSocket *> m_sockets;
    quint16 m_port = 0;
};
