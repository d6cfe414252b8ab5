#include "models/payloadtreemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

class TestPayloadTreeModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void passesModelTester_data();
    void passesModelTester();
    void topLevelMembers();
    void paths_data();
    void paths();
    void dataAsStringExpands();
    void jsonInStringMembersExpand();
    void valueText_data();
    void valueText();
    void invalidPayloadIsOneRawRow();
    void emptyPayloadClears();
    void oddKeysAreQuotedInPaths();
    void longValuesAreShortenedForDisplayOnly();
    void headers();
    void membersKeepTheOrderReceived();
    void hostileBodiesStayBounded_data();
    void hostileBodiesStayBounded();
};

namespace {

// Real SaleSmartly shape: data sent as a JSON string, with the customer
// members as JSON-in-string inside it.
const QByteArray kDataAsString(
    R"({"event":"update_user","data":"{\"chat_user_id\":\"cu1\",\"name\":\"Ann\",)"
    R"(\"labels\":\"[{\\\"id\\\":1,\\\"label_name\\\":\\\"VIP\\\"}]\",\"channel\":7}"})");

const QByteArray
    kCustomer(R"({"event":"add_user","data":{"chat_user_id":"cu1","name":"Ann \u4f60\u597d",)"
              R"("labels":"[{\"id\":1,\"label_name\":\"VIP\"},{\"id\":2,\"label_name\":\"New\"}]",)"
              R"("custom_field":"{\"budget\":500,\"interests\":[1,2]}","ad_referral":"",)"
              R"("sys_user_id":0,"vip":true,"note":null,"ratio":1.5}})");

QStringList childKeys(const QAbstractItemModel &model, const QModelIndex &parent)
{
    QStringList keys;
    for (int row = 0; row < model.rowCount(parent); ++row)
        keys.append(model.index(row, PayloadTreeModel::KeyColumn, parent).data().toString());
    return keys;
}

QString cell(const QModelIndex &keyIndex, int column)
{
    return keyIndex.siblingAtColumn(column).data().toString();
}

} // namespace

void TestPayloadTreeModel::passesModelTester_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("data as string") << kDataAsString;
    QTest::newRow("customer") << kCustomer;
    QTest::newRow("top-level array") << QByteArray(R"([1,{"a":[[]]},"[2]"])");
    QTest::newRow("invalid") << QByteArray("{not json");
    QTest::newRow("empty") << QByteArray();
}

void TestPayloadTreeModel::passesModelTester()
{
    QFETCH(QByteArray, payload);
    PayloadTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setPayload(kCustomer);
    model.setPayload(payload);
    model.setPayload(kDataAsString);
    model.setPayload(payload);
    QVERIFY(payload.isEmpty() ? model.rowCount() == 0 : model.rowCount() > 0);
}

void TestPayloadTreeModel::topLevelMembers()
{
    PayloadTreeModel model;
    model.setPayload(kCustomer);
    // In the order received (issue 11), not sorted.
    QCOMPARE(childKeys(model, {}), (QStringList{QStringLiteral("event"), QStringLiteral("data")}));
    const QModelIndex data = model.indexForPath(QStringLiteral("data"));
    QVERIFY(data.isValid());
    QCOMPARE(cell(data, PayloadTreeModel::TypeColumn), QStringLiteral("object"));
    QVERIFY(data.data(PayloadTreeModel::IsContainerRole).toBool());
    QCOMPARE(model.rowCount(data), 9);
    QVERIFY(!model.hasParseError());
    const QModelIndex event = model.index(0, PayloadTreeModel::ValueColumn);
    QCOMPARE(event.data().toString(), QStringLiteral("add_user"));
    QCOMPARE(cell(event, PayloadTreeModel::TypeColumn), QStringLiteral("string"));
    QVERIFY(!event.data(PayloadTreeModel::IsContainerRole).toBool());
}

