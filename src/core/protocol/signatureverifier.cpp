#include "protocol/signatureverifier.h"

#include "protocol/jsonreserializer.h"
#include "protocol/signaturecheck.h"
#include "protocol/signedparts.h"

#include <QCryptographicHash>

#include <array>
#include <optional>
#include <utility>

namespace {

// One data text to try: how it is made from the exact text, how the
// inspector names it, and what a match on it alone (without timestamp) proves.
struct Candidate {
    std::optional<JsonReserializer::Style> rewrite; // none: the exact text
    const char *how;
    Verification plain;
};

// The order is the spec's (section 2): the exact text first, then the
// re-serialisations, which are weaker evidence.
constexpr std::array<Candidate, 4> kCandidates{{
    {std::nullopt, "the exact data text", Verification::Verified},
    {JsonReserializer::Style::Compact, "data re-serialised compactly", Verification::VerifiedLoose},
    {JsonReserializer::Style::Php, "data re-serialised PHP-style (\\/ and \\uXXXX escapes)",
     Verification::VerifiedLoose},
    {JsonReserializer::Style::Python,
     "data re-serialised Python-style (\", \" separators, \\uXXXX)", Verification::VerifiedLoose},
}};

// The candidate's data text; none when there is nothing new to try.
std::optional<QByteArray> candidateText(const Candidate &candidate, const QByteArray &exact)
{
    if (!candidate.rewrite)
        return exact;
    QByteArray text = JsonReserializer::rewrite(exact, *candidate.rewrite);
    // A rewrite identical to the exact text cannot match where it failed.
    if (text.isNull() || text == exact)
        return std::nullopt;
    return text;
}

// Tries the candidate's base string without, then with the timestamp; on a
// match, fills in how `check` was reached and returns true.
bool matchCandidate(QByteArrayView secret, const Candidate &candidate, const QByteArray &dataText,
                    const SignedParts &parts, SignatureCheck &check)
{
    const QByteArray plain = SignatureVerifier::sign(secret, dataText, parts.event);
    if (SignatureVerifier::digestsEqual(plain, parts.signature)) {
        check.outcome = candidate.plain;
        check.expected = plain;
        check.detail = QStringLiteral("matched md5(secret&data=<%1>&event=<event>)")
                           .arg(QString::fromLatin1(candidate.how));
        return true;
    }
    if (parts.timestamp.isEmpty())
        return false;
    const QByteArray stamped =
        SignatureVerifier::sign(secret, dataText, parts.event, parts.timestamp);
    if (!SignatureVerifier::digestsEqual(stamped, parts.signature))
        return false;
    check.outcome = candidate.plain == Verification::Verified ? Verification::VerifiedTimestamp
                                                              : Verification::VerifiedLoose;
    check.expected = stamped;
    check.detail =
        QStringLiteral("matched md5(secret&data=<%1>&event=<event>&timestamp=<timestamp>)")
            .arg(QString::fromLatin1(candidate.how));
    return true;
}

} // namespace

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
    for (const Candidate &candidate : kCandidates) {
        const std::optional<QByteArray> dataText = candidateText(candidate, parts.dataText);
        if (dataText && matchCandidate(m_secret, candidate, *dataText, parts, check))
            return check;
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
