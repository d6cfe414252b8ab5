#include "testpostgres.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

// The server the PostgreSQL tests run against (TestPostgres,
// packaging/pg-test-server.sh) is the one the store needs: version 15,
// pg_trgm for search, passwords really checked, LISTEN/NOTIFY reaching
// another connection through Qt's driver, and a test's database gone after
// the test.
class TestPostgresServer final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theServerIsPostgreSql15OrLater();
    void theTestRoleCreatesPgTrgmInItsDatabase();
    void aWrongPasswordIsRefused();
    void aNotifyReachesAListenerOnAnotherConnection();
    void aTestDatabaseIsDroppedWithItsTestPostgres();
};

namespace {

// The first column of the first row; invalid on an error, which is logged.
QVariant firstValue(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return QVariant();
    }
    return query.value(0);
}

} // namespace

void TestPostgresServer::theServerIsPostgreSql15OrLater()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QSqlDatabase db = pg.open();
    QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));

    const QVariant version =
        firstValue(db, QStringLiteral("SELECT current_setting('server_version_num')::int"));
    QVERIFY(version.isValid());
    QVERIFY2(version.toInt() >= 150000, qPrintable(version.toString()));
    // The store keeps customers' Chinese text.
    QCOMPARE(firstValue(db, QStringLiteral("SHOW server_encoding")).toString(),
             QStringLiteral("UTF8"));
}

void TestPostgresServer::theTestRoleCreatesPgTrgmInItsDatabase()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QSqlDatabase db = pg.open();
    QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));

    QSqlQuery query(db);
    QVERIFY2(query.exec(QStringLiteral("CREATE EXTENSION pg_trgm")),
             qPrintable(query.lastError().text()));
    QVERIFY(firstValue(db, QStringLiteral("SELECT similarity('hookscope', 'hookscop') > 0.5"))
                .toBool());
    // Chinese characters count as word characters in the server's locale, so
    // they make trigrams too.
    QVERIFY(firstValue(db, QStringLiteral("SELECT cardinality(show_trgm('客户消息'))")).toInt() >
            0);
}

void TestPostgresServer::aWrongPasswordIsRefused()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);

    QSqlDatabase db = pg.open(QString(), QStringLiteral("not-the-password"));
    QVERIFY(!db.isOpen());
    QCOMPARE(db.lastError().type(), QSqlError::ConnectionError);
    QVERIFY2(db.lastError().text().contains(QLatin1String("password authentication failed")),
             qPrintable(db.lastError().text()));
}

void TestPostgresServer::aNotifyReachesAListenerOnAnotherConnection()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QSqlDatabase listener = pg.open();
    QVERIFY2(listener.isOpen(), qPrintable(listener.lastError().text()));
    QSqlDatabase notifier = pg.open();
    QVERIFY2(notifier.isOpen(), qPrintable(notifier.lastError().text()));

    QSqlDriver *driver = listener.driver();
    QVERIFY(driver->hasFeature(QSqlDriver::EventNotifications));
    QSignalSpy heard(driver, &QSqlDriver::notification);
    const QString channel = QStringLiteral("hookscope_events");
    QVERIFY(driver->subscribeToNotification(channel));
    QCOMPARE(driver->subscribedToNotifications(), QStringList{channel});

    QSqlQuery query(notifier);
    QVERIFY2(query.exec(QStringLiteral("NOTIFY hookscope_events, 'event 42'")),
             qPrintable(query.lastError().text()));
    QVERIFY(heard.wait(10000));
    QCOMPARE(heard.size(), 1);
    QCOMPARE(heard.at(0).at(0).toString(), channel);
    QCOMPARE(heard.at(0).at(1).value<QSqlDriver::NotificationSource>(), QSqlDriver::OtherSource);
    QCOMPARE(heard.at(0).at(2).toString(), QStringLiteral("event 42"));

    QVERIFY(driver->unsubscribeFromNotification(channel));
}

void TestPostgresServer::aTestDatabaseIsDroppedWithItsTestPostgres()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QSqlDatabase server = pg.open(pg.serverDatabaseName());
    QVERIFY2(server.isOpen(), qPrintable(server.lastError().text()));
    const QString exists = QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = '%1'");

    QString name;
    QSqlDatabase leftOpen;
    {
        TestPostgres other;
        HOOKSCOPE_REQUIRE_TEST_POSTGRES(other);
        name = other.databaseName();
        QVERIFY(name.startsWith(QLatin1String("hs_t_")));
        QVERIFY(name != pg.databaseName());
        QCOMPARE(other.url(), pg.urlOf(name));
        QCOMPARE(firstValue(server, exists.arg(name)).toLongLong(), 1);
        // A connection other did not open, still open when it goes.
        leftOpen = pg.open(name);
        QVERIFY2(leftOpen.isOpen(), qPrintable(leftOpen.lastError().text()));
    }
    QCOMPARE(firstValue(server, exists.arg(name)).toLongLong(), 0);
    QSqlQuery query(leftOpen);
    QVERIFY(!query.exec(QStringLiteral("SELECT 1")));
}

QTEST_GUILESS_MAIN(TestPostgresServer)
#include "tst_postgresserver.moc"
