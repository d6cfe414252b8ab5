#pragma once

#include "records/verification.h"

#include <QByteArray>
#include <QByteArrayView>

struct SignatureCheck;
struct SignedParts;

// Verifies SaleSmartly signatures: md5(secret&data=<D>&event=<E>[&timestamp=<T>])
// (spec section 2). Exact data text first, then the re-serialised fallbacks.
class SignatureVerifier final {
public:
    explicit SignatureVerifier(QByteArray secret = {}, VerifyPolicy policy = VerifyPolicy::Strict);

    QByteArray secret() const { return m_secret; }
    VerifyPolicy policy() const { return m_policy; }
    bool isChecking() const { return !m_secret.isEmpty() && m_policy != VerifyPolicy::Off; }

    SignatureCheck verify(const SignedParts &parts) const;

    static QByteArray baseString(QByteArrayView secret, QByteArrayView dataText,
                                 QByteArrayView event, QByteArrayView timestamp = {});
    // Lower-case hexadecimal md5 of the base string.
    static QByteArray sign(QByteArrayView secret, QByteArrayView dataText, QByteArrayView event,
                           QByteArrayView timestamp = {});
    // A short fingerprint of a secret, so that two machines' keys can be
    // compared without showing them: the first 8 hex digits of SHA-256 over a
    // fixed domain-separation prefix and the secret (docs/storage.md). Not
    // MD5 and not a base string, so it signs nothing. Empty for no secret.
    static QString keyFingerprint(QByteArrayView secret);
    // Compares two hex digests case-insensitively in time independent of
    // where they differ.
    static bool digestsEqual(QByteArrayView expected, QByteArrayView received);

private:
    QByteArray m_secret;
    VerifyPolicy m_policy = VerifyPolicy::Strict;
};
