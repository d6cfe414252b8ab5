#include "dialogs/connectassistantsnippets.h"

#include <QDir>

namespace {

const QString kExampleHost = QStringLiteral("hooks.example.com");

QString host(const ConnectSnippets &s)
{
    return ConnectSnippets::safeHost(s.publicHost);
}

// nginx's size units: whole megabytes when exact, else kilobytes (rounded up).
QString nginxSize(qint64 bytes)
{
    constexpr qint64 kMiB = 1024 * 1024;
    if (bytes > 0 && bytes % kMiB == 0)
        return QString::number(bytes / kMiB) + u'm';
    return QString::number(qMax<qint64>(1, (bytes + 1023) / 1024)) + u'k';
}

QString caddySize(qint64 bytes)
{
    constexpr qint64 kMiB = 1024 * 1024;
    if (bytes > 0 && bytes % kMiB == 0)
        return QString::number(bytes / kMiB) + QStringLiteral("MB");
    return QString::number(qMax<qint64>(1, (bytes + 1023) / 1024)) + QStringLiteral("KB");
}

QString shownSecretFile(const QString &path)
{
    const QString home = QDir::homePath();
    if (!home.isEmpty() && path.startsWith(home + u'/'))
        return u'~' + path.mid(home.size());
    return path.isEmpty() ? QStringLiteral("~/.config/hookscope/secret") : path;
}

} // namespace

QString ConnectSnippets::safeHost(const QString &text)
{
    const QString h = text.trimmed();
    if (h.isEmpty() || h.size() > 253)
        return kExampleHost;
    for (const QChar c : h) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                        (c >= u'0' && c <= u'9') || c == u'.' || c == u'-' || c == u':';
        if (!ok)
            return kExampleHost;
    }
    return h;
}

QString ConnectSnippets::safePath(const QString &text)
{
    const QString p = text.trimmed();
    if (p.isEmpty() || !p.startsWith(u'/') || p.size() > 512)
        return QStringLiteral("/webhook");
    for (const QChar c : p) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f || c == u'"' || c == u'\'' || c == u'{' ||
            c == u'}' || c == u';' || c == u'\\' || c == u'$')
            return QStringLiteral("/webhook");
    }
    return p;
}

QString ConnectSnippets::nginx() const
{
    const QString h = host(*this);
    return QStringLiteral("server {\n"
                          "    listen 443 ssl;\n"
                          "    server_name %1;\n"
                          "    ssl_certificate     /etc/letsencrypt/live/%1/fullchain.pem;\n"
                          "    ssl_certificate_key /etc/letsencrypt/live/%1/privkey.pem;\n"
                          "\n"
                          "    client_max_body_size %2;\n"
                          "    location = %3 {\n"
                          "        proxy_pass http://127.0.0.1:%4;\n"
                          "        proxy_http_version 1.1;\n"
                          "        proxy_set_header Connection \"\";\n"
                          "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                          "        proxy_read_timeout 60s;\n"
                          "    }\n"
                          "    location / { return 404; }\n"
                          "}\n")
        .arg(h, nginxSize(maxBodyBytes), safePath(path), QString::number(port));
}

QString ConnectSnippets::caddy() const
{
    return QStringLiteral("%1 {\n"
                          "    request_body {\n"
                          "        max_size %2\n"
                          "    }\n"
                          "    reverse_proxy %3 127.0.0.1:%4\n"
                          "}\n")
        .arg(host(*this), caddySize(maxBodyBytes), safePath(path), QString::number(port));
}

QString ConnectSnippets::cloudflared() const
{
    return QStringLiteral("cloudflared tunnel --url http://127.0.0.1:%1").arg(port);
}

QString ConnectSnippets::ngrok() const
{
    return QStringLiteral("ngrok http %1").arg(port);
}

QString ConnectSnippets::serveWithTls() const
{
    return QStringLiteral("hookscope-cli serve --listen 0.0.0.0:8787 --secret-file %1 \\\n"
                          "    --tls-cert /etc/hookscope/fullchain.pem "
                          "--tls-key /etc/hookscope/privkey.pem")
        .arg(shownSecretFile(secretFile));
}

QString ConnectSnippets::serveBehindProxy() const
{
    return QStringLiteral("hookscope-cli serve --listen 127.0.0.1:8787 --trusted-proxy 127.0.0.1 "
                          "\\\n    --secret-file %1")
        .arg(shownSecretFile(secretFile));
}

QString ConnectSnippets::systemdUnit() const
{
    return QStringLiteral("systemctl --user enable --now hookscope.service\n"
                          "loginctl enable-linger \"$USER\"\n"
                          "journalctl --user -u hookscope.service -f");
}
