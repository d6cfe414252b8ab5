#include "export/eventexporter.h"
#include "filter/filterexpression.h"
#include "records/exportrow.h"
#include "records/forwardrecord.h"
#include "store/eventstore.h"
#include "store/exportrowreader.h"
#include "testsupport_store.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <QTest>

namespace {

using Format = EventExporter::Format;

// Text that is awkward somewhere between SQLite, UTF-16 and CSV.
QStringList awkwardTexts()
{
    return {
        QStringLiteral("价格是多少？"),
        QStringLiteral("emoji 😀👍🏽 flag 🇨🇳"),
        QStringLiteral("line one\nline two\r\nline three"),
        QStringLiteral("comma, \"quoted\" text"),
        QStringLiteral("=SUM(A1:A9)"),
        QStringLiteral("+86 138 0000 0000"),
        QStringLiteral("-2"),
        QStringLiteral("@here"),
        QStringLiteral("\ttab first"),
        QStringLiteral("\rcarriage return first"),
        QString(), // missing
        QString(QChar(0xD83D)) + QStringLiteral(" lone high surrogate first"),
        QStringLiteral("lone low surrogate ") + QChar(0xDC00) + QStringLiteral(" inside"),
        QStringLiteral("lone high surrogate last ") + QChar(0xD83D),
        QStringLiteral("non-characters \uFFFE and \uFFFF"),
        QString(QChar(0)) + QStringLiteral(" NUL first"),
    };
}

QByteArray payloadFor(const QString &text, int n)
{
    switch (n % 4) {
    case 0:
        return QJsonDocument(QJsonObject{{QStringLiteral("msg"), text}}).toJson();
    case 1:
        return text.toUtf8(); // not JSON
    case 2:
        return "{\"msg\":\"\xff\xfe\"}"; // not UTF-8
    default:
        return {};
    }
}

// Every field of the export varies: present, missing or awkward.
QList<EventRecord> awkwardRecords()
{
    const QStringList texts = awkwardTexts();
    QList<EventRecord> records;
    for (int n = 0; n < texts.size(); ++n) {
        const QString &text = texts.at(n);
        EventRecord r;
        r.receivedAtMs = 1795537097123 + n * 1001;
        r.lastReceivedAtMs = r.receivedAtMs;
        r.event = n % 3 == 0 ? QStringLiteral("message") : text;
        r.channel = QList<int>{-1, 7, 99, 1}.at(n % 4);
        r.channelName = n % 5 == 0 ? text : QString();
        r.chatUserId = text;
        r.chatSessionId = n % 2 == 0 ? text : QString();
        r.sequenceId = QString::number(n);
        r.msgType = n % 2 == 1 ? text : QStringLiteral("text");
        r.senderType = senderTypeFromCode(n % 3);
        r.msg = text;
        r.name = text;
        r.phone = n % 2 == 0 ? text : QString();
        r.email = text;
        r.verification = static_cast<Verification>(n % 6);
        r.dedupeKey = QStringLiteral("t:%1").arg(n);
        r.payload = payloadFor(text, n);
        r.sendTimeMs = QList<qint64>{0, 1795537096005, -1, 253402300800000}.at(n % 4);
        r.sysUserId = QList<qint64>{0, 10086, -1, 9007199254740993}.at(n % 4);
        r.sender = n % 3 == 1 ? text : QString();
        r.quoteChat = n % 2 == 0 ? text : QString();
        r.test = n % 2 == 1;
        records.append(r);
    }
    records.append(records.at(1)); // a retry: deliveries 2
    return records;
}

// One scan of the store through the exporter: EventRecords read through QtSql
// (forEachEvent), or ExportRows read straight from SQLite (forEachExportRow).
QByteArray exported(EventStore &store, Format format, bool exportRows, const QString &where = {},
                    const QVariantList &binds = {})
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    EventExporter exporter(format, &buffer);
    const bool ok =
        exportRows
            ? store.forEachExportRow(where, binds,
                                     [&exporter](const ExportRow &r) { return exporter.write(r); })
            : store.forEachEvent(where, binds,
                                 [&exporter](const EventRecord &r) { return exporter.write(r); });
    if (!ok || !exporter.finish())
        return "export failed: " + store.lastError().toUtf8();
    return buffer.data();
}

} // namespace

class TestExportRowReader final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void sameFileAsRecords_data();
    void sameFileAsRecords();
    void sameFileForCellsOtherProgramsWrite_data();
    void sameFileForCellsOtherProgramsWrite();
    void bindsAsQtSql_data();
    void bindsAsQtSql();
    void stopsEarly();
    void errorsAreReported();
    void readsDirectlyOnlyWhenQtRunsTheLinkedSqlite();
    void schema5FileReadsAsNoTests();
    void forwardColumnSummarisesTheQueue();
    void forwardColumnFollowsAnyRowOrder();

