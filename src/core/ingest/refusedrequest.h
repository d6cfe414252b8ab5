#pragma once

#include "ingest/incomingrequest.h"
#include "records/refusedrecord.h"

#include <QCoreApplication>
#include <QString>

// What can be read back from a refused delivery's stored copy
// (RefusedRecord): the event its body names when it parses, the request
// as the receiver saw it (to judge it again), and a shell command that
// sends it again. Nothing here is computed from the secret.
class RefusedRequest final {
    Q_DECLARE_TR_FUNCTIONS(RefusedRequest)

public:
    // Bodies past this are not parsed for the refused list (a kept copy is
    // at most RefusalLimits::maxBodyBytes, 64 KiB by default).
    static constexpr qsizetype kMaxParsedBytes = 256 * 1024;

    // The body's event, channel and customer, when it is a SaleSmartly body.
    struct Content {
        bool parsed = false;
        QString event;    // "message", "add_user", ...
        QString channel;  // channel_name, or the channel's name from its code
        QString customer; // data.name when given, else chat_user_id
    };
    static Content content(const RefusedRecord &record);

    // The request again: method, path, query, headers (from the stored
    // "Name: value" lines), body, peer and time of receipt.
    static IncomingRequest request(const RefusedRecord &record);

    // The stored copy is the whole request: neither body nor query was cut.
    static bool isComplete(const RefusedRecord &record);

    // A POSIX shell command that sends the request again with curl:
    // method, baseUrl + path + query, Content-Type, the body byte for byte
    // (through printf with octal escapes when it is not plain UTF-8 text).
    // Every value is single-quoted. A copy that was cut is said so in a
    // comment line first. baseUrl: "http://127.0.0.1:8787" (no path).
    static QString curlCommand(const RefusedRecord &record, const QString &baseUrl);
    // `text` as one single-quoted shell word.
    static QString shellQuote(const QString &text);
};
