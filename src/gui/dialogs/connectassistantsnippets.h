#pragma once

#include <QString>

// The ready-to-copy text of the "Connect SaleSmartly" assistant: reverse
// proxy configurations, tunnel command lines and the server commands,
// generated from the receiver's real listen port and path. Text only:
// HookScope runs and downloads none of these programs. They agree with
// docs/on-the-internet.md.
struct ConnectSnippets {
    quint16 port = 8787; // the receiver's port on loopback
    QString path = QStringLiteral("/webhook");
    QString publicHost; // empty: hooks.example.com
    qint64 maxBodyBytes = 1024 * 1024;
    QString secretFile; // shown with ~ for the home folder

    QString nginx() const;
    QString caddy() const;
    QString cloudflared() const;
    QString ngrok() const;
    // hookscope-cli serve on a server: directly with TLS, or behind a proxy.
    QString serveWithTls() const;
    QString serveBehindProxy() const;
    QString systemdUnit() const;

    // A host name fit for a configuration file: letters, digits, '.', '-'
    // and ':' (IPv6) only; anything else gives the example name.
    static QString safeHost(const QString &host);
    // A path fit for a configuration file: printable ASCII without spaces,
    // quotes, braces or ';' (else "/webhook").
    static QString safePath(const QString &path);
};
