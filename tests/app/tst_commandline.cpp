#include "commandline.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

CommandLine parse(const QStringList &args, const QByteArray &envSecret = {})
{
    return CommandLine::parse(QStringList{QStringLiteral("hookscope-cli")} + args, envSecret);
}

} // namespace

class TestCommandLine final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void serveDefaults();
    void serveOptions();
    void secretFromEnvironment();
    void exportOptions();
    void sendOptions();
    void helpAndVersion();
    void helpOnlyPrintsHelp_data();
    void helpOnlyPrintsHelp();
    void helpAllRunsNothing_data();
    void helpAllRunsNothing();
    void errors_data();
    void errors();
};

void TestCommandLine::serveDefaults()
{
    const CommandLine cl = parse({QStringLiteral("serve")});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.command, CommandLine::Command::Serve);
    QCOMPARE(cl.receiver.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(cl.receiver.port, quint16(8787));
    QCOMPARE(cl.receiver.path, QStringLiteral("/webhook"));
    QCOMPARE(cl.receiver.policy, VerifyPolicy::Strict);
    QVERIFY(cl.database.isEmpty());
}

void TestCommandLine::serveOptions()
{
    const CommandLine cl =
        parse({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0"),
               QStringLiteral("--path"), QStringLiteral("hooks/ss"), QStringLiteral("--secret"),
               QStringLiteral("k"), QStringLiteral("--db"), QStringLiteral("/tmp/x.db"),
               QStringLiteral("--policy"), QStringLiteral("record")});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.receiver.host, QStringLiteral("0.0.0.0"));
    QCOMPARE(cl.receiver.port, quint16(0));
    QCOMPARE(cl.receiver.path, QStringLiteral("/hooks/ss"));
    QCOMPARE(cl.receiver.secret, QByteArray("k"));
    QCOMPARE(cl.database, QStringLiteral("/tmp/x.db"));
    QCOMPARE(cl.receiver.policy, VerifyPolicy::Record);
    QCOMPARE(cl.receiver.url(9000), QStringLiteral("http://0.0.0.0:9000/hooks/ss"));
}

void TestCommandLine::secretFromEnvironment()
{
    QCOMPARE(parse({QStringLiteral("serve")}, "env-key").receiver.secret, QByteArray("env-key"));
    // The option wins over the environment.
    QCOMPARE(parse({QStringLiteral("serve"), QStringLiteral("--secret"), QStringLiteral("opt")},
                   "env-key")
                 .receiver.secret,
             QByteArray("opt"));
}

void TestCommandLine::exportOptions()
{
    const CommandLine cl =
        parse({QStringLiteral("export"), QStringLiteral("--db"), QStringLiteral("a.db"),
               QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--filter"),
               QStringLiteral("channel:7 refund"), QStringLiteral("--output"),
               QStringLiteral("out.jsonl")});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.command, CommandLine::Command::Export);
    QCOMPARE(cl.format, QStringLiteral("jsonl"));
    QCOMPARE(cl.filter, QStringLiteral("channel:7 refund"));
    QCOMPARE(cl.output, QStringLiteral("out.jsonl"));
    QCOMPARE(parse({QStringLiteral("export")}).format, QStringLiteral("csv"));
    // Scripts read the CLI's CSV: no BOM, and the guard, unless asked otherwise.
    QVERIFY(!cl.bom);
    QVERIFY(cl.formulaGuard);
    const CommandLine data = parse(
        {QStringLiteral("export"), QStringLiteral("--bom"), QStringLiteral("--no-formula-guard")});
    QVERIFY2(data.error.isEmpty(), qPrintable(data.error));
    QVERIFY(data.bom);
    QVERIFY(!data.formulaGuard);
}

