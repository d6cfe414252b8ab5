#pragma once

#include <QAbstractListModel>
#include <QHash>

#include <functional>
#include <memory>

class AppendFeed;

// The channels pane: "All channels" on top, then every documented channel
// and every channel seen in the store, with message counts, unread counts
// (messages that arrived since the channel was last viewed), the time of the
// last message and a messages-per-minute series for a sparkline. Counts are
// of message events (event = 'message'). Unread counts come from read marks
// (docs/notifications.md): per channel, the id of the last event read; a
// channel's unread count is its message events with a greater id. The marks
// are loaded when a store opens (setReadMarkLoader) and announced when they
// change, so they survive a restart; a store without marks counts everything
// in it as read. "All channels" sums the channels, and markRead() on it
// marks every channel read.
class ChannelModel final : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChannelModel)

public:
    static constexpr int kAllChannels = -2; // the code of the "All channels" row
    static constexpr int kSparkMinutes = 30;

    enum Role {
        CodeRole = Qt::UserRole + 1, // int: channel code, kAllChannels for the top row
        NameRole,                    // "WhatsApp API", "Channel 42", "All channels"
        MessageCountRole,            // qint64; invalid while a large store is tallied
        UnreadRole,                  // int
        LastMessageAtRole,           // qint64 ms since the epoch, 0 = never
        SparklineRole,               // QList<int>: messages per minute, oldest first,
                                     // kSparkMinutes values ending at "now"
        DocumentedRole,              // bool: in SaleSmartly's documented list
    };

    explicit ChannelModel(QObject *parent = nullptr);
    ~ChannelModel() override;

    // A store with more events than kAsyncLoadThreshold shows its channels
    // at once and its counts when the reader thread has tallied them
    // (loadingChanged); smaller ones are tallied before openStore() returns.
    bool openStore(const QString &path, QString *error = nullptr);
    static constexpr qint64 kDefaultAsyncLoadThreshold = 50'000;
    void setAsyncLoadThreshold(qint64 events);
    bool isLoading() const;
    void closeStore();
    // Listens to `feed` (nullptr: to nothing), like EventTableModel::setFeed.
    void setFeed(AppendFeed *feed);
    // Rows up to lastEventId were committed: counts, last times and
    // sparklines update now (after the load's tallies while one runs).
    void appendUpTo(qint64 lastEventId);
    // The time source for the sparkline window, ms since the epoch (tests
    // inject one; the default is the system clock). Takes effect at the next
    // openStore(), tick() or batch.
    void setClock(std::function<qint64()> nowMs);
    // The user looked at this channel: its unread count drops to 0.
    void markRead(int code);

    // Read marks: channel code -> the id of the last event read in it; the
    // key kAllChannels holds the mark of every channel without its own.
    using ReadMarks = QHash<int, qint64>;
    static constexpr int kMaxReadMarks = 1000; // more are ignored (a hostile settings file)
    // Where openStore() gets a store's marks from (the settings). Without a
    // loader, or when it returns none, everything in the store counts as read.
    void setReadMarkLoader(std::function<ReadMarks(const QString &storePath)> loader);
    ReadMarks readMarks() const;
    // Replaces the marks of the open store and recounts the unread messages.
    void setReadMarks(const ReadMarks &marks);
    QString storePath() const;
    // Recomputes the sparklines against the current time (call every minute).
    void tick();
    int rowOfCode(int code) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    // The marks of the store at `storePath` changed (markRead, or the first
    // open of a store without marks): what to save.
    void readMarksChanged(const QString &storePath, const ChannelModel::ReadMarks &marks);
    void errorOccurred(const QString &message);

private:
    struct Tallies;
    void startLoad(qint64 lastId);
    void applyTallies(const Tallies &tallies, bool announce);
    void applyUnread(const QHash<int, qint64> &unread, const ReadMarks &countedWith);
    int ensureRow(int code, bool announce);
    void emitChanged(int firstRow, int lastRow, const QList<int> &roles = {});

    struct Private;
    std::unique_ptr<Private> d;
};
