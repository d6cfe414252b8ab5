#include "paint/theme.h"

#include <QPalette>

#include <array>
#include <utility>

namespace {

constexpr std::array<std::pair<int, QRgb>, 16> kChannelColours{{
    {1, 0xff0a7cff},  // Messenger
    {2, 0xff6c5ce7},  // Chat Plugin
    {3, 0xffd9822b},  // Email
    {4, 0xff2a9fd6},  // Telegram
    {5, 0xffd6336c},  // Instagram
    {6, 0xff06a94d},  // LINE
    {7, 0xff128c7e},  // WhatsApp API
    {8, 0xff1b5fc9},  // Facebook page comments
    {10, 0xff611f69}, // Slack
    {11, 0xff2f6fed}, // WeCom
    {12, 0xff1fa855}, // WhatsApp App
    {13, 0xff9c2a8c}, // Instagram comments
    {15, 0xff1c8ac0}, // Telegram App
    {16, 0xffd81b4f}, // TikTok App
    {17, 0xff3b3b46}, // TikTok comments
    {18, 0xff3f6fb5}, // VKontakte
}};

} // namespace

bool Theme::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < palette.color(QPalette::Text).lightness();
}

QColor Theme::blend(const QColor &a, const QColor &b, qreal amount)
{
    const qreal t = qBound(0.0, amount, 1.0);
    const QColor x = a.toRgb();
    const QColor y = b.toRgb();
    return QColor::fromRgbF(static_cast<float>(x.redF() + (y.redF() - x.redF()) * t),
                            static_cast<float>(x.greenF() + (y.greenF() - x.greenF()) * t),
                            static_cast<float>(x.blueF() + (y.blueF() - x.blueF()) * t),
                            static_cast<float>(x.alphaF() + (y.alphaF() - x.alphaF()) * t));
}

QColor Theme::tone(const QPalette &palette, Tone tone)
{
    const bool dark = isDark(palette);
    const QColor text = palette.color(QPalette::Text);
    switch (tone) {
    case Tone::Good:
        return dark ? QColor(0x5f, 0xd0, 0x7e) : QColor(0x1e, 0x7e, 0x34);
    case Tone::Warning:
        return dark ? QColor(0xf0, 0xb4, 0x4c) : QColor(0x9a, 0x5b, 0x00);
    case Tone::Bad:
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x25, 0x1d);
    case Tone::Neutral:
        return blend(text, palette.color(QPalette::Base), 0.4);
    }
    return text;
}

Theme::Tone Theme::verificationTone(Verification verification)
{
    switch (verification) {
    case Verification::Verified:
    case Verification::VerifiedTimestamp:
        return Tone::Good;
    case Verification::VerifiedLoose:
        return Tone::Warning;
    case Verification::BadSignature:
    case Verification::Unsigned:
        return Tone::Bad;
    case Verification::NotChecked:
        return Tone::Neutral;
    }
    return Tone::Neutral;
}

QColor Theme::rowTint(const QPalette &palette, Verification verification)
{
    if (verificationTone(verification) != Tone::Bad)
        return {};
    return blend(palette.color(QPalette::Base), tone(palette, Tone::Bad),
                 isDark(palette) ? 0.22 : 0.13);
}

QColor Theme::mutedText(const QPalette &palette)
{
    return blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.42);
}

QColor Theme::customerBubble(const QPalette &palette)
{
    return blend(palette.color(QPalette::Base), palette.color(QPalette::Text),
                 isDark(palette) ? 0.12 : 0.06);
}

QColor Theme::agentBubble(const QPalette &palette)
{
    return blend(palette.color(QPalette::Base), palette.color(QPalette::Highlight),
                 isDark(palette) ? 0.35 : 0.16);
}

QColor Theme::quoteBar(const QPalette &palette)
{
    return blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.6);
}

QColor Theme::channelColour(int code)
{
    for (const auto &[c, rgb] : kChannelColours) {
        if (c == code)
            return QColor::fromRgb(rgb);
    }
    if (code < 0)
        return QColor(0x80, 0x80, 0x80);
    // Spread unknown codes round the wheel; mid saturation and value keep
    // white initials readable.
    return QColor::fromHsv((code * 137) % 360, 150, 170);
}
