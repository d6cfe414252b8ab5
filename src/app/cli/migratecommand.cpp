#include "migratecommand.h"

#include "commandline.h"
#include "store/storebackend.h"
#include "store/storelocation.h"
#include "store/storemigration.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLocale>
#include <QTextStream>

namespace {

constexpr int kDefaultBatch = 500;
constexpr int kMaxBatch = 100000;
// Progress lines at most this often (and the last one always).
constexpr int kProgressIntervalMs = 1000;

QString percent(qint64 done, qint64 total)
{
    return total > 0 ? QStringLiteral(" (%1%)").arg(done * 100 / total) : QString();
}

// Two names of the same store: the same file, or the same database on the
// same server.
bool sameStore(const StoreLocation &a, const StoreLocation &b)
{
    if (a.isPostgres() != b.isPostgres())
        return false;
    if (a.isPostgres())
        return a.host() == b.host() && a.port() == b.port() && a.databaseName() == b.databaseName();
    const QFileInfo fa(a.filePath());
    const QFileInfo fb(b.filePath());
    return fa.absoluteFilePath() == fb.absoluteFilePath() ||
           (fa.exists() && fa.canonicalFilePath() == fb.canonicalFilePath());
}

} // namespace

void MigrateCommand::addOptions(QCommandLineParser &p)
{
    p.addOption(QCommandLineOption(
        QStringLiteral("from"),
        QStringLiteral("The store to copy: a database file or a postgresql:// URL."),
        QStringLiteral("STORE")));
    p.addOption(QCommandLineOption(
        QStringLiteral("to"),
        QStringLiteral("The store to copy into (made if missing; a run that stopped goes on)."),
        QStringLiteral("STORE")));
    p.addOption(QCommandLineOption(
        QStringLiteral("batch"),
        QStringLiteral("Events per transaction (default %1).").arg(kDefaultBatch),
        QStringLiteral("N"), QString::number(kDefaultBatch)));
}

void MigrateCommand::parse(const QCommandLineParser &p, CommandLine &cl)
{
    cl.database = p.value(QStringLiteral("from"));
    cl.output = p.value(QStringLiteral("to"));
    bool ok = false;
    cl.count = p.value(QStringLiteral("batch")).toInt(&ok);
    if (cl.database.isEmpty() || cl.output.isEmpty())
        cl.error = QStringLiteral("migrate needs both --from STORE and --to STORE");
    else if (!ok || cl.count < 1 || cl.count > kMaxBatch)
        cl.error = QStringLiteral("--batch must be a number from 1 to %1").arg(kMaxBatch);
}

int MigrateCommand::run(const CommandLine &cl)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QString error;
    const std::optional<StoreLocation> from = StoreLocation::parse(cl.database, &error);
    const std::optional<StoreLocation> to =
        from ? StoreLocation::parse(cl.output, &error) : std::nullopt;
    if (!from || !to) {
        err << "hookscope-cli migrate: " << error << Qt::endl;
        return 2;
    }
    if (sameStore(*from, *to)) {
        err << "hookscope-cli migrate: --from and --to name the same store" << Qt::endl;
        return 2;
    }
    if (!from->isPostgres() && !QFileInfo::exists(from->filePath())) {
        err << "hookscope-cli migrate: " << from->filePath() << " does not exist" << Qt::endl;
        return 1;
    }
    const std::unique_ptr<StoreBackend> source =
        StoreBackend::open(*from, StoreBackend::Mode::ReadOnly, &error);
    const std::unique_ptr<StoreBackend> target =
        source ? StoreBackend::open(*to, StoreBackend::Mode::Write, &error) : nullptr;
    if (!source || !target) {
        err << "hookscope-cli migrate: " << error << Qt::endl;
        return 1;
    }
    err << "migrating " << source->displayName() << " to " << target->displayName() << Qt::endl;
    const QLocale c = QLocale::c();
    QElapsedTimer shown;
    const auto progress = [&](const StoreMigration::Progress &p) {
        const bool last = p.eventsDone == p.eventsTotal && p.refusedDone == p.refusedTotal;
        if (shown.isValid() && shown.elapsed() < kProgressIntervalMs && !last)
            return;
        shown.start();
        err << "  " << c.toString(p.eventsDone) << " of " << c.toString(p.eventsTotal) << " events"
            << percent(p.eventsDone, p.eventsTotal) << ", " << c.toString(p.refusedDone) << " of "
            << c.toString(p.refusedTotal) << " refused deliveries" << Qt::endl;
    };
    const StoreMigration::Result result = StoreMigration::run(*source, *target, progress, cl.count);
    if (!result.ok) {
        err << "hookscope-cli migrate: " << result.error << Qt::endl;
        return 1;
    }
    if (result.resumedAfter > 0)
        err << "(went on after the " << c.toString(result.resumedAfter)
            << " events an earlier run copied)" << Qt::endl;
    out << "copied " << source->displayName() << " to " << target->displayName() << ": "
        << c.toString(result.events) << " events, " << c.toString(result.deliveries)
        << " receipts, " << c.toString(result.refused) << " refused deliveries; the counts agree"
        << Qt::endl;
    return 0;
}
