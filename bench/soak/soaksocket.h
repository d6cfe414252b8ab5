#pragma once

#include <QByteArray>

// A blocking-by-default TCP client socket on loopback, bound to a chosen
// source address so that the server sees separate senders.
class SoakSocket final {
public:
    SoakSocket() = default;
    ~SoakSocket() { close(); }
    SoakSocket(SoakSocket &&other) noexcept;
    SoakSocket &operator=(SoakSocket &&other) noexcept;
    SoakSocket(const SoakSocket &) = delete;
    SoakSocket &operator=(const SoakSocket &) = delete;

    // Connects from `source` (e.g. "127.0.0.2") to 127.0.0.1:port.
    bool connectFrom(const char *source, quint16 port, bool nonBlocking = false);
    void close();
    bool isOpen() const { return m_fd >= 0; }
    int fd() const { return m_fd; }

    // Writes everything (blocking sockets); false once the peer is gone.
    bool sendAll(const QByteArray &bytes);
    // Writes what the kernel takes now; -1 once the peer is gone.
    qint64 sendSome(const char *data, qint64 size);
    // Reads one HTTP answer (head + Content-Length body); its status, or 0
    // when the connection ended first. Keeps extra bytes for the next call.
    int readAnswer();
    // Reads what is there without waiting: -1 closed, else bytes read.
    qint64 drainNow(QByteArray *into);

private:
    int m_fd = -1;
    QByteArray m_pending;
};