void TestPayloadTreeModel::paths_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("type");

    QTest::newRow("label name in JSON-in-string")
        << kCustomer << QStringLiteral("data.labels[0].label_name") << QStringLiteral("label_name")
        << QStringLiteral("VIP") << QStringLiteral("string");
    QTest::newRow("second label id")
        << kCustomer << QStringLiteral("data.labels[1].id") << QStringLiteral("id")
        << QStringLiteral("2") << QStringLiteral("number");
    QTest::newRow("array element")
        << kCustomer << QStringLiteral("data.custom_field.interests[1]") << QStringLiteral("[1]")
        << QStringLiteral("2") << QStringLiteral("number");
    QTest::newRow("chinese text") << kCustomer << QStringLiteral("data.name")
                                  << QStringLiteral("name")
                                  << QString::fromUtf8("Ann \xe4\xbd\xa0\xe5\xa5\xbd")
                                  << QStringLiteral("string");
    QTest::newRow("bool") << kCustomer << QStringLiteral("data.vip") << QStringLiteral("vip")
                          << QStringLiteral("true") << QStringLiteral("bool");
    QTest::newRow("null") << kCustomer << QStringLiteral("data.note") << QStringLiteral("note")
                          << QStringLiteral("null") << QStringLiteral("null");
    QTest::newRow("double") << kCustomer << QStringLiteral("data.ratio") << QStringLiteral("ratio")
                            << QStringLiteral("1.5") << QStringLiteral("number");
    QTest::newRow("empty string is not JSON")
        << kCustomer << QStringLiteral("data.ad_referral") << QStringLiteral("ad_referral")
        << QString() << QStringLiteral("string");
    QTest::newRow("inside data-as-string")
        << kDataAsString << QStringLiteral("data.labels[0].label_name")
        << QStringLiteral("label_name") << QStringLiteral("VIP") << QStringLiteral("string");
    QTest::newRow("top-level array")
        << QByteArray(R"([10,{"a":"x"}])") << QStringLiteral("[1].a") << QStringLiteral("a")
        << QStringLiteral("x") << QStringLiteral("string");
}

void TestPayloadTreeModel::paths()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, path);
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, type);

    PayloadTreeModel model;
    model.setPayload(payload);
    const QModelIndex index = model.indexForPath(path);
    QVERIFY2(index.isValid(), qPrintable(path));
    QCOMPARE(index.data(PayloadTreeModel::PathRole).toString(), path);
    QCOMPARE(index.data().toString(), key);
    QCOMPARE(cell(index, PayloadTreeModel::ValueColumn), value);
    QCOMPARE(cell(index, PayloadTreeModel::TypeColumn), type);
    QCOMPARE(index.data(PayloadTreeModel::ValueTextRole).toString(), value);
    // Every column of the row answers the same path.
    QCOMPARE(index.siblingAtColumn(PayloadTreeModel::TypeColumn)
                 .data(PayloadTreeModel::PathRole)
                 .toString(),
             path);
}

