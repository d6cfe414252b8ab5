#include "protocol/jsoncursor.h"

#include "protocol/jsonstringdecoder.h"

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

} // namespace

JsonCursor::JsonCursor(QByteArrayView text, int maxDepth)
    : m_text(text)
    , m_maxDepth(maxDepth)
{
}

// Past forty lines on purpose: the tokenizer's hot loop, one switch over what
// may come next, and splitting it would hide the grammar.
JsonCursor::Token JsonCursor::next()
{
    if (m_token == Token::End || m_token == Token::Error)
        return m_token;
    const qsizetype n = m_text.size();
    while (m_pos < n && isSpace(m_text.at(m_pos)))
        ++m_pos;
    m_begin = m_pos;
    if (m_pos == n) {
        if (m_expect != Expect::Done)
            return fail(Error::UnexpectedEnd, n);
        m_token = Token::End;
        return m_token;
    }
    const char c = m_text.at(m_pos);
    switch (m_expect) {
    case Expect::Done:
        return fail(Error::TrailingText, m_pos);
    case Expect::Colon:
        return c == ':' ? single(Token::NameSeparator, Expect::Value)
                        : fail(Error::ExpectedColon, m_pos);
    case Expect::CommaOrClose:
        if (c == ',')
            return single(Token::ValueSeparator, inObject() ? Expect::Name : Expect::Value);
        if (c == (inObject() ? '}' : ']'))
            return close();
        return fail(Error::ExpectedCommaOrClose, m_pos);
    case Expect::NameOrObjectEnd:
        if (c == '}')
            return close();
        [[fallthrough]];
    case Expect::Name:
        if (c != '"')
            return fail(Error::ExpectedName, m_pos);
        if (!lexString())
            return m_token;
        m_expect = Expect::Colon;
        m_token = Token::String;
        return m_token;
    case Expect::ValueOrArrayEnd:
        if (c == ']')
            return close();
        [[fallthrough]];
    case Expect::Value:
        break;
    }
    return value(c);
}

// Past forty lines on purpose: the hot loop's one switch over a value's first byte.
JsonCursor::Token JsonCursor::value(char c)
{
    // Checked where a value begins, so a scalar may sit inside maxDepth
    // containers and an empty container may open one level deeper: the rule
    // of the export minifier this cursor replaced.
    if (m_stack.size() > m_maxDepth)
        return fail(Error::TooDeep, m_pos);
    Token token = Token::Error;
    bool ok = true;
    switch (c) {
    case '{':
        return open(true);
    case '[':
        return open(false);
    case '"':
        ok = lexString();
        token = Token::String;
        break;
    case 't':
        ok = lexLiteral("true");
        token = Token::True;
        break;
    case 'f':
        ok = lexLiteral("false");
        token = Token::False;
        break;
    case 'n':
        ok = lexLiteral("null");
        token = Token::Null;
        break;
    default:
        if (c != '-' && !isDigit(c))
            return fail(Error::ExpectedValue, m_pos);
        ok = lexNumber();
        token = Token::Number;
    }
    if (!ok)
        return m_token;
    m_expect = afterValue();
    m_token = token;
    return m_token;
}

JsonCursor::Token JsonCursor::open(bool object)
{
    m_stack.append(object);
    return single(object ? Token::BeginObject : Token::BeginArray,
                  object ? Expect::NameOrObjectEnd : Expect::ValueOrArrayEnd);
}

JsonCursor::Token JsonCursor::close()
{
    const bool object = m_stack.last();
    m_stack.removeLast();
    return single(object ? Token::EndObject : Token::EndArray, afterValue());
}

JsonCursor::Token JsonCursor::single(Token token, Expect then)
{
    ++m_pos;
    m_expect = then;
    m_token = token;
    return m_token;
}

JsonCursor::Token JsonCursor::fail(Error error, qsizetype offset)
{
    m_error = error;
    m_errorOffset = offset;
    m_token = Token::Error;
    return m_token;
}

bool JsonCursor::skipToEndOfValue()
{
    if (m_token != Token::BeginObject && m_token != Token::BeginArray)
        return m_token != Token::Error;
    const qsizetype outside = m_stack.size() - 1;
    while (m_stack.size() > outside) {
        if (next() == Token::Error)
            return false;
    }
    return true;
}

bool JsonCursor::lexString()
{
    m_escaped = false;
    qsizetype p = m_pos + 1;
    for (;;) {
        if (p >= m_text.size()) {
            fail(Error::UnexpectedEnd, m_text.size());
            return false;
        }
        const auto c = static_cast<unsigned char>(m_text.at(p));
        if (c == '"')
            break;
        if (c == '\\') {
            m_escaped = true;
            if (!lexEscape(p))
                return false;
        } else if (c < 0x20) {
            fail(Error::ControlCharacter, p);
            return false;
        } else if (c < 0x80) {
            ++p;
        } else if (!lexUtf8(p)) {
            return false;
        }
    }
    m_pos = p + 1;
    return true;
}