private:
    std::unique_ptr<TestStore> m_store;
};

void TestExportRowReader::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isOpen());
    QVERIFY(m_store->write(awkwardRecords()) > 0);
}

void TestExportRowReader::cleanup()
{
    m_store.reset();
}

void TestExportRowReader::sameFileAsRecords_data()
{
    QTest::addColumn<Format>("format");
    QTest::newRow("CSV") << Format::Csv;
    QTest::newRow("JSON Lines") << Format::JsonLines;
}

void TestExportRowReader::sameFileAsRecords()
{
    QFETCH(Format, format);
    EventStore &store = m_store->writer();
    const QByteArray fromRecords = exported(store, format, false);
    QVERIFY(!fromRecords.startsWith("export failed"));
    if (format == Format::JsonLines)
        QCOMPARE(fromRecords.count('\n'), awkwardTexts().size());
    QCOMPARE(exported(store, format, true), fromRecords);
}

void TestExportRowReader::sameFileForCellsOtherProgramsWrite_data()
{
    QTest::addColumn<QStringList>("statements");
    const auto row = [](const char *name, const QString &set) {
        QTest::newRow(name) << QStringList{QStringLiteral("UPDATE events SET ") + set +
                                           QStringLiteral(" WHERE id IN (1, 2, 5)")};
    };
    row("invalid UTF-8 text",
        QStringLiteral("msg = CAST(X'61FF62C3' AS TEXT), name = CAST(X'EDA080' AS TEXT),"
                       " event = CAST(X'C0AF' AS TEXT)"));
    row("non-characters as UTF-8", QStringLiteral("phone = CAST(X'EFBFBE41EFBFBF' AS TEXT)"));
    row("blobs in text columns",
        QStringLiteral("email = X'E4BDA0E5A5BD', chat_user_id = X'FF00FE'"));
    row("verification words",
        QStringLiteral("verification = CASE id WHEN 1 THEN 'VERIFIED' WHEN 2 THEN 'bogus'"
                       " ELSE 'un' || char(383) || 'igned' END"));
    row("odd numbers", QStringLiteral("channel = NULL, sender_type = 5, deliveries = 2.5"));
    row("text in number columns",
        QStringLiteral("channel = 'abc', sender_type = '2', received_at = '12abc'"));
    row("payload as text", QStringLiteral("payload = CASE id WHEN 1 THEN 'plain'"
                                          " WHEN 2 THEN CAST(X'7BFF7D' AS TEXT) ELSE 42 END"));
    row("empty text", QStringLiteral("event = '', msg = '', channel_name = ''"));
    row("issue 11 columns, odd cells",
        QStringLiteral("send_time = CASE id WHEN 1 THEN '12abc' WHEN 2 THEN 1.5 ELSE -5 END,"
                       " sys_user_id = CASE id WHEN 1 THEN 'x' ELSE 2.5 END,"
                       " sender = X'FF00FE', quote_chat = CAST(X'EFBFBE' AS TEXT),"
                       " test = CASE id WHEN 1 THEN 'yes' WHEN 2 THEN 7 ELSE 0 END"));
}

void TestExportRowReader::sameFileForCellsOtherProgramsWrite()
{
    QFETCH(QStringList, statements);
    rawExec(m_store->path(), statements);
    EventStore &store = m_store->writer();
    for (const Format format : {Format::Csv, Format::JsonLines}) {
        const QByteArray fromRecords = exported(store, format, false);
        QVERIFY(!fromRecords.startsWith("export failed"));
        QCOMPARE(exported(store, format, true), fromRecords);
    }
}

void TestExportRowReader::bindsAsQtSql_data()
{
    QTest::addColumn<QString>("where");
    QTest::addColumn<QVariantList>("binds");
    const auto row = [](const char *name, const char *where, const QVariantList &binds) {
        QTest::newRow(name) << QString::fromLatin1(where) << binds;
    };
    row("text", "chat_user_id = ?", {QStringLiteral("价格是多少？")});
    row("null text is NULL", "event IS ?", {QString()});
    row("empty text", "chat_session_id = ?", {QStringLiteral("")});
    row("int", "channel = ?", {7});
    row("qint64", "channel = ?", {qint64(99)});
    row("double", "channel = ?", {1.0});
    row("bool", "sender_type = ?", {true});
    row("unsigned", "channel = ?", {7u});
    row("unsigned 64", "channel = ?", {quint64(7)});
    row("bytes", "payload = ?", {QByteArray("+86 138 0000 0000")});
    row("null bytes is NULL", "payload IS NOT ?", {QByteArray()});
    const FilterExpression::Sql filter =
        FilterExpression::parse(QStringLiteral("channel:7 OR \"价格\" -verified:yes")).toSql();
    QTest::newRow("filter expression") << filter.where << filter.binds;
}

