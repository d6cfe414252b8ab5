#pragma once

struct CommandLine;

// hookscope-cli check: SQLite's full integrity check of a store, read-only.
// Prints the result; exit 0 when sound, 1 when damaged, 2 when the check
// could not run (no such file, not readable...).
class CheckCommand final {
public:
    static int run(const CommandLine &commandLine);
};