void TestPayloadTreeModel::dataAsStringExpands()
{
    PayloadTreeModel model;
    model.setPayload(kDataAsString);
    const QModelIndex data = model.indexForPath(QStringLiteral("data"));
    QVERIFY(data.isValid());
    QCOMPARE(cell(data, PayloadTreeModel::TypeColumn), QStringLiteral("string (JSON)"));
    QVERIFY(data.data(PayloadTreeModel::IsJsonStringRole).toBool());
    QVERIFY(data.data(PayloadTreeModel::IsContainerRole).toBool());
    QCOMPARE(childKeys(model, data),
             (QStringList{QStringLiteral("chat_user_id"), QStringLiteral("name"),
                          QStringLiteral("labels"), QStringLiteral("channel")}));
    // Copying the value gives the string as sent, not a re-serialisation.
    QVERIFY(data.data(PayloadTreeModel::ValueTextRole)
                .toString()
                .startsWith(QLatin1String(R"({"chat_user_id":"cu1","name":"Ann","labels":"[)")));
    const QModelIndex labels = model.indexForPath(QStringLiteral("data.labels"));
    QCOMPARE(labels.parent(), data);
    QCOMPARE(cell(labels, PayloadTreeModel::TypeColumn), QStringLiteral("string (JSON)"));
    QCOMPARE(model.rowCount(labels), 1);
}

void TestPayloadTreeModel::jsonInStringMembersExpand()
{
    PayloadTreeModel model;
    model.setPayload(kCustomer);
    const QModelIndex custom = model.indexForPath(QStringLiteral("data.custom_field"));
    QCOMPARE(cell(custom, PayloadTreeModel::TypeColumn), QStringLiteral("string (JSON)"));
    QCOMPARE(childKeys(model, custom),
             (QStringList{QStringLiteral("budget"), QStringLiteral("interests")}));
    const QModelIndex interests = model.index(1, 0, custom);
    QCOMPARE(cell(interests, PayloadTreeModel::TypeColumn), QStringLiteral("array"));
    QCOMPARE(childKeys(model, interests),
             (QStringList{QStringLiteral("[0]"), QStringLiteral("[1]")}));
    QCOMPARE(interests.parent(), custom);
    QCOMPARE(interests.parent().parent(), model.indexForPath(QStringLiteral("data")));
    QVERIFY(!interests.parent().parent().parent().isValid());
}

void TestPayloadTreeModel::valueText_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("valueText");
    QTest::newRow("object compact")
        << QStringLiteral("data.labels[0]") << QStringLiteral(R"({"id":1,"label_name":"VIP"})");
    QTest::newRow("array compact")
        << QStringLiteral("data.custom_field.interests") << QStringLiteral("[1,2]");
    QTest::newRow("JSON string as sent") << QStringLiteral("data.custom_field")
                                         << QStringLiteral(R"({"budget":500,"interests":[1,2]})");
    QTest::newRow("string unquoted")
        << QStringLiteral("data.chat_user_id") << QStringLiteral("cu1");
    QTest::newRow("integer exact") << QStringLiteral("data.sys_user_id") << QStringLiteral("0");
}

void TestPayloadTreeModel::valueText()
{
    QFETCH(QString, path);
    QFETCH(QString, valueText);
    PayloadTreeModel model;
    model.setPayload(kCustomer);
    const QModelIndex index = model.indexForPath(path);
    QVERIFY2(index.isValid(), qPrintable(path));
    QCOMPARE(index.data(PayloadTreeModel::ValueTextRole).toString(), valueText);
}

void TestPayloadTreeModel::invalidPayloadIsOneRawRow()
{
    PayloadTreeModel model;
    const QByteArray raw("{\"event\":\"message\",\"data\":{oops}");
    model.setPayload(raw);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.hasParseError());
    QVERIFY(!model.parseError().isEmpty());
    const QModelIndex row = model.index(0, 0);
    QVERIFY(row.data(PayloadTreeModel::ParseErrorRole).toBool());
    QVERIFY(!row.data(PayloadTreeModel::IsContainerRole).toBool());
    QCOMPARE(model.rowCount(row), 0);
    QCOMPARE(cell(row, PayloadTreeModel::ValueColumn), QString::fromUtf8(raw));
    QCOMPARE(cell(row, PayloadTreeModel::TypeColumn), QStringLiteral("invalid JSON"));
    QCOMPARE(row.data(PayloadTreeModel::ValueTextRole).toString(), QString::fromUtf8(raw));
    // A valid payload afterwards clears the flag.
    model.setPayload(kCustomer);
    QVERIFY(!model.hasParseError());
    QVERIFY(!model.index(0, 0).data(PayloadTreeModel::ParseErrorRole).toBool());
}

void TestPayloadTreeModel::emptyPayloadClears()
{
    PayloadTreeModel model;
    model.setPayload(kCustomer);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.clear();
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.hasParseError());
}

void TestPayloadTreeModel::oddKeysAreQuotedInPaths()
{
    PayloadTreeModel model;
    model.setPayload(R"({"a b":{"x.y":1,"q\"":2,"_ok9":3,"9lives":4}})");
    QVERIFY(model.indexForPath(QStringLiteral(R"(["a b"]["x.y"])")).isValid());
    QVERIFY(model.indexForPath(QStringLiteral(R"(["a b"]["q\""])")).isValid());
    QVERIFY(model.indexForPath(QStringLiteral(R"(["a b"]._ok9)")).isValid());
    QVERIFY(model.indexForPath(QStringLiteral(R"(["a b"]["9lives"])")).isValid());
    QCOMPARE(PayloadTreeModel::memberPath(QString(), QStringLiteral("data")),
             QStringLiteral("data"));
    QCOMPARE(PayloadTreeModel::elementPath(QStringLiteral("data.labels"), 3),
             QStringLiteral("data.labels[3]"));
}

