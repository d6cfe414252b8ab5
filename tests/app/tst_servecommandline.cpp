#include "commandline.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

CommandLine serve(const QStringList &args, const QByteArray &envSecret = {})
{
    return CommandLine::parse(
        QStringList{QStringLiteral("hookscope-cli"), QStringLiteral("serve")} + args, envSecret);
}

QString writeFile(const QTemporaryDir &dir, const char *name, const QByteArray &content,
                  QFileDevice::Permissions permissions = QFileDevice::ReadOwner |
                                                         QFileDevice::WriteOwner)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    file.close();
    QFile::setPermissions(path, permissions);
    return path;
}

} // namespace

// serve's options beyond the listen address: the secret file, the body
// limit, TLS files, trusted proxies, connection caps and the stale window.
class TestServeCommandLine final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void edgeDefaults();
    void edgeOptions();
    void maxBodySizes_data();
    void maxBodySizes();
    void secretFile_data();
    void secretFile();
    void secretFileBeatsEnvironment();
    void secretFileReadableByOthersWarns();
    void refuseStaleOutsideStrictWarns();
    void errors_data();
    void errors();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_cert;
    QString m_key;
};

void TestServeCommandLine::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_cert = writeFile(*m_dir, "cert.pem", "-----BEGIN CERTIFICATE-----\n");
    m_key = writeFile(*m_dir, "key.pem", "-----BEGIN PRIVATE KEY-----\n");
    QVERIFY(!m_cert.isEmpty() && !m_key.isEmpty());
}

void TestServeCommandLine::edgeDefaults()
{
    const CommandLine cl = serve({});
    const ReceiverConfig defaults;
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QVERIFY(cl.warnings.isEmpty());
    QCOMPARE(cl.receiver.maxBodyBytes, ReceiverConfig::kDefaultMaxBodyBytes);
    QVERIFY(!cl.receiver.usesTls());
    QVERIFY(cl.receiver.trustedProxies.isEmpty());
    QCOMPARE(cl.receiver.guard.maxConnections, defaults.guard.maxConnections);
    QCOMPARE(cl.receiver.guard.maxConnectionsPerAddress, defaults.guard.maxConnectionsPerAddress);
    QCOMPARE(cl.receiver.staleAfterMs, defaults.staleAfterMs);
    QVERIFY(!cl.receiver.refuseStale);
}

void TestServeCommandLine::edgeOptions()
{
    const QString args = QStringLiteral(
        "--max-body 2M --tls-cert %1 --tls-key %2 --trusted-proxy 10.0.0.5 --trusted-proxy ::1 "
        "--trusted-proxy 10.0.0.5 --trusted-proxy 172.16.0.0/12 --max-connections 200 "
        "--max-connections-per-address 8 --stale-after 90 --refuse-stale");
    const CommandLine cl = serve(args.arg(m_cert, m_key).split(u' '));
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QVERIFY(cl.warnings.isEmpty());
    QCOMPARE(cl.receiver.maxBodyBytes, qint64(2 * 1024 * 1024));
    QCOMPARE(cl.receiver.tlsCertPath, m_cert);
    QCOMPARE(cl.receiver.tlsKeyPath, m_key);
    QVERIFY(cl.receiver.usesTls());
    QCOMPARE(cl.receiver.url(8443).left(8), QStringLiteral("https://"));
    QCOMPARE(cl.receiver.trustedProxies,
             (QStringList{QStringLiteral("10.0.0.5"), QStringLiteral("::1"),
                          QStringLiteral("172.16.0.0/12")}));
    QCOMPARE(cl.receiver.guard.maxConnections, 200);
    QCOMPARE(cl.receiver.guard.maxConnectionsPerAddress, 8);
    QCOMPARE(cl.receiver.staleAfterMs, qint64(90'000));
    QVERIFY(cl.receiver.refuseStale);
}

void TestServeCommandLine::maxBodySizes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("bytes");
    QTest::newRow("plain") << QStringLiteral("1048576") << qint64(1048576);
    QTest::newRow("one byte") << QStringLiteral("1") << qint64(1);
    QTest::newRow("K") << QStringLiteral("512K") << qint64(512 * 1024);
    QTest::newRow("kb lower case") << QStringLiteral("64kb") << qint64(64 * 1024);
    QTest::newRow("M") << QStringLiteral("1M") << qint64(1024 * 1024);
    QTest::newRow("MiB") << QStringLiteral("3MiB") << qint64(3 * 1024 * 1024);
    QTest::newRow("G, the ceiling") << QStringLiteral("1G") << qint64(1024 * 1024 * 1024);
}

void TestServeCommandLine::maxBodySizes()
{
    QFETCH(QString, text);
    QFETCH(qint64, bytes);
    const CommandLine cl = serve({QStringLiteral("--max-body"), text});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.receiver.maxBodyBytes, bytes);
}

void TestServeCommandLine::secretFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("secret");
    QTest::newRow("no line end") << QByteArray("k3y") << QByteArray("k3y");
    QTest::newRow("echo's newline") << QByteArray("k3y\n") << QByteArray("k3y");
    QTest::newRow("CRLF") << QByteArray("k3y\r\n") << QByteArray("k3y");
    QTest::newRow("inner spaces kept") << QByteArray(" a b \n") << QByteArray(" a b ");
}