void TestCommandLine::sendOptions()
{
    const CommandLine cl =
        parse({QStringLiteral("send"), QStringLiteral("--url"),
               QStringLiteral("http://127.0.0.1:8787/webhook"), QStringLiteral("--secret"),
               QStringLiteral("s"), QStringLiteral("--sample"), QStringLiteral("add_user"),
               QStringLiteral("--count"), QStringLiteral("1000"), QStringLiteral("--concurrency"),
               QStringLiteral("16"), QStringLiteral("--sign"), QStringLiteral("with-timestamp")});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.command, CommandLine::Command::Send);
    QCOMPARE(cl.url.port(), 8787);
    QCOMPARE(cl.sample, SampleFactory::Kind::AddUser);
    QCOMPARE(cl.count, 1000);
    QCOMPARE(cl.concurrency, 16);
    QCOMPARE(cl.signMode, WebhookSender::SignMode::WithTimestamp);
    QVERIFY(!cl.test);
    const CommandLine test =
        parse({QStringLiteral("send"), QStringLiteral("--url"),
               QStringLiteral("http://127.0.0.1:8787/webhook"), QStringLiteral("--secret"),
               QStringLiteral("s"), QStringLiteral("--sample"), QStringLiteral("text"),
               QStringLiteral("--test")});
    QVERIFY2(test.error.isEmpty(), qPrintable(test.error));
    QVERIFY(test.test);
}

void TestCommandLine::helpAndVersion()
{
    QCOMPARE(parse({QStringLiteral("--version")}).command, CommandLine::Command::Version);
    const CommandLine help = parse({QStringLiteral("--help")});
    QCOMPARE(help.command, CommandLine::Command::Help);
    QVERIFY(help.error.isEmpty());
    QVERIFY(help.helpText.contains(QStringLiteral("serve")));
    const CommandLine serveHelp = parse({QStringLiteral("serve"), QStringLiteral("--help")});
    QCOMPARE(serveHelp.command, CommandLine::Command::Help);
    QVERIFY(serveHelp.helpText.contains(QStringLiteral("--policy")));
}

void TestCommandLine::helpOnlyPrintsHelp_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("shows");
    const QStringList commands{QStringLiteral("serve"), QStringLiteral("export"),
                               QStringLiteral("send")};
    const QStringList flags{QStringLiteral("--help"), QStringLiteral("-h"),
                            QStringLiteral("--help-all"), QStringLiteral("-help-all")};
    for (const QString &command : commands) {
        for (const QString &flag : flags)
            QTest::addRow("%s %s", qPrintable(command), qPrintable(flag))
                << QStringList{command, flag}
                << QString(QStringLiteral("hookscope-cli ") + command);
        QTest::addRow("help %s", qPrintable(command))
            << QStringList{QStringLiteral("help"), command}
            << QString(QStringLiteral("hookscope-cli ") + command);
    }
    // Help wins over options, even wrong ones, on either side of it.
    QTest::newRow("serve options then help-all")
        << QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                       QStringLiteral("0.0.0.0:0"), QStringLiteral("--help-all")}
        << QStringLiteral("--max-body");
    QTest::newRow("unknown option and help")
        << QStringList{QStringLiteral("export"), QStringLiteral("--help"), QStringLiteral("--xyz")}
        << QStringLiteral("--format");
    QTest::newRow("send help without its required options")
        << QStringList{QStringLiteral("send"), QStringLiteral("--help-all")}
        << QStringLiteral("--url");
    QTest::newRow("global help-all")
        << QStringList{QStringLiteral("--help-all")} << QStringLiteral("Commands:");
    // The commands that read a store name both kinds.
    for (const QString &command : {QStringLiteral("export"), QStringLiteral("replay"),
                                   QStringLiteral("watch"), QStringLiteral("check")}) {
        QTest::addRow("%s --db", qPrintable(command))
            << QStringList{command, QStringLiteral("--help")}
            << QStringLiteral("A database file or a postgresql:// URL");
    }
}

void TestCommandLine::helpOnlyPrintsHelp()
{
    QFETCH(QStringList, args);
    QFETCH(QString, shows);
    const CommandLine cl = parse(args);
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.command, CommandLine::Command::Help);
    QVERIFY2(cl.helpText.contains(shows), qPrintable(cl.helpText));
}

void TestCommandLine::helpAllRunsNothing_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("serve") << QStringLiteral("serve");
    QTest::newRow("export") << QStringLiteral("export");
    QTest::newRow("send") << QStringLiteral("send");
}

