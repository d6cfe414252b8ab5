#pragma once

#include "filter/filterexpression.h"
#include "store/storereader.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>

// One reload of the message stream (EventTableModel) on its reader thread:
// the customer names the model has not read yet, then the ids of the
// matching events in chunks, then the end. The names come first so that no
// row shows without its name; the first chunk holds a screenful so rows show
// at once. Every result is handed over through Job::deliver, so the
// callbacks run on the model's thread, and not at all once a newer load or
// cancel() came.
struct EventIdLoad {
    using NamesRead = std::function<void(const QHash<QString, QString> &names, qint64 upToId)>;
    using IdsRead = std::function<void(const QList<qint64> &ids)>;
    using Finished = std::function<void(const QString &error)>; // empty: no error

    qint64 upToId = 0;       // rows are the events with id <= upToId
    qint64 namesAfterId = 0; // customer names of (namesAfterId, upToId] are read first
    FilterExpression::Sql where;
    QString orderBy;

    NamesRead onNamesRead;
    IdsRead onIdsRead;
    Finished onFinished;

    // Runs on the reader thread.
    void run(const StoreReader::Job &job) const;
};
