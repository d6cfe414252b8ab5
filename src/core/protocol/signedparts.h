#pragma once

#include <QByteArray>

// The inputs of one signature check, taken from a delivery.
struct SignedParts {
    QByteArray dataText;  // exact text of `data` (decoded content if a JSON string)
    QByteArray event;     // decoded `event` string
    QByteArray timestamp; // query parameter; null when absent
    QByteArray signature; // query parameter; null when absent
};
