#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

// JSON shown to a person (the inspector): indented in the order received,
// every token exactly as sent (escapes, number spelling), through the one
// JSON cursor; and epoch numbers read as dates.
class JsonText final {
public:
    // `json` indented by `indent` spaces a level; nothing when it is not
    // one valid JSON value.
    static std::optional<QByteArray> pretty(QByteArrayView json, int indent = 2);

    // A `timestamp` or `send_time` value (digits, possibly as a string) as an
    // ISO 8601 local time with its offset, "2025-11-24T17:00:00.123+01:00":
    // seconds below 1e11, else milliseconds. Empty when it is not such a
    // number or lies outside years 1970..9999.
    static QString epochDate(const QString &value);
    // True for the members SaleSmartly sends epoch numbers in.
    static bool isEpochKey(const QString &key);
};
