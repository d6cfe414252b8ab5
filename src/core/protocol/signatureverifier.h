#pragma once

#include "records/verification.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// The inputs of one signature check, taken from a delivery.
struct SignedParts {
    QByteArray dataText;  // exact text of `data` (decoded content if a JSON string)
    QByteArray event;     // decoded `event` string
    QByteArray timestamp; // query parameter; null when absent
    QByteArray signature; // query parameter; null when absent
};

struct SignatureCheck {
    Verification outcome = Verification::NotChecked;
    // How the outcome was reached, for the inspector: which base string
    // matched, or why none did. Never contains the secret.
    QString detail;
    QByteArray expected; // md5 of the primary base string (or of the match)
    QByteArray received; // the signature parameter as sent
};

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
    // Compares two hex digests case-insensitively in time independent of
    // where they differ.
    static bool digestsEqual(QByteArrayView expected, QByteArrayView received);

private:
    QByteArray m_secret;
    VerifyPolicy m_policy = VerifyPolicy::Strict;
};
