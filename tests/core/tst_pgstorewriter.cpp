#include "ingest/pgstorewriter.h"
#include "store/pgeventstore.h"
#include "store/storelocation.h"
#include "testpostgres.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

namespace {

EventRecord makeEvent(int n)
{
    EventRecord r;
    r.receivedAtMs = 1764000000000 + n;
    r.event = QStringLiteral("message");
    r.channel = 7;
    r.chatUserId = QStringLiteral("cu1");
    r.sequenceId = QString::number(n);
    r.msg = QStringLiteral("message %1").arg(n);
    r.verification = Verification::Verified;
    r.dedupeKey = QStringLiteral("m:cu1:%1").arg(n);
    r.payload = QByteArray::number(n);
    return r;
}

bool openWriter(PgStoreWriter &writer, const QString &url, QString *error = nullptr)
{
    QSignalSpy opened(&writer, &EventWriter::opened);
    writer.start(url);
    if (!opened.wait(30000))
        return false;
    if (error)
        *error = opened.first().at(1).toString();
    return opened.first().at(0).toBool();
}

// Submits one event and waits for its transaction: whether it committed.
bool submitOne(PgStoreWriter &writer, int n)
{
    QSignalSpy committed(&writer, &EventWriter::committed);
    writer.submit(quint64(n), makeEvent(n));
    if (!committed.wait(30000))
        return false;
    return committed.first().at(1).toBool();
}

qint64 scalar(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        qFatal("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
    return query.value(0).toLongLong();
}

} // namespace

class TestPgStoreWriter final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void commitsInGroupsAndAnnouncesTheLastIds();
    void forwardRulesAreRefusedAtOpen();
    void aLostConnectionIsAFaultUntilTheProbeReconnects();
    void aRoleThatMayOnlyReadIsAReadOnlyFault();
    void refusedRowsAreCappedByTheirKeptTotals();
};

void TestPgStoreWriter::commitsInGroupsAndAnnouncesTheLastIds()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgStoreWriter writer;
    QString error;
    QVERIFY2(openWriter(writer, pg.url(), &error), qPrintable(error));
    QSignalSpy committed(&writer, &EventWriter::committed);
    QSignalSpy appended(&writer, &EventWriter::appended);
    // Queued behind each other, as the receiver's deliveries arrive: the
    // first commit takes one, the next all that queued meanwhile.
    for (int i = 1; i <= 50; ++i)
        QMetaObject::invokeMethod(
            &writer, [&writer, i] { writer.submit(quint64(i), makeEvent(i)); },
            Qt::QueuedConnection);
    QList<quint64> tickets;
    QTRY_COMPARE_WITH_TIMEOUT(
        [&] {
            tickets.clear();
            for (const QList<QVariant> &emission : std::as_const(committed)) {
                if (!emission.at(1).toBool())
                    return qsizetype(-1);
                tickets += emission.at(0).value<QList<quint64>>();
            }
            return tickets.size();
        }(),
        qsizetype(50), 30000);
    QVERIFY2(committed.size() < 50, "every submission took a transaction of its own");
    QCOMPARE(appended.last().at(0).toLongLong(), 50);
    PgEventStore store;
    QVERIFY(store.openReadOnly(*StoreLocation::parse(pg.url())));
    QCOMPARE(store.eventCount(), 50);
}

void TestPgStoreWriter::forwardRulesAreRefusedAtOpen()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgStoreWriter writer;
    ForwardRule rule;
    rule.url = QStringLiteral("https://crm.example/hook");
    rule.enabled = true;
    writer.setForwardRules({rule});
    QString error;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("Forwarding")));
    QVERIFY(!openWriter(writer, pg.url(), &error));
    QVERIFY2(error.contains(QLatin1String("not available with a PostgreSQL store")),
             qPrintable(error));
    QVERIFY(!submitOne(writer, 1));
}

