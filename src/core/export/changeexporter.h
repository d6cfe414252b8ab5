#pragma once

#include "export/eventexporter.h"

#include <QByteArray>
#include <QPointer>
#include <QString>
#include <QStringList>

class QIODevice;
struct FieldChange;

// Writes a customer change timeline (CustomerTimeline::buildAll) as CSV or
// JSON Lines with the columns `time, chat_user_id, name, field, old, new,
// event_id`. Cells follow the event export's rules (DESIGN.md, "CSV export"):
// UTF-8, RFC 4180 quoting, CRLF, formula guard, ISO 8601 UTC times with ms.
//
//     ChangeExporter exporter(ChangeExporter::Format::Csv, &file);
//     for (const FieldChange &c : CustomerTimeline::buildAll(events))
//         exporter.write(c);
//     exporter.finish();
class ChangeExporter final {
    Q_DISABLE_COPY_MOVE(ChangeExporter)

public:
    // The same formats (and names, EventExporter::formatFromName) as events.
    using Format = EventExporter::Format;

    // `out` must be open for writing and outlive the exporter (or finish()).
    ChangeExporter(Format format, QIODevice *out);
    ~ChangeExporter(); // writes what is still buffered if finish() was not called

    static QStringList columns();

    // CSV only: start with a UTF-8 byte order mark (Excel). Call before begin().
    void setBom(bool on) { m_bom = on; }
    // CSV only: EventExporter::setFormulaGuard's choice (on by default).
    void setFormulaGuard(bool on) { m_formulaGuard = on; }

    // Writes the BOM and the header row (CSV); write() calls it if needed.
    bool begin();
    bool write(const FieldChange &change);
    // Hands everything buffered to the device. Call once at the end.
    bool finish();

    qint64 rowsWritten() const { return m_rows; }
    QString errorString() const { return m_error; }

    // `text` as a JSON string literal, quotes included; non-ASCII stays as is.
    static QString jsonString(QStringView text);

private:
    QString csvRow(const FieldChange &change) const;
    QString jsonRow(const FieldChange &change) const;
    bool flushBuffer();
    bool fail(const QString &error);

    Format m_format;
    QPointer<QIODevice> m_out;
    QByteArray m_buffer; // rows waiting for the device
    qint64 m_rows = 0;
    QString m_error;
    bool m_bom = false;
    bool m_formulaGuard = true;
    bool m_begun = false;
    bool m_finished = false;
};
