#pragma once

#include "store/storelocation.h"

#include <QProcessEnvironment>
#include <QString>

#include <optional>

// The PostgreSQL server bench_team runs against, through one connection to
// the database its URL names: a fresh database for each run, dropped after
// it. The role needs CREATEDB.
class ScratchPostgres final {
public:
    ScratchPostgres() = default;
    ~ScratchPostgres();
    ScratchPostgres(const ScratchPostgres &) = delete;
    ScratchPostgres &operator=(const ScratchPostgres &) = delete;

    // `url` as `serve --db` takes it; false with *error set.
    bool open(const QString &url, QString *error);

    // A new database, hs_bench_<random>; empty with *error set.
    QString create(QString *error);
    // Drops it, cutting off any session a killed receiver left on it; false
    // with *error set.
    bool drop(const QString &database, QString *error);

    // The URL of `database` for `serve --db`, without a password: if the
    // server's URL had one, environment() holds it in PGPASSWORD (a command
    // line is public).
    QString storeUrl(const QString &database) const;
    QProcessEnvironment environment() const;

    // Adds a QPSQL connection `name` to `database` (not yet opened).
    void addConnection(const QString &name, const QString &database) const;

private:
    bool exec(const QString &statement, QString *error) const;
    QString quoted(const QString &name) const;

    std::optional<StoreLocation> m_location;
    QString m_connection = QStringLiteral("bench-team-server");
};
