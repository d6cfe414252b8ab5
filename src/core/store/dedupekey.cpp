#include "store/dedupekey.h"

#include <QCryptographicHash>

namespace {

bool hasSuffix(const QString &key)
{
    if (key.size() < DedupeKey::kSuffixLength)
        return false;
    const qsizetype at = key.size() - DedupeKey::kSuffixLength;
    if (key.at(at) != u'#')
        return false;
    for (qsizetype i = at + 1; i < key.size(); ++i) {
        const char16_t c = key.at(i).unicode();
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

} // namespace

QByteArray DedupeKey::digest(QByteArrayView body)
{
    return QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex();
}

QString DedupeKey::stored(const QString &senderKey, QByteArrayView body)
{
    return senderKey + u'#' + QString::fromLatin1(digest(body));
}

QString DedupeKey::stored(const QString &senderKey, QByteArrayView body, QByteArrayView knownDigest)
{
    if (knownDigest.size() != kSuffixLength - 1)
        return stored(senderKey, body);
    for (const char c : knownDigest) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return stored(senderKey, body);
    }
    return senderKey + u'#' + QString::fromLatin1(knownDigest);
}

QString DedupeKey::senderKey(const QString &storedKey)
{
    return hasSuffix(storedKey) ? storedKey.left(storedKey.size() - kSuffixLength) : storedKey;
}

QString DedupeKey::lowerBound(const QString &senderKey)
{
    return senderKey + u'#';
}

QString DedupeKey::upperBound(const QString &senderKey)
{
    return senderKey + u'$'; // the character after '#'
}
