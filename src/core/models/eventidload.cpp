#include "models/eventidload.h"

#include "models/sparsekeys.h"

#include <QElapsedTimer>
#include <QSet>

#include <utility>

namespace {

// The first chunk holds a screenful and more (unless the scan ends first),
// later ones what was found in kChunkIntervalMs or kMaxChunk ids.
constexpr int kFirstChunk = 256;
constexpr int kChunkIntervalMs = 100;
constexpr int kMaxChunk = 65536;
// A keyed chunk counts at most this many rows: the view takes about 50 ns a
// row to insert them (QHeaderView keeps an entry per row), so a chunk of the
// million rows found in 100 ms at ten million events held the GUI thread
// for 30-55 ms.
constexpr int kMaxKeyedChunk = 262144;

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

// Page `index` of a keyed load, read from its checkpoint `from`.
EventIdLoad::Page readPage(const StoreReader::Job &job, const EventIdLoad &load, qint64 index,
                           const EventStore::EventKey &from)
{
    EventStore &store = job.store();
    EventIdLoad::Page page;
    page.index = index;
    page.records = store.eventsFromKey(0, load.upToId, load.where.where, load.where.binds,
                                       *load.keyOrder, load.descending, from, SparseKeys::kStride);
    QSet<QString> users;
    for (const EventRecord &record : std::as_const(page.records)) {
        if (!record.chatUserId.isEmpty())
            users.insert(record.chatUserId);
    }
    page.names = store.customerNamesOf(users.values());
    return page;
}

// Finds the checkpoints and the count, and hands them to `send` in chunks,
// each with the pages of its first rows (the first chunk) or of its last
// screenful (later ones).
bool scanKeysInChunks(
    const StoreReader::Job &job, const EventIdLoad &load,
    const std::function<void(QList<EventStore::EventKey>, qint64, QList<EventIdLoad::Page>)> &send)
{
    constexpr int stride = SparseKeys::kStride;
    QList<EventStore::EventKey> checkpoints; // those not sent yet
    qint64 found = 0;                        // rows known so far
    qint64 sentCount = 0;
    QElapsedTimer sinceSent;
    sinceSent.start();
    // The last two checkpoints found: the pages of the last rows start there.
    EventStore::EventKey last;
    EventStore::EventKey beforeLast;
    // Where the view's order needs a sort, each page read sorts the view
    // again (seconds for hundreds of thousands of rows): no pages then, the
    // window reads the few it shows.
    bool sorted = false;
    const auto flush = [&] {
        QList<EventIdLoad::Page> pages;
        const qint64 lastPage = (found - 1) / stride;
        if (!sorted && lastPage > 0)
            pages.append(readPage(job, load, lastPage - 1, beforeLast));
        if (!sorted)
            pages.append(readPage(job, load, lastPage, last));
        send(std::exchange(checkpoints, {}), found, std::move(pages));
        sentCount = found;
        sinceSent.restart();
    };
    qint64 count = 0;
    const bool ok = job.store().scanEventCheckpoints(
        0, load.upToId, load.where.where, load.where.binds, *load.keyOrder, load.descending, stride,
        [&](const EventStore::EventKey &key) {
            // Row `found` is this checkpoint.
            checkpoints.append(key);
            beforeLast = std::exchange(last, key);
            found = found == 0 ? 1 : found + stride;
            if (job.cancelled())
                return false;
            if (sentCount == 0 ? found > kFirstChunk
                               : found - sentCount >= kMaxKeyedChunk ||
                                     sinceSent.elapsed() >= kChunkIntervalMs)
                flush();
            return true;
        },
        &count, &sorted);
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
        ok = scanKeysInChunks(
            job, *this,
            [this, &job](QList<EventStore::EventKey> checkpoints, qint64 count, QList<Page> pages) {
                job.deliver([f = onKeysRead, checkpoints = std::move(checkpoints), count,
                             pages = std::move(pages)] { f(checkpoints, count, pages); });
            });
    } else {
        ok = scanIdsInChunks(job, *this, [this, &job](QList<qint64> ids) {
            job.deliver([f = onIdsRead, ids = std::move(ids)] { f(ids); });
        });
    }
    const QString error = ok ? QString() : job.store().lastError();
    job.deliver([f = onFinished, error] { f(error); });
}
