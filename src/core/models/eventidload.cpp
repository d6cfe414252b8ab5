#include "models/eventidload.h"

#include "store/eventstore.h"

#include <QElapsedTimer>

#include <utility>

namespace {

// The first chunk holds a screenful and more (unless the scan ends first),
// later ones what was found in kChunkIntervalMs or kMaxChunk ids.
constexpr int kFirstChunk = 256;
constexpr int kChunkIntervalMs = 100;
constexpr int kMaxChunk = 65536;

// Scans the ids and hands them to `send` in chunks.
bool scanInChunks(const StoreReader::Job &job, const EventIdLoad &load,
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

} // namespace

void EventIdLoad::run(const StoreReader::Job &job) const
{
    if (namesAfterId < upToId) {
        const QHash<QString, QString> names = job.store().customerNames(namesAfterId, upToId);
        job.deliver([f = onNamesRead, names, to = upToId] { f(names, to); });
    }
    const bool ok = scanInChunks(job, *this, [this, &job](QList<qint64> ids) {
        job.deliver([f = onIdsRead, ids = std::move(ids)] { f(ids); });
    });
    const QString error = ok ? QString() : job.store().lastError();
    job.deliver([f = onFinished, error] { f(error); });
}
