// A SaleSmartly delivery body through everything that reads it before it is
// stored: the JSON cursor, the data-span scanner, the re-serialiser behind
// "verified-loose", and the event parser (docs/json-cursor.md).
#include "fuzzcheck.h"

#include "protocol/eventparser.h"
#include "protocol/jsoncursor.h"
#include "protocol/jsonmemberscanner.h"
#include "protocol/jsonreserializer.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace {

using Token = JsonCursor::Token;

bool isWellFormed(QByteArrayView json)
{
    JsonCursor cursor(json);
    Token token = cursor.next();
    while (token != Token::End && token != Token::Error)
        token = cursor.next();
    return token == Token::End;
}

// Every token lies inside the text and after the previous one; the walk ends.
bool walkCursor(QByteArrayView body)
{
    JsonCursor cursor(body);
    qsizetype previousEnd = 0;
    for (qsizetype steps = 0;; ++steps) {
        FUZZ_CHECK(steps <= body.size() + 1);
        const Token token = cursor.next();
        if (token == Token::Error) {
            FUZZ_CHECK(cursor.error() != JsonCursor::Error::None);
            FUZZ_CHECK(cursor.errorOffset() >= 0 && cursor.errorOffset() <= body.size());
            FUZZ_CHECK(cursor.next() == Token::Error);
            return false;
        }
        FUZZ_CHECK(cursor.tokenBegin() >= previousEnd);
        FUZZ_CHECK(cursor.tokenBegin() <= cursor.tokenEnd());
        FUZZ_CHECK(cursor.tokenEnd() <= body.size());
        if (token == Token::End) {
            FUZZ_CHECK(cursor.depth() == 0);
            FUZZ_CHECK(cursor.next() == Token::End);
            return true;
        }
        FUZZ_CHECK(cursor.tokenEnd() > cursor.tokenBegin());
        if (token == Token::String) {
            FUZZ_CHECK(!cursor.decodedString().isNull());
            FUZZ_CHECK(cursor.decodedString() == JsonCursor::decodeString(cursor.tokenText()));
        }
        previousEnd = cursor.tokenEnd();
    }
}

// A member's span lies inside the body and is one whole JSON value itself.
void scanMembers(QByteArrayView body, bool wellFormed)
{
    QList<JsonMemberScanner::Member> members;
    QString error;
    const bool ok = JsonMemberScanner::scan(body, &members, &error);
    FUZZ_CHECK(ok || !error.isEmpty());
    if (!ok)
        return;
    FUZZ_CHECK(wellFormed);
    for (const JsonMemberScanner::Member &m : members) {
        FUZZ_CHECK(m.begin > 0 && m.length > 0 && m.begin + m.length <= body.size());
        const QByteArrayView span = body.sliced(m.begin, m.length);
        FUZZ_CHECK(isWellFormed(span));
        FUZZ_CHECK(m.isString == (span.front() == '"'));
    }
}

// Rewriting keeps well-formed JSON well-formed and is stable when repeated.
void rewriteAll(QByteArrayView body, bool wellFormed)
{
    for (const auto style : {JsonReserializer::Style::Compact, JsonReserializer::Style::Php,
                             JsonReserializer::Style::Python}) {
        const QByteArray once = JsonReserializer::rewrite(body, style);
        FUZZ_CHECK(once.isNull() == !wellFormed);
        if (once.isNull())
            continue;
        FUZZ_CHECK(isWellFormed(once));
        FUZZ_CHECK(JsonReserializer::rewrite(once, style) == once);
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    silenceLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Raw data, not a copy: the buffer ends exactly at size, with no
    // terminating zero, so a read past the end is an ASan report.
    const QByteArray body =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const bool wellFormed = walkCursor(body);
    scanMembers(body, wellFormed);
    rewriteAll(body, wellFormed);

    const EventParser::Result result = EventParser::parse(body);
    FUZZ_CHECK(result.ok != !result.error.isEmpty());
    if (result.ok) {
        FUZZ_CHECK(wellFormed);
        (void)EventParser::dedupeKey(result.record, result.dataText);
    }
    return 0;
}
