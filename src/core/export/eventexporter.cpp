#include "export/eventexporter.h"

#include "export/exportencoding.h"
#include "records/channelcatalog.h"
#include "records/eventrecord.h"
#include "records/exportrow.h"

#include <QDateTime>
#include <QFileDevice>
#include <QIODevice>

#include <array>

namespace {

using namespace ExportEncoding;

constexpr qsizetype kFlushAt = 64 * 1024;

// DESIGN.md's export columns, in order; CSV header and JSON keys alike. The
// flags (stale, conflict) come after the issue 11 columns; a later column
// goes before them too (writeCsvRow's "after the payload" part).
constexpr std::array<const char *, 25> kColumns{
    "id",
    "received_at",
    "event",
    "channel",
    "channel_name",
    "chat_user_id",
    "chat_session_id",
    "sequence_id",
    "msg_type",
    "sender_type",
    "msg",
    "name",
    "phone",
    "email",
    "verification",
    "deliveries",
    "payload",
    "send_time",
    "sys_user_id",
    "sender",
    "quote_chat",
    "test",
    "forward",
    "stale",
    "conflict",
};

} // namespace

EventExporter::EventExporter(Format format, QIODevice *out)
    : m_format(format)
    , m_out(out)
{
    m_buffer.reserve(kFlushAt + kFlushAt / 2);
}

EventExporter::~EventExporter()
{
    if (m_begun && !m_finished && m_error.isEmpty() && m_out && m_out->isWritable())
        flushBuffer();
}

std::optional<EventExporter::Format> EventExporter::formatFromName(QStringView name)
{
    if (name.compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0)
        return Format::Csv;
    for (const char *word : {"jsonl", "json-lines", "ndjson"}) {
        if (name.compare(QLatin1String(word), Qt::CaseInsensitive) == 0)
            return Format::JsonLines;
    }
    return std::nullopt;
}

QStringList EventExporter::columns()
{
    QStringList list;
    for (const char *column : kColumns)
        list.append(QLatin1String(column));
    return list;
}

bool EventExporter::begin()
{
    if (m_begun)
        return m_error.isEmpty();
    if (!m_out || !m_out->isWritable())
        return fail(QStringLiteral("The export destination is not open for writing."));
    m_begun = true;
    if (m_format == Format::Csv) {
        if (m_bom)
            m_buffer.append("\xEF\xBB\xBF", 3);
        for (size_t i = 0; i < kColumns.size(); ++i) {
            if (i > 0)
                m_buffer.append(',');
            m_buffer.append(kColumns[i]);
        }
        m_buffer.append("\r\n", 2);
    }
    return true;
}

bool EventExporter::write(const ExportRow &row)
{
    if (!m_error.isEmpty() || !begin())
        return false;
    if (m_format == Format::Csv)
        writeCsvRow(row);
    else
        writeJsonRow(row);
    ++m_rows;
    return m_buffer.size() < kFlushAt || flushBuffer();
}

bool EventExporter::write(const EventRecord &record)
{
    return write(m_recordRow.rowOf(record));
}

bool EventExporter::finish()
{
    if (!begin())
        return false;
    m_finished = true;
    if (!flushBuffer())
        return false;
    if (auto *file = qobject_cast<QFileDevice *>(m_out.data()); file && !file->flush())
        return fail(QStringLiteral("Cannot write the export: %1").arg(file->errorString()));
    return true;
}

void EventExporter::writeCsvRow(const ExportRow &r)
{
    appendNumber(r.id);
    m_buffer.append(',');
    appendIsoTime(r.receivedAtMs);
    m_buffer.append(',');
    appendCsvCell(r.event, m_buffer, m_formulaGuard);
    m_buffer.append(',');
    if (r.channel >= 0)
        appendNumber(r.channel);
    m_buffer.append(',');
    for (const QByteArrayView text :
         {channelNameOf(r), r.chatUserId, r.chatSessionId, r.sequenceId, r.msgType}) {
        appendCsvCell(text, m_buffer, m_formulaGuard);
        m_buffer.append(',');
    }
    if (r.senderType != SenderType::Unknown)
        appendNumber(static_cast<int>(r.senderType));
    m_buffer.append(',');
    for (const QByteArrayView text : {r.msg, r.name, r.phone, r.email}) {
        appendCsvCell(text, m_buffer, m_formulaGuard);
        m_buffer.append(',');
    }
    appendCsvCell(verificationUtf8(r.verification), m_buffer, m_formulaGuard);
    m_buffer.append(',');
    appendNumber(r.deliveries);
    m_buffer.append(',');
    appendCsvPayload(r.payload);
    m_buffer.append(',');
    if (r.sendTimeMs != 0)
        appendIsoTime(r.sendTimeMs);
    m_buffer.append(',');
    appendNumber(r.sysUserId);
    for (const QByteArrayView text : {r.sender, r.quoteChat}) {
        m_buffer.append(',');
        appendCsvCell(text, m_buffer, m_formulaGuard);
    }
    m_buffer.append(',');
    m_buffer.append(r.test ? QByteArrayView("yes") : QByteArrayView("no"));
    m_buffer.append(',');
    appendCsvCell(r.forward, m_buffer, m_formulaGuard);
    for (const bool flag : {r.stale, r.conflict}) {
        m_buffer.append(',');
        m_buffer.append(flag ? QByteArrayView("yes") : QByteArrayView("no"));
    }
    m_buffer.append("\r\n", 2);
}

