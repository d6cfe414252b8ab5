#include "store/storelocation.h"

#include <QTest>

class TestStoreLocation final : public QObject {
    Q_OBJECT

private slots:
    void anythingElseIsASqliteFile_data();
    void anythingElseIsASqliteFile();
    void wellFormedUrlsGiveTheirParts_data();
    void wellFormedUrlsGiveTheirParts();
    void malformedUrlsAreRefusedWithoutThePassword_data();
    void malformedUrlsAreRefusedWithoutThePassword();
    void theDisplayNameNeverCarriesThePassword_data();
    void theDisplayNameNeverCarriesThePassword();
};

void TestStoreLocation::anythingElseIsASqliteFile_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("absolute") << QStringLiteral("/var/lib/hookscope/events.db");
    QTest::newRow("named like the scheme") << QStringLiteral("postgresql.db");
    QTest::newRow("one slash") << QStringLiteral("postgresql:/tmp/x.db");
    QTest::newRow("scheme inside") << QStringLiteral("./postgresql://a@h/d");
    QTest::newRow("empty") << QString();
}

void TestStoreLocation::anythingElseIsASqliteFile()
{
    QFETCH(QString, text);
    QString error;
    const std::optional<StoreLocation> location = StoreLocation::parse(text, &error);
    QVERIFY(location);
    QVERIFY(error.isEmpty());
    QCOMPARE(location->kind(), StoreLocation::Kind::SqliteFile);
    QCOMPARE(location->filePath(), text);
    QCOMPARE(location->displayName(), text);
    QVERIFY(!StoreLocation::looksLikePostgres(text));
}

void TestStoreLocation::wellFormedUrlsGiveTheirParts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("options");

    QTest::newRow("minimal") << QStringLiteral("postgresql://alice@db.example/hookscope")
                             << QStringLiteral("alice") << QString() << QStringLiteral("db.example")
                             << 5432 << QStringLiteral("hookscope") << QString();
    QTest::newRow("short scheme, password, port")
        << QStringLiteral("postgres://alice:s3cr%40t:x@127.0.0.1:6543/hs")
        << QStringLiteral("alice") << QStringLiteral("s3cr@t:x") << QStringLiteral("127.0.0.1")
        << 6543 << QStringLiteral("hs") << QString();
    QTest::newRow("scheme in capitals, IPv6")
        << QStringLiteral("POSTGRESQL://bob@[::1]:5433/x") << QStringLiteral("bob") << QString()
        << QStringLiteral("::1") << 5433 << QStringLiteral("x") << QString();
    QTest::newRow("IPv6 without port")
        << QStringLiteral("postgresql://bob@[fe80::1:2]/x") << QStringLiteral("bob") << QString()
        << QStringLiteral("fe80::1:2") << 5432 << QStringLiteral("x") << QString();
    QTest::newRow("socket directory")
        << QStringLiteral("postgresql://hookscope@%2Fvar%2Frun%2Fpostgresql/hookscope")
        << QStringLiteral("hookscope") << QString() << QStringLiteral("/var/run/postgresql") << 5432
        << QStringLiteral("hookscope") << QString();
    QTest::newRow("UTF-8 names") << QStringLiteral("postgresql://al%C3%AFce@h/%E5%BA%93")
                                 << QStringLiteral("al\u00efce") << QString() << QStringLiteral("h")
                                 << 5432 << QStringLiteral("\u5e93") << QString();
    QTest::newRow("empty password")
        << QStringLiteral("postgresql://a:@h/d") << QStringLiteral("a") << QString()
        << QStringLiteral("h") << 5432 << QStringLiteral("d") << QString();
    QTest::newRow("sslmode") << QStringLiteral("postgresql://a@h:1/d?sslmode=verify-full")
                             << QStringLiteral("a") << QString() << QStringLiteral("h") << 1
                             << QStringLiteral("d") << QStringLiteral("sslmode=verify-full");
    QTest::newRow("63-byte names")
        << QStringLiteral("postgresql://%1@h/%1").arg(QString(63, u'u')) << QString(63, u'u')
        << QString() << QStringLiteral("h") << 5432 << QString(63, u'u') << QString();
}

