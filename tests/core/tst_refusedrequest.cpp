#include "ingest/refusedrequest.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

RefusedRecord refused(const QByteArray &body)
{
    RefusedRecord r;
    r.id = 7;
    r.status = 401;
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/webhook");
    r.query = QStringLiteral("timestamp=1764000000&signature=0123456789abcdef");
    r.queryBytes = r.query.size();
    r.headers = QStringLiteral("Host: example\nContent-Type: application/json\n"
                               "X-Other: 'should not be sent'\n");
    r.peer = QStringLiteral("203.0.113.9");
    r.body = body;
    r.bodyBytes = body.size();
    return r;
}

} // namespace

class TestRefusedRequest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void contentOfAMessage();
    void contentOfACustomerEvent();
    void contentOfGarbageIsEmpty_data();
    void contentOfGarbageIsEmpty();
    void requestComesBackFromTheStoredCopy();
    void completeness();
    void shellQuoteSurvivesQuotes();
    void curlReproducesTheBodyByteForByte_data();
    void curlReproducesTheBodyByteForByte();
    void curlSaysWhenTheCopyWasCut();
};

void TestRefusedRequest::contentOfAMessage()
{
    const RefusedRequest::Content c = RefusedRequest::content(
        refused(R"({"event":"message","data":{"chat_user_id":"cu1","channel":7,"msg":"hi"}})"));
    QVERIFY(c.parsed);
    QCOMPARE(c.event, QStringLiteral("message"));
    QVERIFY(!c.channel.isEmpty());
    QCOMPARE(c.customer, QStringLiteral("cu1"));
}

void TestRefusedRequest::contentOfACustomerEvent()
{
    const RefusedRequest::Content c = RefusedRequest::content(
        refused(R"({"event":"add_user","data":"{\"chat_user_id\":\"cu2\",\"name\":\"Maria\",)"
                R"(\"channel_name\":\"My shop\"}"})"));
    QVERIFY(c.parsed);
    QCOMPARE(c.event, QStringLiteral("add_user"));
    QCOMPARE(c.channel, QStringLiteral("My shop"));
    QCOMPARE(c.customer, QStringLiteral("Maria"));
}

void TestRefusedRequest::contentOfGarbageIsEmpty_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not JSON") << QByteArray("hello=world");
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe{\"event\"", 9);
    QTest::newRow("invalid UTF-8 in a string")
        << QByteArray("{\"event\":\"message\",\"data\":{\"msg\":\"\xc3\x28\"}}");
    QTest::newRow("array") << QByteArray("[1,2,3]");
    // Over the bound: not even looked at, however valid.
    QByteArray huge = R"({"event":"message","data":{"chat_user_id":"cu1","msg":")";
    huge += QByteArray(RefusedRequest::kMaxParsedBytes, 'x');
    huge += R"("}})";
    QTest::newRow("over the bound") << huge;
}

void TestRefusedRequest::contentOfGarbageIsEmpty()
{
    QFETCH(QByteArray, body);
    const RefusedRequest::Content c = RefusedRequest::content(refused(body));
    QVERIFY(!c.parsed);
    QVERIFY(c.event.isEmpty());
    QVERIFY(c.customer.isEmpty());
}

void TestRefusedRequest::requestComesBackFromTheStoredCopy()
{
    const RefusedRecord r = refused("{}");
    const IncomingRequest request = RefusedRequest::request(r);
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, r.path);
    QCOMPARE(request.query, r.query);
    QCOMPARE(request.body, r.body);
    QCOMPARE(request.peer, r.peer);
    QCOMPARE(request.headers.size(), 3);
    QCOMPARE(request.headers.at(1).first, QByteArray("Content-Type"));
    QCOMPARE(request.headers.at(1).second, QByteArray("application/json"));
}

void TestRefusedRequest::completeness()
{
    RefusedRecord r = refused("{\"a\":1}");
    QVERIFY(RefusedRequest::isComplete(r));
    r.bodyBytes = 100;
    QVERIFY(!RefusedRequest::isComplete(r));
    r = refused("{}");
    r.queryBytes = r.query.size() + 1;
    QVERIFY(!RefusedRequest::isComplete(r));
}

void TestRefusedRequest::shellQuoteSurvivesQuotes()
{
    QCOMPARE(RefusedRequest::shellQuote(QStringLiteral("a'b")), QStringLiteral("'a'\\''b'"));
    QCOMPARE(RefusedRequest::shellQuote(QString()), QStringLiteral("''"));
}

