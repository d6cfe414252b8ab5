#include "soaksocket.h"

#include <QList>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <utility>

SoakSocket::SoakSocket(SoakSocket &&other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_pending(std::move(other.m_pending))
{
}

SoakSocket &SoakSocket::operator=(SoakSocket &&other) noexcept
{
    close();
    m_fd = std::exchange(other.m_fd, -1);
    m_pending = std::move(other.m_pending);
    return *this;
}

bool SoakSocket::connectFrom(const char *source, quint16 port, bool nonBlocking)
{
    close();
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return false;
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source, &from.sin_addr);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::bind(m_fd, reinterpret_cast<sockaddr *>(&from), sizeof from) != 0 ||
        ::connect(m_fd, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0) {
        close();
        return false;
    }
    if (nonBlocking) {
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    } else {
        // A server that stops reading or answering must not hang the bench.
        const timeval limit{30, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    }
    return true;
}

void SoakSocket::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_pending.clear();
}

bool SoakSocket::sendAll(const QByteArray &bytes)
{
    qint64 done = 0;
    while (done < bytes.size()) {
        const qint64 n = sendSome(bytes.constData() + done, bytes.size() - done);
        if (n <= 0) // gone, or the send timeout passed
            return false;
        done += n;
    }
    return true;
}

qint64 SoakSocket::sendSome(const char *data, qint64 size)
{
    const ssize_t n = ::send(m_fd, data, static_cast<size_t>(size), MSG_NOSIGNAL);
    if (n >= 0)
        return n;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
}

int SoakSocket::readAnswer()
{
    char chunk[16384];
    for (;;) {
        const qsizetype headEnd = m_pending.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            const QByteArray head = m_pending.left(headEnd).toLower();
            const qsizetype at = head.indexOf("content-length:");
            const qint64 length =
                at < 0 ? 0 : head.mid(at + 15).split('\r').first().trimmed().toLongLong();
            if (m_pending.size() >= headEnd + 4 + length) {
                const int status = m_pending.mid(9, 3).toInt();
                m_pending.remove(0, headEnd + 4 + length);
                return status;
            }
        }
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return 0;
        m_pending.append(chunk, n);
    }
}

qint64 SoakSocket::drainNow(QByteArray *into)
{
    char chunk[16384];
    qint64 total = 0;
    for (;;) {
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n == 0)
            return -1;
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? total : -1;
        into->append(chunk, n);
        total += n;
    }
}
