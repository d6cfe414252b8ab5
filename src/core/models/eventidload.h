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
    // A page of the keyed rows (rows index * kStride on), read from its
    // checkpoint, with the latest names of its customers.
    struct Page {
        qint64 index = 0;
        QList<EventRecord> records;
        QHash<QString, QString> names;
    };
    // New checkpoints (in row order), the number of rows found so far, and
    // the pages that hold the first and the last of those rows: the window
    // shows the top, or the newest rows when it follows them, and either is
    // then painted without a read on the model's thread.
    using KeysRead = std::function<void(const QList<EventStore::EventKey> &checkpoints,
                                        qint64 count, const QList<Page> &pages)>;
    using Finished = std::function<void(const QString &error)>; // empty: no error

    qint64 upToId = 0; // rows are the events with id <= upToId
    FilterExpression::Sql where;
    std::optional<EventStore::KeyOrder> keyOrder; // keyed when set, else by orderBy
    bool descending = false;                      // of the keyed order
    QString orderBy;                              // of the id list

    IdsRead onIdsRead;
    KeysRead onKeysRead;
    Finished onFinished;

    // Runs on the reader thread.
    void run(const StoreReader::Job &job) const;
};
