#pragma once

// The private data of EventTableModel (Qt's _p.h convention), apart so that
// the model's .cpp holds its behaviour; nothing outside that .cpp includes it.

#include "models/eventchanges.h"
#include "models/eventtablemodel.h"
#include "models/feedsubscription.h"
#include "models/modelload.h"
#include "models/recordpagecache.h"
#include "store/eventcondition.h"
#include "store/eventstore.h"

#include <QElapsedTimer>
#include <QHash>

struct EventTableModel::Private {
    static constexpr int kFirstTestSchema = 6; // events.test
    EventStore store;
    FeedSubscription feed;
    mutable RecordPageCache<EventRecord> pages;
    EventChanges changes;                  // of the customer events shown (Text column)
    QHash<QString, QString> customerNames; // chat_user_id -> latest non-empty name
    QList<qint64> ids;                     // the rows, in display order
    QList<qint64> pending;                 // matching new rows held back while paused
    ModelLoad load;                        // rows still arriving from the reader
    QElapsedTimer loadTimer;
    qint64 asyncThreshold = kDefaultAsyncLoadThreshold;
    FilterExpression filter;
    int channelScope = kAllChannels;
    int sortColumn = -1;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    qint64 lastSeenId = 0;  // every row up to here is in ids or pending
    qint64 namesUpToId = 0; // customerNames covers the events up to here
    bool paused = false;
    bool milliseconds = false;

    // The channel scope AND the filter, as one condition with its binds.
    // The view hides test deliveries unless the filter names them
    // (FilterExpression::toViewSql); a schema-5 file, read without
    // upgrading it, has neither the column nor any test.
    // Text terms use the store's trigram index where it helps (textIndex).
    FilterExpression::Sql condition()
    {
        const FilterExpression::TextIndex index = store.textIndex();
        FilterExpression::Sql sql = store.schemaVersion() >= kFirstTestSchema
                                        ? filter.toViewSql({}, index)
                                        : filter.toSql({}, index);
        if (channelScope == kAllChannels)
            return sql;
        const EventCondition scoped =
            EventCondition::inChannel(channelScope).andAlso({sql.where, sql.binds});
        return {scoped.where, scoped.binds};
    }

    // Names only grow with new events, so a reload (filter, sort) reads just
    // the events it has not seen: re-reading them all cost ~300 ms per
    // filter change on a million events.
    void learnNamesUpTo(qint64 upToId)
    {
        if (upToId <= namesUpToId)
            return;
        customerNames.insert(store.customerNames(namesUpToId, upToId));
        namesUpToId = upToId;
    }

    void forgetNames()
    {
        customerNames.clear();
        namesUpToId = 0;
    }

    const EventRecord &recordAt(int row)
    {
        return pages.at(
            ids, row, [this](const QList<qint64> &pageIds) { return store.eventsByIds(pageIds); });
    }

    void clearRows()
    {
        load.cancel();
        pages.clear();
        ids.clear();
        pending.clear();
        lastSeenId = 0;
    }
};
