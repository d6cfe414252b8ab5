#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// A strict RFC 4180 reader, independent of the exporters, for round-trip
// tests: records end with CRLF, a quoted field may hold commas, doubled
// quotes and line breaks. Anything else (a bare CR or LF, a quote inside an
// unquoted field, text after a closing quote, no final CRLF) is nullopt.
std::optional<QList<QStringList>> parseCsv(const QString &text);
