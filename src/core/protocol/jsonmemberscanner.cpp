#include "protocol/jsonmemberscanner.h"

#include "protocol/jsoncursor.h"

namespace {

using Token = JsonCursor::Token;

QString failure(const char *what, qsizetype offset)
{
    return QStringLiteral("%1 at byte %2").arg(QString::fromLatin1(what)).arg(offset);
}

// The words EventParser used when QJsonDocument caught such a fault.
QString notValid(const JsonCursor &cursor)
{
    return QStringLiteral("body is not valid JSON: %1 at byte %2")
        .arg(cursor.errorString())
        .arg(cursor.errorOffset());
}

QString nameFailure(QByteArrayView body, const JsonCursor &cursor)
{
    const qsizetype at = cursor.tokenBegin();
    if (at >= body.size() || body.at(at) != '"')
        return failure("expected a member name", at);
    return cursor.error() == JsonCursor::Error::UnexpectedEnd
               ? failure("unterminated member name", at)
               : notValid(cursor);
}

QString valueFailure(const JsonCursor &cursor, qsizetype begin)
{
    if (cursor.error() == JsonCursor::Error::UnexpectedEnd || cursor.errorOffset() == begin)
        return failure("malformed value", begin);
    return notValid(cursor);
}

// One "name": value member; the cursor is on the name.
bool scanMember(JsonCursor &cursor, JsonMemberScanner::Member *member, QString *error)
{
    member->key = cursor.decodedString();
    if (cursor.next() != Token::NameSeparator) {
        *error = failure("expected ':'", cursor.tokenBegin());
        return false;
    }
    const Token first = cursor.next();
    member->begin = cursor.tokenBegin();
    member->isString = first == Token::String;
    if (!cursor.skipToEndOfValue()) {
        *error = valueFailure(cursor, member->begin);
        return false;
    }
    member->length = cursor.tokenEnd() - member->begin;
    return true;
}

} // namespace

bool JsonMemberScanner::scan(QByteArrayView body, QList<Member> *members, QString *error)
{
    members->clear();
    JsonCursor cursor(body);
    if (cursor.next() != Token::BeginObject) {
        *error = failure("body is not a JSON object: expected '{'", cursor.tokenBegin());
        return false;
    }
    Token token = cursor.next();
    while (token != Token::EndObject) {
        // The cursor's grammar leaves only a name or an error here.
        if (token != Token::String) {
            *error = nameFailure(body, cursor);
            return false;
        }
        Member member;
        if (!scanMember(cursor, &member, error))
            return false;
        members->append(member);
        token = cursor.next();
        if (token == Token::ValueSeparator) {
            token = cursor.next();
        } else if (token != Token::EndObject) {
            *error = failure("expected ',' or '}'", cursor.tokenBegin());
            return false;
        }
    }
    if (cursor.next() != Token::End) {
        *error = failure("unexpected text after the JSON object", cursor.tokenBegin());
        return false;
    }
    return true;
}
