#include "store/eventstore.h"
#include "store/storeschema.h"
#include "testsupport_summaries.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

// The summary tables (docs/storage.md) equal a recount over the events after
// random deliveries, retries and conflicts, after a migration from schema 6,
// and after the writer is killed mid-write.
class TestSummaryTables final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void liveMaintenanceEqualsRecount_data();
    void liveMaintenanceEqualsRecount();
    void migrationFromSchema6GivesTheLiveTables();
    void migrationStopsWhenProgressSaysSo();
    void schema6ReaderScansWithoutTables();
    void killedWriterLeavesExactSummaries();

private:
    static QString report(const QList<SummaryCheck::Mismatch> &mismatches)
    {
        QString text;
        for (const SummaryCheck::Mismatch &m : mismatches) {
            text += m.table + QLatin1String(":\n stored:\n  ") +
                    m.stored.join(QLatin1String("\n  ")) + QLatin1String("\n recount:\n  ") +
                    m.recounted.join(QLatin1String("\n  ")) + u'\n';
        }
        return text;
    }
};

void TestSummaryTables::liveMaintenanceEqualsRecount_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("count");
    for (const quint32 seed : {1u, 2u, 3u, 42u, 2026u})
        QTest::addRow("seed %u", seed) << seed << 600;
}

void TestSummaryTables::liveMaintenanceEqualsRecount()
{
    QFETCH(quint32, seed);
    QFETCH(int, count);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("live.db"));
    EventStore store;
    QVERIFY2(store.open(path), qPrintable(store.lastError()));
    RandomDeliveries deliveries(seed);
    QString error;
    // Checked along the way too: a retry's fix-up must hold at every point.
    for (int round = 0; round < 3; ++round) {
        QVERIFY2(SummaryCheck::deliver(store, deliveries, count / 3, &error), qPrintable(error));
        const QList<SummaryCheck::Mismatch> mismatches = SummaryCheck::compareWithRecount(path);
        QVERIFY2(mismatches.isEmpty(), qPrintable(report(mismatches)));
    }
}

void TestSummaryTables::migrationFromSchema6GivesTheLiveTables()
{
    QTemporaryDir dir;
    const QString live = dir.filePath(QStringLiteral("live.db"));
    const QString old = dir.filePath(QStringLiteral("old.db"));
    {
        EventStore store;
        QVERIFY(store.open(live));
        RandomDeliveries deliveries(7);
        QString error;
        QVERIFY2(SummaryCheck::deliver(store, deliveries, 900, &error), qPrintable(error));
    }
    QVERIFY2(SummaryCheck::makeSchema6Copy(live, old), "cannot build the schema-6 copy");
    QCOMPARE(SummaryCheck::rows(old, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE "
                                                    "name LIKE '%summary%'")),
             QStringList{QStringLiteral("0")});

    QList<std::pair<qint64, qint64>> progress;
    QString error;
    QCOMPARE(SummaryCheck::upgradeRecording(old, &progress, &error),
             EventStore::currentSchemaVersion());
    // The summary step's reports come first and count up to its total (the
    // events); the later steps that read rows report their own totals.
    QVERIFY(progress.size() >= 2);
    QCOMPARE(progress.first().first, 0);
    const qint64 events = progress.first().second;
    QCOMPARE(QString::number(events),
             SummaryCheck::rows(old, QStringLiteral("SELECT COUNT(*) FROM events")).value(0));
    QVERIFY(progress.contains(std::make_pair(events, events)));
    for (qsizetype i = 1; i < progress.size(); ++i) {
        if (progress.at(i).second == progress.at(i - 1).second)
            QVERIFY(progress.at(i).first >= progress.at(i - 1).first);
    }

    QCOMPARE(SummaryCheck::dumpSummaries(old), SummaryCheck::dumpSummaries(live));
    const QList<SummaryCheck::Mismatch> mismatches = SummaryCheck::compareWithRecount(old);
    QVERIFY2(mismatches.isEmpty(), qPrintable(report(mismatches)));
}

void TestSummaryTables::migrationStopsWhenProgressSaysSo()
{
    QTemporaryDir dir;
    const QString live = dir.filePath(QStringLiteral("live.db"));
    const QString old = dir.filePath(QStringLiteral("old.db"));
    {
        EventStore store;
        QVERIFY(store.open(live));
        RandomDeliveries deliveries(8);
        QVERIFY(SummaryCheck::deliver(store, deliveries, 50, nullptr));
    }
    QVERIFY2(SummaryCheck::makeSchema6Copy(live, old), "cannot build the schema-6 copy");
    EventStore stopped;
    stopped.setMigrationProgress([](qint64 done, qint64) { return done == 0; });
    QVERIFY(!stopped.open(old));
    // Rolled back as a whole: still schema 6, no summary table.
    QCOMPARE(SummaryCheck::rows(old, QStringLiteral("PRAGMA user_version")),
             QStringList{QString::number(StoreSchema::summaryTablesVersion() - 1)});
    QCOMPARE(SummaryCheck::rows(old, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE "
                                                    "name LIKE '%summary%'")),
             QStringList{QStringLiteral("0")});
}

