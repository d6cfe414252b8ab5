#pragma once

class QCommandLineParser;
struct CommandLine;

// hookscope-cli migrate --from STORE --to STORE [--batch N] (DESIGN.md):
// copies a store into another, SQLite to PostgreSQL or back
// (StoreMigration), with its progress on standard error, resumable, and the
// counts compared at the end. Exit 0 when they agree, 1 when a store cannot
// be opened or read or the counts differ, 2 for a usage error (the same
// store twice, a missing option).
class MigrateCommand final {
public:
    static void addOptions(QCommandLineParser &parser);
    // Fills cl.database (--from), cl.output (--to) and cl.count (--batch).
    static void parse(const QCommandLineParser &parser, CommandLine &cl);
    static int run(const CommandLine &commandLine);
};
