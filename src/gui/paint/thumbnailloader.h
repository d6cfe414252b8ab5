#pragma once

#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QSize>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

// Thumbnails of the images customers and agents send (a message's msg is the
// image's URL), fetched on demand for the transcript. The URL comes from a
// payload, so it is treated as hostile: only http and https (redirects too,
// at most a few), at most maxBytes() read (the download is aborted past it,
// or at once when Content-Length says so), a transfer timeout, the image's
// declared size checked before it is decoded, and the decoded image only
// kept scaled down, in a cache bounded in bytes. Nothing is ever written to
// disk.
class ThumbnailLoader final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThumbnailLoader)

public:
    enum class State { None, Loading, Ready, Failed };

    static constexpr qint64 kDefaultMaxBytes = 5 * 1024 * 1024;
    static constexpr int kDefaultTimeoutMs = 15'000;
    // Larger declared images are refused before decoding (pixels).
    static constexpr qint64 kMaxPixels = 40'000'000;
    static constexpr int kMaxRedirects = 4;
    static constexpr int kMaxPending = 8;

    explicit ThumbnailLoader(QObject *parent = nullptr);
    ~ThumbnailLoader() override;

    // http(s) URLs with a host only.
    static bool isLoadable(const QUrl &url);

    State state(const QUrl &url) const;
    // Starts fetching `url` unless it is known, loading, or not loadable;
    // finished() follows. Past kMaxPending fetches at once it waits: a later
    // request (the next rebuild of the transcript) starts it.
    void request(const QUrl &url);
    // The scaled image (null when not Ready) and why it failed.
    QImage thumbnail(const QUrl &url) const;
    QString error(const QUrl &url) const;

    // The name the transcript's <img> uses for `url`, and the image behind
    // such a name (null when it is not a thumbnail in the cache).
    static QUrl resourceName(const QUrl &url);
    static constexpr QLatin1String kResourceScheme{"hookscope-thumb"};
    QImage resource(const QUrl &name) const;

    void setMaxBytes(qint64 bytes) { m_maxBytes = bytes; }
    qint64 maxBytes() const { return m_maxBytes; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void setThumbnailSize(const QSize &size) { m_thumbSize = size; }
    QSize thumbnailSize() const { return m_thumbSize; }

Q_SIGNALS:
    void finished(const QUrl &url);

private:
    void onFinished(QNetworkReply *reply, const QString &key, const QUrl &url);
    void fail(const QString &key, const QUrl &url, const QString &reason);
    QImage decode(const QByteArray &data, QString *error) const;

    QNetworkAccessManager *m_network = nullptr;
    QCache<QString, QImage> m_images; // key -> thumbnail, cost in KiB
    QHash<QString, QString> m_failed; // key -> reason
    QHash<QString, QNetworkReply *> m_pending;
    QHash<QString, QString> m_keyOfName; // resource name -> key
    qint64 m_maxBytes = kDefaultMaxBytes;
    int m_timeoutMs = kDefaultTimeoutMs;
    QSize m_thumbSize{240, 180};
};
