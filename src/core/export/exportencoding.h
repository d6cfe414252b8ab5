#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Byte-level encoders behind EventExporter. They append to a caller's buffer
// and allocate nothing themselves, so an export of a million rows costs no
// per-row allocations here.
namespace ExportEncoding {

// One CSV cell from UTF-8 text: a leading = + - @ TAB or CR gets a ' (the
// formula guard, unless formulaGuard is false: "data, not spreadsheet"),
// then RFC 4180 quoting if the cell holds a comma, a quote, CR or LF.
void appendCsvCell(QByteArrayView utf8, QByteArray &to, bool formulaGuard = true);

// A JSON string literal from UTF-8 text.
void appendJsonString(QByteArrayView utf8, QByteArray &to);

// If `json` is one well-formed JSON value (RFC 8259, valid UTF-8, as
// JsonCursor reads it; no value inside more than 256 containers), appends it
// on one line, without insignificant whitespace but otherwise as written (key
// order, number spelling and escapes kept), and returns true. Otherwise
// appends nothing and returns false.
bool appendJsonValue(QByteArrayView json, QByteArray &to);

// Writes "YYYY-MM-DDTHH:MM:SS.mmmZ" (kIsoTimeLength bytes) into `out`;
// false when the year has no four-digit form.
inline constexpr int kIsoTimeLength = 24;
bool formatIsoTime(qint64 msSinceEpoch, char *out);

} // namespace ExportEncoding
