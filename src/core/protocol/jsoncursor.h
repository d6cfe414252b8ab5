#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QVarLengthArray>

// Walks one JSON text (RFC 8259, UTF-8) token by token, with byte offsets.
// The one tokenizer behind the data-span scanner, the re-serialiser and the
// export minifier (docs/json-cursor.md), so that all three agree on what JSON
// is. Strict: grammar, escapes, numbers and UTF-8 inside strings are checked,
// and the first fault ends the walk with its byte offset. It never reads past
// the end of the view and allocates nothing unless nesting passes 32 levels.
class JsonCursor final {
public:
    enum class Token {
        BeginObject,
        EndObject,
        BeginArray,
        EndArray,
        NameSeparator,  // ':'
        ValueSeparator, // ','
        String,
        Number,
        True,
        False,
        Null,
        End,   // the text ended after one whole value (and whitespace)
        Error, // see error(); End and Error are final
    };

    enum class Error {
        None,
        UnexpectedEnd,        // the text ends inside a token or before the value is whole
        ExpectedValue,        // a byte that starts no value where a value must come
        ExpectedName,         // an object member must start with a string
        ExpectedColon,        // after a member name
        ExpectedCommaOrClose, // after a value inside an object or array
        TrailingText,         // anything but whitespace after the value
        ControlCharacter,     // a raw byte below 0x20 inside a string
        InvalidEscape,        // offset: the backslash
        InvalidUtf8,          // offset: the first byte of the ill-formed sequence
        InvalidNumber,
        InvalidLiteral,
        TooDeep, // a value begins inside more than maxDepth open containers
    };

    // QJsonDocument's own limit (1024 open containers): the receiver, which
    // builds a QJsonDocument of every body, never accepted deeper ones.
    static constexpr int kDefaultMaxDepth = 1024;

    explicit JsonCursor(QByteArrayView text, int maxDepth = kDefaultMaxDepth);

    // Reads the next token; End and Error repeat once reached.
    Token next();
    // When the current token opens an object or array, reads on to its
    // matching close, so that tokenEnd() is the end of the whole value; other
    // value tokens are whole already. False on an error.
    bool skipToEndOfValue();

    Token token() const { return m_token; }
    // The current token's bytes: [tokenBegin, tokenEnd). A string token
    // includes its quotes and escapes as written. After an error, tokenBegin
    // is where the faulty token starts (whitespace skipped).
    qsizetype tokenBegin() const { return m_begin; }
    qsizetype tokenEnd() const { return m_pos; }
    QByteArrayView tokenText() const { return m_text.sliced(m_begin, m_pos - m_begin); }
    // Containers open at the current position.
    qsizetype depth() const { return m_stack.size(); }

    // The current string token's content, decoded to UTF-8 (never null).
    QByteArray decodedString() const;

    Error error() const { return m_error; }
    qsizetype errorOffset() const { return m_errorOffset; }
    QString errorString() const; // the reason, without the offset

    // The decoded content of `literal`, which must be exactly one well-formed
    // JSON string (quotes included); null otherwise.
    static QByteArray decodeString(QByteArrayView literal);

private:
    enum class Expect { Value, ValueOrArrayEnd, NameOrObjectEnd, Name, Colon, CommaOrClose, Done };

    Token value(char c);
    Token open(bool object);
    Token close();
    Token single(Token token, Expect then);
    Token fail(Error error, qsizetype offset);
    Expect afterValue() const { return m_stack.isEmpty() ? Expect::Done : Expect::CommaOrClose; }
    bool inObject() const { return !m_stack.isEmpty() && m_stack.last(); }

    bool lexString();
    bool lexEscape(qsizetype &p);
    bool lexUtf8(qsizetype &p);
    bool lexNumber();
    bool lexDigits(qsizetype &p);
    bool lexLiteral(QByteArrayView word);

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    qsizetype m_begin = 0;
    qsizetype m_errorOffset = -1;
    int m_maxDepth = kDefaultMaxDepth;
    Token m_token = Token::Null; // nothing read yet
    Expect m_expect = Expect::Value;
    Error m_error = Error::None;
    bool m_escaped = false;            // the current string holds a backslash
    QVarLengthArray<bool, 32> m_stack; // one per open container: true = object
};
