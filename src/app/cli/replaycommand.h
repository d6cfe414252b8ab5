#pragma once

class QCommandLineParser;
struct CommandLine;

// hookscope-cli replay --db STORE [--filter EXPR] --to URL [--concurrency C]:
// re-sends the matching stored events as the forwarder would (EventReplayer),
// once each, and prints the answers by status ("200 12", "503 1",
// "no answer 2", then "total 15"). Exit 0 only when every event was answered
// 2xx; 1 otherwise or when the store cannot be read; 2 for a bad filter.
class ReplayCommand final {
public:
    static void addOptions(QCommandLineParser &parser);
    // Fills cl.database, cl.filter, cl.url (the target) and cl.concurrency;
    // sets cl.error on the first problem.
    static void parse(const QCommandLineParser &parser, CommandLine &cl);
    static int run(const CommandLine &commandLine);
};
