#pragma once

#include "records/verification.h"

#include <QString>

// One receipt of an event (retries give an event several).
struct DeliveryRecord {
    qint64 id = 0;
    qint64 eventId = 0;
    qint64 receivedAtMs = 0;
    Verification verification = Verification::NotChecked;
    QString query;
    QString headers; // "Name: value" lines; empty before schema 6
    QString peer;    // source address; empty before schema 6
};
