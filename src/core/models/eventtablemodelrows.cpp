#include "models/eventtablemodel_p.h"

#include <QSet>

#include <algorithm>

// EventTableModel's rows (eventtablemodel_p.h): pages read by key or by id,
// with their customers' names, and the way back from an id to its row.

namespace {

// Before in the keyed order: (value, id) ascending, or the reverse.
bool keyBefore(const EventStore::EventKey &a, const EventStore::EventKey &b, bool descending)
{
    const bool less = a.value != b.value ? a.value < b.value : a.id < b.id;
    const bool greater = a.value != b.value ? a.value > b.value : a.id > b.id;
    return descending ? greater : less;
}

// The page (index into checkpoints) that holds `key`: the last checkpoint not
// after it; -1 when the key comes before the first row.
qsizetype pageOfKey(const QList<EventStore::EventKey> &checkpoints, const EventStore::EventKey &key,
                    bool descending)
{
    const auto it = std::upper_bound(
        checkpoints.cbegin(), checkpoints.cend(), key,
        [descending](const EventStore::EventKey &a, const EventStore::EventKey &b) {
            return keyBefore(a, b, descending);
        });
    return (it - checkpoints.cbegin()) - 1;
}

const EventRecord &emptyRecord()
{
    static const EventRecord empty;
    return empty;
}

} // namespace

QList<EventRecord> EventTableModel::Private::alignedTo(const QList<qint64> &ids,
                                                       const QList<EventRecord> &found)
{
    // A record that could not be read stays default (id 0), so the row shows
    // empty instead of another row's data.
    QList<EventRecord> records(ids.size());
    qsizetype next = 0;
    for (qsizetype i = 0; i < ids.size() && next < found.size(); ++i) {
        if (found.at(next).id == ids.at(i))
            records[i] = found.at(next++);
    }
    return records;
}

QList<EventRecord> EventTableModel::Private::readPage(bool inBase, qint64 page)
{
    if (inBase && !keyOrder) {
        const QList<qint64> ids = baseIds.mid(page * kPageSize, kPageSize);
        return alignedTo(ids, store.eventsByIds(ids));
    }
    if (inBase) {
        return store.eventsFromKey(0, baseUpToId, where.where, where.binds, *keyOrder, descending(),
                                   baseKeys.checkpoints.at(page), kPageSize);
    }
    return store.eventsFromKey(baseUpToId, tailUpToId, where.where, where.binds,
                               EventStore::KeyOrder::Id, false, tail.checkpoints.at(page),
                               kPageSize);
}

EventTableModel::Private::RowRef EventTableModel::Private::rowAt(qint64 row)
{
    const bool inBase = row < baseCount();
    const qint64 index = inBase ? row : row - baseCount();
    const qint64 page = index / kPageSize;
    const qint64 offset = index % kPageSize;
    const qint64 key = inBase ? page : -1 - page;
    Page *cached = pages.object(key);
    // The last page of the tail grows as live rows arrive.
    if (!cached || offset >= cached->records.size()) {
        auto fresh = std::make_unique<Page>();
        fresh->records = readPage(inBase, page);
        // The names of this page's customers only: reading every name of
        // the store before the first rows cost seconds on ten million.
        QSet<QString> users;
        for (const EventRecord &record : std::as_const(fresh->records)) {
            if (!record.chatUserId.isEmpty())
                users.insert(record.chatUserId);
        }
        fresh->names = store.customerNamesOf(users.values());
        cached = fresh.get();
        pages.insert(key, fresh.release());
    }
    if (offset >= cached->records.size())
        return {&emptyRecord(), &cached->names};
    return {&cached->records.at(offset), &cached->names};
}

qint64 EventTableModel::Private::rowOf(qint64 id)
{
    if (id <= 0 || id > tailUpToId)
        return -1;
    qint64 first = 0; // the row of the page's first record
    if (id > baseUpToId) {
        const qsizetype page = pageOfKey(tail.checkpoints, {0, id}, false);
        if (page < 0)
            return -1;
        first = baseCount() + page * kPageSize;
    } else if (!keyOrder) {
        return baseIds.indexOf(id);
    } else {
        EventStore::EventKey key{0, id};
        if (*keyOrder == EventStore::KeyOrder::ReceivedAt) {
            const std::optional<EventRecord> record = store.event(id);
            if (!record)
                return -1;
            key.value = record->receivedAtMs;
        }
        const qsizetype page = pageOfKey(baseKeys.checkpoints, key, descending());
        if (page < 0)
            return -1;
        first = page * kPageSize;
    }
    const qint64 end = std::min(first + kPageSize, rowCount());
    for (qint64 row = first; row < end; ++row) {
        if (rowAt(row).record->id == id)
            return row;
    }
    return -1;
}

QList<qint64> EventTableModel::Private::shownIds()
{
    QList<qint64> ids;
    const auto append = [&ids](const EventStore::EventKey &key) {
        ids.append(key.id);
        return true;
    };
    if (!keyOrder) {
        ids = baseIds;
    } else if (!store.scanEventKeys(0, baseUpToId, where.where, where.binds, *keyOrder,
                                    descending(), append)) {
        return {};
    }
    // While a load runs the scan above may find more rows than are shown yet.
    ids.resize(std::min<qsizetype>(ids.size(), baseCount()));
    if (tail.count > 0 && !store.scanEventKeys(baseUpToId, tailUpToId, where.where, where.binds,
                                               EventStore::KeyOrder::Id, false, append))
        return {};
    return ids;
}
