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

QString DedupeKey::stored(const QString &senderKey, QByteArrayView body)
{
    const QByteArray digest = QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex();
    return senderKey + u'#' + QString::fromLatin1(digest);
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
