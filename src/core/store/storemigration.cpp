#include "store/storemigration.h"

#include "store/dedupekey.h"
#include "store/storebackend.h"

#include <algorithm>

namespace {

using Result = StoreMigration::Result;

Result failure(const QString &error)
{
    Result result;
    result.error = error;
    return result;
}

// Where a resumed run goes on: the source id of the destination's last
// event, once the destination proves to hold the source's events up to it.
std::optional<qint64> resumePoint(StoreBackend &from, StoreBackend &to, QString *error)
{
    const qint64 last = to.maxEventId();
    if (last < 0) {
        *error = to.lastError();
        return std::nullopt;
    }
    if (last == 0)
        return 0;
    const QList<EventRecord> tail = to.eventsAfter(last - 1, 1);
    if (tail.isEmpty()) {
        *error = to.lastError();
        return std::nullopt;
    }
    const QString key = DedupeKey::stored(tail.first().dedupeKey, tail.first().payload);
    const qint64 sourceId = from.eventIdOfStoredKey(key);
    const qint64 held = to.eventCount();
    const qint64 expected = sourceId > 0 ? from.eventCountUpTo(sourceId) : 0;
    if (sourceId < 0 || held < 0 || expected < 0) {
        *error = sourceId < 0 || expected < 0 ? from.lastError() : to.lastError();
        return std::nullopt;
    }
    if (sourceId == 0 || held != expected) {
        *error = QStringLiteral("%1 already holds events that are not a copy of %2's first "
                                "events; migrate into an empty store.")
                     .arg(to.displayName(), from.displayName());
        return std::nullopt;
    }
    return sourceId;
}

bool copyEvents(StoreBackend &from, StoreBackend &to, qint64 after, qint64 upTo, int batch,
                StoreMigration::Progress &progress, const StoreMigration::ProgressFn &report,
                QString *error)
{
    while (after < upTo) {
        const QList<EventRecord> events = from.eventsAfter(after, batch);
        if (events.isEmpty()) {
            *error = from.lastError();
            return error->isEmpty(); // nothing more: the rest was deleted meanwhile
        }
        if (!to.beginTransaction()) {
            *error = to.lastError();
            return false;
        }
        for (const EventRecord &e : events) {
            if (e.id > upTo)
                break;
            QList<DeliveryRecord> receipts = from.deliveries(e.id);
            if (receipts.isEmpty() && !from.lastError().isEmpty()) {
                *error = from.lastError();
                to.rollback();
                return false;
            }
            if (receipts.isEmpty()) // a store of an old layout kept no receipt rows
                receipts.append(DeliveryRecord{0, e.id, e.receivedAtMs, e.verification, e.query,
                                               QString(), QString()});
            for (qsizetype i = 0; i < receipts.size(); ++i) {
                const auto stored = to.append(StoreMigration::receipt(e, receipts.at(i)));
                if (!stored || stored->duplicate != (i > 0)) {
                    *error = stored ? QStringLiteral("event #%1 of %2 is in %3 twice.")
                                          .arg(e.id)
                                          .arg(from.displayName(), to.displayName())
                                    : to.lastError();
                    to.rollback();
                    return false;
                }
            }
            after = e.id;
            ++progress.eventsDone;
        }
        if (!to.commit()) {
            *error = to.lastError();
            to.rollback();
            return false;
        }
        if (report)
            report(progress);
        if (events.last().id > upTo)
            break;
    }
    return true;
}

bool copyRefused(StoreBackend &from, StoreBackend &to, int batch,
                 StoreMigration::Progress &progress, const StoreMigration::ProgressFn &report,
                 QString *error)
{
    qint64 skip = progress.refusedDone; // held already (a resumed run)
    qint64 after = 0;
    while (progress.refusedDone < progress.refusedTotal) {
        const QList<RefusedRecord> rows = from.refusedAfter(after, batch);
        if (rows.isEmpty()) {
            *error = from.lastError();
            return error->isEmpty();
        }
        if (!to.beginTransaction()) {
            *error = to.lastError();
            return false;
        }
        for (const RefusedRecord &row : rows) {
            after = row.id;
            if (skip > 0) {
                --skip;
                continue;
            }
            if (!to.appendRefused(row)) {
                *error = to.lastError();
                to.rollback();
                return false;
            }
            ++progress.refusedDone;
        }
        if (!to.commit()) {
            *error = to.lastError();
            to.rollback();
            return false;
        }
        if (report)
            report(progress);
    }
    return true;
}

} // namespace

