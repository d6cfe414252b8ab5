#include "export/changeexporter.h"
#include "records/fieldchange.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestChangeExporter final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void csvHeaderAndRow();
    void csvCells_data();
    void csvCells();
    void csvUtf8();
    void bom();
    void jsonLines();
    void jsonLinesKeepText_data();
    void jsonLinesKeepText();
    void emptyExportIsHeaderOnly();
    void closedDeviceFails();
};

namespace {

// 2026-11-24T16:18:17.123Z
constexpr qint64 kTimeMs = Q_INT64_C(1795537097123);

FieldChange sampleChange()
{
    FieldChange c;
    c.timeMs = kTimeMs;
    c.eventId = 42;
    c.chatUserId = QStringLiteral("cu1");
    c.name = QStringLiteral("Ann");
    c.field = QStringLiteral("custom_field.budget");
    c.oldValue = QStringLiteral("500");
    c.newValue = QStringLiteral("800");
    c.kind = FieldChange::Changed;
    return c;
}

QByteArray exportChanges(ChangeExporter::Format format, const QList<FieldChange> &changes,
                         bool bom = false)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    ChangeExporter exporter(format, &buffer);
    exporter.setBom(bom);
    for (const FieldChange &c : changes) {
        if (!exporter.write(c))
            qFatal("write failed: %s", qPrintable(exporter.errorString()));
    }
    if (!exporter.finish())
        qFatal("finish failed: %s", qPrintable(exporter.errorString()));
    if (exporter.rowsWritten() != changes.size())
        qFatal("rowsWritten is wrong");
    return buffer.data();
}

const QByteArray kHeader("time,chat_user_id,name,field,old,new,event_id\r\n");

} // namespace

void TestChangeExporter::csvHeaderAndRow()
{
    QCOMPARE(ChangeExporter::columns().join(QLatin1Char(',')),
             QStringLiteral("time,chat_user_id,name,field,old,new,event_id"));
    const QByteArray csv = exportChanges(ChangeExporter::Format::Csv, {sampleChange()});
    QCOMPARE(csv, kHeader + "2026-11-24T16:18:17.123Z,cu1,Ann,custom_field.budget,500,800,42\r\n");
}

void TestChangeExporter::csvCells_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("cell");

    QTest::newRow("plain") << QStringLiteral("VIP") << QByteArray("VIP");
    QTest::newRow("empty") << QString() << QByteArray();
    QTest::newRow("comma") << QStringLiteral("a,b") << QByteArray("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QByteArray("\"say \"\"hi\"\"\"");
    QTest::newRow("LF") << QStringLiteral("line1\nline2") << QByteArray("\"line1\nline2\"");
    QTest::newRow("CRLF inside") << QStringLiteral("a\r\nb") << QByteArray("\"a\r\nb\"");
    QTest::newRow("JSON") << QStringLiteral(R"([1,"x"])") << QByteArray(R"("[1,""x""]")");
    QTest::newRow("formula =") << QStringLiteral("=1+1") << QByteArray("'=1+1");
    QTest::newRow("formula +") << QStringLiteral("+33 6 12") << QByteArray("'+33 6 12");
    QTest::newRow("formula -") << QStringLiteral("-5") << QByteArray("'-5");
    QTest::newRow("formula @") << QStringLiteral("@SUM(A1)") << QByteArray("'@SUM(A1)");
    QTest::newRow("formula tab") << QStringLiteral("\tx") << QByteArray("'\tx");
    QTest::newRow("formula CR") << QStringLiteral("\rx") << QByteArray("\"'\rx\"");
    QTest::newRow("formula with comma")
        << QStringLiteral("=HYPERLINK(\"u\",1)") << QByteArray("\"'=HYPERLINK(\"\"u\"\",1)\"");
    QTest::newRow("not at start") << QStringLiteral("a=b-c") << QByteArray("a=b-c");
}

void TestChangeExporter::csvCells()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, cell);
    FieldChange c = sampleChange();
    c.newValue = value;
    const QByteArray csv = exportChanges(ChangeExporter::Format::Csv, {c});
    QCOMPARE(csv, kHeader + "2026-11-24T16:18:17.123Z,cu1,Ann,custom_field.budget,500," + cell +
                      ",42\r\n");
}

