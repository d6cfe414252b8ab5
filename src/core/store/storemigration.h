#pragma once

#include "records/deliveryrecord.h"
#include "records/eventrecord.h"

#include <QString>

#include <functional>

class StoreBackend;

// Copies one store into another (`hookscope-cli migrate`, docs/team.md):
// SQLite to PostgreSQL and back, or either to its own kind. Each event is
// replayed into the destination as it was received, one append per
// receipt (its time, verification word, query, headers and address), so
// the destination makes the same event (delivery count, best word, test
// mark, conflicts) with everything its own layout derives from it (the
// SQLite store's summaries and text index, PostgreSQL's trigram index).
// Ids are the destination's own; the order is kept.
//
// Resumable: the events go over in transactions of `batch` events, and a
// run that finds events in the destination goes on after the last of
// them (found in the source by its stored dedupe key), provided the
// destination holds exactly the source's events up to it; otherwise it
// refuses. Refused deliveries come after the events, resumed by count.
// At the end the counts of events, receipts and refused deliveries are
// compared; the source should not be written to meanwhile (its new
// events are left for the next run).
class StoreMigration final {
public:
    struct Progress {
        qint64 eventsDone = 0; // copied so far, with those a resumed run found
        qint64 eventsTotal = 0;
        qint64 refusedDone = 0;
        qint64 refusedTotal = 0;
    };
    struct Result {
        bool ok = false;
        QString error;           // when !ok
        qint64 resumedAfter = 0; // events the destination held already
        qint64 events = 0;       // in the destination at the end
        qint64 deliveries = 0;   // receipts in the destination at the end
        qint64 refused = 0;      // refused rows in the destination at the end
    };
    using ProgressFn = std::function<void(const Progress &)>;

    static Result run(StoreBackend &from, StoreBackend &to, const ProgressFn &progress = {},
                      int batch = 500);
    // The receipt `delivery` of `event` as the receiver handed it to the
    // store: what replaying it appends (here and in a desk copy).
    static EventRecord receipt(const EventRecord &event, const DeliveryRecord &delivery);
};