void TestExportRowReader::bindsAsQtSql()
{
    QFETCH(QString, where);
    QFETCH(QVariantList, binds);
    EventStore &store = m_store->writer();
    const QByteArray fromRecords = exported(store, Format::Csv, false, where, binds);
    QVERIFY(!fromRecords.startsWith("export failed"));
    QCOMPARE(exported(store, Format::Csv, true, where, binds), fromRecords);
}

void TestExportRowReader::stopsEarly()
{
    EventStore &store = m_store->writer();
    QList<qint64> ids;
    QVERIFY(store.forEachExportRow({}, {}, [&ids](const ExportRow &r) {
        ids.append(r.id);
        return ids.size() < 3;
    }));
    QCOMPARE(ids, (QList<qint64>{1, 2, 3}));
    // The stopped scan released its statement: writing still works.
    EventRecord r = awkwardRecords().first();
    r.dedupeKey = QStringLiteral("after the scan");
    QVERIFY(store.append(r));
}

void TestExportRowReader::errorsAreReported()
{
    EventStore &store = m_store->writer();
    const auto scan = [&store](const QString &where, const QVariantList &binds = {}) {
        return store.forEachExportRow(where, binds, [](const ExportRow &) { return true; });
    };
    QVERIFY(!scan(QStringLiteral("no_such_column = 1")));
    QVERIFY2(store.lastError().contains(QLatin1String("no_such_column")),
             qPrintable(store.lastError()));
    QVERIFY(!scan(QStringLiteral("((")));
    QVERIFY(!scan(QStringLiteral("id = ?"))); // a bind is missing
    QVERIFY(!scan(QStringLiteral("id > 0"), {1}));
    // Like QtSql, never a second statement.
    QVERIFY(!scan(QStringLiteral("1); DELETE FROM events; SELECT (1")));
    QVERIFY2(store.lastError().contains(QLatin1String("multiple statements")),
             qPrintable(store.lastError()));
    QCOMPARE(store.eventCount(), awkwardTexts().size());

    EventStore closed;
    QVERIFY(!closed.forEachExportRow({}, {}, [](const ExportRow &) { return true; }));
    QVERIFY(closed.lastError().contains(QLatin1String("not open")));
}

// The fast path is taken here (Debian's Qt plugin and this code share
// libsqlite3), so the comparisons above test it; a connection that is not
// SQLite's, or not open, is refused, and the export then reads through QtSql.
void TestExportRowReader::readsDirectlyOnlyWhenQtRunsTheLinkedSqlite()
{
    const QString name = QStringLiteral("direct");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_store->path());
        QVERIFY(db.open());
        QVERIFY(ExportRowReader(db, EventStore::currentSchemaVersion()).isUsable());
        db.close();
        QVERIFY(!ExportRowReader(db, EventStore::currentSchemaVersion()).isUsable());
    }
    QSqlDatabase::removeDatabase(name);
    QVERIFY(!ExportRowReader(QSqlDatabase(), EventStore::currentSchemaVersion()).isUsable());
}

// A file of schema 5 (no events.test) opened read-only, as `hookscope-cli
// export` opens it: both paths read every row as "not a test", same bytes.
void TestExportRowReader::schema5FileReadsAsNoTests()
{
    const QString path = m_store->path();
    m_store->writer().close();
    rawExec(path, {QStringLiteral("DROP TABLE forwards"),
                   QStringLiteral("DROP INDEX events_view_time"), // schema 11, on test
                   QStringLiteral("ALTER TABLE events DROP COLUMN test"),
                   QStringLiteral("ALTER TABLE deliveries DROP COLUMN peer"),
                   QStringLiteral("ALTER TABLE deliveries DROP COLUMN headers"),
                   QStringLiteral("PRAGMA user_version = 5")});
    EventStore store;
    QVERIFY2(store.openReadOnly(path), qPrintable(store.lastError()));
    QCOMPARE(store.schemaVersion(), 5);
    for (const Format format : {Format::Csv, Format::JsonLines}) {
        const QByteArray fromRecords = exported(store, format, false);
        QVERIFY2(!fromRecords.startsWith("export failed"), fromRecords.constData());
        QCOMPARE(exported(store, format, true), fromRecords);
        QVERIFY(!fromRecords.contains(format == Format::Csv ? ",yes,,no,no\r\n" : "\"test\":true"));
    }
}

