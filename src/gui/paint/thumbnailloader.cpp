#include "paint/thumbnailloader.h"

#include "guilog.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QImageReader>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace {

constexpr int kCacheKiB = 16 * 1024; // decoded thumbnails kept, in KiB
constexpr qsizetype kMaxFailuresKept = 512;

QString keyOf(const QUrl &url)
{
    return url.toString(QUrl::FullyEncoded);
}

QString maxMiB(qint64 bytes)
{
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'g', 3);
}

bool webScheme(const QUrl &url)
{
    return url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
}

} // namespace

ThumbnailLoader::ThumbnailLoader(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_images.setMaxCost(kCacheKiB);
    // No cookies kept between images, no cache on disk.
    m_network->setCookieJar(nullptr);
}

ThumbnailLoader::~ThumbnailLoader()
{
    for (QNetworkReply *reply : std::as_const(m_pending)) {
        reply->disconnect(this);
        reply->abort();
    }
}

bool ThumbnailLoader::isLoadable(const QUrl &url)
{
    return url.isValid() && webScheme(url) && !url.host().isEmpty();
}

ThumbnailLoader::State ThumbnailLoader::state(const QUrl &url) const
{
    const QString key = keyOf(url);
    if (m_images.contains(key))
        return State::Ready;
    if (m_failed.contains(key))
        return State::Failed;
    if (m_pending.contains(key))
        return State::Loading;
    return State::None;
}

QImage ThumbnailLoader::thumbnail(const QUrl &url) const
{
    const QImage *image = m_images.object(keyOf(url));
    return image ? *image : QImage();
}

QString ThumbnailLoader::error(const QUrl &url) const
{
    return m_failed.value(keyOf(url));
}

QUrl ThumbnailLoader::resourceName(const QUrl &url)
{
    const QByteArray hash =
        QCryptographicHash::hash(keyOf(url).toUtf8(), QCryptographicHash::Sha1).toHex();
    return QUrl(QString(kResourceScheme) + u':' + QString::fromLatin1(hash));
}

QImage ThumbnailLoader::resource(const QUrl &name) const
{
    const auto key = m_keyOfName.constFind(name.toString());
    if (key == m_keyOfName.cend())
        return {};
    const QImage *image = m_images.object(*key);
    return image ? *image : QImage();
}

void ThumbnailLoader::request(const QUrl &url)
{
    if (!isLoadable(url) || state(url) != State::None || m_pending.size() >= kMaxPending)
        return;
    const QString key = keyOf(url);
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    request.setMaximumRedirectsAllowed(kMaxRedirects);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setRawHeader("Accept", "image/*");
    QNetworkReply *reply = m_network->get(request);
    m_pending.insert(key, reply);
    // Redirects only to the web, never to another scheme.
    connect(reply, &QNetworkReply::redirected, reply, [reply](const QUrl &target) {
        if (webScheme(target)) {
            Q_EMIT reply->redirectAllowed();
        } else {
            reply->setProperty("refused", tr("redirected away from the web"));
            reply->abort();
        }
    });
    const auto checkSize = [this, reply](qint64 received, qint64 total) {
        if (received > m_maxBytes || total > m_maxBytes) {
            reply->setProperty("refused", tr("larger than %1 MiB").arg(maxMiB(m_maxBytes)));
            reply->abort();
        }
    };
    connect(reply, &QNetworkReply::downloadProgress, this, checkSize);
    connect(reply, &QNetworkReply::metaDataChanged, this, [reply, checkSize] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid())
            checkSize(0, length.toLongLong());
    });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, key, url] { onFinished(reply, key, url); });
}

void ThumbnailLoader::onFinished(QNetworkReply *reply, const QString &key, const QUrl &url)
{
    reply->deleteLater();
    m_pending.remove(key);
    const QString refused = reply->property("refused").toString();
    if (!refused.isEmpty()) {
        fail(key, url, refused);
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        fail(key, url,
             reply->error() == QNetworkReply::OperationCanceledError ? tr("timed out")
                                                                     : reply->errorString());
        return;
    }
    const QByteArray data = reply->read(m_maxBytes + 1);
    if (data.size() > m_maxBytes) {
        fail(key, url, tr("larger than %1 MiB").arg(maxMiB(m_maxBytes)));
        return;
    }
    QString error;
    const QImage image = decode(data, &error);
    if (image.isNull()) {
        fail(key, url, error);
        return;
    }
    if (m_keyOfName.size() >= 4 * kMaxFailuresKept) {
        // Forget the names of thumbnails the cache evicted.
        m_keyOfName.removeIf([this](const auto &it) { return !m_images.contains(it.value()); });
    }
    m_keyOfName.insert(resourceName(url).toString(), key);
    m_images.insert(key, new QImage(image),
                    static_cast<int>(std::max<qsizetype>(1, image.sizeInBytes() / 1024)));
    Q_EMIT finished(url);
}

void ThumbnailLoader::fail(const QString &key, const QUrl &url, const QString &reason)
{
    qCInfo(lcGui) << "thumbnail not loaded:" << reason;
    if (m_failed.size() >= kMaxFailuresKept)
        m_failed.clear();
    m_failed.insert(key, reason);
    Q_EMIT finished(url);
}

QImage ThumbnailLoader::decode(const QByteArray &data, QString *error) const
{
    QBuffer buffer;
    buffer.setData(data);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setDecideFormatFromContent(true);
    const QSize size = reader.size();
    if (!reader.canRead() || !size.isValid() || size.isEmpty()) {
        *error = tr("not an image");
        return {};
    }
    if (qint64(size.width()) * size.height() > kMaxPixels) {
        *error = tr("image too large (%1 × %2)").arg(size.width()).arg(size.height());
        return {};
    }
    const QSize scaled = size.scaled(m_thumbSize, Qt::KeepAspectRatio).boundedTo(size);
    if (reader.supportsOption(QImageIOHandler::ScaledSize))
        reader.setScaledSize(scaled);
    QImage image = reader.read();
    if (image.isNull()) {
        *error = reader.errorString();
        return {};
    }
    if (image.size() != scaled)
        image = image.scaled(scaled, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}
