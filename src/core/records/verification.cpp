#include "records/verification.h"

#include <array>
#include <utility>

namespace {

constexpr std::array<std::pair<Verification, const char *>, 6> kWords{{
    {Verification::Verified, "verified"},
    {Verification::VerifiedTimestamp, "verified+timestamp"},
    {Verification::VerifiedLoose, "verified-loose"},
    {Verification::BadSignature, "bad-signature"},
    {Verification::Unsigned, "unsigned"},
    {Verification::NotChecked, "not-checked"},
}};

constexpr std::array<std::pair<VerifyPolicy, const char *>, 3> kPolicies{{
    {VerifyPolicy::Strict, "strict"},
    {VerifyPolicy::Record, "record"},
    {VerifyPolicy::Off, "off"},
}};

} // namespace

QString verificationWord(Verification v)
{
    return QString::fromLatin1(verificationUtf8(v));
}

QByteArrayView verificationUtf8(Verification v)
{
    for (const auto &[value, word] : kWords) {
        if (value == v)
            return word;
    }
    return "not-checked";
}

std::optional<Verification> verificationFromWord(QStringView word)
{
    for (const auto &[value, text] : kWords) {
        if (word.compare(QLatin1String(text), Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

std::optional<Verification> verificationFromUtf8(QByteArrayView word)
{
    for (const auto &[value, text] : kWords) {
        if (word == QByteArrayView(text))
            return value;
    }
    return verificationFromWord(QString::fromUtf8(word));
}

bool isVerified(Verification v)
{
    return v == Verification::Verified || v == Verification::VerifiedTimestamp ||
           v == Verification::VerifiedLoose;
}

int verificationStrength(Verification v)
{
    switch (v) {
    case Verification::Verified:
        return 5;
    case Verification::VerifiedTimestamp:
        return 4;
    case Verification::VerifiedLoose:
        return 3;
    case Verification::NotChecked:
        return 2;
    case Verification::Unsigned:
        return 1;
    case Verification::BadSignature:
        return 0;
    }
    return 0;
}

QString policyWord(VerifyPolicy p)
{
    for (const auto &[value, word] : kPolicies) {
        if (value == p)
            return QString::fromLatin1(word);
    }
    return QStringLiteral("strict");
}

std::optional<VerifyPolicy> policyFromWord(QStringView word)
{
    for (const auto &[value, text] : kPolicies) {
        if (word.compare(QLatin1String(text), Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}