StoreMigration::Result StoreMigration::run(StoreBackend &from, StoreBackend &to,
                                           const ProgressFn &report, int batch)
{
    batch = std::max(batch, 1);
    QString error;
    const qint64 upTo = from.maxEventId();
    const qint64 total = upTo < 0 ? -1 : from.eventCountUpTo(upTo);
    const qint64 refusedTotal = total < 0 ? -1 : from.refusedCount();
    if (upTo < 0 || total < 0 || refusedTotal < 0)
        return failure(from.lastError());
    const std::optional<qint64> after = resumePoint(from, to, &error);
    if (!after)
        return failure(error);
    const qint64 refusedHeld = to.refusedCount();
    if (refusedHeld < 0)
        return failure(to.lastError());
    if (refusedHeld > refusedTotal)
        return failure(QStringLiteral("%1 already holds more refused deliveries than %2.")
                           .arg(to.displayName(), from.displayName()));

    Progress progress{*after > 0 ? from.eventCountUpTo(*after) : 0, total, refusedHeld,
                      refusedTotal};
    Result result;
    result.resumedAfter = progress.eventsDone;
    if (report)
        report(progress);
    if (!copyEvents(from, to, *after, upTo, batch, progress, report, &error) ||
        !copyRefused(from, to, batch, progress, report, &error))
        return failure(error);

    // The counts, as the destination holds them, against the source's.
    result.events = to.eventCount();
    result.deliveries = to.deliveryCount();
    result.refused = to.refusedCount();
    const qint64 sourceDeliveries = from.deliveryCount();
    if (result.events < 0 || result.deliveries < 0 || result.refused < 0)
        return failure(to.lastError());
    if (sourceDeliveries < 0)
        return failure(from.lastError());
    if (result.events != total || result.refused != refusedTotal ||
        result.deliveries != sourceDeliveries)
        return failure(
            QStringLiteral("the counts differ after the copy: %1 has %2 events, %3 receipts and "
                           "%4 refused deliveries, %5 has %6, %7 and %8 (was the source written "
                           "to meanwhile? run migrate again to copy its new events)")
                // One pass: a URL's percent signs are never taken for markers.
                .arg(from.displayName(), QString::number(total), QString::number(sourceDeliveries),
                     QString::number(refusedTotal), to.displayName(),
                     QString::number(result.events), QString::number(result.deliveries),
                     QString::number(result.refused)));
    result.ok = true;
    return result;
}

// The receipt `d` of event `e`, as the receiver handed it to the store.
// The event keeps the detail and staleness of its best receipt, so those
// go with the receipts of that word (the first of them wins, as it did).
EventRecord StoreMigration::receipt(const EventRecord &e, const DeliveryRecord &d)
{
    EventRecord r = e;
    r.id = 0;
    r.receivedAtMs = d.receivedAtMs;
    r.lastReceivedAtMs = d.receivedAtMs;
    r.verification = d.verification;
    r.query = d.query;
    r.requestHeaders = d.headers;
    r.peer = d.peer;
    const bool best = d.verification == e.verification;
    r.verificationDetail = best ? e.verificationDetail : QString();
    r.stale = best && e.stale;
    r.conflict = false; // the destination finds its own
    r.deliveries = 1;
    r.payloadSha256.clear();
    return r;
}
