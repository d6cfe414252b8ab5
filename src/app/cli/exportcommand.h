#pragma once

struct CommandLine;

// hookscope-cli export: events (or customer field changes) as CSV or JSON
// Lines, optionally filtered, to standard output or a file written through
// QSaveFile (a failed export leaves no partial file). The store is a SQLite
// file or PostgreSQL (a postgresql:// URL): the same events export the same
// bytes from either, streamed (PostgreSQL in pages by id, from one snapshot).
// PostgreSQL has no forwarding queue, so its `forward` cells are empty.
class ExportCommand final {
public:
    static int run(const CommandLine &commandLine);
};