void TestStoreLocation::wellFormedUrlsGiveTheirParts()
{
    QFETCH(QString, text);
    QString error;
    const std::optional<StoreLocation> location = StoreLocation::parse(text, &error);
    QVERIFY2(location, qPrintable(error));
    QVERIFY(location->isPostgres());
    QVERIFY(StoreLocation::looksLikePostgres(text));
    QTEST(location->user(), "user");
    QTEST(location->password(), "password");
    QTEST(location->host(), "host");
    QTEST(location->port(), "port");
    QTEST(location->databaseName(), "database");
    QTEST(location->connectOptions(), "options");
    QVERIFY(location->filePath().isEmpty());
}

void TestStoreLocation::malformedUrlsAreRefusedWithoutThePassword_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("why");

    const QString pw = QStringLiteral(":SeCrEt");
    auto url = [&pw](const QString &user, const QString &rest) -> QString {
        return QStringLiteral("postgresql://") + user + pw + u'@' + rest;
    };
    QTest::newRow("no user at all")
        << QStringLiteral("postgresql://h/d") << QStringLiteral("names no user");
    QTest::newRow("empty user") << url({}, QStringLiteral("h/d"))
                                << QStringLiteral("names no user");
    QTest::newRow("no host") << url(QStringLiteral("a"), QStringLiteral("/d"))
                             << QStringLiteral("names no host");
    QTest::newRow("no database") << url(QStringLiteral("a"), QStringLiteral("h"))
                                 << QStringLiteral("names no database");
    QTest::newRow("empty database")
        << url(QStringLiteral("a"), QStringLiteral("h/")) << QStringLiteral("names no database");
    QTest::newRow("database with a slash")
        << url(QStringLiteral("a"), QStringLiteral("h/d/e")) << QStringLiteral("invalid one");
    QTest::newRow("port 0") << url(QStringLiteral("a"), QStringLiteral("h:0/d"))
                            << QStringLiteral("invalid port");
    QTest::newRow("port 65536") << url(QStringLiteral("a"), QStringLiteral("h:65536/d"))
                                << QStringLiteral("invalid port");
    QTest::newRow("port with a letter")
        << url(QStringLiteral("a"), QStringLiteral("h:12a/d")) << QStringLiteral("invalid port");
    QTest::newRow("empty port") << url(QStringLiteral("a"), QStringLiteral("h:/d"))
                                << QStringLiteral("invalid port");
    QTest::newRow("signed port") << url(QStringLiteral("a"), QStringLiteral("h:+5/d"))
                                 << QStringLiteral("invalid port");
    QTest::newRow("non-ASCII digit") << url(QStringLiteral("a"), QStringLiteral("h:5\u0663/d"))
                                     << QStringLiteral("invalid port");
    QTest::newRow("host with a space")
        << url(QStringLiteral("a"), QStringLiteral("h st/d")) << QStringLiteral("invalid host");
    QTest::newRow("host with a semicolon")
        << url(QStringLiteral("a"), QStringLiteral("h;x/d")) << QStringLiteral("invalid host");
    QTest::newRow("host like an option")
        << url(QStringLiteral("a"), QStringLiteral("-h/d")) << QStringLiteral("invalid host");
    QTest::newRow("relative socket directory")
        << url(QStringLiteral("a"), QStringLiteral("run%2Fpg/d")) << QStringLiteral("invalid host");
    QTest::newRow("open bracket") << url(QStringLiteral("a"), QStringLiteral("[::1/d"))
                                  << QStringLiteral("closing ']'");
    QTest::newRow("not IPv6") << url(QStringLiteral("a"), QStringLiteral("[zz::1]/d"))
                              << QStringLiteral("invalid IPv6");
    QTest::newRow("IPv4 in brackets") << url(QStringLiteral("a"), QStringLiteral("[127.0.0.1]/d"))
                                      << QStringLiteral("invalid IPv6");
    QTest::newRow("text after IPv6")
        << url(QStringLiteral("a"), QStringLiteral("[::1]x/d")) << QStringLiteral("after the IPv6");
    QTest::newRow("other parameter") << url(QStringLiteral("a"), QStringLiteral("h/d?user=root"))
                                     << QStringLiteral("other than sslmode");
    QTest::newRow("unknown sslmode")
        << url(QStringLiteral("a"), QStringLiteral("h/d?sslmode=bogus"))
        << QStringLiteral("sslmode");
    QTest::newRow("two sslmodes") << url(QStringLiteral("a"),
                                         QStringLiteral("h/d?sslmode=require&sslmode=disable"))
                                  << QStringLiteral("repeated sslmode");
    QTest::newRow("fragment") << url(QStringLiteral("a"), QStringLiteral("h/d#x"))
                              << QStringLiteral("fragment");
    QTest::newRow("NUL in the user") << url(QStringLiteral("a%00b"), QStringLiteral("h/d"))
                                     << QStringLiteral("control character");
    QTest::newRow("newline in the database")
        << url(QStringLiteral("a"), QStringLiteral("h/d%0A")) << QStringLiteral("invalid one");
    QTest::newRow("NUL in the password")
        << QStringLiteral("postgresql://a:SeCrEt%00x@h/d") << QStringLiteral("password");
    QTest::newRow("database not UTF-8")
        << url(QStringLiteral("a"), QStringLiteral("h/%FF")) << QStringLiteral("invalid one");
    QTest::newRow("64-byte user") << url(QString(64, u'u'), QStringLiteral("h/d"))
                                  << QStringLiteral("longer than 63 bytes");
    QTest::newRow("64-byte database in 22 characters")
        << url(QStringLiteral("a"), QStringLiteral("h/") + QString(21, u'\u5e93') + u'x')
        << QStringLiteral("longer than 63 bytes");
    QTest::newRow("long password")
        << QStringLiteral("postgresql://a:SeCrEt%1@h/d").arg(QString(1100, u'p'))
        << QStringLiteral("password");
    QTest::newRow("very long URL")
        << url(QStringLiteral("a"), QStringLiteral("h/d?sslmode=") + QString(5000, u'x'))
        << QStringLiteral("longer than 4096");
}