void TestChangeExporter::csvUtf8()
{
    FieldChange c = sampleChange();
    c.name = QString::fromUtf8("\xe5\xbc\xa0\xe4\xbc\x9f"); // Chinese name
    c.field = QStringLiteral("label");
    c.oldValue.clear();
    c.newValue = QString::fromUtf8("VIP \xf0\x9f\x98\x80"); // emoji outside the BMP
    const QByteArray csv = exportChanges(ChangeExporter::Format::Csv, {c});
    QCOMPARE(csv, kHeader + "2026-11-24T16:18:17.123Z,cu1,\xe5\xbc\xa0\xe4\xbc\x9f,label,,"
                            "VIP \xf0\x9f\x98\x80,42\r\n");
}

void TestChangeExporter::bom()
{
    const QByteArray with = exportChanges(ChangeExporter::Format::Csv, {sampleChange()}, true);
    QVERIFY(with.startsWith(QByteArray(QByteArray("\xEF\xBB\xBF") + kHeader)));
    const QByteArray without = exportChanges(ChangeExporter::Format::Csv, {sampleChange()});
    QVERIFY(without.startsWith(kHeader));
    QCOMPARE(with.mid(3), without);
}

void TestChangeExporter::jsonLines()
{
    FieldChange second = sampleChange();
    second.eventId = 43;
    second.newValue = QStringLiteral("=cmd");
    const QByteArray jsonl =
        exportChanges(ChangeExporter::Format::JsonLines, {sampleChange(), second});
    QCOMPARE(jsonl.left(jsonl.indexOf('\n') + 1),
             QByteArray(R"({"time":"2026-11-24T16:18:17.123Z","chat_user_id":"cu1","name":"Ann",)"
                        R"("field":"custom_field.budget","old":"500","new":"800","event_id":42})"
                        "\n"));
    const QList<QByteArray> lines = jsonl.split('\n');
    QCOMPARE(lines.size(), 3); // two rows and the empty rest after the last LF
    QVERIFY(lines.last().isEmpty());
    const QJsonObject row = QJsonDocument::fromJson(lines.at(1)).object();
    QCOMPARE(row.keys().size(), 7);
    for (const QString &column : ChangeExporter::columns())
        QVERIFY2(row.contains(column), qPrintable(column));
    QCOMPARE(row.value(QLatin1String("event_id")).toInteger(), Q_INT64_C(43));
    // No formula guard: JSON is not opened by spreadsheets.
    QCOMPARE(row.value(QLatin1String("new")).toString(), QStringLiteral("=cmd"));
}

void TestChangeExporter::jsonLinesKeepText_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("quotes and backslash") << QStringLiteral(R"(a "b" \c)");
    QTest::newRow("newlines and tab") << QStringLiteral("1\n2\r\n3\t4");
    QTest::newRow("control") << QString(QChar(0x01)) + QChar(0x1f);
    QTest::newRow("chinese and emoji")
        << QString::fromUtf8("\xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80");
    QTest::newRow("JSON text") << QStringLiteral(R"({"ad_id":123,"ad_title":"Spring sale"})");
}

void TestChangeExporter::jsonLinesKeepText()
{
    QFETCH(QString, value);
    FieldChange c = sampleChange();
    c.oldValue = value;
    c.name = value;
    const QByteArray jsonl = exportChanges(ChangeExporter::Format::JsonLines, {c});
    QCOMPARE(jsonl.count('\n'), 1); // one line per row, whatever the text holds
    QJsonParseError error{};
    const QJsonObject row = QJsonDocument::fromJson(jsonl, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(row.value(QLatin1String("old")).toString(), value);
    QCOMPARE(row.value(QLatin1String("name")).toString(), value);
}

void TestChangeExporter::emptyExportIsHeaderOnly()
{
    QCOMPARE(exportChanges(ChangeExporter::Format::Csv, {}), kHeader);
    QCOMPARE(exportChanges(ChangeExporter::Format::JsonLines, {}), QByteArray());
    QCOMPARE(exportChanges(ChangeExporter::Format::JsonLines, {}, true), QByteArray());
}

void TestChangeExporter::closedDeviceFails()
{
    QBuffer buffer; // never opened
    ChangeExporter exporter(ChangeExporter::Format::Csv, &buffer);
    QVERIFY(!exporter.begin());
    QVERIFY(!exporter.write(sampleChange()));
    QVERIFY(!exporter.finish());
    QVERIFY(!exporter.errorString().isEmpty());
    QCOMPARE(exporter.rowsWritten(), 0);
}

QTEST_GUILESS_MAIN(TestChangeExporter)
#include "tst_changeexporter.moc"
