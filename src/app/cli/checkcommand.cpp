#include "checkcommand.h"

#include "apppaths.h"
#include "commandline.h"
#include "store/pgeventstore.h"
#include "store/storeintegrity.h"
#include "store/storelocation.h"

#include <QDir>
#include <QLocale>
#include <QStringList>
#include <QTextStream>

#include <cstdio>
#include <optional>

namespace {

// What a PostgreSQL store's counts say is wrong, one clause each.
QStringList findings(const PgEventStore::Consistency &c)
{
    const QLocale l = QLocale::c();
    QStringList found;
    if (c.miscountedEvents == 1)
        found << QStringLiteral("event #%1 has a delivery count that differs from its receipts")
                     .arg(c.firstMiscountedEvent);
    else if (c.miscountedEvents > 1)
        found << QStringLiteral("%1 events have a delivery count that differs from their "
                                "receipts (the first: #%2)")
                     .arg(l.toString(c.miscountedEvents))
                     .arg(c.firstMiscountedEvent);
    if (c.orphanDeliveries == 1)
        found << QStringLiteral("receipt %1 belongs to no event").arg(c.firstOrphanDelivery);
    else if (c.orphanDeliveries > 1)
        found << QStringLiteral("%1 receipts belong to no event (the first: receipt %2)")
                     .arg(l.toString(c.orphanDeliveries))
                     .arg(c.firstOrphanDelivery);
    if (c.totalsRows != 1)
        found << QStringLiteral("refused_totals has %1 rows instead of one").arg(c.totalsRows);
    else if (c.totalsRefused != c.refused || c.totalsBytes != c.refusedKeptBytes)
        found << QStringLiteral("refused_totals counts %1 refused deliveries keeping %2 bytes, "
                                "the refused table holds %3 keeping %4")
                     .arg(l.toString(c.totalsRefused), l.toString(c.totalsBytes),
                          l.toString(c.refused), l.toString(c.refusedKeptBytes));
    return found;
}

// There is no file to check: whether the store opens read-only at the
// current layout, and whether its rows agree with HookScope's own counts.
int checkPostgres(const StoreLocation &location, QTextStream &out, QTextStream &err)
{
    const QString shown = location.displayName();
    PgEventStore store;
    store.setApplicationName(QStringLiteral("hookscope-check"));
    QString error;
    std::optional<PgEventStore::Consistency> c;
    if (store.openReadOnly(location, &error))
        c = store.consistency();
    if (!c) {
        // The sentence names the store (never its password).
        err << "hookscope-cli check: " << (error.isEmpty() ? store.lastError() : error) << Qt::endl;
        return 2;
    }
    const QLocale l = QLocale::c();
    const QStringList found = findings(*c);
    if (found.isEmpty()) {
        out << shown << ": sound (layout " << store.schemaVersion() << "; " << l.toString(c->events)
            << " events, " << l.toString(c->deliveries) << " receipts and "
            << l.toString(c->refused) << " refused deliveries agree with their counts)" << Qt::endl;
        return 0;
    }
    out << shown << ": INCONSISTENT: " << found.join(QLatin1String("; ")) << Qt::endl;
    out << "Something other than HookScope changed these tables, or only part of them was "
           "restored; restore the whole database from a backup."
        << Qt::endl;
    return 1;
}

} // namespace

int CheckCommand::run(const CommandLine &cl)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString database = cl.database.isEmpty() ? AppPaths::defaultDatabasePath() : cl.database;
    if (StoreLocation::looksLikePostgres(database)) {
        QString error;
        const std::optional<StoreLocation> location = StoreLocation::parse(database, &error);
        if (!location) {
            err << "hookscope-cli check: " << error << Qt::endl;
            return 2;
        }
        return checkPostgres(*location, out, err);
    }
    const QString path = QDir::toNativeSeparators(database);
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