void TestStoreLocation::malformedUrlsAreRefusedWithoutThePassword()
{
    QFETCH(QString, text);
    QFETCH(QString, why);
    QString error;
    QVERIFY(!StoreLocation::parse(text, &error));
    QVERIFY(StoreLocation::looksLikePostgres(text));
    QVERIFY2(error.contains(why), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME")),
             qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("SeCrEt")), qPrintable(error));
    QVERIFY(!StoreLocation::parse(text)); // no error pointer: no crash
}

void TestStoreLocation::theDisplayNameNeverCarriesThePassword_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("display");
    QTest::newRow("password") << QStringLiteral("postgresql://alice:SeCrEt@db:1/hs")
                              << QStringLiteral("postgresql://alice@db:1/hs");
    QTest::newRow("encoded password and names")
        << QStringLiteral("postgres://al%40ice:Se%3ACrEt@db/h%20s?sslmode=require")
        << QStringLiteral("postgresql://al%40ice@db:5432/h%20s?sslmode=require");
    QTest::newRow("IPv6") << QStringLiteral("postgresql://a:SeCrEt@[::1]/d")
                          << QStringLiteral("postgresql://a@[::1]:5432/d");
    QTest::newRow("socket") << QStringLiteral("postgresql://a:SeCrEt@%2Frun%2Fpg/d")
                            << QStringLiteral("postgresql://a@%2Frun%2Fpg:5432/d");
}

void TestStoreLocation::theDisplayNameNeverCarriesThePassword()
{
    QFETCH(QString, text);
    QFETCH(QString, display);
    const std::optional<StoreLocation> location = StoreLocation::parse(text);
    QVERIFY(location);
    QVERIFY(location->hasPassword());
    QCOMPARE(location->displayName(), display);
    QVERIFY(!location->displayName().contains(QLatin1String("SeCrEt")));
    // The display name is itself a URL that names the same store.
    const std::optional<StoreLocation> again = StoreLocation::parse(location->displayName());
    QVERIFY(again);
    QVERIFY(!again->hasPassword());
    QCOMPARE(again->user(), location->user());
    QCOMPARE(again->host(), location->host());
    QCOMPARE(again->port(), location->port());
    QCOMPARE(again->databaseName(), location->databaseName());
    QCOMPARE(again->sslMode(), location->sslMode());
}

QTEST_GUILESS_MAIN(TestStoreLocation)
#include "tst_storelocation.moc"
