#include "export/exportencoding.h"
#include "fixturevectors.h"
#include "protocol/jsoncursor.h"
#include "protocol/jsonmemberscanner.h"
#include "protocol/jsonreserializer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <memory>

using Token = JsonCursor::Token;

// Truncated and mutated bodies through every reader built on JsonCursor
// (cursor, member scanner, re-serialiser, export minifier): no crash, no read
// past the end, and answers that agree with each other. Each text is copied
// into a heap block of exactly its size, so an address sanitizer build sees
// any over-read (a QByteArray would hide one behind its terminating NUL).
namespace {

constexpr quint32 kSeed = 20251129;

class ExactBuffer {
public:
    explicit ExactBuffer(QByteArrayView text)
        : m_data(new char[static_cast<size_t>(std::max<qsizetype>(text.size(), 1))])
        , m_size(text.size())
    {
        std::copy(text.begin(), text.end(), m_data.get());
    }
    QByteArrayView view() const { return {m_data.get(), m_size}; }

private:
    std::unique_ptr<char[]> m_data;
    qsizetype m_size;
};

struct Walk {
    bool ok = false;
    bool object = false; // the first token opened an object
    JsonCursor::Error error = JsonCursor::Error::None;
    qsizetype errorOffset = -1;
};

// Walks the whole text, checking that tokens lie inside it, in order.
Walk walk(QByteArrayView text)
{
    JsonCursor cursor(text);
    Walk w;
    qsizetype previousEnd = 0;
    for (qsizetype count = 0;; ++count) {
        const Token token = cursor.next();
        if (count == 0)
            w.object = token == Token::BeginObject;
        if (token == Token::End || token == Token::Error)
            break;
        if (cursor.tokenBegin() < previousEnd || cursor.tokenEnd() > text.size() ||
            cursor.tokenEnd() <= cursor.tokenBegin() || count > text.size())
            qFatal("token out of place at %lld", static_cast<long long>(cursor.tokenBegin()));
        previousEnd = cursor.tokenEnd();
    }
    w.ok = cursor.token() == Token::End;
    w.error = cursor.error();
    w.errorOffset = cursor.errorOffset();
    return w;
}

QList<QByteArray> sampleBodies()
{
    QList<QByteArray> bodies;
    for (const FixtureVector &v : loadFixtureVectors())
        bodies.append(v.body);
    bodies.append(R"({"meta":{"data":"x"},"event":"message","data":{"a":[1,2.5e-3,true,null]}})");
    bodies.append(
        "{\"data\":\"{\\\"msg\\\":\\\"\\u4f60\\ud83d\\ude00\xc3\xa9\\\"}\",\"event\":\"m\"}");
    return bodies;
}

QByteArray mutate(QByteArray text, QRandomGenerator &rng)
{
    static const char interesting[] = "{}[]:,\"\\u0e.-+ \t\x01\x7f\x80\xbf\xc3\xed\xf0\xff";
    const int edits = 1 + static_cast<int>(rng.bounded(3));
    for (int i = 0; i < edits && !text.isEmpty(); ++i) {
        const auto at = static_cast<qsizetype>(rng.bounded(static_cast<quint32>(text.size())));
        const char byte = rng.bounded(2) ? interesting[rng.bounded(quint32{sizeof interesting - 1})]
                                         : static_cast<char>(rng.bounded(256));
        switch (rng.bounded(3)) {
        case 0:
            text[at] = byte;
            break;
        case 1:
            text.insert(at, byte);
            break;
        default:
            text.remove(at, 1);
        }
    }
    return text;
}

// What the readers built on the cursor say about one text must agree.
void checkConsistent(QByteArrayView text)
{
    const Walk w = walk(text);
    QVERIFY(w.ok || (w.errorOffset >= 0 && w.errorOffset <= text.size()));
    if (!text.isValidUtf8())
        QVERIFY(!w.ok);

    QList<JsonMemberScanner::Member> members;
    QString error;
    const bool scanned = JsonMemberScanner::scan(text, &members, &error);
    QCOMPARE(scanned, w.ok && w.object);
    QCOMPARE(error.isEmpty(), scanned);
    for (const JsonMemberScanner::Member &m : std::as_const(members)) {
        const Walk value = walk(text.sliced(m.begin, m.length));
        QVERIFY(value.ok);
        if (m.isString)
            QVERIFY(!JsonCursor::decodeString(text.sliced(m.begin, m.length)).isNull());
    }

    QByteArray minified("prefix");
    const bool exported = ExportEncoding::appendJsonValue(text, minified);
    const QByteArray compact = JsonReserializer::rewrite(text, JsonReserializer::Style::Compact);
    QCOMPARE(!compact.isNull(), w.ok);
    QVERIFY(exported ? w.ok : minified == "prefix");
    if (!exported)
        return;
    minified.remove(0, 6);
    // No whitespace left between tokens, and the same meaning as before.
    QVERIFY(walk(minified).ok);
    QVERIFY(JsonReserializer::rewrite(minified, JsonReserializer::Style::Compact) == compact);
    QJsonParseError before{};
    const QJsonDocument original = QJsonDocument::fromJson(text.toByteArray(), &before);
    if (before.error == QJsonParseError::NoError)
        QCOMPARE(QJsonDocument::fromJson(minified), original);
}

} // namespace

