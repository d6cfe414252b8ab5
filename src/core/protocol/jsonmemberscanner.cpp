#include "protocol/jsonmemberscanner.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

class Cursor {
public:
    explicit Cursor(QByteArrayView text)
        : m_text(text)
    {
    }

    qsizetype pos() const { return m_pos; }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text.at(m_pos); }
    void advance() { ++m_pos; }

    void skipSpace()
    {
        while (!atEnd()) {
            const char c = m_text.at(m_pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    // Skips a string literal starting at the opening quote.
    bool skipString()
    {
        ++m_pos; // opening quote
        while (!atEnd()) {
            const char c = m_text.at(m_pos++);
            if (c == '"')
                return true;
            if (c == '\\') {
                if (atEnd())
                    return false;
                ++m_pos;
            } else if (static_cast<unsigned char>(c) < 0x20) {
                return false;
            }
        }
        return false;
    }

    // Skips one value of any kind; nested structure is tracked by depth only.
    bool skipValue()
    {
        const char first = peek();
        if (first == '"')
            return skipString();
        if (first == '{' || first == '[')
            return skipContainer();
        const qsizetype start = m_pos;
        while (!atEnd()) {
            const char c = peek();
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
                break;
            ++m_pos;
        }
        return m_pos > start;
    }

private:
    bool skipContainer()
    {
        int depth = 0;
        while (!atEnd()) {
            const char c = peek();
            if (c == '"') {
                if (!skipString())
                    return false;
                continue;
            }
            ++m_pos;
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return true;
            }
        }
        return false;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

QString failure(const char *what, qsizetype offset)
{
    return QStringLiteral("%1 at byte %2").arg(QString::fromLatin1(what)).arg(offset);
}

} // namespace

bool JsonMemberScanner::scan(QByteArrayView body, QList<Member> *members, QString *error)
{
    Cursor cur(body);
    members->clear();
    cur.skipSpace();
    if (cur.peek() != '{') {
        *error = failure("body is not a JSON object: expected '{'", cur.pos());
        return false;
    }
    cur.advance();
    cur.skipSpace();
    if (cur.peek() == '}') {
        cur.advance();
    } else {
        for (;;) {
            cur.skipSpace();
            if (cur.peek() != '"') {
                *error = failure("expected a member name", cur.pos());
                return false;
            }
            const qsizetype keyBegin = cur.pos();
            if (!cur.skipString()) {
                *error = failure("unterminated member name", keyBegin);
                return false;
            }
            Member member;
            member.key = decodeString(body.sliced(keyBegin, cur.pos() - keyBegin));
            cur.skipSpace();
            if (cur.peek() != ':') {
                *error = failure("expected ':'", cur.pos());
                return false;
            }
            cur.advance();
            cur.skipSpace();
            member.begin = cur.pos();
            member.isString = cur.peek() == '"';
            if (!cur.skipValue()) {
                *error = failure("malformed value", member.begin);
                return false;
            }
            member.length = cur.pos() - member.begin;
            members->append(member);
            cur.skipSpace();
            if (cur.peek() == ',') {
                cur.advance();
                continue;
            }
            if (cur.peek() == '}') {
                cur.advance();
                break;
            }
            *error = failure("expected ',' or '}'", cur.pos());
            return false;
        }
    }
    cur.skipSpace();
    if (!cur.atEnd()) {
        *error = failure("unexpected text after the JSON object", cur.pos());
        return false;
    }
    return true;
}

QByteArray JsonMemberScanner::decodeString(QByteArrayView literal)
{
    // Fast path: no escapes, the content is the bytes between the quotes.
    if (literal.size() >= 2 && !literal.contains('\\'))
        return literal.sliced(1, literal.size() - 2).toByteArray();
    QByteArray wrapped;
    wrapped.reserve(literal.size() + 2);
    wrapped.append('[').append(literal.data(), literal.size()).append(']');
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isArray())
        return {};
    const QJsonValue value = doc.array().at(0);
    if (!value.isString())
        return {};
    QByteArray decoded = value.toString().toUtf8();
    if (decoded.isNull())
        decoded = QByteArray("");
    return decoded;
}
