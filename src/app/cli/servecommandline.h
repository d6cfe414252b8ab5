#pragma once

#include <QByteArray>

class QCommandLineParser;
struct CommandLine;

// The options of `hookscope-cli serve` (DESIGN.md "Command line"): the
// listen address, the secret (option, file or environment), the policy, the
// store, and the receiver's edge: body limit, TLS files, trusted proxies,
// connection caps and the stale window.
class ServeCommandLine final {
public:
    static void addOptions(QCommandLineParser &parser);
    // Fills cl.receiver and cl.database; sets cl.error on the first problem
    // and adds to cl.warnings what is allowed but probably not meant.
    static void parse(const QCommandLineParser &parser, CommandLine &cl,
                      const QByteArray &environmentSecret);
};