void TestSummaryTables::schema6ReaderScansWithoutTables()
{
    QTemporaryDir dir;
    const QString live = dir.filePath(QStringLiteral("live.db"));
    const QString old = dir.filePath(QStringLiteral("old.db"));
    {
        EventStore store;
        QVERIFY(store.open(live));
        RandomDeliveries deliveries(9);
        QVERIFY(SummaryCheck::deliver(store, deliveries, 300, nullptr));
    }
    QVERIFY2(SummaryCheck::makeSchema6Copy(live, old), "cannot build the schema-6 copy");
    EventStore reader;
    QVERIFY2(reader.openReadOnly(old), qPrintable(reader.lastError()));
    QCOMPARE(reader.schemaVersion(), StoreSchema::summaryTablesVersion() - 1);
    QVERIFY(!reader.hasSummaries());
    QVERIFY(!reader.customerSummaries(reader.maxEventId()).has_value());
    QVERIFY(!reader.inboxSummaries(reader.maxEventId(), 0, -1).has_value());
    EventStore current;
    QVERIFY(current.openReadOnly(live));
    QVERIFY(current.hasSummaries());
    const auto tallies = [](EventStore &store) {
        QStringList out;
        for (const EventStore::MessageTally &t : store.messageTallyByChannel(0, 1 << 30))
            out.append(
                QStringLiteral("%1:%2:%3").arg(t.channel).arg(t.count).arg(t.lastReceivedAtMs));
        out.sort();
        return out;
    };
    QCOMPARE(tallies(reader), tallies(current));
    QVERIFY(!tallies(reader).isEmpty());
}

// kill -9 while a child process writes: the reopened store's summaries
// equal the recount and its change rows the replay (they commit with the
// events or not at all).
void TestSummaryTables::killedWriterLeavesExactSummaries()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("killed.db"));
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--summary-writer"), path});
    QVERIFY(child.waitForStarted());
    QVERIFY(child.waitForReadyRead(30000)); // the first commit is done
    const auto stored = [&path]() {
        return SummaryCheck::rows(path, QStringLiteral("SELECT COUNT(*) FROM events"))
            .value(0)
            .toLongLong();
    };
    QTRY_VERIFY_WITH_TIMEOUT(stored() >= 1500, 60000);
    child.kill(); // SIGKILL, mid-write
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    EventStore reopened;
    QVERIFY2(reopened.open(path), qPrintable(reopened.lastError()));
    QList<SummaryCheck::Mismatch> mismatches = SummaryCheck::compareWithRecount(path);
    QVERIFY2(mismatches.isEmpty(), qPrintable(report(mismatches)));
    // The change rows (docs/storage.md) commit with the events too.
    QStringList changeRows = SummaryCheck::compareChangeRows(path);
    QVERIFY2(changeRows.isEmpty(), qPrintable(changeRows.mid(0, 10).join(u'\n')));
    // And the writer carries on from there.
    RandomDeliveries more(99);
    QVERIFY(SummaryCheck::deliver(reopened, more, 200, nullptr));
    mismatches = SummaryCheck::compareWithRecount(path);
    QVERIFY2(mismatches.isEmpty(), qPrintable(report(mismatches)));
    changeRows = SummaryCheck::compareChangeRows(path);
    QVERIFY2(changeRows.isEmpty(), qPrintable(changeRows.mid(0, 10).join(u'\n')));
}

// The child of killedWriterLeavesExactSummaries: writes until killed.
static int writeUntilKilled(const QString &path)
{
    EventStore store;
    if (!store.open(path))
        return 2;
    RandomDeliveries deliveries(1234);
    for (int round = 0;; ++round) {
        if (!SummaryCheck::deliver(store, deliveries, 16, nullptr))
            return 3;
        if (round == 0) {
            std::fputs("ready\n", stdout);
            std::fflush(stdout);
        }
    }
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--summary-writer") == 0)
        return writeUntilKilled(QString::fromLocal8Bit(argv[2]));
    TestSummaryTables test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_summarytables.moc"
