#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTest>

// The PostgreSQL server the tests run against, named by
// HOOKSCOPE_TEST_POSTGRES as postgresql://USER@HOST:PORT/DBNAME, with the
// password in PGPASSFILE (packaging/pg-test-server.sh writes both;
// packaging/test.sh starts one for the suite). Each TestPostgres creates a
// database of its own, hs_t_<16 hex digits>, and drops it when destroyed,
// with every connection it opened, and cuts off any other connection still
// in it (DROP DATABASE ... WITH (FORCE)).
//
// A test that needs the server starts with
//     TestPostgres pg;
//     HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
// Without HOOKSCOPE_TEST_POSTGRES the test is skipped, or fails when
// HOOKSCOPE_REQUIRE_POSTGRES=1 (as test.sh sets it); with it, a database
// that could not be created fails the test.
class TestPostgres final {
    Q_DISABLE_COPY_MOVE(TestPostgres)

public:
    TestPostgres();
    ~TestPostgres();

    // HOOKSCOPE_TEST_POSTGRES is set and not empty.
    static bool isConfigured();
    // HOOKSCOPE_REQUIRE_POSTGRES is set to something other than empty or 0.
    static bool isRequired();
    // What a test without a server says when it skips or fails.
    static QString notConfiguredMessage();

    // This test's database exists; error() says why not.
    bool isValid() const { return m_valid; }
    QString error() const { return m_error; }

    QString databaseName() const { return m_database; }
    // The database of HOOKSCOPE_TEST_POSTGRES, where the test databases are
    // created from.
    QString serverDatabaseName() const { return m_serverDatabase; }
    // postgresql://USER@HOST:PORT/DBNAME of this test's database, or of
    // `database` on the same server; no password.
    QString url() const { return urlOf(m_database); }
    QString urlOf(const QString &database) const;
    QString user() const { return m_user; }
    QString host() const { return m_host; }
    int port() const { return m_port; }

    // A new connection through Qt's QPSQL driver to `database` (this test's
    // when empty) under a connection name of its own; check isOpen() and
    // lastError(). With no `password` the driver passes none, so libpq reads
    // PGPASSFILE (or PGPASSWORD). Closed and removed when this TestPostgres
    // is destroyed: declare the handle after the TestPostgres, so that it
    // goes first.
    QSqlDatabase open(const QString &database = QString(), const QString &password = QString());

    // A login role of this test that may only read this database's tables
    // (those there now: make the store first), as a desk's role would; the
    // URL of this database as that role, with `password` in it. Dropped
    // after the database. Empty when it could not be made.
    QString addReadOnlyRole(const QString &password);

private:
    bool parseServerUrl(const QString &text);
    bool createDatabase();
    void dropDatabase();
    QSqlDatabase addConnection(const QString &database, const QString &password);

    QString m_user;
    QString m_host;
    int m_port = 5432;
    QString m_serverDatabase;
    // Only when HOOKSCOPE_TEST_POSTGRES holds one.
    QString m_urlPassword;
    QString m_database;
    // On the server database, for CREATE and DROP DATABASE.
    QString m_adminConnection;
    QStringList m_connections;
    QStringList m_roles;
    bool m_valid = false;
    QString m_error;
};

// The first statement of a test function that needs the server (see
// TestPostgres). Like QVERIFY, it returns from the function it is used in.
#define HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg)                                                        \
    do {                                                                                           \
        if (!TestPostgres::isConfigured()) {                                                       \
            if (TestPostgres::isRequired())                                                        \
                QFAIL(qPrintable(TestPostgres::notConfiguredMessage()));                           \
            QSKIP(qPrintable(TestPostgres::notConfiguredMessage()));                               \
        }                                                                                          \
        QVERIFY2((pg).isValid(), qPrintable((pg).error()));                                        \
    } while (false)
