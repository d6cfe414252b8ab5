#pragma once

#include <QByteArrayView>
#include <QString>

// The events table's dedupe_key (docs/storage.md, "Duplicates"): the
// sender's key for the event (EventRecord::dedupeKey: "m:<user>:<sequence>"
// or "b:<event>:<content hash>"), then '#' and the SHA-256 of the exact body.
//
// The sender chooses the first part, so it alone must not merge two bodies:
// a forged message that reuses a genuine one's ids would otherwise take its
// verification word. Only byte-identical bodies (a genuine retry) merge;
// other bodies with the same sender key are separate events, marked as a
// conflict. The range [senderKey + '#', senderKey + '$') of the unique
// index finds them without an index of its own.
class DedupeKey final {
public:
    // '#' and 64 hex digits.
    static constexpr qsizetype kSuffixLength = 65;

    static QString stored(const QString &senderKey, QByteArrayView body);
    // The same, with the body's digest already worked out (digest()); an
    // empty or malformed one is worked out again from the body.
    static QString stored(const QString &senderKey, QByteArrayView body,
                          QByteArrayView knownDigest);
    // The SHA-256 of body in 64 lower-case hex digits.
    static QByteArray digest(QByteArrayView body);
    // The sender's part of a stored key (a key without the suffix as is).
    static QString senderKey(const QString &storedKey);
    // The bounds of the stored keys that share senderKey: >= lower, < upper;
    // a stored key in range whose sender part differs (a sender key that
    // itself contains '#') is told apart by its length.
    static QString lowerBound(const QString &senderKey);
    static QString upperBound(const QString &senderKey);
};
