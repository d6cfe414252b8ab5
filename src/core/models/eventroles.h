#pragma once

#include <QVariant>

struct EventRecord;

// The roles of the event stream (EventTableModel::Role) that read a record:
// which they are, so that data() reads a page only for them, and the raw
// value of each one that does not depend on the column.
class EventRoles final {
public:
    // True for the roles data() answers from the row's record.
    static bool isRecordRole(int role);
    // ReceivedAtRole ... RecordRole; invalid for the column roles
    // (display, tooltip, sort) and the others.
    static QVariant rowValue(const EventRecord &record, int role);
};
