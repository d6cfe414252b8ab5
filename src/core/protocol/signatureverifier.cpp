#include "protocol/signatureverifier.h"

#include "protocol/jsonreserializer.h"
#include "protocol/signaturecheck.h"
#include "protocol/signedparts.h"

#include <QCryptographicHash>

#include <array>
#include <utility>

SignatureVerifier::SignatureVerifier(QByteArray secret, VerifyPolicy policy)
    : m_secret(std::move(secret))
    , m_policy(policy)
{
}

QByteArray SignatureVerifier::baseString(QByteArrayView secret, QByteArrayView dataText,
                                         QByteArrayView event, QByteArrayView timestamp)
{
    QByteArray base;
    base.reserve(secret.size() + dataText.size() + event.size() + timestamp.size() + 32);
    base.append(secret).append("&data=").append(dataText).append("&event=").append(event);
    if (!timestamp.isEmpty())
        base.append("&timestamp=").append(timestamp);
    return base;
}

QByteArray SignatureVerifier::sign(QByteArrayView secret, QByteArrayView dataText,
                                   QByteArrayView event, QByteArrayView timestamp)
{
    return QCryptographicHash::hash(baseString(secret, dataText, event, timestamp),
                                    QCryptographicHash::Md5)
        .toHex();
}

bool SignatureVerifier::digestsEqual(QByteArrayView expected, QByteArrayView received)
{
    if (expected.size() != received.size())
        return false;
    unsigned diff = 0;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        // ASCII case folding without branches on the data: hex digits only
        // differ in case by the 0x20 bit, which is folded for letters alone.
        const auto a = static_cast<unsigned char>(expected.at(i));
        const auto b = static_cast<unsigned char>(received.at(i));
        const unsigned fold = 0x20U * static_cast<unsigned>((b >= 'A') & (b <= 'F'));
        diff |= static_cast<unsigned>(a ^ (b | fold));
    }
    return diff == 0;
}

SignatureCheck SignatureVerifier::verify(const SignedParts &parts) const
{
    SignatureCheck check;
    check.received = parts.signature;
    if (!isChecking()) {
        check.outcome = Verification::NotChecked;
        check.detail = m_secret.isEmpty() ? QStringLiteral("no secret configured")
                                          : QStringLiteral("verification policy is off");
        return check;
    }
    check.expected = sign(m_secret, parts.dataText, parts.event);
    if (parts.signature.isNull()) {
        check.outcome = Verification::Unsigned;
        check.detail = QStringLiteral("the request has no signature parameter");
        return check;
    }

    struct Candidate {
        QByteArray dataText;
        const char *how;
        Verification plain;
    };
    std::array<Candidate, 4> candidates{{
        {parts.dataText, "the exact data text", Verification::Verified},
        {{}, "data re-serialised compactly", Verification::VerifiedLoose},
        {{}, "data re-serialised PHP-style (\\/ and \\uXXXX escapes)", Verification::VerifiedLoose},
        {{},
         "data re-serialised Python-style (\", \" separators, \\uXXXX)",
         Verification::VerifiedLoose},
    }};
    const std::array<JsonReserializer::Style, 3> styles{JsonReserializer::Style::Compact,
                                                        JsonReserializer::Style::Php,
                                                        JsonReserializer::Style::Python};
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        Candidate &candidate = candidates.at(i);
        if (i > 0) {
            candidate.dataText = JsonReserializer::rewrite(parts.dataText, styles.at(i - 1));
            // A rewrite identical to the exact text cannot match where it failed.
            if (candidate.dataText.isNull() || candidate.dataText == parts.dataText)
                continue;
        }
        const QByteArray plain = sign(m_secret, candidate.dataText, parts.event);
        if (digestsEqual(plain, parts.signature)) {
            check.outcome = candidate.plain;
            check.expected = plain;
            check.detail = QStringLiteral("matched md5(secret&data=<%1>&event=<event>)")
                               .arg(QString::fromLatin1(candidate.how));
            return check;
        }
        if (!parts.timestamp.isEmpty()) {
            const QByteArray stamped =
                sign(m_secret, candidate.dataText, parts.event, parts.timestamp);
            if (digestsEqual(stamped, parts.signature)) {
                check.outcome = candidate.plain == Verification::Verified
                                    ? Verification::VerifiedTimestamp
                                    : Verification::VerifiedLoose;
                check.expected = stamped;
                check.detail =
                    QStringLiteral(
                        "matched md5(secret&data=<%1>&event=<event>&timestamp=<timestamp>)")
                        .arg(QString::fromLatin1(candidate.how));
                return check;
            }
        }
    }
    check.outcome = Verification::BadSignature;
    check.detail =
        parts.timestamp.isEmpty()
            ? QStringLiteral("no base string matched (exact data text and re-serialisations, "
                             "without timestamp: the request has none)")
            : QStringLiteral("no base string matched (exact data text and re-serialisations, "
                             "with and without timestamp)");
    return check;
}
