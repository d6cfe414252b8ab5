#include "checkcommand.h"

#include "apppaths.h"
#include "commandline.h"
#include "store/storeintegrity.h"

#include <QDir>
#include <QTextStream>

#include <cstdio>

int CheckCommand::run(const CommandLine &cl)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString path = QDir::toNativeSeparators(
        cl.database.isEmpty() ? AppPaths::defaultDatabasePath() : cl.database);
    // Read-only: checking a store never changes it, even a damaged one.
    const StoreIntegrity::Result result = StoreIntegrity::checkFile(path, true);
    switch (result.outcome) {
    case StoreIntegrity::Outcome::Sound:
        out << path << ": sound (SQLite's integrity check found no damage)" << Qt::endl;
        return 0;
    case StoreIntegrity::Outcome::Damaged:
        out << path << ": DAMAGED: " << result.detail << Qt::endl;
        out << "HookScope will not write to it; restore a backup or start a new store "
               "(sqlite3's .recover may save some of its rows)."
            << Qt::endl;
        return 1;
    case StoreIntegrity::Outcome::Unfinished:
    case StoreIntegrity::Outcome::Failed:
        break;
    }
    err << "hookscope-cli check: cannot check " << path << ": " << result.detail << Qt::endl;
    return 2;
}
