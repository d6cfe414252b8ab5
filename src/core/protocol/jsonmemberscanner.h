#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// Finds the top-level members of a JSON object and the exact byte span of
// each value, without re-serialising anything. The signature is computed
// over the `data` member's text as it stands in the body (spec section 2), so
// the verifier must see those bytes untouched.
class JsonMemberScanner final {
public:
    struct Member {
        QByteArray key;       // decoded key
        qsizetype begin = 0;  // value's first byte in the body
        qsizetype length = 0; // value's length in bytes
        bool isString = false;
    };

    // Returns false and sets *error (with a byte offset) when the body is not
    // a single JSON object with well-formed top-level members. Nested values
    // are only skipped, not validated: QJsonDocument validates them.
    static bool scan(QByteArrayView body, QList<Member> *members, QString *error);

    // The decoded content of a JSON string literal (quotes included in
    // `literal`); null on a malformed literal.
    static QByteArray decodeString(QByteArrayView literal);
};
