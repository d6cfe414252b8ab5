#pragma once

struct CommandLine;

// hookscope-cli export: events (or customer field changes) as CSV or JSON
// Lines, optionally filtered, to standard output or a file written through
// QSaveFile (a failed export leaves no partial file).
class ExportCommand final {
public:
    static int run(const CommandLine &commandLine);
};
