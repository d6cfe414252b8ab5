#pragma once

struct CommandLine;

// hookscope-cli serve: prints "listening on URL" once ready; on SIGINT or
// SIGTERM stops accepting, commits and answers in-flight deliveries, exits 0.
class ServeCommand final {
public:
    static int run(const CommandLine &commandLine);
};
