#include "export/exportencoding.h"

#include "protocol/jsoncursor.h"

namespace {

bool forcesQuotes(char c)
{
    return c == ',' || c == '"' || c == '\r' || c == '\n';
}

// Spreadsheets run a cell starting with one of these as a formula.
bool startsFormula(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void appendControlEscape(unsigned char c, QByteArray &to)
{
    static const char hex[] = "0123456789abcdef";
    const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
    to.append(escape, sizeof escape);
}

// The exporter's nesting limit since its first version: a payload nested
// deeper is exported as a string. Kept so that exports stay byte-identical.
constexpr int kMaxJsonDepth = 256;

} // namespace

namespace ExportEncoding {

// One CSV cell from UTF-8 bytes. Quote, comma, CR and LF are ASCII and never
// occur inside a multi-byte UTF-8 sequence, so scanning bytes is exact.
void appendCsvCell(QByteArrayView bytes, QByteArray &to, bool formulaGuard)
{
    if (bytes.isEmpty())
        return;
    const bool guard = formulaGuard && startsFormula(bytes.front());
    bool quote = false;
    for (const char c : bytes) {
        if (forcesQuotes(c)) {
            quote = true;
            break;
        }
    }
    if (!guard && !quote) {
        to.append(bytes);
        return;
    }
    // One resize for the worst case (every byte a quote), then plain stores:
    // a payload holds dozens of quotes, each a separate append otherwise.
    const qsizetype start = to.size();
    to.resize(start + 2 * bytes.size() + 3);
    char *out = to.data() + start;
    if (quote)
        *out++ = '"';
    if (guard)
        *out++ = '\'';
    for (const char c : bytes) {
        *out++ = c;
        if (c == '"')
            *out++ = '"'; // RFC 4180: a quote inside a quoted cell is doubled
    }
    if (quote)
        *out++ = '"';
    to.resize(out - to.constData());
}

// A JSON string from UTF-8 bytes.
void appendJsonString(QByteArrayView bytes, QByteArray &to)
{
    to.append('"');
    qsizetype start = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        to.append(bytes.data() + start, i - start);
        start = i + 1;
        switch (c) {
        case '"':
            to.append("\\\"", 2);
            break;
        case '\\':
            to.append("\\\\", 2);
            break;
        case '\n':
            to.append("\\n", 2);
            break;
        case '\r':
            to.append("\\r", 2);
            break;
        case '\t':
            to.append("\\t", 2);
            break;
        default:
            appendControlEscape(c, to);
        }
    }
    to.append(bytes.data() + start, bytes.size() - start);
    to.append('"');
}

bool appendJsonValue(QByteArrayView json, QByteArray &to)
{
    // Tokens are copied as written; only the whitespace between them goes.
    // Runs of adjacent tokens are copied at once: a compact payload, the
    // common case, is a single append.
    const qsizetype start = to.size();
    JsonCursor cursor(json, kMaxJsonDepth);
    qsizetype runBegin = 0;
    qsizetype runEnd = 0;
    for (JsonCursor::Token token = cursor.next(); token != JsonCursor::Token::End;
         token = cursor.next()) {
        if (token == JsonCursor::Token::Error) {
            to.truncate(start);
            return false;
        }
        if (cursor.tokenBegin() != runEnd) {
            to.append(json.sliced(runBegin, runEnd - runBegin));
            runBegin = cursor.tokenBegin();
        }
        runEnd = cursor.tokenEnd();
    }
    to.append(json.sliced(runBegin, runEnd - runBegin));
    return true;
}

bool formatIsoTime(qint64 ms, char *out)
{
    constexpr qint64 msPerDay = 86400000;
    qint64 days = ms / msPerDay;
    qint64 rest = ms % msPerDay;
    if (rest < 0) {
        rest += msPerDay;
        --days;
    }
    // Howard Hinnant's civil_from_days.
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999)
        return false;
    const auto put = [&out](qint64 value, int width, char after) {
        for (int i = width - 1; i >= 0; --i) {
            out[i] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
        out += width;
        if (after)
            *out++ = after;
    };
    put(year, 4, '-');
    put(month, 2, '-');
    put(day, 2, 'T');
    put(rest / 3600000, 2, ':');
    put(rest / 60000 % 60, 2, ':');
    put(rest / 1000 % 60, 2, '.');
    put(rest % 1000, 3, 'Z');
    return true;
}

} // namespace ExportEncoding