// The program itself: help printed, exit 0, no server started and no store
// written. Had serve started, it would not exit, and waitForFinished fails.
void TestCommandLine::helpAllRunsNothing()
{
    QFETCH(QString, command);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString store = dir.filePath(QStringLiteral("never.db"));
    QProcess cli;
    cli.start(QStringLiteral(HOOKSCOPE_CLI_PATH),
              {command, QStringLiteral("--help-all"), QStringLiteral("--db"), store});
    const bool finished = cli.waitForFinished(60'000);
    if (!finished)
        cli.kill();
    QVERIFY(finished);
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QCOMPARE(cli.exitCode(), 0);
    QVERIFY(cli.readAllStandardOutput().contains(
        QByteArray(QByteArray("hookscope-cli ") + command.toUtf8())));
    QVERIFY(!QFile::exists(store));
}

void TestCommandLine::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("no command") << QStringList() << QStringLiteral("a command is needed");
    QTest::newRow("unknown command")
        << QStringList{QStringLiteral("listen")} << QStringLiteral("unknown command \"listen\"");
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("serve"), QStringLiteral("--port")} << QStringLiteral("port");
    QTest::newRow("bad listen") << QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                                               QStringLiteral("8787")}
                                << QStringLiteral("HOST:PORT");
    QTest::newRow("port too big") << QStringList{QStringLiteral("serve"),
                                                 QStringLiteral("--listen"),
                                                 QStringLiteral("127.0.0.1:70000")}
                                  << QStringLiteral("0 to 65535");
    QTest::newRow("bad policy") << QStringList{QStringLiteral("serve"), QStringLiteral("--policy"),
                                               QStringLiteral("lax")}
                                << QStringLiteral("strict, record or off");
    QTest::newRow("bad format") << QStringList{QStringLiteral("export"), QStringLiteral("--format"),
                                               QStringLiteral("xlsx")}
                                << QStringLiteral("csv or jsonl");
    QTest::newRow("send without url")
        << QStringList{QStringLiteral("send"), QStringLiteral("--sample"), QStringLiteral("text")}
        << QStringLiteral("--url");
    QTest::newRow("send both sample and file") << QStringList{QStringLiteral("send"),
                                                              QStringLiteral("--url"),
                                                              QStringLiteral("http://h:1/w"),
                                                              QStringLiteral("--secret"),
                                                              QStringLiteral("s"),
                                                              QStringLiteral("--sample"),
                                                              QStringLiteral("text"),
                                                              QStringLiteral("--file"),
                                                              QStringLiteral("f")}
                                               << QStringLiteral("exactly one");
    QTest::newRow("send unknown kind") << QStringList{QStringLiteral("send"),
                                                      QStringLiteral("--url"),
                                                      QStringLiteral("http://h:1/w"),
                                                      QStringLiteral("--secret"),
                                                      QStringLiteral("s"),
                                                      QStringLiteral("--sample"),
                                                      QStringLiteral("video")}
                                       << QStringLiteral("--sample must be one of");
    QTest::newRow("send zero count") << QStringList{QStringLiteral("send"),
                                                    QStringLiteral("--url"),
                                                    QStringLiteral("http://h:1/w"),
                                                    QStringLiteral("--secret"),
                                                    QStringLiteral("s"),
                                                    QStringLiteral("--sample"),
                                                    QStringLiteral("text"),
                                                    QStringLiteral("--count"),
                                                    QStringLiteral("0")}
                                     << QStringLiteral("--count");
    QTest::newRow("send bad sign mode") << QStringList{QStringLiteral("send"),
                                                       QStringLiteral("--url"),
                                                       QStringLiteral("http://h:1/w"),
                                                       QStringLiteral("--secret"),
                                                       QStringLiteral("s"),
                                                       QStringLiteral("--sample"),
                                                       QStringLiteral("text"),
                                                       QStringLiteral("--sign"),
                                                       QStringLiteral("md5")}
                                        << QStringLiteral("--sign must be");
    QTest::newRow("send signing without secret")
        << QStringList{QStringLiteral("send"), QStringLiteral("--url"),
                       QStringLiteral("http://h:1/w"), QStringLiteral("--sample"),
                       QStringLiteral("text")}
        << QStringLiteral("--secret");
    QTest::newRow("stray argument") << QStringList{QStringLiteral("export"), QStringLiteral("x.db")}
                                    << QStringLiteral("unexpected argument");
}

void TestCommandLine::errors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, errorPart);
    const CommandLine cl = parse(args);
    QVERIFY2(cl.error.contains(errorPart), qPrintable(cl.error));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
