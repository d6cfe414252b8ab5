#include "window/guicommandline.h"

#include <QFile>
#include <QTemporaryDir>
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
    void teamStoreIsAccepted();
    void selfTestIsSeenBeforeQApplication();
    void printingOptionsAreSeenBeforeQApplication();
    void overridesApplyOnlyWhatWasGiven();
    void secretFile();
    void secretFileErrors_data();
    void secretFileErrors();
    void secretFileReadableByOthersWarns();
    void helpOnlyPrintsHelp_data();
    void helpOnlyPrintsHelp();
};

namespace {

QStringList args(const QStringList &rest)
{
    return QStringList{QStringLiteral("hookscope")} + rest;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content,
                  QFileDevice::Permissions permissions = QFileDevice::ReadOwner |
                                                         QFileDevice::WriteOwner)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    file.close();
    QFile::setPermissions(path, permissions);
    return path;
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
    // A team store's URL that cannot be one: refused at once, the password
    // left out of the message.
    QTest::newRow("postgresql port")
        << QStringList{QStringLiteral("--db"), QStringLiteral("postgresql://u:pw@h:99999/d")};
    QTest::newRow("postgresql no database")
        << QStringList{QStringLiteral("--db"), QStringLiteral("postgresql://u:pw@h")};
}

void TestGuiCommandLine::errors()
{
    QFETCH(QStringList, arguments);
    const GuiCommandLine cl = GuiCommandLine::parse(args(arguments), QByteArray());
    QVERIFY(!cl.error.isEmpty());
    QVERIFY(!cl.error.contains(QLatin1String("pw@")));
}

void TestGuiCommandLine::teamStoreIsAccepted()
{
    const GuiCommandLine cl = GuiCommandLine::parse(
        args({QStringLiteral("--db"), QStringLiteral("postgresql://desk@db.example/hookscope")}),
        QByteArray());
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.database, QStringLiteral("postgresql://desk@db.example/hookscope"));
}

void TestGuiCommandLine::selfTestIsSeenBeforeQApplication()
{
    const char *with[] = {"hookscope", "--db", "x", "--self-test"};
    const char *without[] = {"hookscope", "--db", "--self-testing"};
    QVERIFY(GuiCommandLine::asksForSelfTest(4, with));
    QVERIFY(!GuiCommandLine::asksForSelfTest(3, without));
    QVERIFY(GuiCommandLine::parse(args({QStringLiteral("--self-test")}), {}).selfTest);
}

void TestGuiCommandLine::printingOptionsAreSeenBeforeQApplication()
{
    const char *help[] = {"hookscope", "--help"};
    const char *version[] = {"hookscope", "--db", "x", "--version"};
    const char *window[] = {"hookscope", "--db", "--helper"};
    QVERIFY(GuiCommandLine::onlyPrints(2, help));
    QVERIFY(GuiCommandLine::onlyPrints(4, version));
    QVERIFY(!GuiCommandLine::onlyPrints(3, window));
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

void TestGuiCommandLine::secretFile()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("secret"), "from-file\n");
    const GuiCommandLine cl =
        GuiCommandLine::parse(args({QStringLiteral("--secret-file"), path}), QByteArray("env"));
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QVERIFY(cl.warnings.isEmpty());
    QCOMPARE(cl.secret.value_or(QByteArray()), QByteArray("from-file"));
    QVERIFY(cl.hasReceiverOverrides());
}

void TestGuiCommandLine::secretFileErrors_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("withSecret");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("missing") << QStringLiteral("missing") << QByteArray() << false
                             << QStringLiteral("missing");
    QTest::newRow("empty") << QStringLiteral("empty") << QByteArray("\n") << false
                           << QStringLiteral("empty");
    QTest::newRow("two lines") << QStringLiteral("two") << QByteArray("a\nb") << false
                               << QStringLiteral("one short line");
    QTest::newRow("folder") << QString() << QByteArray() << false << QStringLiteral("folder");
    QTest::newRow("with --secret")
        << QStringLiteral("ok") << QByteArray("k") << true << QStringLiteral("not both");
}

void TestGuiCommandLine::secretFileErrors()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(bool, withSecret);
    QFETCH(QString, errorPart);
    QTemporaryDir dir;
    QString path = fileName.isEmpty() ? dir.path() : dir.filePath(fileName);
    if (!content.isEmpty())
        path = writeFile(dir, fileName, content);
    QStringList rest{QStringLiteral("--secret-file"), path};
    if (withSecret)
        rest << QStringLiteral("--secret") << QStringLiteral("x");
    const GuiCommandLine cl = GuiCommandLine::parse(args(rest), QByteArray());
    QVERIFY2(cl.error.contains(errorPart), qPrintable(cl.error));
}

void TestGuiCommandLine::secretFileReadableByOthersWarns()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("secret"), "k",
                                   QFileDevice::ReadOwner | QFileDevice::ReadOther);
    const GuiCommandLine cl =
        GuiCommandLine::parse(args({QStringLiteral("--secret-file"), path}), QByteArray());
    QVERIFY(cl.error.isEmpty());
    QCOMPARE(cl.warnings.size(), 1);
    QVERIFY(cl.warnings.constFirst().contains(QStringLiteral("chmod 600")));
}

void TestGuiCommandLine::helpOnlyPrintsHelp_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("qtOptions");
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << false;
    QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << false;
    QTest::newRow("--help-all") << QStringList{QStringLiteral("--help-all")} << true;
    QTest::newRow("with a self-test")
        << QStringList{QStringLiteral("--self-test"), QStringLiteral("--help-all")} << true;
    QTest::newRow("with a mistake")
        << QStringList{QStringLiteral("--listen"), QStringLiteral("nowhere"),
                       QStringLiteral("--frobnicate"), QStringLiteral("--help")}
        << false;
}

void TestGuiCommandLine::helpOnlyPrintsHelp()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, qtOptions);
    const GuiCommandLine cl = GuiCommandLine::parse(args(arguments), QByteArray());
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QVERIFY(cl.help);
    QVERIFY(!cl.selfTest);
    QVERIFY(cl.helpText.contains(QStringLiteral("--secret-file")));
    QCOMPARE(cl.helpText.contains(QStringLiteral("-platform")), qtOptions);
}

QTEST_GUILESS_MAIN(TestGuiCommandLine)
#include "tst_guicommandline.moc"
