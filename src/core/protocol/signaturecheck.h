#pragma once

#include "records/verification.h"

#include <QByteArray>
#include <QString>

// The outcome of one signature check (SignatureVerifier::verify).
//
// It never holds the signature that would have been valid: a store that
// kept "expected <md5>" for a bad signature would sign any body an attacker
// sends. A user with a wrong key compares key fingerprints instead.
struct SignatureCheck {
    Verification outcome = Verification::NotChecked;
    // How the outcome was reached, for the inspector: which base string
    // matched, or which ones were tried, the signature received and the
    // configured key's fingerprint. Never the secret, never a computed digest.
    QString detail;
    QByteArray received; // the signature parameter as sent
};
