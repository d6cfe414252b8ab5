#include "samplefactory.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

namespace {

QJsonObject dataOf(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object().value(QLatin1String("data")).toObject();
}

} // namespace

// Test deliveries' ids and names (docs/test-deliveries.md).
class TestSampleFactory final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void realSamplesAreUnchanged();
    void testSamplesHaveIdsOfTheirOwn_data();
    void testSamplesHaveIdsOfTheirOwn();
    void tagsAreRandomPerRun();
};

void TestSampleFactory::realSamplesAreUnchanged()
{
    const SampleFactory factory(SampleFactory::Kind::AddUser, 1);
    QCOMPARE(factory.id(QStringLiteral("cust-1")), QStringLiteral("cust-1"));
    const QJsonObject data = dataOf(factory.body(2));
    QCOMPARE(data.value(QLatin1String("chat_user_id")).toString(), QStringLiteral("cust-2"));
    QVERIFY(!data.value(QLatin1String("name")).toString().contains(QLatin1String("[test]")));
}

void TestSampleFactory::testSamplesHaveIdsOfTheirOwn_data()
{
    QTest::addColumn<int>("code");
    QTest::newRow("text") << int(SampleFactory::Kind::Text);
    QTest::newRow("button") << int(SampleFactory::Kind::Button);
    QTest::newRow("image") << int(SampleFactory::Kind::Image);
    QTest::newRow("add_user") << int(SampleFactory::Kind::AddUser);
    QTest::newRow("update_user") << int(SampleFactory::Kind::UpdateUser);
}

void TestSampleFactory::testSamplesHaveIdsOfTheirOwn()
{
    QFETCH(int, code);
    const auto kind = static_cast<SampleFactory::Kind>(code);
    SampleFactory factory(kind, 1795537097123);
    factory.setTestTag(QStringLiteral("0badcafe"));
    const QString prefix = QStringLiteral("hookscope-test-0badcafe-");
    for (qint64 index = 0; index < 12; ++index) {
        const QJsonObject data = dataOf(factory.body(index));
        QVERIFY(data.value(QLatin1String("chat_user_id")).toString().startsWith(prefix));
        if (kind == SampleFactory::Kind::AddUser || kind == SampleFactory::Kind::UpdateUser) {
            const QString name = data.value(QLatin1String("name")).toString();
            QVERIFY2(name.endsWith(QLatin1String(" [test]")), qPrintable(name));
            continue;
        }
        QVERIFY(data.value(QLatin1String("chat_session_id")).toString().startsWith(prefix));
        QVERIFY(data.value(QLatin1String("sequence_id")).toString().startsWith(prefix));
        // A customer's own message names the customer as its sender.
        if (data.value(QLatin1String("sender_type")).toString() == QLatin1String("1"))
            QVERIFY(data.value(QLatin1String("sender")).toString().startsWith(prefix));
    }
}

void TestSampleFactory::tagsAreRandomPerRun()
{
    const QRegularExpression hex(QStringLiteral("^[0-9a-f]{8}$"));
    QSet<QString> tags;
    for (int i = 0; i < 50; ++i) {
        const QString tag = SampleFactory::newTestTag();
        QVERIFY2(hex.match(tag).hasMatch(), qPrintable(tag));
        tags.insert(tag);
    }
    QVERIFY(tags.size() >= 49); // 32 random bits: a repeat in 50 is next to impossible
}

QTEST_GUILESS_MAIN(TestSampleFactory)
#include "tst_samplefactory.moc"
