#pragma once

#include "records/verification.h"

#include <QByteArray>
#include <QString>

// The outcome of one signature check (SignatureVerifier::verify).
struct SignatureCheck {
    Verification outcome = Verification::NotChecked;
    // How the outcome was reached, for the inspector: which base string
    // matched, or why none did. Never contains the secret.
    QString detail;
    QByteArray expected; // md5 of the primary base string (or of the match)
    QByteArray received; // the signature parameter as sent
};
