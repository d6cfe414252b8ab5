#include "store/storeintegrity.h"

#include "store/sqlitehandle.h"
#include "store/storefault.h"

#include <QAtomicInteger>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <sqlite3.h>

namespace {

constexpr int kMaxFindings = 5; // of SQLite's up to 100 lines

struct Deadline {
    QElapsedTimer clock;
    qint64 budgetMs = -1;
    const std::atomic<bool> *cancel = nullptr;
};

// SQLite calls this every few thousand steps; non-zero interrupts the check.
int pastDeadline(void *context)
{
    const auto *deadline = static_cast<const Deadline *>(context);
    if (deadline->cancel && deadline->cancel->load())
        return 1;
    return deadline->budgetMs >= 0 && deadline->clock.elapsed() >= deadline->budgetMs ? 1 : 0;
}

StoreIntegrity::Result failure(const QSqlError &error)
{
    const int code = error.nativeErrorCode().toInt();
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    if ((code & 0xff) == SQLITE_INTERRUPT)
        return {StoreIntegrity::Outcome::Unfinished, text};
    if (StoreFault::classify(code) == StoreFault::Kind::Damaged)
        return {StoreIntegrity::Outcome::Damaged, text};
    return {StoreIntegrity::Outcome::Failed, text};
}

// Every row is read: an interrupted check still hands out what it found so
// far (pages it did not reach look "never used"), and only the end of the
// rows says whether it was interrupted.
StoreIntegrity::Result runPragma(QSqlDatabase &db, const QString &pragma)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(pragma))
        return failure(query.lastError());
    QStringList findings;
    while (query.next()) {
        const QString row = query.value(0).toString();
        // A row may hold several findings, one a line; "*** in database
        // main ***" heads them and says nothing.
        for (const QString &line : row.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            if (findings.size() < kMaxFindings && !line.startsWith(QLatin1String("***")))
                findings.append(line.trimmed());
        }
    }
    if (query.lastError().isValid())
        return failure(query.lastError());
    if (findings == QStringList{QStringLiteral("ok")})
        return {StoreIntegrity::Outcome::Sound, QString()};
    return {StoreIntegrity::Outcome::Damaged, findings.join(QLatin1String("; "))};
}

QString newConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("hookscope-check-%1").arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

StoreIntegrity::Result StoreIntegrity::quickCheck(QSqlDatabase &db, int budgetMs,
                                                  const std::atomic<bool> *cancel)
{
    sqlite3 *handle = SqliteHandle::of(db);
    Deadline deadline{QElapsedTimer(), budgetMs, cancel};
    deadline.clock.start();
    if (handle)
        sqlite3_progress_handler(handle, 100, &pastDeadline, &deadline);
    const Result result = runPragma(db, QStringLiteral("PRAGMA quick_check"));
    if (handle)
        sqlite3_progress_handler(handle, 0, nullptr, nullptr);
    return result;
}

StoreIntegrity::Result StoreIntegrity::checkFile(const QString &path, bool full,
                                                 const std::atomic<bool> *cancel)
{
    if (!QFileInfo(path).isFile())
        return {Outcome::Failed, QStringLiteral("there is no file %1").arg(path)};
    const QString name = newConnectionName();
    Result result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            result = {Outcome::Failed, db.lastError().text()};
        } else if (full) {
            result = runPragma(db, QStringLiteral("PRAGMA integrity_check"));
        } else {
            result = quickCheck(db, -1, cancel);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}
