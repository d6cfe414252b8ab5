#pragma once

#include <QtGlobal>

#include <atomic>
#include <chrono>
#include <vector>

struct SoakOptions {
    int seconds = 60;
    int rate = 2000;                      // deliveries per second, all load connections together
    int connections = 64;                 // load connections, from 127.0.0.1
    int loris = 200;                      // slow-loris connections, from 127.0.0.2
    qint64 streamBytes = qint64(1) << 30; // chunked body offered from 127.0.0.3
    quint16 port = 0;
};

struct LoadResult {
    qint64 sent = 0;
    qint64 ok = 0;                   // answered 200
    qint64 other = 0;                // answered anything else
    qint64 errors = 0;               // connection lost before an answer
    std::vector<double> latenciesMs; // write of the request to end of the answer
    double percentileMs(double p) const;
};

struct LorisResult {
    qint64 opened = 0;
    qint64 closedByServer = 0; // closed without an answer
    qint64 answered408 = 0;
    qint64 refusedAtAccept = 0; // closed before its first byte could be sent
};

struct StreamResult {
    qint64 offeredBytes = 0;
    qint64 answered413 = 0;
    qint64 otherCloses = 0;
};

struct SoakResult {
    LoadResult load;
    LorisResult loris;
    StreamResult stream;
};

// The three clients of bench_soak, on plain blocking/non-blocking POSIX
// sockets and threads, so that the load generator itself stays cheap.
class SoakClients final {
public:
    static constexpr const char *kSecret = "soak-secret";

    explicit SoakClients(const SoakOptions &options);
    SoakResult run();

private:
    using Clock = std::chrono::steady_clock;

    LoadResult loadWorker(int index) const;
    LorisResult lorisWorker() const;
    StreamResult streamWorker() const;
    bool timeLeft() const { return Clock::now() < m_end; }

    SoakOptions m_options;
    Clock::time_point m_start;
    Clock::time_point m_end;
    qint64 m_runId = 0;
};
