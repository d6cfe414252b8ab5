#pragma once

#include <QByteArrayView>
#include <QMetaType>
#include <QString>
#include <QStringView>

#include <optional>

// Outcome of checking one delivery's signature. The words are a contract
// (DESIGN.md): they are stored, shown, exported and used by the filter.
enum class Verification {
    Verified,          // md5(secret&data=<exact text>&event=E)
    VerifiedTimestamp, // the same with &timestamp=T appended
    VerifiedLoose,     // matched only a re-serialisation of data
    BadSignature,
    Unsigned,   // no signature parameter
    NotChecked, // no secret configured, or policy off
};

enum class VerifyPolicy {
    Strict, // refuse bad-signature and unsigned deliveries with 401
    Record, // accept them, flagged
    Off,    // do not check at all
};

QString verificationWord(Verification v);
// The same word as UTF-8 (it is ASCII), for writers that skip QString.
QByteArrayView verificationUtf8(Verification v);
std::optional<Verification> verificationFromWord(QStringView word);
// The same from UTF-8 text; a word spelt exactly as verificationUtf8() gives
// it is recognised without building a QString.
std::optional<Verification> verificationFromUtf8(QByteArrayView word);
// True for the three "verified" words.
bool isVerified(Verification v);
// Higher is stronger; used to keep the best outcome of repeated deliveries.
int verificationStrength(Verification v);

QString policyWord(VerifyPolicy p);
std::optional<VerifyPolicy> policyFromWord(QStringView word);

Q_DECLARE_METATYPE(Verification)
Q_DECLARE_METATYPE(VerifyPolicy)
