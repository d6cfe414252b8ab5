#include "records/channelcatalog.h"

const QList<ChannelCatalog::Channel> &ChannelCatalog::documented()
{
    static const QList<Channel> channels{
        {1, QStringLiteral("Messenger"), true},
        {2, QStringLiteral("Chat Plugin"), true},
        {3, QStringLiteral("Email"), false},
        {4, QStringLiteral("Telegram"), false},
        {5, QStringLiteral("Instagram"), true},
        {6, QStringLiteral("LINE"), true},
        {7, QStringLiteral("WhatsApp API"), true},
        {8, QStringLiteral("Facebook page comments"), false},
        {10, QStringLiteral("Slack"), false},
        {11, QStringLiteral("WeCom"), false},
        {12, QStringLiteral("WhatsApp App"), true},
        {13, QStringLiteral("Instagram comments"), false},
        {15, QStringLiteral("Telegram App"), true},
        {16, QStringLiteral("TikTok App"), true},
        {17, QStringLiteral("TikTok comments"), false},
        {18, QStringLiteral("VKontakte"), false},
    };
    return channels;
}

QString ChannelCatalog::name(int code)
{
    for (const Channel &c : documented()) {
        if (c.code == code)
            return c.name;
    }
    if (code < 0)
        return QStringLiteral("No channel");
    return QStringLiteral("Channel %1").arg(code);
}

std::optional<int> ChannelCatalog::codeFor(QStringView nameOrCode)
{
    const QStringView text = nameOrCode.trimmed();
    bool ok = false;
    const int code = text.toInt(&ok);
    if (ok && code >= 0)
        return code;
    for (const Channel &c : documented()) {
        if (text.compare(c.name, Qt::CaseInsensitive) == 0)
            return c.code;
    }
    const QLatin1String prefix("channel ");
    if (text.startsWith(prefix, Qt::CaseInsensitive)) {
        const int n = text.mid(prefix.size()).toInt(&ok);
        if (ok && n >= 0)
            return n;
    }
    return std::nullopt;
}
