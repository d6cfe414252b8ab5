#include "paint/channelicon.h"

#include "models/channelmodel.h"
#include "paint/theme.h"

#include <QFont>
#include <QHash>
#include <QPainter>
#include <QtMath>

#include <array>
#include <utility>

namespace {

// Two channels share a first word (WhatsApp API / App, Instagram, TikTok),
// so the documented ones get hand-picked labels instead of initials.
constexpr std::array<std::pair<int, const char *>, 16> kLabels{{
    {1, "Ms"},
    {2, "CP"},
    {3, "@"},
    {4, "Tg"},
    {5, "IG"},
    {6, "LN"},
    {7, "WA"},
    {8, "FB"},
    {10, "Sl"},
    {11, "WC"},
    {12, "Wa"},
    {13, "IC"},
    {15, "TG"},
    {16, "TT"},
    {17, "TC"},
    {18, "VK"},
}};

void paintAllChannels(QPainter *painter, const QRectF &rect)
{
    const std::array<int, 4> codes{7, 5, 1, 6};
    const qreal gap = rect.width() * 0.08;
    const qreal tile = (rect.width() - gap) / 2.0;
    for (int i = 0; i < 4; ++i) {
        const QRectF r(rect.left() + (i % 2) * (tile + gap), rect.top() + (i / 2) * (tile + gap),
                       tile, tile);
        painter->setBrush(Theme::channelColour(codes.at(static_cast<std::size_t>(i))));
        painter->drawRoundedRect(r, tile * 0.25, tile * 0.25);
    }
}

} // namespace

QString ChannelIcon::label(int code, const QString &name)
{
    for (const auto &[c, text] : kLabels) {
        if (c == code)
            return QString::fromLatin1(text);
    }
    if (code < 0)
        return QStringLiteral("?");
    if (name.isEmpty() || name.startsWith(QLatin1String("Channel ")))
        return QString::number(code);
    const QStringList words = name.split(u' ', Qt::SkipEmptyParts);
    QString initials;
    for (const QString &word : words) {
        initials += word.at(0).toUpper();
        if (initials.size() == 2)
            break;
    }
    return initials;
}

void ChannelIcon::paint(QPainter *painter, const QRectF &rect, int code, const QString &name)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    if (code == ChannelModel::kAllChannels) {
        paintAllChannels(painter, rect);
        painter->restore();
        return;
    }
    const qreal radius = rect.width() * 0.24;
    painter->setBrush(Theme::channelColour(code));
    painter->drawRoundedRect(rect, radius, radius);
    const QString text = label(code, name);
    QFont font = painter->font();
    font.setBold(true);
    font.setPixelSize(qMax(6, qRound(rect.height() * (text.size() > 2 ? 0.32 : 0.42))));
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(rect, Qt::AlignCenter, text);
    painter->restore();
}

QPixmap ChannelIcon::pixmap(int code, const QString &name, int size, qreal devicePixelRatio)
{
    static QHash<QString, QPixmap> cache;
    const QString key = QString::number(code) + u'/' + QString::number(size) + u'/' +
                        QString::number(devicePixelRatio) + u'/' + name;
    const auto it = cache.constFind(key);
    if (it != cache.constEnd())
        return *it;
    const int pixels = qCeil(size * devicePixelRatio);
    QPixmap pm(pixels, pixels);
    pm.setDevicePixelRatio(devicePixelRatio);
    pm.fill(Qt::transparent);
    QPainter painter(&pm);
    paint(&painter, QRectF(0, 0, size, size), code, name);
    painter.end();
    if (cache.size() > 512)
        cache.clear();
    cache.insert(key, pm);
    return pm;
}

QIcon ChannelIcon::icon(int code, const QString &name)
{
    // Table cells ask for an icon on every paint: build each one once.
    static QHash<QString, QIcon> cache;
    const QString key = QString::number(code) + u'/' + name;
    const auto it = cache.constFind(key);
    if (it != cache.constEnd())
        return *it;
    QIcon icon;
    for (const int size : {16, 20, 24, 32})
        icon.addPixmap(pixmap(code, name, size, 1.0));
    icon.addPixmap(pixmap(code, name, 32, 2.0));
    if (cache.size() > 512)
        cache.clear();
    cache.insert(key, icon);
    return icon;
}
