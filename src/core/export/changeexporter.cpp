#include "export/changeexporter.h"

#include "corelog.h"
#include "records/fieldchange.h"

#include <QIODevice>

namespace {

constexpr qsizetype kFlushSize = 64 * 1024;

const char *const kColumns[] = {"time", "chat_user_id", "name", "field", "old", "new", "event_id"};

} // namespace

ChangeExporter::ChangeExporter(Format format, QIODevice *out)
    : m_format(format)
    , m_out(out)
{
}

ChangeExporter::~ChangeExporter()
{
    if (m_begun && !m_finished && !finish())
        qCWarning(lcCore) << "change export left incomplete:" << m_error;
}

QStringList ChangeExporter::columns()
{
    QStringList names;
    for (const char *column : kColumns)
        names.append(QLatin1String(column));
    return names;
}

bool ChangeExporter::begin()
{
    if (m_begun)
        return m_error.isEmpty();
    m_begun = true;
    if (!m_out || !m_out->isWritable())
        return fail(QStringLiteral("The export destination is not open for writing."));
    if (m_format == Format::Csv) {
        if (m_bom)
            m_buffer.append("\xEF\xBB\xBF");
        m_buffer.append(columns().join(QLatin1Char(',')).toUtf8());
        m_buffer.append("\r\n", 2);
    }
    return true;
}

bool ChangeExporter::write(const FieldChange &change)
{
    if (!begin())
        return false;
    if (m_finished)
        return fail(QStringLiteral("The export was already finished."));
    const QString row = m_format == Format::Csv ? csvRow(change) : jsonRow(change);
    m_buffer.append(row.toUtf8());
    ++m_rows;
    return m_buffer.size() < kFlushSize || flushBuffer();
}

bool ChangeExporter::finish()
{
    const bool begun = begin();
    m_finished = true;
    return begun && flushBuffer();
}

QString ChangeExporter::csvRow(const FieldChange &c) const
{
    const bool guard = m_formulaGuard;
    const QStringList cells{EventExporter::isoTime(c.timeMs),
                            EventExporter::csvField(c.chatUserId, guard),
                            EventExporter::csvField(c.name, guard),
                            EventExporter::csvField(c.field, guard),
                            EventExporter::csvField(c.oldValue, guard),
                            EventExporter::csvField(c.newValue, guard),
                            QString::number(c.eventId)};
    return cells.join(QLatin1Char(',')) + QLatin1String("\r\n");
}

QString ChangeExporter::jsonRow(const FieldChange &c) const
{
    const auto key = [](int column) -> QString {
        return (column == 0 ? QLatin1String("{\"") : QLatin1String(",\"")) +
               QLatin1String(kColumns[column]) + QLatin1String("\":");
    };
    return key(0) + jsonString(EventExporter::isoTime(c.timeMs)) + key(1) +
           jsonString(c.chatUserId) + key(2) + jsonString(c.name) + key(3) + jsonString(c.field) +
           key(4) + jsonString(c.oldValue) + key(5) + jsonString(c.newValue) + key(6) +
           QString::number(c.eventId) + QLatin1String("}\n");
}

QString ChangeExporter::jsonString(QStringView text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += QLatin1Char('"');
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'"':
            out += QLatin1String("\\\"");
            break;
        case u'\\':
            out += QLatin1String("\\\\");
            break;
        case u'\n':
            out += QLatin1String("\\n");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        case u'\t':
            out += QLatin1String("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
    return out;
}

bool ChangeExporter::flushBuffer()
{
    if (m_buffer.isEmpty())
        return true;
    if (!m_out)
        return fail(QStringLiteral("The export destination was closed."));
    if (m_out->write(m_buffer) != m_buffer.size())
        return fail(QStringLiteral("Cannot write the export: %1").arg(m_out->errorString()));
    m_buffer.clear();
    return true;
}

bool ChangeExporter::fail(const QString &error)
{
    if (m_error.isEmpty())
        m_error = error;
    return false;
}
