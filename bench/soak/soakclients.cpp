#include "soakclients.h"

#include "samplefactory.h"
#include "soaksocket.h"
#include "webhooksender.h"

#include <QDateTime>

#include <algorithm>
#include <future>
#include <poll.h>
#include <thread>

namespace {

QByteArray deliveryRequest(const QByteArray &body)
{
    const QByteArray query =
        WebhookSender::signedQuery(body, SoakClients::kSecret, WebhookSender::SignMode::Exact,
                                   QDateTime::currentMSecsSinceEpoch());
    return "POST /webhook?" + query +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

double msSince(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

} // namespace

double LoadResult::percentileMs(double p) const
{
    if (latenciesMs.empty())
        return 0;
    std::vector<double> sorted = latenciesMs;
    std::sort(sorted.begin(), sorted.end());
    const auto rank = static_cast<size_t>(p / 100.0 * double(sorted.size() - 1) + 0.5);
    return sorted[std::min(rank, sorted.size() - 1)];
}

SoakClients::SoakClients(const SoakOptions &options)
    : m_options(options)
    , m_runId(QDateTime::currentMSecsSinceEpoch())
{
}

SoakResult SoakClients::run()
{
    m_start = Clock::now();
    m_end = m_start + std::chrono::seconds(m_options.seconds);
    std::vector<std::future<LoadResult>> load;
    for (int i = 0; i < m_options.connections; ++i)
        load.push_back(std::async(std::launch::async, [this, i] { return loadWorker(i); }));
    auto loris = std::async(std::launch::async, [this] { return lorisWorker(); });
    auto stream = std::async(std::launch::async, [this] { return streamWorker(); });
    SoakResult result;
    for (auto &f : load) {
        LoadResult r = f.get();
        result.load.sent += r.sent;
        result.load.ok += r.ok;
        result.load.other += r.other;
        result.load.errors += r.errors;
        result.load.latenciesMs.insert(result.load.latenciesMs.end(), r.latenciesMs.begin(),
                                       r.latenciesMs.end());
    }
    result.loris = loris.get();
    result.stream = stream.get();
    return result;
}

// Connection `index` sends deliveries index, index + C, index + 2C, ... each
// at its due time, so that all connections together keep the rate.
LoadResult SoakClients::loadWorker(int index) const
{
    const SampleFactory samples(SampleFactory::Kind::Text, m_runId);
    const auto step = std::chrono::nanoseconds(1'000'000'000LL / qMax(1, m_options.rate));
    LoadResult r;
    SoakSocket socket;
    for (qint64 k = index;; k += m_options.connections) {
        const Clock::time_point due = m_start + step * k;
        if (due >= m_end)
            break;
        std::this_thread::sleep_until(due);
        if (!socket.isOpen() && !socket.connectFrom("127.0.0.1", m_options.port)) {
            ++r.errors;
            continue;
        }
        const QByteArray request = deliveryRequest(samples.body(k));
        const Clock::time_point sent = Clock::now();
        ++r.sent;
        const int status = socket.sendAll(request) ? socket.readAnswer() : 0;
        if (status == 0) {
            ++r.errors;
            socket.close();
            continue;
        }
        r.latenciesMs.push_back(msSince(sent));
        ++(status == 200 ? r.ok : r.other);
    }
    return r;
}

// Every second, one more byte of a never-ending request head on each
// connection; a connection the server ends is counted and replaced.
LorisResult SoakClients::lorisWorker() const
{
    static const QByteArray kHead = "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    LorisResult r;
    std::vector<SoakSocket> sockets(static_cast<size_t>(m_options.loris));
    while (timeLeft()) {
        for (SoakSocket &s : sockets) {
            if (!s.isOpen()) {
                if (!s.connectFrom("127.0.0.2", m_options.port, true))
                    continue;
                ++r.opened;
                if (s.sendSome(kHead.constData(), 1) < 0)
                    ++r.refusedAtAccept;
                continue;
            }
            QByteArray answer;
            const bool closed = s.drainNow(&answer) < 0 || s.sendSome("a", 1) < 0;
            if (answer.startsWith("HTTP/1.1 408"))
                ++r.answered408;
            if (closed || !answer.isEmpty()) {
                if (answer.isEmpty())
                    ++r.closedByServer;
                s.close();
            }
        }
        std::this_thread::sleep_until(std::min(m_end, Clock::now() + std::chrono::seconds(1)));
    }
    return r;
}

// One chunked body, 64 KiB a chunk, as fast as the server takes it; when the
// server answers or closes, a new connection carries on.
StreamResult SoakClients::streamWorker() const
{
    const QByteArray head = "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                            "application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    const QByteArray chunk = "10000\r\n" + QByteArray(65536, 'x') + "\r\n";
    StreamResult r;
    SoakSocket s;
    while (timeLeft() && r.offeredBytes < m_options.streamBytes) {
        if (!s.isOpen() && (!s.connectFrom("127.0.0.3", m_options.port) || !s.sendAll(head))) {
            ++r.otherCloses;
            s.close();
            continue;
        }
        pollfd p{s.fd(), POLLOUT | POLLIN, 0};
        ::poll(&p, 1, 100);
        QByteArray answer;
        const bool closed = (p.revents & POLLIN) && s.drainNow(&answer) < 0;
        if (!answer.isEmpty() || closed || ((p.revents & POLLOUT) && !s.sendAll(chunk))) {
            ++(answer.startsWith("HTTP/1.1 413") ? r.answered413 : r.otherCloses);
            s.close();
            continue;
        }
        if (p.revents & POLLOUT)
            r.offeredBytes += 65536;
    }
    return r;
}