bool JsonCursor::lexEscape(qsizetype &p)
{
    const qsizetype n = m_text.size();
    if (p + 1 >= n) {
        fail(Error::UnexpectedEnd, n);
        return false;
    }
    const char escape = m_text.at(p + 1);
    if (QByteArrayView("\"\\/bfnrt").contains(escape)) {
        p += 2;
        return true;
    }
    if (escape == 'u') {
        for (qsizetype i = p + 2; i < p + 6; ++i) {
            if (i >= n) {
                fail(Error::UnexpectedEnd, n);
                return false;
            }
            if (!isHexDigit(m_text.at(i))) {
                fail(Error::InvalidEscape, p);
                return false;
            }
        }
        p += 6;
        return true;
    }
    fail(Error::InvalidEscape, p);
    return false;
}

// One well-formed UTF-8 sequence (Unicode Table 3-7: no overlong forms, no
// surrogates, nothing above U+10FFFF), the rule QByteArrayView::isValidUtf8()
// applies, which the export minifier used before.
bool JsonCursor::lexUtf8(qsizetype &p)
{
    const auto lead = static_cast<unsigned char>(m_text.at(p));
    int follow = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        follow = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        follow = 2;
        lo = lead == 0xE0 ? 0xA0 : 0x80;
        hi = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        follow = 3;
        lo = lead == 0xF0 ? 0x90 : 0x80;
        hi = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        fail(Error::InvalidUtf8, p);
        return false;
    }
    for (int i = 1; i <= follow; ++i) {
        if (p + i >= m_text.size()) {
            fail(Error::UnexpectedEnd, m_text.size());
            return false;
        }
        const auto b = static_cast<unsigned char>(m_text.at(p + i));
        if (b < lo || b > hi) {
            fail(Error::InvalidUtf8, p);
            return false;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    p += follow + 1;
    return true;
}

bool JsonCursor::lexNumber()
{
    qsizetype p = m_pos;
    if (m_text.at(p) == '-')
        ++p;
    if (p < m_text.size() && m_text.at(p) == '0')
        ++p;
    else if (!lexDigits(p))
        return false;
    if (p < m_text.size() && m_text.at(p) == '.' && !lexDigits(++p))
        return false;
    if (p < m_text.size() && (m_text.at(p) == 'e' || m_text.at(p) == 'E')) {
        ++p;
        if (p < m_text.size() && (m_text.at(p) == '+' || m_text.at(p) == '-'))
            ++p;
        if (!lexDigits(p))
            return false;
    }
    m_pos = p;
    return true;
}

// One or more digits at p.
bool JsonCursor::lexDigits(qsizetype &p)
{
    if (p >= m_text.size()) {
        fail(Error::UnexpectedEnd, m_text.size());
        return false;
    }
    if (!isDigit(m_text.at(p))) {
        fail(Error::InvalidNumber, p);
        return false;
    }
    while (p < m_text.size() && isDigit(m_text.at(p)))
        ++p;
    return true;
}

bool JsonCursor::lexLiteral(QByteArrayView word)
{
    for (qsizetype i = 0; i < word.size(); ++i) {
        if (m_pos + i >= m_text.size()) {
            fail(Error::UnexpectedEnd, m_text.size());
            return false;
        }
        if (m_text.at(m_pos + i) != word.at(i)) {
            fail(Error::InvalidLiteral, m_pos + i);
            return false;
        }
    }
    m_pos += word.size();
    return true;
}

QByteArray JsonCursor::decodedString() const
{
    Q_ASSERT(m_token == Token::String);
    const QByteArrayView content = m_text.sliced(m_begin + 1, m_pos - m_begin - 2);
    if (!m_escaped)
        return content.isEmpty() ? QByteArray("") : content.toByteArray();
    return JsonStringDecoder::decode(content);
}

QByteArray JsonCursor::decodeString(QByteArrayView literal)
{
    JsonCursor cursor(literal, 0);
    if (cursor.next() != Token::String)
        return {};
    const QByteArray decoded = cursor.decodedString();
    return cursor.next() == Token::End ? decoded : QByteArray();
}

QString JsonCursor::errorString() const
{
    static const char *const reasons[] = {
        "",
        "unexpected end of the text",
        "expected a value",
        "expected a member name",
        "expected ':'",
        "expected ',' or a closing bracket",
        "unexpected text after the value",
        "control character in a string",
        "invalid escape sequence",
        "invalid UTF-8",
        "invalid number",
        "invalid literal",
        "nested too deeply",
    };
    if (m_error == Error::ExpectedCommaOrClose)
        return inObject() ? QStringLiteral("expected ',' or '}'")
                          : QStringLiteral("expected ',' or ']'");
    return QString::fromLatin1(reasons[static_cast<int>(m_error)]);
}
