#pragma once

#include "records/eventrecord.h"

#include <QList>
#include <QString>

// Varied events for the stream model's tests: every column takes several
// values (Chinese, emoji, newlines, empty texts; customer and non-customer
// events; six channels, one of them unknown and one absent), received times
// repeat (ties for the sort) and are not in id order.
namespace VariedRecords {

constexpr qint64 kBaseMs = Q_INT64_C(1764000000000);

EventRecord makeRecord(int n);
QList<EventRecord> makeRecords(int from, int count);

} // namespace VariedRecords

// A customer event (add_user / update_user) that names the customer, the
// n-th of a test: its own dedupe key, received n seconds after kBaseMs.
namespace CustomerRecords {

EventRecord customerEvent(const QString &event, const QString &chatUserId, const QString &name,
                          int n);

} // namespace CustomerRecords
