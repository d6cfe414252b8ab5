#pragma once

#include "records/eventrecord.h"
#include "records/refusedrecord.h"

#include <QByteArray>

#include <optional>

// What to do with a request: the HTTP answer, and what to store. A 200 is
// only sent after `event` is committed (the receiver holds the answer until
// then); a refusal is answered at once and `refused` recorded.
struct DeliveryDecision {
    int status = 0;
    QByteArray responseBody; // JSON
    std::optional<EventRecord> event;
    std::optional<RefusedRecord> refused;
};
