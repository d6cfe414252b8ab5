#pragma once

struct CommandLine;

// hookscope-cli check: SQLite's full integrity check of a store, read-only.
// A PostgreSQL store has no file to check: it must open read-only at the
// current layout, and its rows must agree with HookScope's own counts (each
// event's receipts, each receipt's event, the refused totals), read in one
// snapshot. Prints the result; exit 0 when sound, 1 when damaged or
// inconsistent, 2 when the check could not run (no such file, not
// readable, no server, a malformed URL...).
class CheckCommand final {
public:
    static int run(const CommandLine &commandLine);
};
