#include "export/changeexporter.h"
#include "export/eventexporter.h"
#include "export/exportjob.h"
#include "filter/filterexpression.h"
#include "protocol/eventparser.h"
#include "records/channelcatalog.h"
#include "records/customertimeline.h"
#include "records/fieldchange.h"
#include "store/eventstore.h"

#include "csvreader.h"
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <QTest>

#include <optional>

namespace {

constexpr qint64 kBaseMs = 1795537097123; // 2026-11-24T16:18:17.123Z

QString guarded(const QString &text)
{
    static const QString starts = QStringLiteral("=+-@\t\r");
    if (!text.isEmpty() && starts.contains(text.front()))
        return QLatin1Char('\'') + text;
    return text;
}

// What a CSV reader must get back for one event: DESIGN.md's columns.
QStringList expectedRow(const EventRecord &r)
{
    const QString channelName =
        !r.channelName.isEmpty() || r.channel < 0 ? r.channelName : ChannelCatalog::name(r.channel);
    return {QString::number(r.id),
            EventExporter::isoTime(r.receivedAtMs),
            guarded(r.event),
            r.channel >= 0 ? QString::number(r.channel) : QString(),
            guarded(channelName),
            guarded(r.chatUserId),
            guarded(r.chatSessionId),
            guarded(r.sequenceId),
            guarded(r.msgType),
            r.senderType == SenderType::Unknown ? QString()
                                                : QString::number(static_cast<int>(r.senderType)),
            guarded(r.msg),
            guarded(r.name),
            guarded(r.phone),
            guarded(r.email),
            verificationWord(r.verification),
            QString::number(r.deliveries),
            guarded(QString::fromUtf8(r.payload)),
            r.sendTimeMs == 0 ? QString() : EventExporter::isoTime(r.sendTimeMs),
            QString::number(r.sysUserId),
            guarded(r.sender),
            guarded(r.quoteChat),
            r.test ? QStringLiteral("yes") : QStringLiteral("no"),
            QString(), // forward: nothing queued in these tests
            r.stale ? QStringLiteral("yes") : QStringLiteral("no"),
            r.conflict ? QStringLiteral("yes") : QStringLiteral("no")};
}

EventRecord parsed(const QByteArray &body, qint64 n)
{
    const EventParser::Result result = EventParser::parse(body);
    if (!result.ok)
        qFatal("test body does not parse: %s", body.constData());
    EventRecord record = result.record;
    record.receivedAtMs = kBaseMs + n * 1000;
    record.lastReceivedAtMs = record.receivedAtMs;
    record.payload = body;
    record.verification = n % 3 == 0 ? Verification::Verified : Verification::Unsigned;
    record.stale = n % 5 == 0; // through the store's export scan to the stale column
    record.test = n % 7 == 3;  // and to the test column
    return record;
}

QByteArray messageBody(qint64 n, const QString &user, int channel, const QString &type,
                       const QString &msg)
{
    const QJsonObject data{
        {QStringLiteral("msg_type"), type},
        {QStringLiteral("chat_user_id"), user},
        {QStringLiteral("sequence_id"), QString::number(1000000 + n)},
        {QStringLiteral("msg"), msg},
        {QStringLiteral("chat_session_id"), QString(QStringLiteral("s-") + user)},
        {QStringLiteral("channel"), channel},
        {QStringLiteral("sender_type"), QStringLiteral("1")},
        {QStringLiteral("sender"), user},
    };
    const QJsonObject root{{QStringLiteral("event"), QStringLiteral("message")},
                           {QStringLiteral("data"), data}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QByteArray customerBody(const char *event, const QString &user, const QString &name,
                        const QString &email)
{
    const QJsonObject data{
        {QStringLiteral("chat_user_id"), user},
        {QStringLiteral("name"), name},
        {QStringLiteral("email"), email},
        {QStringLiteral("channel"), 7},
        {QStringLiteral("labels"), QStringLiteral("[]")},
    };
    const QJsonObject root{{QStringLiteral("event"), QString::fromLatin1(event)},
                           {QStringLiteral("data"), data}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

// Messages whose text exercises every quoting rule, spread over two channels
// and three customers, plus add_user / update_user events.
QList<QByteArray> sampleBodies()
{
    const QStringList texts{
        QStringLiteral("hello"),         QStringLiteral("comma, \"quote\" and\r\nline break"),
        QStringLiteral("=SUM(A1:A2)"),   QStringLiteral("+33 6 12"),
        QStringLiteral("-minus"),        QStringLiteral("@mention"),
        QStringLiteral("\ttab first"),   QStringLiteral("退款 请求 😀"),
        QStringLiteral("refund please"), QString(),
    };
    QList<QByteArray> bodies;
    for (int i = 0; i < 30; ++i) {
        const QString user = QStringLiteral("cu%1").arg(i % 3);
        bodies.append(messageBody(i, user, i % 2 == 0 ? 7 : 6,
                                  i % 5 == 0 ? QStringLiteral("image") : QStringLiteral("text"),
                                  texts.at(i % texts.size())));
        if (i == 4)
            bodies.append(customerBody("add_user", QStringLiteral("cu1"), QStringLiteral("Ann"),
                                       QStringLiteral("ann@example.com")));
        if (i == 9)
            bodies.append(customerBody("add_user", QStringLiteral("cu2"), QStringLiteral("Bob"),
                                       QStringLiteral("bob@example.com")));
        if (i == 20)
            bodies.append(customerBody("update_user", QStringLiteral("cu1"),
                                       QStringLiteral("Ann \"VIP\""),
                                       QStringLiteral("=ann@example.com")));
        if (i == 25)
            bodies.append(customerBody("update_user", QStringLiteral("cu2"), QStringLiteral("Bob"),
                                       QStringLiteral("bob@example.org")));
    }
    return bodies;
}

struct RunResult {
    ExportJob::Status status = ExportJob::Status::Failed;
    qint64 rows = -1;
    QString message;
    int progressSignals = 0;
};

} // namespace

class TestExportJob final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void csvRoundTrip_data();
    void csvRoundTrip();
    void filterSelectsRows();
    void jsonLinesOneLinePerEvent();
    void customerChanges();
    void customerChangesOfFilteredEvents();
    void windowExportLeavesTestsOutUnlessAsked_data();
    void windowExportLeavesTestsOutUnlessAsked();
    void dataModeHasNoFormulaGuard();
    void cancelBeforeStartWritesNothing();
    void cancelMidwayLeavesNoFile();
    void cancelBeforeFirstRowLeavesNoFile();
    void missingStoreFails();
    void unwritableFolderFails();
    void failedExportKeepsPreviousFile();
    void progressIsThrottledAndEndsAtTotal();

private:
    void fillStore(const QList<QByteArray> &bodies);
    ExportJob::Options options(const QString &fileName) const;
    RunResult run(ExportJob &job);
    QStringList folderEntries() const;
    QList<EventRecord> allEvents();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_storePath;
    QString m_outDir;
};

void TestExportJob::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_storePath = m_dir->filePath(QStringLiteral("events.sqlite"));
    m_outDir = m_dir->filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(m_outDir));
    fillStore(sampleBodies());
}

void TestExportJob::cleanup()
{
    m_dir.reset();
}

void TestExportJob::fillStore(const QList<QByteArray> &bodies)
{
    EventStore store;
    QString error;
    QVERIFY2(store.open(m_storePath, &error), qPrintable(error));
    QVERIFY(store.beginTransaction());
    qint64 n = store.maxEventId();
    for (const QByteArray &body : bodies)
        QVERIFY(store.append(parsed(body, ++n)).has_value());
    QVERIFY(store.commit());
}

ExportJob::Options TestExportJob::options(const QString &fileName) const
{
    ExportJob::Options o;
    o.storePath = m_storePath;
    o.outputPath = QDir(m_outDir).filePath(fileName);
    return o;
}

RunResult TestExportJob::run(ExportJob &job)
{
    RunResult result;
    QObject context;
    QObject::connect(&job, &ExportJob::progress, &context,
                     [&result](qint64, qint64) { ++result.progressSignals; });
    QObject::connect(&job, &ExportJob::finished, &context,
                     [&result](ExportJob::Status status, qint64 rows, const QString &message) {
                         result.status = status;
                         result.rows = rows;
                         result.message = message;
                     });
    job.run();
    return result;
}

QStringList TestExportJob::folderEntries() const
{
    return QDir(m_outDir).entryList(QDir::Files | QDir::Hidden | QDir::System);
}

QList<EventRecord> TestExportJob::allEvents()
{
    EventStore store;
    if (!store.openReadOnly(m_storePath))
        return {};
    return store.eventsAfter(0, -1);
}

void TestExportJob::csvRoundTrip_data()
{
    QTest::addColumn<bool>("bom");
    QTest::newRow("plain") << false;
    QTest::newRow("with BOM") << true;
}

void TestExportJob::csvRoundTrip()
{
    QFETCH(bool, bom);
    ExportJob::Options o = options(QStringLiteral("events.csv"));
    o.bom = bom;
    ExportJob job(o);
    const RunResult result = run(job);
    QCOMPARE(result.status, ExportJob::Status::Succeeded);
    QVERIFY(result.message.isEmpty());

    const QList<EventRecord> events = allEvents();
    QCOMPARE(events.size(), 34);
    QCOMPARE(result.rows, events.size());

    QFile file(o.outputPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray bytes = file.readAll();
    QCOMPARE(bytes.startsWith("\xEF\xBB\xBF"), bom);
    if (bom)
        bytes.remove(0, 3);
    const std::optional<QList<QStringList>> rows = parseCsv(QString::fromUtf8(bytes));
    QVERIFY(rows.has_value());
    QCOMPARE(rows->size(), events.size() + 1);
    QCOMPARE(rows->first(), EventExporter::columns());
    for (int i = 0; i < events.size(); ++i)
        QCOMPARE(rows->at(i + 1), expectedRow(events.at(i)));
    QCOMPARE(folderEntries(), QStringList{QStringLiteral("events.csv")});
}

void TestExportJob::filterSelectsRows()
{
    ExportJob::Options o = options(QStringLiteral("filtered.csv"));
    o.filter = FilterExpression::parse(QStringLiteral("channel:7 user:cu1 -type:image"));
    QVERIFY(o.filter.isValid());
    ExportJob job(o);
    const RunResult result = run(job);
    QCOMPARE(result.status, ExportJob::Status::Succeeded);

    QList<EventRecord> expected;
    for (const EventRecord &e : allEvents()) {
        if (o.filter.matches(e))
            expected.append(e);
    }
    QVERIFY(!expected.isEmpty());
    QCOMPARE(result.rows, expected.size());

    QFile file(o.outputPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const std::optional<QList<QStringList>> rows = parseCsv(QString::fromUtf8(file.readAll()));
    QVERIFY(rows.has_value());
    QCOMPARE(rows->size(), expected.size() + 1);
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(rows->at(i + 1), expectedRow(expected.at(i)));
}

void TestExportJob::jsonLinesOneLinePerEvent()
{
    ExportJob::Options o = options(QStringLiteral("events.jsonl"));
    o.format = ExportJob::Format::JsonLines;
    o.bom = true; // ignored for JSON Lines
    o.filter = FilterExpression::parse(QStringLiteral("channel:6"));
    ExportJob job(o);
    const RunResult result = run(job);
    QCOMPARE(result.status, ExportJob::Status::Succeeded);
    QCOMPARE(result.rows, 15);

    QFile file(o.outputPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(!bytes.startsWith("\xEF\xBB\xBF"));
    QVERIFY(bytes.endsWith('\n'));
    const QList<QByteArray> lines = bytes.trimmed().split('\n');
    QCOMPARE(lines.size(), 15);
    for (const QByteArray &line : lines) {
        QJsonParseError error;
        const QJsonObject o2 = QJsonDocument::fromJson(line, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o2.value(QLatin1String("channel")).toInt(), 6);
        QVERIFY(o2.value(QLatin1String("payload")).isObject());
    }
}

void TestExportJob::customerChanges()
{
    ExportJob::Options o = options(QStringLiteral("changes.csv"));
    o.kind = ExportJob::Kind::CustomerChanges;
    ExportJob job(o);
    const RunResult result = run(job);
    QCOMPARE(result.status, ExportJob::Status::Succeeded);

    QList<EventRecord> customerEvents;
    for (const EventRecord &e : allEvents()) {
        if (e.kind == EventKind::AddUser || e.kind == EventKind::UpdateUser)
            customerEvents.append(e);
    }
    QCOMPARE(customerEvents.size(), 4);
    const QList<FieldChange> expected = CustomerTimeline::buildAll(customerEvents);
    QVERIFY(expected.size() >= 4);
    QCOMPARE(result.rows, expected.size());

    QFile file(o.outputPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const std::optional<QList<QStringList>> rows = parseCsv(QString::fromUtf8(file.readAll()));
    QVERIFY(rows.has_value());
    QCOMPARE(rows->size(), expected.size() + 1);
    QCOMPARE(rows->first(), ChangeExporter::columns());
    for (int i = 0; i < expected.size(); ++i) {
        const FieldChange &c = expected.at(i);
        const QStringList row{EventExporter::isoTime(c.timeMs),
                              guarded(c.chatUserId),
                              guarded(c.name),
                              guarded(c.field),
                              guarded(c.oldValue),
                              guarded(c.newValue),
                              QString::number(c.eventId)};
        QCOMPARE(rows->at(i + 1), row);
    }
    // The formula guard applies to change values too.
    bool sawGuardedEmail = false;
    for (const QStringList &row : *rows)
        sawGuardedEmail = sawGuardedEmail || row.value(5) == QLatin1String("'=ann@example.com");
    QVERIFY(sawGuardedEmail);
}

void TestExportJob::customerChangesOfFilteredEvents()
{
    // Only cu1's changes, yet computed from the whole history: the update's
    // old values are those of the add_user event.
    ExportJob::Options o = options(QStringLiteral("changes.jsonl"));
    o.kind = ExportJob::Kind::CustomerChanges;
    o.format = ExportJob::Format::JsonLines;
    o.filter = FilterExpression::parse(QStringLiteral("user:cu1 event:update_user"));
    ExportJob job(o);
    const RunResult result = run(job);
    QCOMPARE(result.status, ExportJob::Status::Succeeded);
    QVERIFY(result.rows >= 2);

    QFile file(o.outputPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), result.rows);
    bool sawName = false;
    for (const QByteArray &line : lines) {
        const QJsonObject row = QJsonDocument::fromJson(line).object();
        QCOMPARE(row.value(QLatin1String("chat_user_id")).toString(), QStringLiteral("cu1"));
        if (row.value(QLatin1String("field")).toString() == QLatin1String("name")) {
            QCOMPARE(row.value(QLatin1String("old")).toString(), QStringLiteral("Ann"));
            QCOMPARE(row.value(QLatin1String("new")).toString(), QStringLiteral("Ann \"VIP\""));
            sawName = true;
        }
    }
    QVERIFY(sawName);
}

void TestExportJob::windowExportLeavesTestsOutUnlessAsked_data()
{
    QTest::addColumn<QString>("filter");
    QTest::newRow("everything") << QString();
    QTest::newRow("a filter") << QStringLiteral("channel:7");
    QTest::newRow("test:yes") << QStringLiteral("test:yes");
}

// hideTestsUnlessAsked (the window's export): the rows of the window's view.
void TestExportJob::windowExportLeavesTestsOutUnlessAsked()
{
    QFETCH(QString, filter);
    ExportJob::Options o = options(QStringLiteral("view.csv"));
    o.filter = FilterExpression::parse(filter);
    o.hideTestsUnlessAsked = true;
    ExportJob job(o);
    const RunResult result = run(job);
    QCOMPARE(result.status, ExportJob::Status::Succeeded);
    QList<EventRecord> expected;
    int tests = 0;
    for (const EventRecord &e : allEvents()) {
        if (o.filter.matchesInView(e)) {
            expected.append(e);
            tests += e.test ? 1 : 0;
        }
    }
    QVERIFY(!expected.isEmpty());
    QCOMPARE(tests > 0, o.filter.mentionsTest());
    QCOMPARE(result.rows, expected.size());
    QFile file(o.outputPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const std::optional<QList<QStringList>> rows = parseCsv(QString::fromUtf8(file.readAll()));
    QVERIFY(rows.has_value());
    QCOMPARE(rows->size(), expected.size() + 1);
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(rows->at(i + 1), expectedRow(expected.at(i)));

    // The customer changes of the view: those of customer events not tests.
    ExportJob::Options c = options(QStringLiteral("view-changes.csv"));
    c.kind = ExportJob::Kind::CustomerChanges;
    c.filter = o.filter;
    c.hideTestsUnlessAsked = true;
    ExportJob changes(c);
    QCOMPARE(run(changes).status, ExportJob::Status::Succeeded);
}

void TestExportJob::dataModeHasNoFormulaGuard()
{
    for (const ExportJob::Kind kind : {ExportJob::Kind::Events, ExportJob::Kind::CustomerChanges}) {
        ExportJob::Options o = options(QStringLiteral("data.csv"));
        o.kind = kind;
        o.formulaGuard = false;
        ExportJob job(o);
        QCOMPARE(run(job).status, ExportJob::Status::Succeeded);
        QFile file(o.outputPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(!bytes.contains(",'="));
        QVERIFY(bytes.contains(kind == ExportJob::Kind::Events ? ",=SUM(A1:A2),"
                                                               : ",=ann@example.com,"));
    }
}

void TestExportJob::cancelBeforeStartWritesNothing()
{
    ExportJob job(options(QStringLiteral("never.csv")));
    job.cancel();
    const RunResult result = run(job);
    QCOMPARE(result.status, ExportJob::Status::Cancelled);
    QCOMPARE(result.rows, 0);
    QCOMPARE(folderEntries(), QStringList());
}

void TestExportJob::cancelMidwayLeavesNoFile()
{
    // Enough rows for several progress reports (every 64 rows at interval 0).
    QList<QByteArray> more;
    for (int i = 0; i < 2000; ++i)
        more.append(messageBody(100 + i, QStringLiteral("bulk"), 7, QStringLiteral("text"),
                                QStringLiteral("row %1").arg(i)));
    fillStore(more);

    ExportJob::Options o = options(QStringLiteral("partial.csv"));
    o.progressIntervalMs = 0;
    ExportJob job(o);
    qint64 doneAtCancel = 0;
    QStringList entriesWhileWriting;
    connect(&job, &ExportJob::progress, this,
            [this, &job, &doneAtCancel, &entriesWhileWriting](qint64 done, qint64) {
                if (done >= 500 && doneAtCancel == 0) {
                    doneAtCancel = done;
                    entriesWhileWriting = folderEntries();
                    job.cancel();
                }
            });
    const RunResult result = run(job);
    QCOMPARE(result.status, ExportJob::Status::Cancelled);
    QVERIFY(doneAtCancel >= 500);
    QVERIFY(result.rows < 2034);
    // While writing, the target did not exist yet (QSaveFile writes to a
    // temporary file, unnamed where the system allows it); afterwards
    // neither it nor any temporary file is left.
    QVERIFY(entriesWhileWriting.size() <= 1);
    QVERIFY(!entriesWhileWriting.contains(QStringLiteral("partial.csv")));
    QCOMPARE(folderEntries(), QStringList());
}

void TestExportJob::cancelBeforeFirstRowLeavesNoFile()
{
    ExportJob::Options o = options(QStringLiteral("late.csv"));
    o.progressIntervalMs = 1000000; // only the forced first and last reports
    ExportJob job(o);
    // The file is open and the scan stops at its first row without an error:
    // the job must still see the cancel before it commits.
    connect(&job, &ExportJob::progress, this, [&job](qint64 done, qint64 total) {
        if (done == 0 && total > 0)
            job.cancel();
    });
    const RunResult result = run(job);
    QCOMPARE(result.status, ExportJob::Status::Cancelled);
    QCOMPARE(folderEntries(), QStringList());
}

void TestExportJob::missingStoreFails()
{
    ExportJob::Options o = options(QStringLiteral("x.csv"));
    o.storePath = m_dir->filePath(QStringLiteral("missing.sqlite"));
    ExportJob job(o);
    const RunResult result = run(job);
    QCOMPARE(result.status, ExportJob::Status::Failed);
    QVERIFY(!result.message.isEmpty());
    QCOMPARE(folderEntries(), QStringList());
}

void TestExportJob::unwritableFolderFails()
{
    ExportJob::Options o = options(QStringLiteral("x.csv"));
    o.outputPath = m_dir->filePath(QStringLiteral("no/such/folder/x.csv"));
    ExportJob job(o);
    const RunResult result = run(job);
    QCOMPARE(result.status, ExportJob::Status::Failed);
    QVERIFY2(result.message.contains(o.outputPath), qPrintable(result.message));
}

void TestExportJob::failedExportKeepsPreviousFile()
{
    const QString path = QDir(m_outDir).filePath(QStringLiteral("keep.csv"));
    {
        QFile previous(path);
        QVERIFY(previous.open(QIODevice::WriteOnly));
        previous.write("previous export\r\n");
    }
    ExportJob::Options o = options(QStringLiteral("keep.csv"));
    o.filter = FilterExpression::parse(QStringLiteral("chanel:7")); // invalid
    QVERIFY(!o.filter.isValid());
    ExportJob job(o);
    QCOMPARE(run(job).status, ExportJob::Status::Failed);

    ExportJob cancelled(options(QStringLiteral("keep.csv")));
    cancelled.cancel();
    QCOMPARE(run(cancelled).status, ExportJob::Status::Cancelled);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("previous export\r\n"));
    QCOMPARE(folderEntries(), QStringList{QStringLiteral("keep.csv")});
}

void TestExportJob::progressIsThrottledAndEndsAtTotal()
{
    ExportJob::Options o = options(QStringLiteral("p.csv"));
    ExportJob job(o);
    QSignalSpy spy(&job, &ExportJob::progress);
    QCOMPARE(run(job).status, ExportJob::Status::Succeeded);
    // 34 rows in well under 100 ms: the first report and the last only.
    QCOMPARE(spy.size(), 2);
    QCOMPARE(spy.first().at(0).toLongLong(), 0);
    QCOMPARE(spy.first().at(1).toLongLong(), 34);
    QCOMPARE(spy.last().at(0).toLongLong(), 34);
    QCOMPARE(spy.last().at(1).toLongLong(), 34);
}

QTEST_GUILESS_MAIN(TestExportJob)
#include "tst_exportjob.moc"
