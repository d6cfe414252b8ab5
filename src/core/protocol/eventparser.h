#pragma once

#include "records/eventrecord.h"

#include <QByteArray>
#include <QString>

// Turns a delivery body into an EventRecord and the text the signature covers.
// Tolerant by design (spec sections 3-4): scalars may be strings or numbers,
// `data` may be an object or a JSON string, the JSON-in-string members may be
// real JSON, and unknown events and message types are kept as they are.
class EventParser final {
public:
    struct Result {
        bool ok = false;
        QString error;       // why the body was refused (not a JSON object)
        EventRecord record;  // fields from data; delivery facts left default
        QByteArray dataText; // the exact signed text of data
        QByteArray eventText;
    };

    static Result parse(const QByteArray &body);

    // The key that makes retries of one event a single row (docs/storage.md).
    static QString dedupeKey(const EventRecord &record, const QByteArray &dataText);
};
