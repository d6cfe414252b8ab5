#include "models/eventidload.h"

#include "models/sparsekeys.h"

#include <QElapsedTimer>
#include <QSet>

#include <optional>

#include <utility>

namespace {

// The first chunk holds a screenful and more (unless the scan ends first),
// later ones what was found in kChunkIntervalMs or kMaxChunk ids.
constexpr int kFirstChunk = 256;
constexpr int kChunkIntervalMs = 100;
constexpr int kMaxChunk = 65536;

// Scans the ids and hands them to `send` in chunks.
bool scanIdsInChunks(const StoreReader::Job &job, const EventIdLoad &load,
                     const std::function<void(QList<qint64>)> &send)
{
    QList<qint64> chunk;
    bool first = true;
    QElapsedTimer sinceSent;
    sinceSent.start();
    const bool ok = job.store().scanEventIds(
        0, load.upToId, load.where.where, load.where.binds, load.orderBy, [&](qint64 id) {
            chunk.append(id);
            // The flag and the clock are looked at every 1024 rows.
            const bool check = (chunk.size() & 1023) == 0;
            if (check && job.cancelled())
                return false;
            if (first ? chunk.size() >= kFirstChunk
                      : chunk.size() >= kMaxChunk ||
                            (check && sinceSent.elapsed() >= kChunkIntervalMs)) {
                send(std::exchange(chunk, {}));
                first = false;
                sinceSent.restart();
            }
            return true;
        });
    if (!chunk.isEmpty())
        send(std::move(chunk));
    return ok;
}

// The first page of a keyed load, from its first checkpoint, with the names
// of its customers, handed to load.onFirstPage.
void sendFirstPage(const StoreReader::Job &job, const EventIdLoad &load,
                   const EventStore::EventKey &first)
{
    if (!load.onFirstPage)
        return;
    EventStore &store = job.store();
    QList<EventRecord> records =
        store.eventsFromKey(0, load.upToId, load.where.where, load.where.binds, *load.keyOrder,
                            load.descending, first, SparseKeys::kStride);
    QSet<QString> users;
    for (const EventRecord &record : std::as_const(records)) {
        if (!record.chatUserId.isEmpty())
            users.insert(record.chatUserId);
    }
    QHash<QString, QString> names = store.customerNamesOf(users.values());
    job.deliver([f = load.onFirstPage, records = std::move(records), names = std::move(names)] {
        f(records, names);
    });
}

// Finds the checkpoints and the count, and hands them to `send` in chunks;
// the first page follows the first chunk.
bool scanKeysInChunks(const StoreReader::Job &job, const EventIdLoad &load,
                      const std::function<void(QList<EventStore::EventKey>, qint64)> &send)
{
    constexpr int stride = SparseKeys::kStride;
    QList<EventStore::EventKey> checkpoints; // those not sent yet
    qint64 found = 0;                        // rows known so far
    qint64 sentCount = 0;
    QElapsedTimer sinceSent;
    sinceSent.start();
    std::optional<EventStore::EventKey> first;
    const auto flush = [&] {
        const bool isFirst = sentCount == 0;
        send(std::exchange(checkpoints, {}), found);
        sentCount = found;
        if (isFirst && first)
            sendFirstPage(job, load, *first);
        sinceSent.restart();
    };
    qint64 count = 0;
    const bool ok = job.store().scanEventCheckpoints(
        0, load.upToId, load.where.where, load.where.binds, *load.keyOrder, load.descending, stride,
        [&](const EventStore::EventKey &key) {
            // Row `found` is this checkpoint.
            checkpoints.append(key);
            if (!first)
                first = key;
            found = found == 0 ? 1 : found + stride;
            if (job.cancelled())
                return false;
            if (sentCount == 0 ? found > kFirstChunk : sinceSent.elapsed() >= kChunkIntervalMs)
                flush();
            return true;
        },
        &count);
    if (ok && !job.cancelled() && count > sentCount) {
        found = count;
        flush();
    }
    return ok;
}

} // namespace

void EventIdLoad::run(const StoreReader::Job &job) const
{
    bool ok = false;
    if (keyOrder) {
        ok = scanKeysInChunks(job, *this,
                              [this, &job](QList<EventStore::EventKey> checkpoints, qint64 count) {
                                  job.deliver([f = onKeysRead, checkpoints = std::move(checkpoints),
                                               count] { f(checkpoints, count); });
                              });
    } else {
        ok = scanIdsInChunks(job, *this, [this, &job](QList<qint64> ids) {
            job.deliver([f = onIdsRead, ids = std::move(ids)] { f(ids); });
        });
    }
    const QString error = ok ? QString() : job.store().lastError();
    job.deliver([f = onFinished, error] { f(error); });
}
