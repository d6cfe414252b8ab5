#include "httprequesthead.h"

#include <limits>

namespace {

constexpr qint64 kHugeLength = std::numeric_limits<qint64>::max();

bool isTokenChar(char c)
{
    static const QByteArray extra("!#$%&'*+-.^_`|~");
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           extra.contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// Field values: visible ASCII, blanks and obs-text; no control characters.
bool isFieldValue(QByteArrayView text)
{
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

bool isTarget(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return false;
    }
    return true;
}

// A Host value: uri-host [":" port], no path, user info or blanks.
bool isHostValue(QByteArrayView text)
{
    static const QByteArray allowed("-._~%!$&'()*+,;=:[]");
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              allowed.contains(c)))
            return false;
    }
    return true;
}

QByteArray trimmedBlanks(QByteArrayView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && (text.at(begin) == ' ' || text.at(begin) == '\t'))
        ++begin;
    while (end > begin && (text.at(end - 1) == ' ' || text.at(end - 1) == '\t'))
        --end;
    return text.sliced(begin, end - begin).toByteArray();
}

// The comma-separated elements of every value, trimmed and lower case.
QList<QByteArray> listElements(const QList<QByteArray> &values)
{
    QList<QByteArray> elements;
    for (const QByteArray &value : values) {
        for (const QByteArray &part : value.split(',')) {
            const QByteArray element = trimmedBlanks(part).toLower();
            if (!element.isEmpty())
                elements.append(element);
        }
    }
    return elements;
}

// 1*DIGIT, saturating instead of overflowing; -1 when not digits.
qint64 decimalLength(const QByteArray &text)
{
    if (text.isEmpty() || text.size() > 4096)
        return -1;
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return -1;
        if (value > (kHugeLength - 9) / 10)
            value = kHugeLength;
        else
            value = value * 10 + (c - '0');
    }
    return value;
}

bool parseRequestLine(QByteArrayView line, HttpRequestHead *out)
{
    const qsizetype first = line.indexOf(' ');
    const qsizetype last = line.lastIndexOf(' ');
    if (first <= 0 || last <= first)
        return false;
    const QByteArrayView version = line.sliced(last + 1);
    if (version.size() != 8 || !version.startsWith("HTTP/1.") || version.at(7) < '0' ||
        version.at(7) > '9')
        return false;
    out->method = line.first(first).toByteArray();
    out->target = line.sliced(first + 1, last - first - 1).toByteArray();
    out->minorVersion = version.at(7) - '0';
    return isToken(out->method) && isTarget(out->target);
}

// One header line into out->headers; false when it is not name ":" value.
bool parseHeaderLine(QByteArrayView line, HttpRequestHead *out)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return false;
    const QByteArrayView name = line.first(colon);
    const QByteArray value = trimmedBlanks(line.sliced(colon + 1));
    if (!isToken(name) || !isFieldValue(value))
        return false;
    out->headers.append({name.toByteArray(), value});
    return true;
}

// The request line and header lines; 0 or 400 with a reason.
int parseLines(const QByteArray &raw, HttpRequestHead *out, QString *why)
{
    const QList<QByteArray> lines = raw.split('\n');
    bool first = true;
    for (QByteArray line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.contains('\r') || line.contains('\0')) {
            *why = QStringLiteral("a bare CR or NUL in the request head");
            return 400;
        }
        if (first && line.isEmpty())
            continue; // blank lines before a request are allowed
        if (first) {
            first = false;
            if (!parseRequestLine(line, out)) {
                *why = QStringLiteral("not an HTTP/1.x request line");
                return 400;
            }
            continue;
        }
        if (line.isEmpty())
            break; // the end of the head
        if (line.startsWith(' ') || line.startsWith('\t')) {
            *why = QStringLiteral("a folded header line (obs-fold)");
            return 400;
        }
        if (!parseHeaderLine(line, out)) {
            *why = QStringLiteral("a malformed header line");
            return 400;
        }
    }
    if (first) {
        *why = QStringLiteral("no request line");
        return 400;
    }
    return 0;
}

// Content-Length and Transfer-Encoding: one unambiguous body length.
int parseFraming(HttpRequestHead *out, QString *why)
{
    const QList<QByteArray> lengths = listElements(out->values("content-length"));
    const QList<QByteArray> codings = listElements(out->values("transfer-encoding"));
    if (!lengths.isEmpty() && !out->values("transfer-encoding").isEmpty()) {
        *why = QStringLiteral("both Content-Length and Transfer-Encoding");
        return 400;
    }
    if (!out->values("transfer-encoding").isEmpty()) {
        if (out->minorVersion == 0 || codings != QList<QByteArray>{"chunked"}) {
            *why = QStringLiteral("a transfer coding other than chunked");
            return 400;
        }
        out->chunked = true;
        return 0;
    }
    for (const QByteArray &length : lengths) {
        const qint64 value = decimalLength(length);
        if (value < 0 || length != lengths.constFirst()) {
            *why = QStringLiteral("an invalid or conflicting Content-Length");
            return 400;
        }
        out->contentLength = value;
    }
    return 0;
}

int parseConnection(HttpRequestHead *out, QString *why)
{
    const QList<QByteArray> hosts = out->values("host");
    const bool hostOk = out->minorVersion == 0 ? hosts.size() <= 1 : hosts.size() == 1;
    if (!hostOk || (!hosts.isEmpty() && !isHostValue(hosts.constFirst()))) {
        *why = QStringLiteral("a missing, repeated or malformed Host header");
        return 400;
    }
    const QList<QByteArray> options = listElements(out->values("connection"));
    out->keepAlive = out->minorVersion == 0 ? options.contains("keep-alive") : true;
    if (options.contains("close"))
        out->keepAlive = false;
    const QList<QByteArray> expect = listElements(out->values("expect"));
    out->expectContinue = out->minorVersion >= 1 && expect.contains("100-continue");
    return 0;
}

} // namespace

QList<QByteArray> HttpRequestHead::values(const QByteArray &name) const
{
    QList<QByteArray> found;
    for (const Header &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            found.append(header.second);
    }
    return found;
}

int HttpRequestHead::parse(const QByteArray &raw, HttpRequestHead *out, QString *why)
{
    *out = HttpRequestHead();
    if (const int status = parseLines(raw, out, why))
        return status;
    if (const int status = parseFraming(out, why))
        return status;
    return parseConnection(out, why);
}

QByteArray HttpRequestHead::forwarded(qint64 bodyLength, const QByteArray &peerHeader,
                                      const QByteArray &peer) const
{
    QList<QByteArray> dropped{
        "content-length", "transfer-encoding", "connection", "keep-alive", "proxy-connection",
        "expect",         "upgrade",           "te",         "trailer",    peerHeader.toLower()};
    dropped += listElements(values("connection"));
    QByteArray head = method + ' ' + target + " HTTP/1.1\r\n";
    for (const Header &header : headers) {
        if (!dropped.contains(header.first.toLower()))
            head += header.first + ": " + header.second + "\r\n";
    }
    head += "Content-Length: " + QByteArray::number(bodyLength) + "\r\n";
    head += peerHeader + ": " + peer + "\r\n\r\n";
    return head;
}
