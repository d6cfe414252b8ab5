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

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

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

// SQLite 3.40 calls the progress handler between the steps of a statement
// only, and the check of one b-tree is a single step: on a 10 GB store read
// from disk, 42 s in which neither the budget nor a cancel was seen. This
// thread sees both and calls sqlite3_interrupt(), which the check itself
// polls, until the statement has ended (an interrupt that arrives between
// statements is dropped when the next one starts). Joined before the
// caller's connection can close.
class Watchdog final {
public:
    Watchdog(sqlite3 *handle, const Deadline &deadline)
    {
        if (!handle || (deadline.budgetMs < 0 && !deadline.cancel))
            return;
        m_thread = std::thread([this, handle, &deadline] { watch(handle, deadline); });
    }
    ~Watchdog()
    {
        if (!m_thread.joinable())
            return;
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_done = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }
    Q_DISABLE_COPY_MOVE(Watchdog)

private:
    void watch(sqlite3 *handle, const Deadline &deadline)
    {
        using std::chrono::milliseconds;
        constexpr qint64 kPollMs = 20; // how soon a cancel is seen
        std::unique_lock<std::mutex> lock(m_mutex);
        while (!m_done) {
            const qint64 left =
                deadline.budgetMs < 0 ? kPollMs : deadline.budgetMs - deadline.clock.elapsed();
            if (left <= 0 || (deadline.cancel && deadline.cancel->load())) {
                sqlite3_interrupt(handle);
                m_wake.wait_for(lock, milliseconds(1));
                continue;
            }
            m_wake.wait_for(lock, milliseconds(std::min(left, kPollMs)));
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_done = false;
    std::thread m_thread;
};

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

namespace {

// `pragma` on `db`, stopped after budgetMs (< 0: no limit) or once *cancel
// is true, when this program may use the connection's SQLite handle.
StoreIntegrity::Result runWatched(QSqlDatabase &db, const QString &pragma, int budgetMs,
                                  const std::atomic<bool> *cancel)
{
    sqlite3 *handle = SqliteHandle::of(db);
    Deadline deadline{QElapsedTimer(), budgetMs, cancel};
    deadline.clock.start();
    if (handle)
        sqlite3_progress_handler(handle, 100, &pastDeadline, &deadline);
    StoreIntegrity::Result result;
    {
        const Watchdog watchdog(handle, deadline);
        result = runPragma(db, pragma);
    }
    if (handle)
        sqlite3_progress_handler(handle, 0, nullptr, nullptr);
    return result;
}

} // namespace

StoreIntegrity::Result StoreIntegrity::quickCheck(QSqlDatabase &db, int budgetMs,
                                                  const std::atomic<bool> *cancel)
{
    return runWatched(db, QStringLiteral("PRAGMA quick_check"), budgetMs, cancel);
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
            result = runWatched(db, QStringLiteral("PRAGMA integrity_check"), -1, cancel);
        } else {
            result = quickCheck(db, -1, cancel);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}
