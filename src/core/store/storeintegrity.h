#pragma once

#include <QMetaType>
#include <QString>

#include <atomic>

class QSqlDatabase;

// SQLite's integrity checks on a store (docs/store-faults.md): the quick
// check when the writer opens a store (within a time budget, so that a huge
// store does not hold up the start), the rest in the background, and
// `hookscope-cli check`'s full check.
class StoreIntegrity final {
public:
    enum class Outcome {
        Sound,      // the check found nothing wrong
        Damaged,    // it found damage, or SQLite called the file corrupt
        Unfinished, // the budget ran out (or it was cancelled) first
        Failed,     // the check itself could not run (file missing, locked...)
    };
    struct Result {
        Outcome outcome = Outcome::Failed;
        QString detail; // SQLite's first findings, or why the check failed
    };

    // PRAGMA quick_check on an open connection; stops after budgetMs (< 0:
    // no limit) when this program may use the connection's SQLite handle,
    // and as soon as *cancel becomes true.
    static Result quickCheck(QSqlDatabase &db, int budgetMs,
                             const std::atomic<bool> *cancel = nullptr);
    // Opens `path` read-only on a connection of its own (any thread) and runs
    // PRAGMA integrity_check (full) or quick_check, without a time limit.
    static Result checkFile(const QString &path, bool full,
                            const std::atomic<bool> *cancel = nullptr);
};

Q_DECLARE_METATYPE(StoreIntegrity::Result)
