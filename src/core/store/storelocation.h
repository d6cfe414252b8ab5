#pragma once

#include <QString>

#include <optional>

// What `--db` names (DESIGN.md, "Command line"): a SQLite file path, the
// embedded default, or a PostgreSQL store as
// `postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME` (docs/team.md). User,
// password and database name may be percent-encoded; HOST is a name, an IPv4
// address or an IPv6 address in brackets; the one query parameter taken is
// `sslmode` (libpq's words). Everything else is refused with a sentence that
// says why, before any connection is tried.
//
// The password is kept only to connect: displayName() and every error leave
// it out. Without one, libpq reads PGPASSWORD or the password file
// (~/.pgpass, PGPASSFILE) itself.
class StoreLocation final {
public:
    enum class Kind {
        SqliteFile,
        Postgres,
    };

    // A file path for anything that does not start with "postgresql://" or
    // "postgres://" (any case); nullopt with *error set for a malformed URL.
    static std::optional<StoreLocation> parse(const QString &text, QString *error = nullptr);
    static StoreLocation sqliteFile(const QString &path);
    // True when `text` names a PostgreSQL store, well formed or not.
    static bool looksLikePostgres(const QString &text);

    Kind kind() const { return m_kind; }
    bool isPostgres() const { return m_kind == Kind::Postgres; }
    // The SQLite file (empty for PostgreSQL).
    QString filePath() const { return m_path; }

    QString user() const { return m_user; }
    QString password() const { return m_password; }
    bool hasPassword() const { return !m_password.isEmpty(); }
    QString host() const { return m_host; } // an IPv6 address without brackets
    int port() const { return m_port; }     // 5432 unless given
    QString databaseName() const { return m_database; }
    QString sslMode() const { return m_sslMode; } // empty: libpq's default
    // libpq's connection options besides host, port, user, password and
    // database ("sslmode=require"; QSqlDatabase::setConnectOptions).
    QString connectOptions() const;

    // For messages and titles: the path, or the URL without its password
    // ("postgresql://alice@db.example:5432/hookscope").
    QString displayName() const;

    friend bool operator==(const StoreLocation &a, const StoreLocation &b);

private:
    StoreLocation() = default;

    Kind m_kind = Kind::SqliteFile;
    QString m_path;
    QString m_user;
    QString m_password;
    QString m_host;
    int m_port = 5432;
    QString m_database;
    QString m_sslMode;
};
