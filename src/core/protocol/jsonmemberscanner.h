#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// Finds the top-level members of a JSON object and the exact byte span of
// each value, without re-serialising anything. The signature is computed
// over the `data` member's text as it stands in the body (spec section 2), so
// the verifier must see those bytes untouched. The whole body is checked on
// the way by JsonCursor (docs/json-cursor.md).
class JsonMemberScanner final {
public:
    struct Member {
        QByteArray key;       // decoded key
        qsizetype begin = 0;  // value's first byte in the body
        qsizetype length = 0; // value's length in bytes
        bool isString = false;
    };

    // Returns false and sets *error (with a byte offset) when the body is not
    // a single well-formed JSON object: "malformed value" when a member's
    // value is missing or the body ends inside it, "body is not valid JSON"
    // for any other fault inside a value.
    static bool scan(QByteArrayView body, QList<Member> *members, QString *error);
};
