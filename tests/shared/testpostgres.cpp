#include "testpostgres.h"

#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <utility>

namespace {

const char serverVariable[] = "HOOKSCOPE_TEST_POSTGRES";
const char requireVariable[] = "HOOKSCOPE_REQUIRE_POSTGRES";

QString nextConnectionName()
{
    static int counter = 0;
    return QStringLiteral("testpostgres-%1").arg(++counter);
}

QString quoted(const QSqlDatabase &db, const QString &name)
{
    return db.driver()->escapeIdentifier(name, QSqlDriver::TableName);
}

} // namespace

TestPostgres::TestPostgres()
{
    if (!isConfigured())
        return;
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        m_error = QStringLiteral("Qt's PostgreSQL driver (QPSQL) is not installed: "
                                 "apt-get install libqt6sql6-psql");
        return;
    }
    m_valid = parseServerUrl(qEnvironmentVariable(serverVariable)) && createDatabase();
}

TestPostgres::~TestPostgres()
{
    for (const QString &name : std::as_const(m_connections)) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
    if (!m_database.isEmpty())
        dropDatabase();
    // Their grants went with the database; the roles are the server's.
    for (const QString &role : std::as_const(m_roles)) {
        QSqlQuery drop(QSqlDatabase::database(m_adminConnection, false));
        if (!drop.exec(QStringLiteral("DROP ROLE IF EXISTS ") + role))
            qWarning("TestPostgres: role %s was not dropped: %s", qPrintable(role),
                     qPrintable(drop.lastError().text()));
    }
    if (!m_adminConnection.isEmpty()) {
        QSqlDatabase::database(m_adminConnection, false).close();
        QSqlDatabase::removeDatabase(m_adminConnection);
    }
}

bool TestPostgres::isConfigured()
{
    return !qEnvironmentVariable(serverVariable).isEmpty();
}

bool TestPostgres::isRequired()
{
    const QString value = qEnvironmentVariable(requireVariable);
    return !value.isEmpty() && value != QLatin1String("0");
}

QString TestPostgres::notConfiguredMessage()
{
    const QString how = QStringLiteral(
        "packaging/test.sh starts a server; by hand: packaging/pg-test-server.sh start DIR, "
        "then source DIR/env");
    if (isRequired())
        return QStringLiteral("HOOKSCOPE_REQUIRE_POSTGRES is set but HOOKSCOPE_TEST_POSTGRES is "
                              "not: no PostgreSQL server to test against (%1)")
            .arg(how);
    return QStringLiteral("HOOKSCOPE_TEST_POSTGRES is not set: no PostgreSQL server to test "
                          "against (%1)")
        .arg(how);
}

QString TestPostgres::urlOf(const QString &database) const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(m_user);
    url.setHost(m_host);
    url.setPort(m_port);
    url.setPath(QLatin1Char('/') + database);
    return url.toString(QUrl::FullyEncoded);
}

QSqlDatabase TestPostgres::open(const QString &database, const QString &password)
{
    QSqlDatabase db = addConnection(database.isEmpty() ? m_database : database,
                                    password.isEmpty() ? m_urlPassword : password);
    m_connections.append(db.connectionName());
    db.open();
    return db;
}

// Just the form pg-test-server.sh writes; the program's own parser for
// store URLs is StoreLocation's.
bool TestPostgres::parseServerUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    const QString path = url.path();
    if (!url.isValid() ||
        (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres")) ||
        url.userName().isEmpty() || url.host().isEmpty() || path.size() < 2 ||
        path.indexOf(QLatin1Char('/'), 1) != -1 || url.hasQuery() || url.hasFragment()) {
        m_error = QStringLiteral("HOOKSCOPE_TEST_POSTGRES is not "
                                 "postgresql://USER@HOST[:PORT]/DBNAME: %1")
                      .arg(url.toDisplayString(QUrl::RemovePassword));
        return false;
    }
    m_user = url.userName();
    m_urlPassword = url.password();
    m_host = url.host();
    m_port = url.port(5432);
    m_serverDatabase = path.mid(1);
    return true;
}

bool TestPostgres::createDatabase()
{
    QSqlDatabase admin = addConnection(m_serverDatabase, m_urlPassword);
    m_adminConnection = admin.connectionName();
    if (!admin.open()) {
        m_error = QStringLiteral("cannot connect to %1: %2")
                      .arg(urlOf(m_serverDatabase), admin.lastError().text());
        return false;
    }
    const QString name = QStringLiteral("hs_t_%1").arg(QRandomGenerator::system()->generate64(), 16,
                                                       16, QLatin1Char('0'));
    QSqlQuery query(admin);
    if (!query.exec(QStringLiteral("CREATE DATABASE ") + quoted(admin, name))) {
        m_error = QStringLiteral("cannot create database %1 on %2: %3")
                      .arg(name, urlOf(m_serverDatabase), query.lastError().text());
        return false;
    }
    m_database = name;
    return true;
}

// FORCE: a connection the test left open, its own or the program's under
// test, is cut off rather than keeping the database alive.
void TestPostgres::dropDatabase()
{
    QSqlDatabase admin = QSqlDatabase::database(m_adminConnection, false);
    QSqlQuery query(admin);
    if (!query.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                        .arg(quoted(admin, m_database)))) {
        qWarning("TestPostgres: database %s was not dropped: %s", qPrintable(m_database),
                 qPrintable(query.lastError().text()));
    }
}

QString TestPostgres::addReadOnlyRole(const QString &password)
{
    const QString role = QStringLiteral("ro%1_%2").arg(m_roles.size()).arg(m_database);
    QSqlQuery create(QSqlDatabase::database(m_adminConnection, false));
    QString literal = password;
    literal.replace(u'\'', QLatin1String("''"));
    if (!create.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(role, literal))) {
        qWarning("TestPostgres: %s", qPrintable(create.lastError().text()));
        return {};
    }
    m_roles.append(role);
    QSqlDatabase db = open();
    QSqlQuery grant(db);
    if (!grant.exec(QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO ") + role)) {
        qWarning("TestPostgres: %s", qPrintable(grant.lastError().text()));
        return {};
    }
    QUrl url(this->url());
    url.setUserName(role);
    url.setPassword(password);
    return url.toString(QUrl::FullyEncoded);
}

QSqlDatabase TestPostgres::addConnection(const QString &database, const QString &password)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), nextConnectionName());
    db.setHostName(m_host);
    db.setPort(m_port);
    db.setUserName(m_user);
    db.setDatabaseName(database);
    db.setPassword(password);
    // A server that does not answer fails the test instead of hanging it.
    db.setConnectOptions(QStringLiteral("connect_timeout=10;application_name=hookscope-tests"));
    return db;
}