void TestPayloadTreeModel::longValuesAreShortenedForDisplayOnly()
{
    const QString longText(5000, QLatin1Char('x'));
    PayloadTreeModel model;
    model.setPayload(QByteArray(R"({"msg":")") + longText.toUtf8() + QByteArray(R"("})"));
    const QModelIndex msg = model.indexForPath(QStringLiteral("msg"));
    const QString shown = cell(msg, PayloadTreeModel::ValueColumn);
    QVERIFY(shown.size() < 2000);
    QVERIFY(shown.endsWith(QChar(0x2026)));
    QCOMPARE(msg.data(PayloadTreeModel::ValueTextRole).toString(), longText);
}

void TestPayloadTreeModel::headers()
{
    PayloadTreeModel model;
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Key"));
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("Value"));
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("Type"));
}

void TestPayloadTreeModel::membersKeepTheOrderReceived()
{
    PayloadTreeModel model;
    model.setPayload(R"({"zeta":1,"alpha":{"yak":true,"bee":null},"mid":"{\"z\":1,\"a\":2}",)"
                     R"("big":12345678901234567890,"e":1.5e3})");
    QCOMPARE(childKeys(model, QModelIndex()),
             (QStringList{QStringLiteral("zeta"), QStringLiteral("alpha"), QStringLiteral("mid"),
                          QStringLiteral("big"), QStringLiteral("e")}));
    const QModelIndex alpha = model.indexForPath(QStringLiteral("alpha"));
    QCOMPARE(childKeys(model, alpha), (QStringList{QStringLiteral("yak"), QStringLiteral("bee")}));
    QCOMPARE(alpha.data(PayloadTreeModel::ValueTextRole).toString(),
             QStringLiteral(R"({"yak":true,"bee":null})"));
    const QModelIndex mid = model.indexForPath(QStringLiteral("mid"));
    QVERIFY(mid.data(PayloadTreeModel::IsJsonStringRole).toBool());
    QCOMPARE(childKeys(model, mid), (QStringList{QStringLiteral("z"), QStringLiteral("a")}));
    // Numbers exactly as sent, even past what a double holds.
    QCOMPARE(model.indexForPath(QStringLiteral("big")).data(PayloadTreeModel::ValueTextRole),
             QVariant(QStringLiteral("12345678901234567890")));
    QCOMPARE(model.indexForPath(QStringLiteral("e")).data(PayloadTreeModel::ValueTextRole),
             QVariant(QStringLiteral("1.5e3")));
}

void TestPayloadTreeModel::hostileBodiesStayBounded_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("rows");
    QTest::newRow("too deep") << (QByteArray(5000, '[') + QByteArray(5000, ']')) << false << 1;
    QTest::newRow("deep but allowed")
        << (QByteArray(1000, '[') + QByteArray(1000, ']')) << true << 1;
    QTest::newRow("trailing text") << QByteArray(R"({"a":1} x)") << false << 1;
    QTest::newRow("invalid UTF-8 in a key") << QByteArray("{\"\xff\":1}") << false << 1;
    QTest::newRow("a bare string") << QByteArray(R"("text")") << false << 1;
    QTest::newRow("truncated") << QByteArray(R"({"a":[1,2)") << false << 1;
    QTest::newRow("long flat array")
        << (QByteArray("[") + QByteArray("1,").repeated(100000) + QByteArray("1]")) << true
        << 100001;
}

void TestPayloadTreeModel::hostileBodiesStayBounded()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, valid);
    QFETCH(int, rows);
    PayloadTreeModel model;
    model.setPayload(payload);
    QCOMPARE(model.hasParseError(), !valid);
    QCOMPARE(model.rowCount(), rows);
    const QModelIndex first = model.index(0, PayloadTreeModel::ValueColumn);
    // A cell shows at most its limit, whatever the value holds.
    QVERIFY(first.data().toString().size() <= 1000);
}

QTEST_GUILESS_MAIN(TestPayloadTreeModel)
#include "tst_payloadtreemodel.moc"
