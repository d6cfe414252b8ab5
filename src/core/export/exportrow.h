#pragma once

#include "records/eventrecord.h"
#include "records/verification.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QStringEncoder>

#include <array>

// One event as EventExporter writes it: DESIGN.md's export columns and
// nothing else, the text fields as valid UTF-8. The views belong to whoever
// hands the row over (EventStore::forEachExportRow, or EventExporter for an
// EventRecord) and are valid only during that call.
struct ExportRow {
    qint64 id = 0;
    qint64 receivedAtMs = 0;
    QByteArrayView event;
    int channel = -1;           // -1 when absent
    QByteArrayView channelName; // as stored: empty means "name the channel code"
    QByteArrayView chatUserId;
    QByteArrayView chatSessionId;
    QByteArrayView sequenceId;
    QByteArrayView msgType;
    SenderType senderType = SenderType::Unknown;
    QByteArrayView msg;
    QByteArrayView name;
    QByteArrayView phone;
    QByteArrayView email;
    Verification verification = Verification::NotChecked;
    int deliveries = 1;
    QByteArrayView payload; // the raw body, not necessarily valid UTF-8
};

// The export columns of a record as an ExportRow, its texts encoded as UTF-8
// into buffers this object reuses (valid until the next rowOf()). For
// records read through QtSql: EventExporter::write(EventRecord), and the
// store's export scan when it cannot read SQLite directly.
class ExportRowEncoder final {
public:
    ExportRow rowOf(const EventRecord &r);

private:
    std::array<QByteArray, 10> m_text;
    QStringEncoder m_encoder{QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
};
