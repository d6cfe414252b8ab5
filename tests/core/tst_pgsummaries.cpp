#include "store/eventstore.h"
#include "store/pgeventstore.h"
#include "store/pgschema.h"
#include "store/storelocation.h"
#include "store/summarytables.h"
#include "testpostgres.h"
#include "testsupport_summaries.h"

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <limits>
#include <memory>

// The PostgreSQL store's summary tables (layout 2, kept by triggers) hold
// the rows SQLite's SummaryWriter keeps for the same deliveries, equal a
// recount over PostgreSQL's own events, are filled by the upgrade from
// layout 1, and stay exact with two writers on one database.
namespace {

constexpr qint64 kAll = std::numeric_limits<qint64>::max();

StoreLocation locationOf(const QString &url)
{
    const std::optional<StoreLocation> location = StoreLocation::parse(url);
    Q_ASSERT(location);
    return *location;
}

QList<EventRecord> randomDeliveries(quint32 seed, int count)
{
    RandomDeliveries deliveries(seed);
    QList<EventRecord> out;
    for (int i = 0; i < count; ++i)
        out.append(deliveries.next());
    return out;
}

// Appends `records` in transactions of 1..8 (group commit), either store;
// the ids of the new events (not the retries) into `ids`.
template<class Store>
bool appendAll(Store &store, const QList<EventRecord> &records, quint32 seed, QString *error,
               QList<qint64> *ids = nullptr)
{
    QRandomGenerator sizes(seed);
    qsizetype done = 0;
    while (done < records.size()) {
        if (!store.beginTransaction())
            break;
        const qsizetype batch = std::min<qsizetype>(records.size() - done, sizes.bounded(1, 9));
        bool ok = true;
        for (qsizetype i = 0; i < batch && ok; ++i) {
            const auto result = store.append(records.at(done + i));
            ok = result.has_value();
            if (ok && ids && !result->duplicate)
                ids->append(result->eventId);
        }
        if (!ok || !store.commit()) {
            store.rollback();
            break;
        }
        done += batch;
    }
    if (done < records.size() && error)
        *error = store.lastError();
    return done == records.size();
}

QString connectionName()
{
    static QAtomicInteger<int> n;
    return QStringLiteral("pg-summaries-%1").arg(n.fetchAndAddRelaxed(1));
}

// The rows of `sql`, each "prefix a|b|c" (NULL as such), sorted.
QStringList rowsOf(const QSqlDatabase &db, const QString &prefix, const QString &sql,
                   QString *error)
{
    QStringList out;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        *error += query.lastError().text() + QLatin1String(" in ") + sql + u'\n';
        return out;
    }
    while (query.next()) {
        QStringList values;
        for (int i = 0; i < query.record().count(); ++i)
            values.append(query.isNull(i) ? QStringLiteral("NULL") : query.value(i).toString());
        out.append(prefix + u' ' + values.join(u'|'));
    }
    out.sort();
    return out;
}

// The four tables with every event id as its rank among the store's events
// (each store hands out its own ids, PostgreSQL's with gaps; the events are
// the same, in the same order).
QStringList rankedTables(const QSqlDatabase &db, QString *error)
{
    const auto rank = [](const char *column) {
        return QStringLiteral("(SELECT COUNT(*) FROM events r WHERE r.id <= t.%1)")
            .arg(QLatin1String(column));
    };
    return rowsOf(db, QStringLiteral("channel"),
                  QStringLiteral("SELECT channel, messages, last_received_at FROM "
                                 "channel_summary t"),
                  error) +
           rowsOf(db, QStringLiteral("customer"),
                  QStringLiteral("SELECT chat_user_id, %1, changes, unverified_changes, "
                                 "test_changes, last_change_at, name, unverified_name, phone, "
                                 "unverified_phone, email, unverified_email, channel, "
                                 "channel_name, messages, test_messages, %2, last_message_at, "
                                 "message_channel, message_channel_name, message_name, "
                                 "latest_name FROM customer_summary t")
                      .arg(rank("first_change_id"), rank("last_message_id")),
                  error) +
           rowsOf(db, QStringLiteral("session"),
                  QStringLiteral("SELECT chat_session_id, customer_key, %1, messages, %2 FROM "
                                 "session_summary t")
                      .arg(rank("last_event_id"), rank("agent_event_id")),
                  error) +
           rowsOf(db, QStringLiteral("facet"),
                  QStringLiteral("SELECT event, channel, msg_type, sender_type, verification, "
                                 "test, facet_events FROM event_facets t"),
                  error);
}