void EventExporter::writeJsonRow(const ExportRow &r)
{
    appendJsonKey(0);
    appendNumber(r.id);
    appendJsonKey(1);
    m_buffer.append('"');
    appendIsoTime(r.receivedAtMs);
    m_buffer.append('"');
    appendJsonKey(2);
    appendJsonString(r.event, m_buffer);
    appendJsonKey(3);
    appendNumberOrNull(r.channel >= 0, r.channel);
    size_t column = 4;
    for (const QByteArrayView text :
         {channelNameOf(r), r.chatUserId, r.chatSessionId, r.sequenceId, r.msgType}) {
        appendJsonKey(column++);
        appendJsonString(text, m_buffer);
    }
    appendJsonKey(column++);
    appendNumberOrNull(r.senderType != SenderType::Unknown, static_cast<int>(r.senderType));
    for (const QByteArrayView text : {r.msg, r.name, r.phone, r.email}) {
        appendJsonKey(column++);
        appendJsonString(text, m_buffer);
    }
    appendJsonKey(column++);
    appendJsonString(verificationUtf8(r.verification), m_buffer);
    appendJsonKey(column++);
    appendNumber(r.deliveries);
    appendJsonKey(column++);
    appendJsonPayload(r.payload);
    appendJsonKey(column++);
    if (r.sendTimeMs != 0) {
        m_buffer.append('"');
        appendIsoTime(r.sendTimeMs);
        m_buffer.append('"');
    } else {
        m_buffer.append("null", 4);
    }
    appendJsonKey(column++);
    appendNumber(r.sysUserId);
    for (const QByteArrayView text : {r.sender, r.quoteChat}) {
        appendJsonKey(column++);
        appendJsonString(text, m_buffer);
    }
    appendJsonKey(column++);
    m_buffer.append(r.test ? QByteArrayView("true") : QByteArrayView("false"));
    appendJsonKey(column++);
    appendJsonString(r.forward, m_buffer);
    for (const bool flag : {r.stale, r.conflict}) {
        appendJsonKey(column++);
        m_buffer.append(flag ? QByteArrayView("true") : QByteArrayView("false"));
    }
    m_buffer.append("}\n", 2);
}

// The object's opening brace or the comma before the key, then "key":.
void EventExporter::appendJsonKey(size_t column)
{
    m_buffer.append(column == 0 ? "{\"" : ",\"");
    m_buffer.append(kColumns[column]);
    m_buffer.append("\":", 2);
}

void EventExporter::appendNumberOrNull(bool known, qint64 value)
{
    if (known)
        appendNumber(value);
    else
        m_buffer.append("null", 4);
}

// An empty stored name is the catalog's name of the code.
QByteArrayView EventExporter::channelNameOf(const ExportRow &r)
{
    if (!r.channelName.isEmpty() || r.channel < 0)
        return r.channelName;
    return encode(ChannelCatalog::name(r.channel), m_scratch);
}

QByteArrayView EventExporter::encode(QStringView text, QByteArray &to)
{
    to.resize(m_encoder.requiredSpace(text.size()));
    char *const end = m_encoder.appendToBuffer(to.data(), text);
    to.resize(end - to.constData());
    return to;
}

void EventExporter::appendCsvPayload(QByteArrayView payload)
{
    if (payload.isValidUtf8())
        appendCsvCell(payload, m_buffer, m_formulaGuard);
    else // invalid sequences become U+FFFD
        appendCsvCell(encode(QString::fromUtf8(payload), m_scratch), m_buffer, m_formulaGuard);
}

void EventExporter::appendJsonPayload(QByteArrayView payload)
{
    if (!appendJsonValue(payload, m_buffer)) // not JSON: kept as text
        appendJsonString(encode(QString::fromUtf8(payload), m_scratch), m_buffer);
}

void EventExporter::appendNumber(qint64 value)
{
    char digits[24];
    char *p = digits + sizeof digits;
    quint64 magnitude = value < 0 ? 0 - static_cast<quint64>(value) : static_cast<quint64>(value);
    do {
        *--p = static_cast<char>('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (value < 0)
        *--p = '-';
    m_buffer.append(p, digits + sizeof digits - p);
}

void EventExporter::appendIsoTime(qint64 ms)
{
    char text[kIsoTimeLength];
    if (formatIsoTime(ms, text))
        m_buffer.append(text, sizeof text);
    else
        m_buffer.append(isoTime(ms).toLatin1());
}

bool EventExporter::flushBuffer()
{
    if (m_buffer.isEmpty())
        return true;
    if (!m_out)
        return fail(QStringLiteral("The export destination was closed."));
    // write(const char *, qint64) copies; the buffer keeps its capacity.
    if (m_out->write(m_buffer.constData(), m_buffer.size()) != m_buffer.size())
        return fail(QStringLiteral("Cannot write the export: %1").arg(m_out->errorString()));
    m_buffer.resize(0);
    return true;
}

bool EventExporter::fail(const QString &error)
{
    if (m_error.isEmpty())
        m_error = error;
    return false;
}

QString EventExporter::csvField(QStringView text, bool formulaGuard)
{
    QByteArray cell;
    appendCsvCell(text.toUtf8(), cell, formulaGuard);
    return QString::fromUtf8(cell);
}

QString EventExporter::isoTime(qint64 msSinceEpoch)
{
    char text[kIsoTimeLength];
    if (formatIsoTime(msSinceEpoch, text))
        return QString::fromLatin1(text, sizeof text);
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}
