#include "models/jsontext.h"

#include "protocol/jsoncursor.h"

#include <QDateTime>

std::optional<QByteArray> JsonText::pretty(QByteArrayView json, int indent)
{
    using Token = JsonCursor::Token;
    JsonCursor cursor(json);
    QByteArray out;
    out.reserve(json.size() + json.size() / 4);
    int depth = 0;
    const auto newline = [&out, &depth, indent] {
        out += '\n';
        out += QByteArray(qsizetype(depth) * indent, ' ');
    };
    Token previous = Token::Null;
    for (Token t = cursor.next();; t = cursor.next()) {
        if (t == Token::Error)
            return std::nullopt;
        if (t == Token::End)
            break;
        switch (t) {
        case Token::BeginObject:
        case Token::BeginArray:
            if (previous == Token::BeginObject || previous == Token::BeginArray)
                newline();
            out += cursor.tokenText();
            ++depth;
            break;
        case Token::EndObject:
        case Token::EndArray:
            --depth;
            // An empty container stays on one line: {} []
            if (previous != Token::BeginObject && previous != Token::BeginArray)
                newline();
            out += cursor.tokenText();
            break;
        case Token::NameSeparator:
            out += ": ";
            break;
        case Token::ValueSeparator:
            out += ',';
            newline();
            break;
        default: // a value or a member name
            if (previous == Token::BeginObject || previous == Token::BeginArray)
                newline();
            out += cursor.tokenText();
            break;
        }
        previous = t;
    }
    return out;
}

QString JsonText::epochDate(const QString &value)
{
    const QString text = value.trimmed();
    if (text.isEmpty() || text.size() > 16)
        return {};
    for (const QChar c : text) {
        if (!c.isDigit() || c.unicode() > 127)
            return {};
    }
    bool ok = false;
    const qint64 number = text.toLongLong(&ok);
    if (!ok || number <= 0)
        return {};
    const qint64 ms = number < Q_INT64_C(100000000000) ? number * 1000 : number;
    constexpr qint64 kYear10000Ms = Q_INT64_C(253402300800000);
    if (ms >= kYear10000Ms)
        return {};
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms);
    return local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODateWithMs);
}

bool JsonText::isEpochKey(const QString &key)
{
    return key == QLatin1String("timestamp") || key == QLatin1String("send_time");
}