// The tables as stored, and as the recounts give them over the same events.
std::pair<QStringList, QStringList> storedAndRecounted(const QSqlDatabase &db, QString *error)
{
    QStringList stored;
    QStringList recounted;
    const std::pair<QString, QString> tables[] = {
        {QString::fromLatin1(SummaryTables::kChannelTable),
         SummaryTables::channelRecount(kAll, false)},
        {QString::fromLatin1(SummaryTables::kCustomerTable),
         SummaryTables::customerRecount(kAll, false)},
        {QString::fromLatin1(SummaryTables::kSessionTable),
         SummaryTables::sessionRecount(kAll, false)},
        {QString::fromLatin1(SummaryTables::kFacetTable), SummaryTables::facetRecount(kAll)},
    };
    for (const auto &[table, recount] : tables) {
        stored += rowsOf(db, table, QStringLiteral("SELECT * FROM ") + table, error);
        recounted += rowsOf(db, table, recount, error);
    }
    return {stored, recounted};
}

// What differs between two sorted row lists, for the failure message.
QString difference(const QStringList &a, const QStringList &b, const QString &aName,
                   const QString &bName)
{
    QString out;
    for (const QString &row : a) {
        if (!b.contains(row))
            out += QStringLiteral("only in %1: %2\n").arg(aName, row);
    }
    for (const QString &row : b) {
        if (!a.contains(row))
            out += QStringLiteral("only in %1: %2\n").arg(bName, row);
    }
    return out.isEmpty() ? QStringLiteral("(same rows, other multiplicities)") : out;
}

// A QSQLITE connection of the test's own to the file at `path`.
class SqliteFile final {
    Q_DISABLE_COPY_MOVE(SqliteFile)

public:
    explicit SqliteFile(const QString &path)
        : m_name(connectionName())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~SqliteFile() { QSqlDatabase::removeDatabase(m_name); }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
};

} // namespace

class TestPgSummaries final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameRowsAsSqliteAndTheRecount_data();
    void sameRowsAsSqliteAndTheRecount();
    void upgradeFromLayout1FillsTheTables();
    void twoWritersKeepThemExact();

private:
    // The PostgreSQL tables equal SQLite's (ranked ids) and PostgreSQL's recount.
    static void compareWithSqlite(const QSqlDatabase &pg, const QString &sqlitePath);
};

