#include "scratchpostgres.h"

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

ScratchPostgres::~ScratchPostgres()
{
    if (!m_location)
        return;
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
}

bool ScratchPostgres::open(const QString &url, QString *error)
{
    std::optional<StoreLocation> location = StoreLocation::parse(url, error);
    if (location && !location->isPostgres()) {
        *error = QStringLiteral("not a PostgreSQL URL (postgresql://USER@HOST[:PORT]/DBNAME): %1")
                     .arg(url);
        return false;
    }
    if (!location)
        return false;
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        *error = QStringLiteral("Qt's PostgreSQL driver is not installed (libqt6sql6-psql)");
        return false;
    }
    m_location = std::move(location);
    addConnection(m_connection, m_location->databaseName());
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (db.open())
        return true;
    *error = QStringLiteral("cannot connect to %1: %2")
                 .arg(m_location->displayName(), db.lastError().text());
    return false;
}

QString ScratchPostgres::create(QString *error)
{
    const QString name =
        QStringLiteral("hs_bench_%1")
            .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
    return exec(QStringLiteral("CREATE DATABASE ") + quoted(name), error) ? name : QString();
}

// A plain DROP first: the server stops an autovacuum worker on the database
// by itself, which FORCE may not (the role may not signal it). FORCE then
// cuts off the sessions of a receiver that had to be killed.
bool ScratchPostgres::drop(const QString &database, QString *error)
{
    const QString statement = QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoted(database));
    QString plain;
    if (exec(statement, &plain) || exec(statement + QStringLiteral(" WITH (FORCE)"), error))
        return true;
    *error = plain + QStringLiteral("; ") + *error;
    return false;
}

QString ScratchPostgres::storeUrl(const QString &database) const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(m_location->user());
    url.setHost(m_location->host());
    url.setPort(m_location->port());
    url.setPath(QLatin1Char('/') + database);
    if (!m_location->sslMode().isEmpty())
        url.setQuery(QStringLiteral("sslmode=") + m_location->sslMode());
    return url.toString(QUrl::FullyEncoded);
}

QProcessEnvironment ScratchPostgres::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (m_location->hasPassword())
        env.insert(QStringLiteral("PGPASSWORD"), m_location->password());
    return env;
}

void ScratchPostgres::addConnection(const QString &name, const QString &database) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(m_location->host());
    db.setPort(m_location->port());
    db.setUserName(m_location->user());
    db.setPassword(m_location->password()); // empty: libpq reads PGPASSWORD or PGPASSFILE
    db.setDatabaseName(database);
    QString options = QStringLiteral("connect_timeout=10;application_name=bench_team");
    if (!m_location->connectOptions().isEmpty())
        options += u';' + m_location->connectOptions();
    db.setConnectOptions(options);
}

bool ScratchPostgres::exec(const QString &statement, QString *error) const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (query.exec(statement))
        return true;
    *error = QStringLiteral("%1: %2").arg(statement, query.lastError().text());
    return false;
}

QString ScratchPostgres::quoted(const QString &name) const
{
    return QSqlDatabase::database(m_connection, false)
        .driver()
        ->escapeIdentifier(name, QSqlDriver::TableName);
}
