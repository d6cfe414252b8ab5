// The filter language (docs/filter-language.md): lexer, parser, the in-memory
// predicate and the SQL it compiles to, on any text a user can type.
#include "fuzzcheck.h"

#include "filter/filterexpression.h"
#include "records/eventrecord.h"

#include <QDateTime>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace {

// Relative times (since:2h) resolve against this, so a run is repeatable.
const QDateTime kNow = QDateTime::fromMSecsSinceEpoch(1764000000000LL, Qt::UTC);

EventRecord sampleRecord()
{
    EventRecord r;
    r.receivedAtMs = 1764000000000LL - 3600 * 1000;
    r.event = QStringLiteral("message");
    r.channel = 7;
    r.chatUserId = QStringLiteral("cu070001");
    r.chatSessionId = QStringLiteral("130001");
    r.msgType = QStringLiteral("text");
    r.senderType = SenderType::Customer;
    r.sysUserId = 42;
    r.msg = QStringLiteral("Hi, is the blue one in stock? 你好 😀");
    r.name = QStringLiteral("Zoë");
    r.verification = Verification::Verified;
    return r;
}

qsizetype placeholders(const QString &sql)
{
    return sql.count(u'?');
}

// toSql() binds every value: the text holds exactly one "?" per bind.
void checkSql(const FilterExpression &f)
{
    for (const QString &prefix : {QString(), QStringLiteral("e.")}) {
        const FilterExpression::Sql sql = f.toSql(prefix);
        FUZZ_CHECK(placeholders(sql.where) == sql.binds.size());
        FUZZ_CHECK(f.isValid() || sql.where == QLatin1String("0"));
        FUZZ_CHECK(!f.isEmpty() || sql.where.isEmpty());
    }
}

// quoteValue() gives text that parses back to exactly the value.
void checkQuoteRoundTrip(const QString &value)
{
    if (value.isEmpty())
        return;
    EventRecord r;
    r.chatUserId = value;
    r.msg = value;
    const QString quoted = FilterExpression::quoteValue(value);
    const FilterExpression user = FilterExpression::parse(QStringLiteral("user:") + quoted, kNow);
    FUZZ_CHECK(user.isValid() && user.matches(r));
    const FilterExpression phrase = FilterExpression::parse(quoted, kNow);
    FUZZ_CHECK(phrase.isValid() && phrase.matches(r));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    silenceLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const FilterExpression f = FilterExpression::parse(text, kNow);
    if (f.isValid()) {
        FUZZ_CHECK(f.errorPosition() == -1 && f.errorLength() == 0);
    } else {
        FUZZ_CHECK(!f.errorMessage().isEmpty());
        FUZZ_CHECK(f.errorPosition() >= 0 && f.errorLength() >= 0);
        FUZZ_CHECK(f.errorPosition() + f.errorLength() <= text.size());
    }
    const bool matchesSample = f.matches(sampleRecord());
    const bool matchesEmpty = f.matches(EventRecord());
    FUZZ_CHECK(f.isValid() || (!matchesSample && !matchesEmpty));
    FUZZ_CHECK(!f.isEmpty() || (matchesSample && matchesEmpty));
    checkSql(f);
    checkQuoteRoundTrip(text);
    return 0;
}