void TestPgSummaries::compareWithSqlite(const QSqlDatabase &pg, const QString &sqlitePath)
{
    QString error;
    const auto [stored, recounted] = storedAndRecounted(pg, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!stored.isEmpty());
    QVERIFY2(stored == recounted,
             qPrintable(difference(stored, recounted, QStringLiteral("PostgreSQL's tables"),
                                   QStringLiteral("the recount"))));
    SqliteFile sqlite(sqlitePath);
    const QStringList fromSqlite = rankedTables(sqlite.db(), &error);
    const QStringList fromPg = rankedTables(pg, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(fromPg == fromSqlite,
             qPrintable(difference(fromPg, fromSqlite, QStringLiteral("PostgreSQL"),
                                   QStringLiteral("SQLite"))));
}

void TestPgSummaries::sameRowsAsSqliteAndTheRecount_data()
{
    QTest::addColumn<quint32>("seed");
    for (const quint32 seed : {1u, 5u, 42u, 2026u})
        QTest::addRow("seed %u", seed) << seed;
}

void TestPgSummaries::sameRowsAsSqliteAndTheRecount()
{
    QFETCH(quint32, seed);
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("same.db"));
    EventStore sqlite;
    QVERIFY2(sqlite.open(path), qPrintable(sqlite.lastError()));
    PgEventStore store;
    QVERIFY2(store.open(locationOf(pg.url())), qPrintable(store.lastError()));
    QCOMPARE(store.schemaVersion(), PgSchema::kCurrentVersion);
    QSqlDatabase db = pg.open();
    const QList<EventRecord> records = randomDeliveries(seed, 600);
    // Checked along the way too: a retry's fix-up must hold at every point.
    for (int round = 0; round < 3; ++round) {
        const QList<EventRecord> part = records.mid(round * 200, 200);
        QString error;
        QVERIFY2(appendAll(sqlite, part, seed + round, &error), qPrintable(error));
        QVERIFY2(appendAll(store, part, seed + round, &error), qPrintable(error));
        compareWithSqlite(db, path);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestPgSummaries::upgradeFromLayout1FillsTheTables()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("upgrade.db"));
    EventStore sqlite;
    QVERIFY2(sqlite.open(path), qPrintable(sqlite.lastError()));
    const QList<EventRecord> records = randomDeliveries(11, 700);
    QString error;
    {
        PgEventStore store;
        QVERIFY2(store.open(locationOf(pg.url())), qPrintable(store.lastError()));
        QVERIFY2(appendAll(store, records.mid(0, 500), 11, &error), qPrintable(error));
    }
    QVERIFY2(appendAll(sqlite, records.mid(0, 500), 11, &error), qPrintable(error));
    // Layout 1 as it was: no summary tables, no triggers.
    QSqlDatabase db = pg.open();
    for (const char *sql :
         {"DROP TRIGGER events_summaries_added ON events",
          "DROP TRIGGER events_summaries_retried ON events",
          "DROP FUNCTION hookscope_summaries_added()",
          "DROP FUNCTION hookscope_summaries_retried()",
          "DROP TABLE channel_summary, customer_summary, session_summary, event_facets",
          "UPDATE meta SET value = '1' WHERE key = 'schema_version'"}) {
        QSqlQuery query(db);
        QVERIFY2(query.exec(QLatin1String(sql)), qPrintable(query.lastError().text()));
    }
    {
        PgEventStore viewer; // a viewer does not upgrade
        QVERIFY(!viewer.openReadOnly(locationOf(pg.url()), &error));
        QVERIFY2(error.contains(QLatin1String("layout 1")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("start a receiver")), qPrintable(error));
    }
    PgEventStore store;
    QVERIFY2(store.open(locationOf(pg.url())), qPrintable(store.lastError()));
    QCOMPARE(store.schemaVersion(), 2);
    {
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("2"));
    }
    compareWithSqlite(db, path);
    if (QTest::currentTestFailed())
        return;
    // The upgraded store goes on as a new one: retries of events from
    // before the upgrade fix the filled rows.
    QVERIFY2(appendAll(store, records.mid(500), 12, &error), qPrintable(error));
    QVERIFY2(appendAll(sqlite, records.mid(500), 12, &error), qPrintable(error));
    compareWithSqlite(db, path);
    PgEventStore viewer;
    QVERIFY2(viewer.openReadOnly(locationOf(pg.url()), &error), qPrintable(error));
}

void TestPgSummaries::twoWritersKeepThemExact()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    {
        PgEventStore store; // the layout, before the writers race for it
        QVERIFY2(store.open(locationOf(pg.url())), qPrintable(store.lastError()));
    }
    // One list dealt to two receivers: retries of one receiver's events
    // arrive at the other, as behind nginx.
    const QList<EventRecord> records = randomDeliveries(77, 800);
    QList<EventRecord> halves[2];
    for (qsizetype i = 0; i < records.size(); ++i)
        halves[i % 2].append(records.at(i));
    const QString url = pg.url();
    QString errors[2];
    QList<qint64> ids[2];
    std::unique_ptr<QThread> writers[2];
    for (int w = 0; w < 2; ++w) {
        writers[w].reset(QThread::create([&url, &halves, &errors, &ids, w]() {
            PgEventStore store;
            store.setApplicationName(QStringLiteral("writer-%1").arg(w));
            if (!store.open(locationOf(url), &errors[w]))
                return;
            QString error;
            if (!appendAll(store, halves[w], 90 + w, &error, &ids[w]))
                errors[w] = error.isEmpty() ? QStringLiteral("append failed") : error;
        }));
        writers[w]->start();
    }
    for (auto &writer : writers)
        QVERIFY(writer->wait(120000));
    QVERIFY2(errors[0].isEmpty(), qPrintable(errors[0]));
    QVERIFY2(errors[1].isEmpty(), qPrintable(errors[1]));
    QSqlDatabase db = pg.open();
    QString error;
    const auto [stored, recounted] = storedAndRecounted(db, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!stored.isEmpty());
    QVERIFY2(stored == recounted,
             qPrintable(difference(stored, recounted, QStringLiteral("PostgreSQL's tables"),
                                   QStringLiteral("the recount"))));
    // The writers' transactions interleaved: the test proves nothing if
    // one ran after the other.
    QVERIFY(!ids[0].isEmpty() && !ids[1].isEmpty());
    QVERIFY2(ids[0].first() < ids[1].last() && ids[1].first() < ids[0].last(),
             "one writer ran after the other");
    QSqlQuery query(db);
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM deliveries")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toLongLong(), records.size());
}

QTEST_GUILESS_MAIN(TestPgSummaries)
#include "tst_pgsummaries.moc"
