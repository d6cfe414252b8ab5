#pragma once

#include "filter/filterexpression.h"
#include "store/eventstore.h"
#include "store/storereader.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

// One reload of the message stream (EventTableModel) on its reader thread.
// Keyed (the Time column, arrival order): the scan walks the keys in order
// and hands over the key of every SparseKeys::kStride-th row and the count so
// far; the rows themselves are read a page at a time when shown. Other sorts
// (their order has no index) hand over every id, in chunks. The first chunk
// holds a screenful so rows show at once. Every result is handed over through
// Job::deliver, so the callbacks run on the model's thread, and not at all
// once a newer load or cancel() came.
struct EventIdLoad {
    using IdsRead = std::function<void(const QList<qint64> &ids)>;
    // New checkpoints (in row order) and the number of rows found so far.
    using KeysRead =
        std::function<void(const QList<EventStore::EventKey> &checkpoints, qint64 count)>;
    // The records of the first page (rows 0 to kStride - 1) of a keyed load
    // and the latest names of their customers, read on the reader thread
    // right after the first checkpoints, so that the first paint needs no
    // read on the model's thread.
    using PageRead = std::function<void(const QList<EventRecord> &records,
                                        const QHash<QString, QString> &names)>;
    using Finished = std::function<void(const QString &error)>; // empty: no error

    qint64 upToId = 0; // rows are the events with id <= upToId
    FilterExpression::Sql where;
    std::optional<EventStore::KeyOrder> keyOrder; // keyed when set, else by orderBy
    bool descending = false;                      // of the keyed order
    QString orderBy;                              // of the id list

    IdsRead onIdsRead;
    KeysRead onKeysRead;
    PageRead onFirstPage;
    Finished onFinished;

    // Runs on the reader thread.
    void run(const StoreReader::Job &job) const;
};
