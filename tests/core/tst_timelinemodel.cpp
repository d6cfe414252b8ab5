#include "models/timelinemodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

class TestTimelineModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void passesModelTester();
    void headers();
    void displayText_data();
    void displayText();
    void rolesCarryRawValues();
    void setChangesResets();
    void appendInsertsRows();
};

namespace {

FieldChange change(qint64 eventId, const QString &field, const QString &oldValue,
                   const QString &newValue, FieldChange::Kind kind)
{
    FieldChange c;
    c.timeMs = Q_INT64_C(1764000000000) + eventId * 1000;
    c.eventId = eventId;
    c.chatUserId = QStringLiteral("cu1");
    c.name = QStringLiteral("Ann");
    c.field = field;
    c.oldValue = oldValue;
    c.newValue = newValue;
    c.kind = kind;
    c.event = eventId == 1 ? QStringLiteral("add_user") : QStringLiteral("update_user");
    c.unverified = eventId == 4;
    return c;
}

QList<FieldChange> sample()
{
    return {change(1, QStringLiteral("name"), {}, QStringLiteral("Ann"), FieldChange::Created),
            change(2, QStringLiteral("label"), {}, QStringLiteral("VIP"), FieldChange::Added),
            change(3, QStringLiteral("custom_field.budget"), QStringLiteral("500"),
                   QStringLiteral("800"), FieldChange::Changed),
            change(4, QStringLiteral("label"), QStringLiteral("VIP"), {}, FieldChange::Removed)};
}

} // namespace

void TestTimelineModel::passesModelTester()
{
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setChanges(sample());
    model.appendChanges(sample());
    model.setChanges({});
    model.appendChanges(sample());
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), 5);
    // A table: no row has children.
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
}

void TestTimelineModel::headers()
{
    TimelineModel model;
    QStringList headers;
    for (int column = 0; column < model.columnCount(); ++column)
        headers.append(model.headerData(column, Qt::Horizontal).toString());
    QCOMPARE(headers,
             (QStringList{QStringLiteral("Time"), QStringLiteral("Event"), QStringLiteral("Field"),
                          QStringLiteral("Old"), QStringLiteral("New")}));
}

void TestTimelineModel::displayText_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");

    QTest::newRow("field") << 2 << int(TimelineModel::FieldColumn)
                           << QStringLiteral("custom_field.budget");
    QTest::newRow("old") << 2 << int(TimelineModel::OldColumn) << QStringLiteral("500");
    QTest::newRow("new") << 2 << int(TimelineModel::NewColumn) << QStringLiteral("800");
    QTest::newRow("add_user") << 0 << int(TimelineModel::EventColumn) << QStringLiteral("add_user");
    QTest::newRow("update_user") << 2 << int(TimelineModel::EventColumn)
                                 << QStringLiteral("update_user");
    QTest::newRow("unverified") << 3 << int(TimelineModel::EventColumn)
                                << QStringLiteral("update_user · unverified");
    QTest::newRow("empty old") << 0 << int(TimelineModel::OldColumn) << QString();
    QTest::newRow("removed label") << 3 << int(TimelineModel::OldColumn) << QStringLiteral("VIP");
    QTest::newRow("time") << 2 << int(TimelineModel::TimeColumn)
                          << QDateTime::fromMSecsSinceEpoch(Q_INT64_C(1764000003000))
                                 .toLocalTime()
                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

void TestTimelineModel::displayText()
{
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QString, expected);
    TimelineModel model;
    model.setChanges(sample());
    QCOMPARE(model.index(row, column).data().toString(), expected);
}

void TestTimelineModel::rolesCarryRawValues()
{
    TimelineModel model;
    model.setChanges(sample());
    // Any column answers the row's roles.
    const QModelIndex index = model.index(3, TimelineModel::NewColumn);
    QCOMPARE(index.data(TimelineModel::TimeMsRole).toLongLong(), Q_INT64_C(1764000004000));
    QCOMPARE(index.data(TimelineModel::EventIdRole).toLongLong(), Q_INT64_C(4));
    QCOMPARE(index.data(TimelineModel::FieldRole).toString(), QStringLiteral("label"));
    QCOMPARE(index.data(TimelineModel::KindRole).toInt(), int(FieldChange::Removed));
    QCOMPARE(index.data(TimelineModel::OldRole).toString(), QStringLiteral("VIP"));
    QCOMPARE(index.data(TimelineModel::NewRole).toString(), QString());
    QCOMPARE(index.data(TimelineModel::ChatUserIdRole).toString(), QStringLiteral("cu1"));
    QCOMPARE(index.data(TimelineModel::NameRole).toString(), QStringLiteral("Ann"));
    QCOMPARE(index.data(TimelineModel::EventNameRole).toString(), QStringLiteral("update_user"));
    QVERIFY(index.data(TimelineModel::UnverifiedRole).toBool());
    QVERIFY(!model.index(2, 0).data(TimelineModel::UnverifiedRole).toBool());
    QCOMPARE(model.index(1, 0).data(TimelineModel::KindRole).toInt(), int(FieldChange::Added));
    QCOMPARE(TimelineModel::TimeMsRole, Qt::UserRole + 1);
    QVERIFY(model.roleNames().value(TimelineModel::FieldRole) == "field");
}

void TestTimelineModel::setChangesResets()
{
    TimelineModel model;
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setChanges(sample());
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.rowCount(), 4);
    model.setChanges(sample().mid(0, 1));
    QCOMPARE(resets.size(), 2);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.change(0), sample().first());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestTimelineModel::appendInsertsRows()
{
    TimelineModel model;
    model.setChanges(sample());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.appendChanges(sample().mid(2));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 4);
    QCOMPARE(inserted.first().at(2).toInt(), 5);
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.index(5, TimelineModel::OldColumn).data().toString(), QStringLiteral("VIP"));
    model.appendChanges({});
    QCOMPARE(inserted.size(), 1);
}

QTEST_GUILESS_MAIN(TestTimelineModel)
#include "tst_timelinemodel.moc"
