#pragma once

#include "records/exportrow.h"
#include "records/exportrowencoder.h"

#include <QByteArray>
#include <QPointer>
#include <QString>
#include <QStringConverter>
#include <QStringList>

#include <array>
#include <optional>

class QIODevice;
struct EventRecord;

// Writes events as CSV or JSON Lines (DESIGN.md, "CSV export"). Rows are
// encoded into a reused buffer and handed to the device in large chunks, so
// exporting a million rows allocates next to nothing per row.
//
//     EventExporter exporter(EventExporter::Format::Csv, &file);
//     exporter.begin();
//     store.forEachExportRow(where, binds, [&](const ExportRow &r) { return exporter.write(r); });
//     exporter.finish();
class EventExporter final {
    Q_DISABLE_COPY_MOVE(EventExporter)

public:
    enum class Format { Csv, JsonLines };

    // `out` must be open for writing and outlive the exporter (or finish()).
    EventExporter(Format format, QIODevice *out);
    ~EventExporter(); // writes what is still buffered if finish() was not called

    // "csv" or "jsonl" (also "json-lines", "ndjson"), case-insensitive.
    static std::optional<Format> formatFromName(QStringView name);
    // The columns (CSV header, JSON keys), in order.
    static QStringList columns();

    // CSV only: start the file with a UTF-8 byte order mark, which Excel needs
    // to read UTF-8. Call before begin().
    void setBom(bool on) { m_bom = on; }
    // CSV only: the formula guard (on by default; see csvField()). Off is the
    // "data, not spreadsheet" mode: cells exactly as stored, for programs
    // that read the file, never for a spreadsheet (docs/filtering-and-export.md).
    void setFormulaGuard(bool on) { m_formulaGuard = on; }

    // Writes the BOM and the header row (CSV); write() calls it if needed.
    bool begin();
    bool write(const ExportRow &row);
    // The same row from a record (its export columns, encoded as UTF-8).
    bool write(const EventRecord &record);
    // Hands everything buffered to the device. Call once at the end.
    bool finish();

    qint64 rowsWritten() const { return m_rows; }
    QString errorString() const { return m_error; }

    // One CSV cell as write() produces it: formula guard, then RFC 4180 quoting.
    static QString csvField(QStringView text, bool formulaGuard = true);
    // 2026-11-24T16:18:17.123Z
    static QString isoTime(qint64 msSinceEpoch);

private:
    void writeCsvRow(const ExportRow &r);
    void writeJsonRow(const ExportRow &r);
    QByteArrayView channelNameOf(const ExportRow &r);
    void appendCsvPayload(QByteArrayView payload);
    void appendJsonPayload(QByteArrayView payload);
    void appendJsonKey(size_t column);
    void appendNumber(qint64 value);
    void appendNumberOrNull(bool known, qint64 value);
    void appendIsoTime(qint64 ms);
    QByteArrayView encode(QStringView text, QByteArray &to);
    bool flushBuffer();
    bool fail(const QString &error);

    Format m_format;
    QPointer<QIODevice> m_out;
    QByteArray m_buffer;          // rows waiting for the device
    QByteArray m_scratch;         // one field's UTF-8, reused
    ExportRowEncoder m_recordRow; // write(EventRecord)'s row, reused
    QStringEncoder m_encoder{QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
    qint64 m_rows = 0;
    QString m_error;
    bool m_bom = false;
    bool m_formulaGuard = true;
    bool m_begun = false;
    bool m_finished = false;
};
