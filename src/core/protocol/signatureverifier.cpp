#include "protocol/signatureverifier.h"

#include "protocol/jsonreserializer.h"
#include "protocol/signaturecheck.h"
#include "protocol/signedparts.h"

#include <QCryptographicHash>
#include <QStringList>

#include <array>
#include <optional>
#include <utility>

namespace {

// One data text to try: how it is made from the exact text, how the
// inspector names it, and what a match on it alone (without timestamp) proves.
struct Candidate {
    std::optional<JsonReserializer::Style> rewrite; // none: the exact text
    const char *how;
    const char *shortName; // in the list of base strings tried
    Verification plain;
};

// The order is the spec's (section 2): the exact text first, then the
// re-serialisations, which are weaker evidence.
constexpr std::array<Candidate, 4> kCandidates{{
    {std::nullopt, "the exact data text", "data text", Verification::Verified},
    {JsonReserializer::Style::Compact, "data re-serialised compactly", "compact re-serialised data",
     Verification::VerifiedLoose},
    {JsonReserializer::Style::Php, "data re-serialised PHP-style (\\/ and \\uXXXX escapes)",
     "PHP-style re-serialised data", Verification::VerifiedLoose},
    {JsonReserializer::Style::Python,
     "data re-serialised Python-style (\", \" separators, \\uXXXX)",
     "Python-style re-serialised data", Verification::VerifiedLoose},
}};

// The domain-separation prefix of keyFingerprint(); changing it changes
// every fingerprint users may have written down.
constexpr char kFingerprintPrefix[] = "HookScope key fingerprint v1\n";

// "; received signature <signature>; checked with key <fingerprint>": what a user with a wrong key
// compares with the sender's settings. Both are safe to keep: the first is
// what the sender sent, the second is no signature of anything.
QString receivedAndKey(const SignedParts &parts, QByteArrayView secret)
{
    QString text;
    if (!parts.signature.isNull())
        text += QStringLiteral("; received signature %1").arg(QString::fromUtf8(parts.signature));
    text += QStringLiteral("; checked with key %1").arg(SignatureVerifier::keyFingerprint(secret));
    return text;
}

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

QString SignatureVerifier::keyFingerprint(QByteArrayView secret)
{
    if (secret.isEmpty())
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView(kFingerprintPrefix, sizeof kFingerprintPrefix - 1));
    hash.addData(secret);
    return QString::fromLatin1(hash.result().toHex().left(8));
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
    if (parts.signature.isNull()) {
        check.outcome = Verification::Unsigned;
        check.detail = QStringLiteral("the request has no signature parameter") +
                       receivedAndKey(parts, m_secret);
        return check;
    }
    QStringList tried;
    for (const Candidate &candidate : kCandidates) {
        const std::optional<QByteArray> dataText = candidateText(candidate, parts.dataText);
        if (!dataText)
            continue;
        if (matchCandidate(m_secret, candidate, *dataText, parts, check)) {
            check.detail += receivedAndKey(parts, m_secret);
            return check;
        }
        tried.append(QString::fromLatin1(candidate.shortName));
        if (!parts.timestamp.isEmpty())
            tried.append(QString::fromLatin1(candidate.shortName) + QStringLiteral(" + timestamp"));
    }
    check.outcome = Verification::BadSignature;
    check.detail = QStringLiteral("no base string matched; tried: %1").arg(tried.join(u", "));
    if (parts.timestamp.isEmpty())
        check.detail += QStringLiteral(" (the request has no timestamp)");
    check.detail += receivedAndKey(parts, m_secret);
    return check;
}