// Issue 11: the `forward` column says, per target in queue order, where the
// event's forwarding stands: "forwarded 200", "pending 503", "given-up 404",
// plain "pending" before the first attempt; empty when never queued.
void TestExportRowReader::forwardColumnSummarisesTheQueue()
{
    EventStore &store = m_store->writer();
    const qint64 event = 2;
    QCOMPARE(store.enqueueForwards(event,
                                   {QStringLiteral("http://a.example/in"),
                                    QStringLiteral("http://b.example/in"),
                                    QStringLiteral("http://c.example/in")},
                                   1000),
             3);
    const QList<ForwardRecord> rows = store.forwards(event);
    QCOMPARE(rows.size(), 3);
    QVERIFY(store.recordForwardAttempt(rows.at(0).id, ForwardState::Pending, 1000, 2000, 503,
                                       QStringLiteral("busy")));
    QVERIFY(store.recordForwardAttempt(rows.at(0).id, ForwardState::Forwarded, 2000, 0, 200,
                                       QStringLiteral("ok")));
    QVERIFY(store.recordForwardAttempt(rows.at(1).id, ForwardState::GivenUp, 1000, 0, 404,
                                       QStringLiteral("no")));
    QCOMPARE(store.forwardSummary(event), QStringLiteral("forwarded 200; given-up 404; pending"));

    const QString where = QStringLiteral("id IN (1, 2)");
    const QByteArray csv = exported(store, Format::Csv, true, where);
    // Row 1 (not a test, never queued) and row 2 (a test, three targets);
    // their text cells hold line breaks, so look for the rows' ends.
    QVERIFY2(csv.contains(",no,,no,no\r\n"), csv.constData());
    QVERIFY2(csv.endsWith(",yes,forwarded 200; given-up 404; pending,no,no\r\n"), csv.constData());
    QCOMPARE(csv.count("forwarded 200"), 1);

    const QList<QByteArray> jsonl = exported(store, Format::JsonLines, true, where).split('\n');
    QCOMPARE(QJsonDocument::fromJson(jsonl.at(0)).object().value(QLatin1String("forward")),
             QJsonValue(QString()));
    QCOMPARE(QJsonDocument::fromJson(jsonl.at(1)).object().value(QLatin1String("forward")),
             QJsonValue(QStringLiteral("forwarded 200; given-up 404; pending")));
}

// The reader walks the forwards rows beside the events (a merge in id
// order); events skipped by the filter, events without rows and a scan in
// another order still get their own rows, and only theirs.
void TestExportRowReader::forwardColumnFollowsAnyRowOrder()
{
    EventStore &store = m_store->writer();
    const QString a = QStringLiteral("http://a.example/in");
    const QString b = QStringLiteral("http://b.example/in");
    QCOMPARE(store.enqueueForwards(1, {a}, 1000), 1);
    QCOMPARE(store.enqueueForwards(3, {a, b}, 1000), 2);
    QCOMPARE(store.enqueueForwards(6, {b}, 1000), 1);
    const qint64 row3b = store.forwards(3).at(1).id;
    QVERIFY(store.recordForwardAttempt(row3b, ForwardState::Pending, 1000, 2000, 503,
                                       QStringLiteral("busy")));
    const QHash<qint64, QByteArray> expected{{1, "pending"}, {2, ""}, {3, "pending; pending 503"},
                                             {4, ""},        {5, ""}, {6, "pending"}};

    const QString name = QStringLiteral("order");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_store->path());
        QVERIFY(db.open());
        for (const char *tail : {" WHERE id <= 6 ORDER BY id", " WHERE id IN (3, 6) ORDER BY id",
                                 " WHERE id <= 6 ORDER BY id DESC", " WHERE id = 2"}) {
            ExportRowReader reader(db, EventStore::currentSchemaVersion());
            QVERIFY(reader.prepare(QString::fromLatin1(tail), {}));
            int rows = 0;
            while (reader.next()) {
                ++rows;
                QCOMPARE(reader.row().forward.toByteArray(), expected.value(reader.row().id));
                QCOMPARE(QString::fromUtf8(reader.row().forward),
                         store.forwardSummary(reader.row().id));
            }
            QVERIFY2(reader.errorText().isEmpty(), qPrintable(reader.errorText()));
            QVERIFY2(rows > 0, tail);
        }
    }
    QSqlDatabase::removeDatabase(name);
}

QTEST_GUILESS_MAIN(TestExportRowReader)
#include "tst_exportrowreader.moc"
