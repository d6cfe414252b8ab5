#include "ingest/appendfeed.h"
#include "ingest/deskmirror.h"
#include "store/eventstore.h"
#include "store/pgeventstore.h"
#include "store/storelocation.h"
#include "testpostgres.h"
#include "testsupport_records.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int kWaitMs = 30000;

StoreLocation locationOf(const QString &url)
{
    QString error;
    const std::optional<StoreLocation> location = StoreLocation::parse(url, &error);
    if (!location)
        qFatal("%s: %s", qPrintable(url), qPrintable(error));
    return *location;
}

RefusedRecord refusedRow(int n)
{
    RefusedRecord r;
    r.receivedAtMs = VariedRecords::kBaseMs + n;
    r.status = 401;
    r.reason = QStringLiteral("bad-signature");
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/webhook");
    r.peer = QStringLiteral("203.0.113.%1").arg(n % 250);
    r.body = QByteArray("refused ") + QByteArray::number(n);
    r.bodyBytes = r.body.size();
    return r;
}

// A receiver's transaction on the server: events (a record appended twice
// is a retry), then refused deliveries.
bool appendToServer(PgEventStore &pg, const QList<EventRecord> &events,
                    const QList<RefusedRecord> &refused = {})
{
    if (!pg.beginTransaction())
        return false;
    for (const EventRecord &e : events) {
        if (!pg.append(e)) {
            pg.rollback();
            return false;
        }
    }
    for (const RefusedRecord &r : refused) {
        if (!pg.appendRefused(r)) {
            pg.rollback();
            return false;
        }
    }
    return pg.commit();
}

// What both stores must agree on, event by event in id order.
QStringList eventsOf(const QList<EventRecord> &events)
{
    QStringList lines;
    for (const EventRecord &e : events)
        lines.append(QStringLiteral("%1 deliveries=%2 word=%3 conflict=%4 test=%5 msg=%6")
                         .arg(e.dedupeKey)
                         .arg(e.deliveries)
                         .arg(int(e.verification))
                         .arg(e.conflict)
                         .arg(e.test)
                         .arg(e.msg));
    return lines;
}

QStringList serverEvents(PgEventStore &pg)
{
    return eventsOf(pg.eventsAfter(0, -1));
}

QStringList copyEvents(const QString &path)
{
    EventStore copy;
    if (!copy.openReadOnly(path))
        return {QStringLiteral("cannot open the copy")};
    return eventsOf(copy.eventsAfter(0, 1000000));
}

qint64 copyCount(const QString &path, const char *what)
{
    EventStore copy;
    if (!copy.openReadOnly(path))
        return -1;
    if (qstrcmp(what, "deliveries") == 0)
        return copy.deliveryCount();
    if (qstrcmp(what, "refused") == 0)
        return copy.refusedCount();
    return copy.eventCount();
}

bool isLive(const DeskMirror &mirror)
{
    return mirror.status().state == DeskMirror::State::Live;
}

// Ends the desk copy's sessions as a server restart or a network cut would.
int cutDeskConnections(QSqlDatabase &admin)
{
    QSqlQuery kill(admin);
    if (!kill.exec(QStringLiteral("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                                  "FROM pg_stat_activity WHERE application_name = "
                                  "'hookscope-desk' AND datname = current_database()")) ||
        !kill.next())
        qFatal("%s", qPrintable(kill.lastError().text()));
    return kill.value(0).toInt();
}

} // namespace

class TestDeskMirror final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void copiesTheStoreAndFollowsItsCommits();
    void reconnectsAndCatchesUpWithoutGapsOrRepeats();
    void resumesWhereItStopped();
    void followsWithARoleThatMayOnlyRead();
    void startsAnewWhenTheTablesAreNotThoseItCopied();
    void refusesACopyOfAnotherStore();
    void retriesWhileTheServerIsAway();
    void copyPathsDependOnTheUrlWithoutPassword();
};

