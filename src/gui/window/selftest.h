#pragma once

#include <QCoreApplication>

// `hookscope --self-test`: the window with a temporary store and temporary
// settings, its receiver on 127.0.0.1 port 0, a few signed deliveries sent
// through the real HTTP path, and a check that they show up in the stream,
// verified. Prints one line; the result is the process exit code.
class SelfTest final {
    Q_DECLARE_TR_FUNCTIONS(SelfTest)

public:
    static constexpr int kDeliveries = 6;
    static constexpr int kTimeoutMs = 20'000;

    // Runs the event loop until done; 0 on success, 1 on failure.
    static int run();
};