// The server ends the writer's session (a restart, a failover): the next
// batch is answered 503 and the writer is in a fault until a probe
// reconnects; then it commits again.
void TestPgStoreWriter::aLostConnectionIsAFaultUntilTheProbeReconnects()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgStoreWriter writer;
    QVERIFY(openWriter(writer, pg.url()));
    QVERIFY(submitOne(writer, 1));

    QSqlDatabase admin = pg.open();
    QCOMPARE(scalar(admin, QStringLiteral("SELECT count(*) FILTER (WHERE "
                                          "pg_terminate_backend(pid)) FROM pg_stat_activity "
                                          "WHERE application_name = 'hookscope-receiver' AND "
                                          "datname = current_database()")),
             1);
    QSignalSpy faults(&writer, &EventWriter::faultChanged);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot take writes")));
    QVERIFY(!submitOne(writer, 2));
    QCOMPARE(faults.size(), 1);
    const StoreFault fault = faults.first().at(0).value<StoreFault>();
    QCOMPARE(fault.kind, StoreFault::Kind::Other);
    QVERIFY2(fault.reason.contains(pg.databaseName()), qPrintable(fault.reason));
    QVERIFY(!submitOne(writer, 3)); // still in the fault: 503 at once

    writer.probe();
    QCOMPARE(faults.size(), 2);
    QCOMPARE(faults.last().at(0).value<StoreFault>().kind, StoreFault::Kind::None);
    QVERIFY(submitOne(writer, 4));
    QCOMPARE(scalar(admin, QStringLiteral("SELECT count(*) FROM events")), 2);
    QCOMPARE(scalar(admin, QStringLiteral("SELECT string_agg(sequence_id, ',' ORDER BY id) = "
                                          "'1,4' FROM events")),
             1);
}

// A receiver given a role that may only read: every batch is refused by
// the server, which is the store's fault (read-only), not the records'.
void TestPgStoreWriter::aRoleThatMayOnlyReadIsAReadOnlyFault()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    {
        PgEventStore store; // the tables, made by a role that may write
        QVERIFY(store.open(*StoreLocation::parse(pg.url())));
    }
    const QString url = pg.addReadOnlyRole(QStringLiteral("read-only-pw"));
    QVERIFY(!url.isEmpty());
    QSqlDatabase admin = pg.open();
    {
        PgStoreWriter writer;
        QString error;
        QVERIFY2(openWriter(writer, url, &error), qPrintable(error));
        QSignalSpy faults(&writer, &EventWriter::faultChanged);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("read-only")));
        QVERIFY(!submitOne(writer, 1));
        QCOMPARE(faults.size(), 1);
        const StoreFault fault = faults.first().at(0).value<StoreFault>();
        QCOMPARE(fault.kind, StoreFault::Kind::ReadOnly);
        QVERIFY2(!fault.reason.contains(QLatin1String("read-only-pw")), qPrintable(fault.reason));
    }
    QCOMPARE(scalar(admin, QStringLiteral("SELECT count(*) FROM events")), 0);
}

void TestPgStoreWriter::refusedRowsAreCappedByTheirKeptTotals()
{
    TestPostgres pg;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(pg);
    PgStoreWriter writer;
    RefusalLimits limits;
    limits.maxRows = 5;
    limits.perAddressPerSecond = 1000;
    writer.setRefusalLimits(limits);
    QVERIFY(openWriter(writer, pg.url()));
    QSignalSpy appended(&writer, &EventWriter::appended);
    for (int i = 0; i < 12; ++i) {
        RefusedRecord r;
        r.receivedAtMs = 1764000000000 + i;
        r.status = 401;
        r.reason = QStringLiteral("bad signature %1").arg(i);
        r.peer = QStringLiteral("203.0.113.%1").arg(i);
        r.body = QByteArray(100 + i, 'x');
        writer.submitRefused(r);
        writer.flush();
    }
    QSqlDatabase admin = pg.open();
    QCOMPARE(scalar(admin, QStringLiteral("SELECT count(*) FROM refused")), 5);
    QCOMPARE(scalar(admin, QStringLiteral("SELECT min(status) FROM refused")), 401);
    QCOMPARE(scalar(admin, QStringLiteral("SELECT (SELECT rows FROM refused_totals) = count(*) AND "
                                          "(SELECT bytes FROM refused_totals) = sum(kept_bytes) "
                                          "FROM refused")),
             1);
    // The newest are kept.
    QCOMPARE(scalar(admin, QStringLiteral("SELECT min(received_at) FROM refused")),
             1764000000000 + 7);
    QCOMPARE(appended.last().at(1).toLongLong(), 12);
}

QTEST_GUILESS_MAIN(TestPgStoreWriter)
#include "tst_pgstorewriter.moc"