void TestDeskMirror::copiesTheStoreAndFollowsItsCommits()
{
    TestPostgres server;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(server);
    PgEventStore pg;
    QString error;
    QVERIFY2(pg.open(locationOf(server.url()), &error), qPrintable(error));
    QList<EventRecord> first = VariedRecords::makeRecords(1, 40);
    EventRecord retry = first.at(3);
    retry.receivedAtMs += 5000;
    retry.verification = Verification::BadSignature;
    first.append(retry);
    QVERIFY2(appendToServer(pg, first, {refusedRow(1), refusedRow(2)}), qPrintable(pg.lastError()));

    QTemporaryDir dir;
    const QString path = DeskMirror::copyPathFor(locationOf(server.url()), dir.path());
    QList<DeskMirror::Status> seen; // outlives the mirror, which may still speak
    DeskMirror mirror;
    QSignalSpy announced(mirror.feed(), &AppendFeed::appended);
    connect(&mirror, &DeskMirror::statusChanged, &mirror,
            [&seen, &mirror] { seen.append(mirror.status()); });
    mirror.start(locationOf(server.url()), path);
    QTRY_VERIFY_WITH_TIMEOUT(isLive(mirror), kWaitMs);
    QVERIFY(!mirror.status().readOnlyRole);
    // Connecting, filling the empty copy (the store's past), live.
    QCOMPARE(seen.first().state, DeskMirror::State::Connecting);
    QCOMPARE(seen.at(seen.size() - 2).state, DeskMirror::State::CatchingUp);
    QVERIFY(seen.at(seen.size() - 2).firstFill);
    QCOMPARE(seen.at(seen.size() - 2).done, 41);
    QCOMPARE(copyEvents(path), serverEvents(pg));
    QCOMPARE(copyCount(path, "deliveries"), pg.deliveryCount());
    QCOMPARE(copyCount(path, "refused"), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!announced.isEmpty() && announced.last().at(0).toLongLong() == 40,
                             kWaitMs);
    QCOMPARE(announced.last().at(1).toLongLong(), 2);
    QCOMPARE(mirror.feed()->databasePath(), path);

    // Later commits: new events, a retry of an old one, a refused delivery.
    QList<EventRecord> second = VariedRecords::makeRecords(41, 5);
    EventRecord again = first.at(10);
    again.receivedAtMs += 9000;
    second.append(again);
    QVERIFY(appendToServer(pg, second, {refusedRow(3)}));
    QTRY_VERIFY_WITH_TIMEOUT(announced.last().at(0).toLongLong() == 45, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(copyEvents(path), serverEvents(pg), kWaitMs);
    QCOMPARE(copyCount(path, "deliveries"), pg.deliveryCount());
    QCOMPARE(copyCount(path, "refused"), 3);
    QVERIFY(isLive(mirror));
}

void TestDeskMirror::reconnectsAndCatchesUpWithoutGapsOrRepeats()
{
    TestPostgres server;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(server);
    QSqlDatabase admin = server.open();
    QVERIFY2(admin.isOpen(), qPrintable(admin.lastError().text()));
    PgEventStore pg;
    QVERIFY(pg.open(locationOf(server.url())));
    QVERIFY(appendToServer(pg, VariedRecords::makeRecords(1, 10)));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("copy.sqlite"));
    DeskMirror mirror;
    mirror.start(locationOf(server.url()), path);
    QTRY_VERIFY_WITH_TIMEOUT(isLive(mirror), kWaitMs);

    QSignalSpy changes(&mirror, &DeskMirror::statusChanged);
    QCOMPARE(cutDeskConnections(admin), 1);
    // Committed while the desk is away, retries of copied events among them.
    for (int round = 0; round < 3; ++round) {
        QList<EventRecord> batch = VariedRecords::makeRecords(11 + 20 * round, 20);
        EventRecord retry = VariedRecords::makeRecord(1 + round);
        retry.receivedAtMs += 60000;
        batch.append(retry);
        QVERIFY(appendToServer(pg, batch, {refusedRow(round)}));
    }
    QTRY_VERIFY_WITH_TIMEOUT(mirror.status().state == DeskMirror::State::Lost, kWaitMs);
    QVERIFY(mirror.status().retryInMs >= 1000);
    QTRY_VERIFY_WITH_TIMEOUT(isLive(mirror), kWaitMs);
    QCOMPARE(copyEvents(path), serverEvents(pg));
    QCOMPARE(copyCount(path, "events"), 70);
    QCOMPARE(copyCount(path, "deliveries"), pg.deliveryCount());
    QCOMPARE(copyCount(path, "refused"), 3);
}

void TestDeskMirror::resumesWhereItStopped()
{
    TestPostgres server;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(server);
    PgEventStore pg;
    QVERIFY(pg.open(locationOf(server.url())));
    QVERIFY(appendToServer(pg, VariedRecords::makeRecords(1, 300), {refusedRow(1)}));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("copy.sqlite"));
    {
        DeskMirror mirror;
        mirror.start(locationOf(server.url()), path);
        QTRY_VERIFY_WITH_TIMEOUT(isLive(mirror), kWaitMs);
    }
    // Retries of copied events and new ones while the window is closed.
    QList<EventRecord> later = VariedRecords::makeRecords(290, 20);
    QVERIFY(appendToServer(pg, later, {refusedRow(2)}));
    bool filledAnew = false;
    DeskMirror mirror;
    connect(&mirror, &DeskMirror::statusChanged, &mirror,
            [&filledAnew, &mirror] { filledAnew = filledAnew || mirror.status().firstFill; });
    mirror.start(locationOf(server.url()), path);
    QTRY_VERIFY_WITH_TIMEOUT(isLive(mirror), kWaitMs);
    QVERIFY(!filledAnew); // what it copies now is news
    QCOMPARE(copyEvents(path), serverEvents(pg));
    QCOMPARE(copyCount(path, "events"), 309);
    QCOMPARE(copyCount(path, "deliveries"), pg.deliveryCount());
    QCOMPARE(copyCount(path, "refused"), 2);
}

