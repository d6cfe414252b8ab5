#pragma once

// The private data of EventTableModel (Qt's _p.h convention), apart so that
// the model's .cpp holds its behaviour; nothing outside that .cpp includes it.

#include "models/eventchanges.h"
#include "models/eventtablemodel.h"
#include "models/feedsubscription.h"
#include "models/modelload.h"
#include "models/sparsekeys.h"
#include "store/eventcondition.h"
#include "store/eventstore.h"

#include <QCache>
#include <QElapsedTimer>
#include <QHash>

#include <optional>

// The rows are those of the last reload (the base), then the live rows
// appended since (the tail, in id order). The base of the Time column and of
// arrival order is known by SparseKeys and read a page at a time by key; the
// base of any other sort (no index serves its order) is the list of its ids.
// The tail is always keyed by id. A bounded cache holds the pages shown last,
// each with the latest names of its customers.
struct EventTableModel::Private {
    static constexpr int kFirstTestSchema = 6; // events.test
    static constexpr int kPageSize = SparseKeys::kStride;
    static constexpr int kMaxPages = 16; // 4096 records

    struct Page {
        QList<EventRecord> records;
        QHash<QString, QString> names; // chat_user_id -> latest non-empty name
    };
    struct RowRef {
        const EventRecord *record = nullptr;
        const QHash<QString, QString> *names = nullptr;
    };

    EventStore store;
    FeedSubscription feed;
    QCache<qint64, Page> pages{kMaxPages}; // key: base page p, or -1 - p for tail page p
    EventChanges changes;                  // of the customer events shown (Text column)
    FilterExpression::Sql where;           // condition() of the last reload

    std::optional<EventStore::KeyOrder> keyOrder; // the base is keyed when set
    SparseKeys baseKeys;
    QList<qint64> baseIds; // when the base is not keyed
    qint64 baseUpToId = 0; // the base holds the matching events up to here
    SparseKeys tail;       // matching events of (baseUpToId, tailUpToId], by id
    qint64 tailUpToId = 0;
    QList<qint64> pending; // matching new rows held back while paused

    ModelLoad load; // rows still arriving from the reader
    QElapsedTimer loadTimer;
    qint64 asyncThreshold = kDefaultAsyncLoadThreshold;
    FilterExpression filter;
    int channelScope = kAllChannels;
    int sortColumn = -1;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    qint64 lastSeenId = 0; // every row up to here is shown or pending
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

    // Arrival order (no sort column) is always ascending, as it always was.
    bool descending() const { return sortColumn >= 0 && sortOrder == Qt::DescendingOrder; }
    qint64 baseCount() const { return keyOrder ? baseKeys.count : baseIds.size(); }
    qint64 rowCount() const { return baseCount() + tail.count; }

    // The record at `row` (0 <= row < rowCount()) and its page's names; valid
    // until the next call. A row that could not be read is a default record.
    RowRef rowAt(qint64 row);
    // The row of event `id`, -1 when not shown.
    qint64 rowOf(qint64 id);
    // Every shown row's id in row order; empty on an error.
    QList<qint64> shownIds();

    void clearRows()
    {
        load.cancel();
        pages.clear();
        baseKeys.clear();
        baseIds.clear();
        tail.clear();
        pending.clear();
        lastSeenId = 0;
        baseUpToId = 0;
        tailUpToId = 0;
    }

private:
    QList<EventRecord> readPage(bool inBase, qint64 page);
    static QList<EventRecord> alignedTo(const QList<qint64> &ids, const QList<EventRecord> &found);
};
