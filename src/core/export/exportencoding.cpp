#include "export/exportencoding.h"

#include <cctype>
#include <cstring>

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

// Recursive-descent check of RFC 8259 that copies the value's tokens as it
// goes: one pass, and no DOM as QJsonDocument would build per row.
class JsonMinifier final {
public:
    JsonMinifier(QByteArrayView in, QByteArray &out)
        : m_p(in.data())
        , m_end(in.data() + in.size())
        , m_out(out)
    {
    }

    bool run()
    {
        skipSpace();
        if (!value(0))
            return false;
        skipSpace();
        return m_p == m_end;
    }

private:
    static constexpr int kMaxDepth = 256;

    bool at(char c) const { return m_p < m_end && *m_p == c; }
    bool digitHere() const { return m_p < m_end && *m_p >= '0' && *m_p <= '9'; }
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }
    bool take(char c)
    {
        if (!at(c))
            return false;
        m_out.append(c);
        ++m_p;
        return true;
    }
    void copyFrom(const char *start) { m_out.append(start, m_p - start); }

    bool value(int depth)
    {
        if (m_p == m_end || depth > kMaxDepth)
            return false;
        switch (*m_p) {
        case '{':
            return container(depth, '}', true);
        case '[':
            return container(depth, ']', false);
        case '"':
            return string();
        case 't':
            return literal("true", 4);
        case 'f':
            return literal("false", 5);
        case 'n':
            return literal("null", 4);
        default:
            return number();
        }
    }

    // An object (members "key":value) or an array (plain values).
    bool container(int depth, char close, bool members)
    {
        take(*m_p);
        skipSpace();
        if (take(close))
            return true;
        for (;;) {
            if (members) {
                if (!string())
                    return false;
                skipSpace();
                if (!take(':'))
                    return false;
                skipSpace();
            }
            if (!value(depth + 1))
                return false;
            skipSpace();
            if (take(close))
                return true;
            if (!take(','))
                return false;
            skipSpace();
        }
    }

    bool string()
    {
        if (!at('"'))
            return false;
        const char *start = m_p++;
        while (m_p < m_end) {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                ++m_p;
                copyFrom(start);
                return true;
            }
            if (c < 0x20)
                return false;
            if (c == '\\' && !escape())
                return false;
            if (c != '\\')
                ++m_p;
        }
        return false;
    }

    bool escape()
    {
        ++m_p; // the backslash
        if (m_p == m_end)
            return false;
        const char c = *m_p++;
        if (c != '\0' && std::strchr("\"\\/bfnrt", c))
            return true;
        if (c != 'u' || m_end - m_p < 4)
            return false;
        for (int i = 0; i < 4; ++i, ++m_p) {
            if (!std::isxdigit(static_cast<unsigned char>(*m_p)))
                return false;
        }
        return true;
    }

    bool number()
    {
        const char *start = m_p;
        if (at('-'))
            ++m_p;
        if (at('0')) {
            ++m_p;
        } else {
            if (!digitHere())
                return false;
            while (digitHere())
                ++m_p;
        }
        if (at('.')) {
            ++m_p;
            if (!digitHere())
                return false;
            while (digitHere())
                ++m_p;
        }
        if (at('e') || at('E')) {
            ++m_p;
            if (at('+') || at('-'))
                ++m_p;
            if (!digitHere())
                return false;
            while (digitHere())
                ++m_p;
        }
        copyFrom(start);
        return true;
    }

    bool literal(const char *word, qsizetype size)
    {
        if (m_end - m_p < size || std::memcmp(m_p, word, static_cast<size_t>(size)) != 0)
            return false;
        m_out.append(word, size);
        m_p += size;
        return true;
    }

    const char *m_p;
    const char *const m_end;
    QByteArray &m_out;
};

} // namespace

namespace ExportEncoding {

// One CSV cell from UTF-8 bytes. Quote, comma, CR and LF are ASCII and never
// occur inside a multi-byte UTF-8 sequence, so scanning bytes is exact.
void appendCsvCell(QByteArrayView bytes, QByteArray &to)
{
    if (bytes.isEmpty())
        return;
    const bool guard = startsFormula(bytes.front());
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
    const qsizetype start = to.size();
    if (json.isValidUtf8() && JsonMinifier(json, to).run())
        return true;
    to.truncate(start);
    return false;
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
