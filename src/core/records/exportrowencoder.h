#pragma once

#include "records/exportrow.h"

#include <QByteArray>
#include <QStringEncoder>

#include <array>

struct EventRecord;

// The export columns of a record as an ExportRow, its texts encoded as UTF-8
// into buffers this object reuses (valid until the next rowOf()). For
// records read through QtSql: EventExporter::write(EventRecord), and the
// store's export scan when it cannot read SQLite directly.
class ExportRowEncoder final {
public:
    ExportRow rowOf(const EventRecord &r);

private:
    std::array<QByteArray, 12> m_text;
    QStringEncoder m_encoder{QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
};
