#pragma once

#include <QString>

class QCommandLineParser;
struct CommandLine;
struct ExportRow;

// hookscope-cli watch --db STORE [--filter EXPR] [--format text|jsonl]
// (DESIGN.md): prints each event committed after it started, one line each
// in the order of their ids, within a second of its commit, until SIGINT or
// SIGTERM (then exit 0). Like `tail -f` for the store: it only reads, on a
// read-only connection that looks at the last event id (one index lookup)
// every kPollMs and reads what came after it. The filter runs as SQL over
// those new rows only: a scan of a few rows, so without the text index
// (which trails the events by design, docs/storage.md). Exit 1 when the
// store cannot be opened or read, 2 for a bad filter.
class WatchCommand final {
public:
    static constexpr int kPollMs = 250;
    // Text lines cut the message after this many characters (jsonl: whole).
    static constexpr int kTextColumns = 200;

    static void addOptions(QCommandLineParser &parser);
    // Fills cl.database, cl.filter and cl.format ("text" or "jsonl").
    static void parse(const QCommandLineParser &parser, CommandLine &cl);
    static int run(const CommandLine &commandLine);

    // One event as a text line, without its newline: time, id, channel,
    // event (and message type), customer, verification word, text. Every
    // field is made safe for a terminal: control characters (escape
    // sequences among them) and bidirectional overrides become U+FFFD,
    // line breaks and tabs spaces.
    static QString textLine(const ExportRow &row);
};
