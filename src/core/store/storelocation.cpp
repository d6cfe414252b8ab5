#include "store/storelocation.h"

#include <QList>
#include <QStringDecoder>
#include <QStringList>

#include <arpa/inet.h>

#include <array>

namespace {

constexpr QLatin1String kForm{"postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME"};
constexpr std::array<QLatin1String, 2> kSchemes{QLatin1String("postgresql://"),
                                                QLatin1String("postgres://")};
// Longer than any real URL; a pasted file or a runaway script is refused
// before it is looked at.
constexpr qsizetype kMaxUrlLength = 4096;
// PostgreSQL cuts identifiers at 63 bytes (NAMEDATALEN - 1): a longer name
// would connect to another database or role than the one written.
constexpr qsizetype kMaxIdentifierBytes = 63;
constexpr qsizetype kMaxPasswordBytes = 1024;
constexpr qsizetype kMaxHostBytes = 255;

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = QStringLiteral("the PostgreSQL URL %1 (write %2)").arg(why, kForm);
    return false;
}

bool hasControl(const QString &s)
{
    for (const QChar c : s) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

// Percent-decodes one part of the URL; nullopt when it is not UTF-8 or holds
// a control character (a NUL would cut libpq's connection string).
std::optional<QString> decoded(QStringView part)
{
    const QByteArray bytes = QByteArray::fromPercentEncoding(part.toUtf8());
    QStringDecoder toUtf16(QStringDecoder::Utf8);
    QString text = toUtf16(bytes);
    if (toUtf16.hasError() || hasControl(text))
        return std::nullopt;
    return text;
}

bool validHostName(QStringView host)
{
    if (host.isEmpty() || host.size() > kMaxHostBytes || host.front() == u'-' ||
        host.front() == u'.')
        return false;
    for (const QChar c : host) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') ||
                        (u >= u'0' && u <= u'9') || u == u'.' || u == u'-' || u == u'_';
        if (!ok)
            return false;
    }
    return true;
}

bool validSslMode(const QString &mode)
{
    static const QStringList modes{QStringLiteral("disable"),   QStringLiteral("allow"),
                                   QStringLiteral("prefer"),    QStringLiteral("require"),
                                   QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    return modes.contains(mode);
}

qsizetype schemeLength(QStringView text)
{
    for (const QLatin1String scheme : kSchemes) {
        if (text.startsWith(scheme, Qt::CaseInsensitive))
            return scheme.size();
    }
    return 0;
}

} // namespace

bool StoreLocation::looksLikePostgres(const QString &text)
{
    return schemeLength(text) > 0;
}

StoreLocation StoreLocation::sqliteFile(const QString &path)
{
    StoreLocation location;
    location.m_path = path;
    return location;
}

