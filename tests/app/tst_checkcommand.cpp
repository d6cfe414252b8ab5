// hookscope-cli check as a user runs it: a sound store, a damaged copy, a
// missing file, and help that never checks; plus serve's warning when it is
// open to anyone.
#include "commandline.h"
#include "store/eventstore.h"
#include "storedamage.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kCli = QStringLiteral(HOOKSCOPE_CLI_PATH);

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(kCli, args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QByteArray sha1Of(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly)
               ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha1)
               : QByteArray();
}

} // namespace

class TestCheckCommand final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void parsesCheck();
    void soundStoreExitsZero();
    void damagedStoreExitsNonZeroAndIsUnchanged();
    void missingStoreExitsNonZero();
    void helpOnlyPrintsHelp_data();
    void helpOnlyPrintsHelp();
    void serveWarnsWhenOpenToAnyone();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
};

void TestCheckCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = m_dir->filePath(QStringLiteral("check.db"));
    EventStore store;
    QVERIFY(store.open(m_db));
    QVERIFY(store.beginTransaction());
    for (int i = 0; i < 200; ++i) {
        RefusedRecord r;
        r.reason = QStringLiteral("filler %1").arg(i);
        r.body = QByteArray(3000, 'f');
        QVERIFY(store.appendRefused(r));
    }
    QVERIFY(store.commit());
}

void TestCheckCommand::parsesCheck()
{
    const CommandLine cl = CommandLine::parse(
        {QStringLiteral("hookscope-cli"), QStringLiteral("check"), QStringLiteral("--db"), m_db},
        {});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.command, CommandLine::Command::Check);
    QCOMPARE(cl.database, m_db);
    QVERIFY(CommandLine::usage().contains(QLatin1String("check")));
}

void TestCheckCommand::soundStoreExitsZero()
{
    const Run run = runCli({QStringLiteral("check"), QStringLiteral("--db"), m_db});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("sound"), run.out.constData());
    QVERIFY(run.out.contains(m_db.toUtf8()));
}

void TestCheckCommand::damagedStoreExitsNonZeroAndIsUnchanged()
{
    QString error;
    QVERIFY2(damageStore(m_db, &error), qPrintable(error));
    const QByteArray before = sha1Of(m_db);
    const Run run = runCli({QStringLiteral("check"), QStringLiteral("--db"), m_db});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains("DAMAGED"), run.out.constData());
    QVERIFY(run.out.contains(m_db.toUtf8()));
    QCOMPARE(sha1Of(m_db), before);
}

void TestCheckCommand::missingStoreExitsNonZero()
{
    const QString missing = m_dir->filePath(QStringLiteral("none.db"));
    const Run run = runCli({QStringLiteral("check"), QStringLiteral("--db"), missing});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(missing.toUtf8()), run.err.constData());
    QVERIFY(!QFile::exists(missing)); // checking never creates a store
}

void TestCheckCommand::helpOnlyPrintsHelp_data()
{
    QTest::addColumn<QString>("option");
    QTest::newRow("--help") << QStringLiteral("--help");
    QTest::newRow("--help-all") << QStringLiteral("--help-all");
}

void TestCheckCommand::helpOnlyPrintsHelp()
{
    QFETCH(QString, option);
    QString error;
    QVERIFY2(damageStore(m_db, &error), qPrintable(error));
    const Run run = runCli({QStringLiteral("check"), QStringLiteral("--db"), m_db, option});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("--db"), run.out.constData());
    QVERIFY(!run.out.contains("DAMAGED"));
}

void TestCheckCommand::serveWarnsWhenOpenToAnyone()
{
    QProcess serve;
    serve.start(kCli, {QStringLiteral("serve"), QStringLiteral("--listen"),
                       QStringLiteral("0.0.0.0:0"), QStringLiteral("--db"), m_db});
    QVERIFY(serve.waitForStarted());
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += serve.readAllStandardError()).contains("anyone can post"),
                             20000);
    QVERIFY2(err.contains("with no secret: anyone can post here"), err.constData());
    serve.terminate();
    QVERIFY(serve.waitForFinished());
}

QTEST_GUILESS_MAIN(TestCheckCommand)
#include "tst_checkcommand.moc"