void TestRefusedRequest::curlReproducesTheBodyByteForByte_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("viaStdin");
    QTest::newRow("json") << QByteArray(R"({"event":"message","data":{"msg":"hi"}})") << false;
    QTest::newRow("quotes and shell syntax")
        << QByteArray(R"({"msg":"it's \"quoted\" $HOME `id` $(id) ; rm -rf / & \\ | > <"})")
        << false;
    QTest::newRow("Chinese, emoji, newlines")
        << QByteArray("{\"msg\":\"\xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80\n'line'\"}") << false;
    QTest::newRow("NUL and invalid UTF-8")
        << QByteArray("{\"a\":\"\x00\xff\xfe'%s\\n%\"}", 17) << true;
    QTest::newRow("terminal escape") << QByteArray("\x1b]0;owned\x07{}") << true;
    QTest::newRow("curl would read a file") << QByteArray("@/etc/passwd") << true;
    QTest::newRow("leading dash, binary") << QByteArray("-n\xff") << true;
    QTest::newRow("empty") << QByteArray() << false;
}

// The command run by a real shell, with a stand-in curl that writes down
// its arguments and its stdin: what curl would get.
void TestRefusedRequest::curlReproducesTheBodyByteForByte()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, viaStdin);
    const QString sh = QStandardPaths::findExecutable(QStringLiteral("sh"));
    if (sh.isEmpty())
        QSKIP("no sh");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile fake(dir.filePath(QStringLiteral("curl")));
    QVERIFY(fake.open(QIODevice::WriteOnly));
    fake.write("#!/bin/sh\n"
               "for a in \"$@\"; do printf '%s\\n--arg--\\n' \"$a\"; done > \"$OUT/args\"\n"
               "cat > \"$OUT/stdin\"\n");
    fake.close();
    QVERIFY(fake.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    const RefusedRecord r = refused(body);
    const QString command =
        RefusedRequest::curlCommand(r, QStringLiteral("http://127.0.0.1:8787/"));
    QVERIFY(!command.contains(QStringLiteral("X-Other")));
    QCOMPARE(command.contains(QStringLiteral("printf")), viaStdin);
    QProcess shell;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PATH"), dir.path() + u':' + env.value(QStringLiteral("PATH")));
    env.insert(QStringLiteral("OUT"), dir.path());
    shell.setProcessEnvironment(env);
    shell.start(sh, {QStringLiteral("-c"), command});
    shell.closeWriteChannel();
    QVERIFY(shell.waitForFinished(10000));
    QCOMPARE(shell.exitCode(), 0);

    QFile argsFile(dir.filePath(QStringLiteral("args")));
    QVERIFY(argsFile.open(QIODevice::ReadOnly));
    QList<QByteArray> args = argsFile.readAll().split('\n');
    // Each argument is followed by the "--arg--" line; rejoin multi-line ones.
    QList<QByteArray> whole;
    QByteArray current;
    bool first = true;
    for (const QByteArray &line : std::as_const(args)) {
        if (line == "--arg--") {
            whole.append(current);
            current.clear();
            first = true;
            continue;
        }
        if (!first)
            current += '\n';
        current += line;
        first = false;
    }
    QCOMPARE(whole.value(0), QByteArray("-sS"));
    QCOMPARE(whole.value(2), QByteArray("POST"));
    QCOMPARE(whole.value(3), QByteArray("http://127.0.0.1:8787/webhook?timestamp=1764000000&"
                                        "signature=0123456789abcdef"));
    QCOMPARE(whole.value(4), QByteArray("-H"));
    QCOMPARE(whole.value(5), QByteArray("Content-Type: application/json"));
    QCOMPARE(whole.value(6), QByteArray("--data-binary"));
    QFile stdinFile(dir.filePath(QStringLiteral("stdin")));
    QVERIFY(stdinFile.open(QIODevice::ReadOnly));
    if (viaStdin) {
        QCOMPARE(whole.value(7), QByteArray("@-"));
        QCOMPARE(stdinFile.readAll(), body);
    } else {
        QCOMPARE(whole.value(7), body);
    }
}

void TestRefusedRequest::curlSaysWhenTheCopyWasCut()
{
    RefusedRecord r = refused("{\"a\":");
    r.bodyBytes = 5000;
    const QString command = RefusedRequest::curlCommand(r, QStringLiteral("http://h:1"));
    QVERIFY(command.startsWith(u'#'));
    QVERIFY(command.contains(QStringLiteral("5000")));
    QVERIFY(
        !RefusedRequest::curlCommand(refused("{}"), QStringLiteral("http://h:1")).startsWith(u'#'));
}

QTEST_GUILESS_MAIN(TestRefusedRequest)
#include "tst_refusedrequest.moc"
