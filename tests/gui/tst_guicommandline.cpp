#include "window/guicommandline.h"

#include <QTest>

class TestGuiCommandLine final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noArgumentsUsesSettings();
    void overrides();
    void environmentSecretWhenNoOption();
    void optionSecretBeatsEnvironment();
    void errors_data();
    void errors();
    void selfTestIsSeenBeforeQApplication();
    void overridesApplyOnlyWhatWasGiven();
};

namespace {

QStringList args(const QStringList &rest)
{
    return QStringList{QStringLiteral("hookscope")} + rest;
}

} // namespace

void TestGuiCommandLine::noArgumentsUsesSettings()
{
    const GuiCommandLine cl = GuiCommandLine::parse(args({}), QByteArray());
    QVERIFY(cl.error.isEmpty());
    QVERIFY(!cl.selfTest);
    QVERIFY(cl.database.isEmpty());
    QVERIFY(!cl.hasReceiverOverrides());
}

void TestGuiCommandLine::overrides()
{
    const GuiCommandLine cl = GuiCommandLine::parse(
        args({QStringLiteral("--db"), QStringLiteral("/tmp/x.db"), QStringLiteral("--listen"),
              QStringLiteral("0.0.0.0:9000"), QStringLiteral("--path"), QStringLiteral("hooks"),
              QStringLiteral("--secret"), QStringLiteral("s3")}),
        QByteArray());
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.database, QStringLiteral("/tmp/x.db"));
    QCOMPARE(*cl.host, QStringLiteral("0.0.0.0"));
    QCOMPARE(*cl.port, quint16(9000));
    QCOMPARE(*cl.path, QStringLiteral("/hooks"));
    QCOMPARE(*cl.secret, QByteArray("s3"));
}

void TestGuiCommandLine::environmentSecretWhenNoOption()
{
    const GuiCommandLine cl = GuiCommandLine::parse(args({}), QByteArray("from-env"));
    QCOMPARE(cl.secret.value_or(QByteArray()), QByteArray("from-env"));
}

void TestGuiCommandLine::optionSecretBeatsEnvironment()
{
    const GuiCommandLine cl = GuiCommandLine::parse(
        args({QStringLiteral("--secret"), QStringLiteral("opt")}), QByteArray("env"));
    QCOMPARE(cl.secret.value_or(QByteArray()), QByteArray("opt"));
}

void TestGuiCommandLine::errors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("bad listen") << QStringList{QStringLiteral("--listen"),
                                               QStringLiteral("nowhere")};
    QTest::newRow("port too big") << QStringList{QStringLiteral("--listen"),
                                                 QStringLiteral("127.0.0.1:70000")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")};
    QTest::newRow("positional") << QStringList{QStringLiteral("file.db")};
    QTest::newRow("missing value") << QStringList{QStringLiteral("--db")};
}

void TestGuiCommandLine::errors()
{
    QFETCH(QStringList, arguments);
    const GuiCommandLine cl = GuiCommandLine::parse(args(arguments), QByteArray());
    QVERIFY(!cl.error.isEmpty());
}

void TestGuiCommandLine::selfTestIsSeenBeforeQApplication()
{
    const char *with[] = {"hookscope", "--db", "x", "--self-test"};
    const char *without[] = {"hookscope", "--db", "--self-testing"};
    QVERIFY(GuiCommandLine::asksForSelfTest(4, with));
    QVERIFY(!GuiCommandLine::asksForSelfTest(3, without));
    QVERIFY(GuiCommandLine::parse(args({QStringLiteral("--self-test")}), {}).selfTest);
}

void TestGuiCommandLine::overridesApplyOnlyWhatWasGiven()
{
    ReceiverConfig saved;
    saved.host = QStringLiteral("10.0.0.1");
    saved.port = 1234;
    saved.path = QStringLiteral("/saved");
    saved.secret = "saved-secret";
    saved.policy = VerifyPolicy::Record;
    const GuiCommandLine cl = GuiCommandLine::parse(
        args({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")}), QByteArray());
    const ReceiverConfig c = cl.applyTo(saved);
    QCOMPARE(c.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(c.port, quint16(0));
    QCOMPARE(c.path, QStringLiteral("/saved"));
    QCOMPARE(c.secret, QByteArray("saved-secret"));
    QCOMPARE(c.policy, VerifyPolicy::Record);
}

QTEST_GUILESS_MAIN(TestGuiCommandLine)
#include "tst_guicommandline.moc"