void TestServeCommandLine::secretFile()
{
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, secret);
    const QString path = writeFile(*m_dir, "secret", content);
    const CommandLine cl = serve({QStringLiteral("--secret-file"), path});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.receiver.secret, secret);
    QVERIFY2(cl.warnings.isEmpty(), qPrintable(cl.warnings.join(u'\n')));
}

void TestServeCommandLine::secretFileBeatsEnvironment()
{
    const QString path = writeFile(*m_dir, "secret", "from-file\n");
    QCOMPARE(serve({QStringLiteral("--secret-file"), path}, "from-env").receiver.secret,
             QByteArray("from-file"));
}

void TestServeCommandLine::secretFileReadableByOthersWarns()
{
    const QString path = writeFile(*m_dir, "secret", "k",
                                   QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                       QFileDevice::ReadGroup | QFileDevice::ReadOther);
    const CommandLine cl = serve({QStringLiteral("--secret-file"), path});
    QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
    QCOMPARE(cl.receiver.secret, QByteArray("k"));
    QCOMPARE(cl.warnings.size(), 1);
    QVERIFY(cl.warnings.constFirst().contains(path));
    QVERIFY(cl.warnings.constFirst().contains(QStringLiteral("chmod 600")));
}

void TestServeCommandLine::refuseStaleOutsideStrictWarns()
{
    const CommandLine record = serve(
        {QStringLiteral("--policy"), QStringLiteral("record"), QStringLiteral("--refuse-stale")});
    QVERIFY(record.error.isEmpty());
    QCOMPARE(record.warnings.size(), 1);
    QVERIFY(record.warnings.constFirst().contains(QStringLiteral("strict")));
    QVERIFY(serve({QStringLiteral("--policy"), QStringLiteral("strict"),
                   QStringLiteral("--refuse-stale")})
                .warnings.isEmpty());
}

// Placeholders stand for files that init() or errors() make: {cert}, {key},
// {empty}, {twolines}, {secret}, {dir} (a folder), {missing} (no such file).
void TestServeCommandLine::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("errorPart");
    const auto row = [](const char *name, const QStringList &args, const char *part) {
        QTest::newRow(name) << args << QString::fromUtf8(part);
    };
    const auto s = [](const char *text) { return QString::fromUtf8(text); };
    row("secret and secret file", {s("--secret"), s("x"), s("--secret-file"), s("{secret}")},
        "not both");
    row("secret file missing", {s("--secret-file"), s("{missing}")}, "{missing}");
    row("secret file empty", {s("--secret-file"), s("{empty}")}, "empty");
    row("secret file a folder", {s("--secret-file"), s("{dir}")}, "folder");
    row("secret file two lines", {s("--secret-file"), s("{twolines}")}, "more than one line");
    row("max body 0", {s("--max-body"), s("0")}, "--max-body");
    row("max body negative", {s("--max-body"), s("-5")}, "not \"-5\"");
    row("max body garbage", {s("--max-body"), s("lots")}, "not \"lots\"");
    row("max body bad suffix", {s("--max-body"), s("5T")}, "--max-body");
    row("max body over 1G", {s("--max-body"), s("2G")}, "1G");
    row("max body huge", {s("--max-body"), s("999999999999G")}, "--max-body");
    row("cert without key", {s("--tls-cert"), s("{cert}")}, "go together");
    row("key without cert", {s("--tls-key"), s("{key}")}, "go together");
    row("cert unreadable", {s("--tls-cert"), s("{missing}"), s("--tls-key"), s("{key}")},
        "--tls-cert file \"{missing}\"");
    row("key is a folder", {s("--tls-cert"), s("{cert}"), s("--tls-key"), s("{dir}")},
        "--tls-key file \"{dir}\"");
    row("proxy a name", {s("--trusted-proxy"), s("proxy.local")}, "IP address");
    row("proxy a bad subnet", {s("--trusted-proxy"), s("10.0.0.0/33")}, "IP address");
    row("max connections 0", {s("--max-connections"), s("0")}, "--max-connections needs");
    row("per address garbage", {s("--max-connections-per-address"), s("x")},
        "--max-connections-per-address needs");
    row("stale after 0", {s("--stale-after"), s("0")}, "--stale-after");
    row("stale after negative", {s("--stale-after"), s("-60")}, "--stale-after");
    row("stale after a duration word", {s("--stale-after"), s("10m")}, "--stale-after");
}

void TestServeCommandLine::errors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, errorPart);
    const QList<std::pair<QString, QString>> files{
        {QStringLiteral("{cert}"), m_cert},
        {QStringLiteral("{key}"), m_key},
        {QStringLiteral("{secret}"), writeFile(*m_dir, "secret", "k\n")},
        {QStringLiteral("{empty}"), writeFile(*m_dir, "empty", "\n")},
        {QStringLiteral("{twolines}"), writeFile(*m_dir, "twolines", "a\nb\n")},
        {QStringLiteral("{dir}"), m_dir->path()},
        {QStringLiteral("{missing}"), m_dir->filePath(QStringLiteral("missing.pem"))}};
    for (const auto &[placeholder, path] : files) {
        args.replaceInStrings(placeholder, path);
        errorPart.replace(placeholder, path);
    }
    const CommandLine cl = serve(args);
    QVERIFY2(cl.error.contains(errorPart), qPrintable(cl.error));
}

QTEST_GUILESS_MAIN(TestServeCommandLine)
#include "tst_servecommandline.moc"
