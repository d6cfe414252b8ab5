#pragma once

#include "filter/filterexpression.h"
#include "models/eventidload.h"
#include "records/eventrecord.h"
#include "store/eventstore.h"

#include <QAbstractTableModel>

#include <memory>

class AppendFeed;

// The message stream: events of a store as a table, loaded lazily. In the
// Time order and in arrival order (an index serves both) the model holds only
// the key of every 256th matching row and a small cache of pages of records:
// row r is one keyed query from key r / 256, so ten million stored events
// cost a few hundred kilobytes. Other sorts keep the ordered list of matching
// ids (8 bytes per row). Sorting and filtering run in SQL; customer names are
// read per page; new rows arrive from the receiver's AppendFeed (setFeed) and
// are inserted in batches, at most a few times per second.
//
// A store with more events than asyncLoadThreshold() is read on a thread of
// its own (StoreReader): a reload empties the table, and the matching rows
// are appended in chunks as they are found (rowsLoaded; the row count grows
// with the scan), so the first rows show at once and the GUI thread never
// waits for a long scan; reloaded() then says the load is complete. Smaller
// stores load before reload() returns.
class EventTableModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventTableModel)

public:
    enum Column {
        Time,
        Channel,
        Customer,
        Direction,
        Type,
        Text,
        Verification,
        Deliveries,
        Sent, // when SaleSmartly sent it (send_time); Time is when it arrived here
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        EventIdRole = Qt::UserRole + 1,
        ReceivedAtRole, // qint64 ms since the epoch (UTC)
        ChannelRole,    // int code, -1 when absent
        ChatUserIdRole,
        ChatSessionIdRole,
        EventNameRole, // message, add_user, ...
        MsgTypeRole,
        SenderTypeRole,   // int: 0 unknown, 1 customer, 2 agent
        VerificationRole, // int: static_cast<int>(Verification)
        VerifiedRole,     // bool
        DeliveriesRole,   // int
        RecordRole,       // QVariant holding the whole EventRecord
        SortRole,         // raw value the column sorts on
        ConflictRole,     // bool: another event has this one's key, other data
        StaleRole,        // bool: the timestamp was far from the local clock
        TestRole,         // bool: sent as a test delivery (EventRecord::test)
        ChangesRole,      // QString: a customer event's change summary ("" otherwise)
    };

    explicit EventTableModel(QObject *parent = nullptr);
    ~EventTableModel() override;

    // Opens the store read-only with a connection of this (GUI) thread.
    bool openStore(const QString &path, QString *error = nullptr);
    void closeStore();
    QString storePath() const;

    // Restricts the rows: `filter` (the user's filter language) AND the
    // channel scope. Each reloads.
    void setFilter(const FilterExpression &filter);
    FilterExpression filter() const;
    // The codes of the channel list (ChannelModel::CodeRole): every event,
    // the events that came without a channel, or one channel's events. Any
    // other negative code means no channel, as in EventRecord::channel.
    static constexpr int kAllChannels = -2;
    static constexpr int kNoChannel = -1;
    void setChannelScope(int code);
    int channelScope() const; // kAllChannels by default
    // Re-reads the matching ids from the store (keeps the sort).
    void reload();
    // True between a reload() on a large store and its reloaded() signal.
    bool isLoading() const;
    // Stores with more events than this load on the reader thread. Default
    // kDefaultAsyncLoadThreshold; 0 loads every store there (tests).
    static constexpr qint64 kDefaultAsyncLoadThreshold = 50'000;
    void setAsyncLoadThreshold(qint64 events);
    qint64 asyncLoadThreshold() const;

    // Listens to `feed` (nullptr: to nothing) and applies each announcement
    // about the store open here at once: the feed has already coalesced them.
    void setFeed(AppendFeed *feed);
    // The writer committed rows up to lastEventId: matching new rows are
    // appended now, in one batch (held while a load runs, counted while
    // paused); the same id again refreshes the shown rows (retries).
    void appendUpTo(qint64 lastEventId);
    // While paused, new rows are counted but not inserted (log-viewer pause).
    void setPaused(bool paused);
    bool isPaused() const;
    int pendingRowCount() const;

    // Row order: the sort column's raw value (SortRole) then id, in SQL; with
    // no sort column (the default, or sort(-1)), arrival (id) order. Live rows
    // are appended at the end whatever the sort, like Wireshark, so that rows
    // do not jump under the reader; reload() or sort() puts them in place.
    EventRecord record(int row) const;
    int rowOfId(qint64 id) const; // -1 when not shown
    // The id of every shown row, in row order, read in SQL without the
    // records (what "send the whole view" hands over): the model itself
    // holds only every 256th key.
    QList<qint64> shownIds() const;
    // Matching rows: those shown plus those held back while paused.
    qint64 totalMatching() const;
    int sortColumn() const; // -1: arrival order
    Qt::SortOrder sortOrder() const;
    // Records held in the page cache now (bounded; for tests and diagnostics).
    qsizetype cachedRecordCount() const;
    // Keys and ids held to find rows (bounded by rows / 256 in the keyed
    // orders; for tests and diagnostics).
    qsizetype heldKeyCount() const;

    // Times to the millisecond (Time and Sent columns); off by default.
    void setShowMilliseconds(bool on);
    bool showsMilliseconds() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    // After a batch of live rows was inserted at the end.
    void rowsAppended(int count);
    void pendingRowCountChanged(int count);
    // A reload is complete: every matching row is in the table.
    void reloaded(qint64 elapsedMs);
    // A chunk of a reload on the reader thread was appended.
    void rowsLoaded(int count);
    void loadingChanged(bool loading);
    void errorOccurred(const QString &message);

private:
    void loadRows();
    void startAsyncLoad(qint64 lastId);
    void onKeysRead(const QList<EventStore::EventKey> &checkpoints, qint64 count,
                    const QList<EventIdLoad::Page> &pages);
    void onIdsRead(const QList<qint64> &ids);
    void onLoadFinished(const QString &error);
    void appendRows(const QList<qint64> &ids, qint64 upToId);
    void refreshShownRows();

    struct Private;
    std::unique_ptr<Private> d;
};
