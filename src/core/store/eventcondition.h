#pragma once

#include <QString>
#include <QVariantList>

// A boolean SQL expression over the events columns with its positional
// binds, in the shape EventStore's reads take as `where` and `binds`. The
// conditions are built here, from StoreColumns' names, so that code outside
// the store names the rows it wants and writes no SQL (docs/storage.md).
struct EventCondition {
    QString where; // empty: every row
    QVariantList binds;

    // The events of one channel code; a negative code: the events without a
    // channel (channel IS NULL).
    static EventCondition inChannel(int channel);
    // Not a test delivery (docs/test-deliveries.md); empty for a file older
    // than the test mark (schema 6), which has none.
    static EventCondition notTest(int schemaVersion);
    // Both conditions; an empty one is left out. This one's binds come first.
    EventCondition andAlso(const EventCondition &other) const;
};