void TestDeskMirror::followsWithARoleThatMayOnlyRead()
{
    TestPostgres server;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(server);
    PgEventStore pg;
    QVERIFY(pg.open(locationOf(server.url())));
    QVERIFY(appendToServer(pg, VariedRecords::makeRecords(1, 5)));
    const QString readerUrl = server.addReadOnlyRole(QStringLiteral("desk-pass"));
    QVERIFY(!readerUrl.isEmpty());

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("copy.sqlite"));
    DeskMirror mirror;
    mirror.start(locationOf(readerUrl), path);
    QTRY_VERIFY_WITH_TIMEOUT(isLive(mirror), kWaitMs);
    QVERIFY(mirror.status().readOnlyRole);
    QVERIFY(!mirror.sourceName().contains(QStringLiteral("desk-pass")));
    QVERIFY(appendToServer(pg, VariedRecords::makeRecords(6, 2)));
    QTRY_COMPARE_WITH_TIMEOUT(copyCount(path, "events"), 7, kWaitMs);
    QCOMPARE(copyEvents(path), serverEvents(pg));
}

void TestDeskMirror::startsAnewWhenTheTablesAreNotThoseItCopied()
{
    TestPostgres server;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(server);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("copy.sqlite"));
    {
        PgEventStore pg;
        QVERIFY(pg.open(locationOf(server.url())));
        QVERIFY(appendToServer(pg, VariedRecords::makeRecords(1, 30)));
        DeskMirror mirror;
        mirror.start(locationOf(server.url()), path);
        QTRY_VERIFY_WITH_TIMEOUT(isLive(mirror), kWaitMs);
        QCOMPARE(copyCount(path, "events"), 30);
    }
    // The database is emptied and made again at the same URL (a restore,
    // a new server): its ids start over and would be skipped.
    {
        QSqlDatabase admin = server.open();
        QSqlQuery drop(admin);
        QVERIFY2(drop.exec(QStringLiteral("DROP TABLE events, deliveries, refused, "
                                          "refused_totals, meta CASCADE")),
                 qPrintable(drop.lastError().text()));
    }
    PgEventStore pg;
    QString error;
    QVERIFY2(pg.open(locationOf(server.url()), &error), qPrintable(error));
    QVERIFY(appendToServer(pg, VariedRecords::makeRecords(100, 3)));
    DeskMirror mirror;
    mirror.start(locationOf(server.url()), path);
    QTRY_VERIFY_WITH_TIMEOUT(isLive(mirror), kWaitMs);
    QCOMPARE(copyEvents(path), serverEvents(pg));
    QCOMPARE(copyCount(path, "events"), 3);
}

void TestDeskMirror::refusesACopyOfAnotherStore()
{
    TestPostgres server;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(server);
    PgEventStore pg;
    QVERIFY(pg.open(locationOf(server.url())));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("copy.sqlite"));
    {
        DeskMirror mirror;
        mirror.start(locationOf(server.url()), path);
        QTRY_VERIFY_WITH_TIMEOUT(isLive(mirror), kWaitMs);
    }
    const QString other = server.urlOf(server.serverDatabaseName());
    DeskMirror mirror;
    mirror.start(locationOf(other), path);
    QTRY_VERIFY_WITH_TIMEOUT(mirror.status().state == DeskMirror::State::Failed, kWaitMs);
    QVERIFY2(mirror.status().detail.contains(QStringLiteral("is a copy of")),
             qPrintable(mirror.status().detail));
}

void TestDeskMirror::retriesWhileTheServerIsAway()
{
    // A port nothing listens on: the first connection fails, and is retried.
    QTemporaryDir dir;
    DeskMirror mirror;
    QSignalSpy changes(&mirror, &DeskMirror::statusChanged);
    mirror.start(locationOf(QStringLiteral("postgresql://nobody@127.0.0.1:1/none")),
                 dir.filePath(QStringLiteral("copy.sqlite")));
    QTRY_VERIFY_WITH_TIMEOUT(mirror.status().state == DeskMirror::State::Lost, kWaitMs);
    QCOMPARE(mirror.status().retryInMs, 1000);
    QVERIFY(!mirror.status().detail.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(mirror.status().retryInMs == 2000, kWaitMs);
    mirror.stop();
    QCOMPARE(mirror.status().state, DeskMirror::State::Idle);
}

void TestDeskMirror::copyPathsDependOnTheUrlWithoutPassword()
{
    const QString a = DeskMirror::copyPathFor(
        locationOf(QStringLiteral("postgresql://desk:one@db.example/hookscope")),
        QStringLiteral("/x"));
    const QString b = DeskMirror::copyPathFor(
        locationOf(QStringLiteral("postgresql://desk:two@db.example/hookscope")),
        QStringLiteral("/x"));
    const QString c = DeskMirror::copyPathFor(
        locationOf(QStringLiteral("postgresql://desk@db.example/other")), QStringLiteral("/x"));
    QCOMPARE(a, b);
    QVERIFY(a != c);
    QVERIFY(a.startsWith(QStringLiteral("/x/team-")));
    QVERIFY(!a.contains(QStringLiteral("one")));
}

QTEST_GUILESS_MAIN(TestDeskMirror)
#include "tst_deskmirror.moc"
