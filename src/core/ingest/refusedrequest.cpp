#include "ingest/refusedrequest.h"

#include "protocol/eventparser.h"
#include "records/channelcatalog.h"

#include <QStringDecoder>

namespace {

// Plain text a terminal shows as it is: valid UTF-8 with no control
// character but tab, newline and carriage return, and no NUL.
bool isPlainText(const QByteArray &bytes)
{
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\n' && c != '\t' && c != '\r') || byte == 0x7f)
            return false;
    }
    auto decoder = QStringDecoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(bytes);
    return !decoder.hasError();
}

// A printf format that prints exactly `bytes`: printable ASCII as itself,
// '%' and '\' escaped, every other byte as a three-digit octal escape.
QString printfFormat(const QByteArray &bytes)
{
    QString format;
    format.reserve(bytes.size() * 2);
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        const auto byte = static_cast<unsigned char>(c);
        if (c == '-' && i == 0)
            format += QStringLiteral("\\055"); // never read as an option of printf
        else if (c == '%')
            format += QStringLiteral("%%");
        else if (c == '\\')
            format += QStringLiteral("\\\\");
        else if (byte >= 0x20 && byte < 0x7f)
            format += QLatin1Char(c);
        else
            format += QStringLiteral("\\%1").arg(byte, 3, 8, QLatin1Char('0'));
    }
    return format;
}

QString withoutControls(QString text)
{
    text.removeIf([](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
    return text;
}

} // namespace

RefusedRequest::Content RefusedRequest::content(const RefusedRecord &record)
{
    Content content;
    if (record.body.isEmpty() || record.body.size() > kMaxParsedBytes)
        return content;
    const EventParser::Result parsed = EventParser::parse(record.body);
    if (!parsed.ok)
        return content;
    const EventRecord &r = parsed.record;
    content.parsed = true;
    content.event = r.event;
    if (!r.channelName.isEmpty())
        content.channel = r.channelName;
    else if (r.channel >= 0)
        content.channel = ChannelCatalog::name(r.channel);
    content.customer = r.name.isEmpty() ? r.chatUserId : r.name;
    return content;
}

IncomingRequest RefusedRequest::request(const RefusedRecord &record)
{
    IncomingRequest request;
    request.method = record.method.toLatin1();
    request.path = record.path;
    request.query = record.query;
    const QStringList lines = record.headers.split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0)
            continue;
        request.headers.append(
            {line.left(colon).trimmed().toLatin1(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    request.body = record.body;
    request.peer = record.peer;
    request.receivedAtMs = record.receivedAtMs;
    return request;
}

bool RefusedRequest::isComplete(const RefusedRecord &record)
{
    return !record.bodyCut() && record.queryBytes <= record.query.toUtf8().size();
}

QString RefusedRequest::shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

QString RefusedRequest::curlCommand(const RefusedRecord &record, const QString &baseUrl)
{
    QStringList lines;
    if (record.bodyCut()) {
        lines.append(tr("# Only the first %1 of %2 bytes of the body were kept: this sends "
                        "that part only.")
                         .arg(record.body.size())
                         .arg(record.bodyBytes));
    }
    if (record.queryBytes > record.query.toUtf8().size())
        lines.append(tr("# The query was cut when it was stored."));
    QString base = withoutControls(baseUrl);
    while (base.endsWith(u'/'))
        base.chop(1);
    QString url = base + withoutControls(record.path);
    if (!record.query.isEmpty())
        url += u'?' + withoutControls(record.query);
    const QString method = withoutControls(record.method).isEmpty()
                               ? QStringLiteral("POST")
                               : withoutControls(record.method);
    QStringList args{QStringLiteral("curl"), QStringLiteral("-sS"), QStringLiteral("-X"),
                     shellQuote(method), shellQuote(url)};
    const IncomingRequest request = RefusedRequest::request(record);
    for (const auto &[name, value] : request.headers) {
        if (name.compare("content-type", Qt::CaseInsensitive) != 0)
            continue;
        args.append(QStringLiteral("-H"));
        args.append(shellQuote(QStringLiteral("Content-Type: ") +
                               withoutControls(QString::fromUtf8(value))));
        break;
    }
    // "@file" would make curl send a local file instead: printf then.
    if (isPlainText(record.body) && !record.body.startsWith('@')) {
        args.append(QStringLiteral("--data-binary"));
        args.append(shellQuote(QString::fromUtf8(record.body)));
        lines.append(args.join(u' '));
    } else {
        // Bytes a shell word cannot carry (NUL, invalid UTF-8, escapes that
        // a terminal would act on): printf writes them, curl reads stdin.
        args.append(QStringLiteral("--data-binary"));
        args.append(QStringLiteral("@-"));
        lines.append(QStringLiteral("printf ") + shellQuote(printfFormat(record.body)) +
                     QStringLiteral(" | ") + args.join(u' '));
    }
    return lines.join(u'\n') + u'\n';
}