std::optional<StoreLocation> StoreLocation::parse(const QString &text, QString *error)
{
    const qsizetype scheme = schemeLength(text);
    if (scheme == 0)
        return sqliteFile(text);
    if (text.size() > kMaxUrlLength) {
        fail(error, QStringLiteral("is longer than %1 characters").arg(kMaxUrlLength));
        return std::nullopt;
    }
    QStringView rest = QStringView(text).mid(scheme);
    if (rest.contains(u'#')) {
        fail(error, QStringLiteral("has a fragment ('#'); percent-encode a '#' as %23"));
        return std::nullopt;
    }
    QStringView query;
    if (const qsizetype q = rest.indexOf(u'?'); q >= 0) {
        query = rest.mid(q + 1);
        rest = rest.left(q);
    }
    const qsizetype slash = rest.indexOf(u'/');
    if (slash < 0) {
        fail(error, QStringLiteral("names no database"));
        return std::nullopt;
    }
    const QStringView authority = rest.left(slash);
    const QStringView databasePart = rest.mid(slash + 1);
    const qsizetype at = authority.lastIndexOf(u'@');
    if (at < 0) {
        fail(error, QStringLiteral("names no user"));
        return std::nullopt;
    }
    const QStringView userInfo = authority.left(at);
    QStringView hostPort = authority.mid(at + 1);

    StoreLocation location;
    location.m_kind = Kind::Postgres;

    // USER[:PASSWORD]
    const qsizetype colon = userInfo.indexOf(u':');
    const std::optional<QString> user = decoded(colon < 0 ? userInfo : userInfo.left(colon));
    if (!user || user->isEmpty() || user->toUtf8().size() > kMaxIdentifierBytes) {
        fail(error,
             user && !user->isEmpty()
                 ? QStringLiteral("has a user name longer than %1 bytes").arg(kMaxIdentifierBytes)
                 : QStringLiteral("names no user, or one with a control character"));
        return std::nullopt;
    }
    location.m_user = *user;
    if (colon >= 0) {
        const std::optional<QString> password = decoded(userInfo.mid(colon + 1));
        if (!password || password->toUtf8().size() > kMaxPasswordBytes) {
            // Never quoted: the message must not carry the password.
            fail(error, QStringLiteral("has a password that is not valid UTF-8, holds a "
                                       "control character or is longer than %1 bytes")
                            .arg(kMaxPasswordBytes));
            return std::nullopt;
        }
        location.m_password = *password;
    }

    // HOST[:PORT]
    QStringView portPart;
    if (hostPort.startsWith(u'[')) {
        const qsizetype close = hostPort.indexOf(u']');
        if (close < 0) {
            fail(error, QStringLiteral("has an IPv6 address without its closing ']'"));
            return std::nullopt;
        }
        const QString address = hostPort.mid(1, close - 1).toString();
        in6_addr parsed{};
        if (address.size() > 45 ||
            inet_pton(AF_INET6, address.toLatin1().constData(), &parsed) != 1) {
            fail(error, QStringLiteral("has an invalid IPv6 address"));
            return std::nullopt;
        }
        location.m_host = address;
        hostPort = hostPort.mid(close + 1);
        if (!hostPort.isEmpty() && !hostPort.startsWith(u':')) {
            fail(error, QStringLiteral("has text after the IPv6 address"));
            return std::nullopt;
        }
        portPart = hostPort.mid(1);
        if (hostPort.isEmpty())
            portPart = {};
    } else {
        const qsizetype portColon = hostPort.lastIndexOf(u':');
        const QStringView host = portColon < 0 ? hostPort : hostPort.left(portColon);
        if (portColon >= 0)
            portPart = hostPort.mid(portColon + 1);
        // A percent-encoded absolute path is the directory of the server's
        // Unix socket (libpq's own URL form), for a receiver on the database
        // server itself.
        const std::optional<QString> name = decoded(host);
        if (name && name->startsWith(u'/') && name->size() <= kMaxHostBytes) {
            location.m_host = *name;
        } else if (validHostName(host)) {
            location.m_host = host.toString();
        } else {
            fail(error, host.isEmpty() ? QStringLiteral("names no host")
                                       : QStringLiteral("has an invalid host name"));
            return std::nullopt;
        }
    }
    if (!portPart.isNull()) {
        bool ok = false;
        const int port = portPart.size() <= 5 ? portPart.toInt(&ok) : 0;
        bool digits = !portPart.isEmpty();
        for (const QChar c : portPart)
            digits = digits && c.isDigit() && c.unicode() < 0x80;
        if (!ok || !digits || port < 1 || port > 65535) {
            fail(error, QStringLiteral("has an invalid port (1 to 65535)"));
            return std::nullopt;
        }
        location.m_port = port;
    }

    // DBNAME
    const std::optional<QString> database = decoded(databasePart);
    if (!database || database->isEmpty() || database->contains(u'/') ||
        database->toUtf8().size() > kMaxIdentifierBytes) {
        fail(error, database && database->toUtf8().size() > kMaxIdentifierBytes
                        ? QStringLiteral("has a database name longer than %1 bytes")
                              .arg(kMaxIdentifierBytes)
                        : QStringLiteral("names no database, or an invalid one"));
        return std::nullopt;
    }
    location.m_database = *database;

    // ?sslmode=...
    if (!query.isEmpty()) {
        for (const QStringView pair : query.split(u'&')) {
            const qsizetype eq = pair.indexOf(u'=');
            const QStringView key = eq < 0 ? pair : pair.left(eq);
            const std::optional<QString> value = decoded(eq < 0 ? QStringView() : pair.mid(eq + 1));
            if (key != QLatin1String("sslmode")) {
                fail(error, QStringLiteral("has a parameter other than sslmode"));
                return std::nullopt;
            }
            if (!location.m_sslMode.isEmpty() || !value || !validSslMode(*value)) {
                fail(error, QStringLiteral("has an invalid or repeated sslmode (disable, allow, "
                                           "prefer, require, verify-ca or verify-full)"));
                return std::nullopt;
            }
            location.m_sslMode = *value;
        }
    }
    return location;
}

QString StoreLocation::connectOptions() const
{
    return m_sslMode.isEmpty() ? QString() : QStringLiteral("sslmode=") + m_sslMode;
}

QString StoreLocation::displayName() const
{
    if (m_kind == Kind::SqliteFile)
        return m_path;
    const QByteArray exclude("");
    auto encode = [&exclude](const QString &s) -> QString {
        return QString::fromLatin1(s.toUtf8().toPercentEncoding(exclude));
    };
    QString host = m_host;
    if (host.startsWith(u'/'))
        host = encode(host);
    else if (host.contains(u':'))
        host = u'[' + host + u']';
    // Concatenated, not arg()'d: an encoded part holds '%' and digits.
    QString out = QLatin1String("postgresql://") + encode(m_user) + u'@' + host + u':' +
                  QString::number(m_port) + u'/' + encode(m_database);
    if (!m_sslMode.isEmpty())
        out += QStringLiteral("?sslmode=") + m_sslMode;
    return out;
}

bool operator==(const StoreLocation &a, const StoreLocation &b)
{
    return a.m_kind == b.m_kind && a.m_path == b.m_path && a.m_user == b.m_user &&
           a.m_password == b.m_password && a.m_host == b.m_host && a.m_port == b.m_port &&
           a.m_database == b.m_database && a.m_sslMode == b.m_sslMode;
}