class TestJsonRobustness final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyTruncationIsUnexpectedEnd();
    void mutatedBodiesAgreeAcrossReaders();
    void utf8CheckAgreesWithQt();
};

void TestJsonRobustness::everyTruncationIsUnexpectedEnd()
{
    for (const QByteArray &body : sampleBodies()) {
        QVERIFY(walk(body).ok);
        for (qsizetype n = 0; n < body.size(); ++n) {
            const ExactBuffer prefix(QByteArrayView(body).first(n));
            const Walk w = walk(prefix.view());
            QVERIFY2(!w.ok, body.first(n).constData());
            QCOMPARE(w.error, JsonCursor::Error::UnexpectedEnd);
            QCOMPARE(w.errorOffset, n);
            checkConsistent(prefix.view());
            if (QTest::currentTestFailed())
                return;
        }
    }
}

void TestJsonRobustness::mutatedBodiesAgreeAcrossReaders()
{
    QRandomGenerator rng(kSeed);
    const QList<QByteArray> bodies = sampleBodies();
    int accepted = 0;
    for (int i = 0; i < 4000; ++i) {
        const QByteArray text = mutate(bodies.at(i % bodies.size()), rng);
        const ExactBuffer exact(text);
        checkConsistent(exact.view());
        if (QTest::currentTestFailed())
            qFatal("inconsistent on mutation %d: %s", i, text.toPercentEncoding().constData());
        accepted += walk(exact.view()).ok ? 1 : 0;
    }
    // Both kinds must be exercised for the agreement to mean something.
    QVERIFY(accepted > 200);
    QVERIFY(accepted < 3800);
}

void TestJsonRobustness::utf8CheckAgreesWithQt()
{
    // Random strings of non-ASCII bytes: the cursor's UTF-8 rule must be
    // QByteArrayView::isValidUtf8(), which the export minifier used before.
    QRandomGenerator rng(kSeed);
    int valid = 0;
    for (int i = 0; i < 20000; ++i) {
        QByteArray content;
        const int length = 1 + static_cast<int>(rng.bounded(5));
        for (int j = 0; j < length; ++j)
            content.append(static_cast<char>(rng.bounded(2) ? 0x80 + rng.bounded(0x80) : 'a'));
        const QByteArray literal = '"' + content + '"';
        const ExactBuffer exact(literal);
        QCOMPARE(walk(exact.view()).ok, content.isValidUtf8());
        valid += content.isValidUtf8() ? 1 : 0;
    }
    QVERIFY(valid > 500);
}

QTEST_GUILESS_MAIN(TestJsonRobustness)
#include "tst_jsonrobustness.moc"
