#include "models/channelmodel.h"

#include "models/feedsubscription.h"
#include "models/modelload.h"
#include "records/channelcatalog.h"
#include "store/eventstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>

#include <algorithm>
#include <limits>
#include <utility>

namespace {

constexpr qint64 kMinuteMs = 60 * 1000;

struct ChannelRow {
    int code = 0;
    QString name;
    bool documented = false;
    qint64 count = 0;
    int unread = 0;
    qint64 lastAt = 0;
    QHash<qint64, int> perMinute; // minute since the epoch -> messages, window only
};

QList<int> sparkline(const QList<const ChannelRow *> &rows, qint64 endMinute)
{
    QList<int> values(ChannelModel::kSparkMinutes, 0);
    const qint64 first = endMinute - ChannelModel::kSparkMinutes + 1;
    for (const ChannelRow *row : rows) {
        for (auto it = row->perMinute.cbegin(); it != row->perMinute.cend(); ++it) {
            if (it.key() >= first && it.key() <= endMinute)
                values[it.key() - first] += it.value();
        }
    }
    return values;
}

using ReadMarks = ChannelModel::ReadMarks;

// The mark that applies to `code`: its own, else the one of every channel.
qint64 markOf(const ReadMarks &marks, int code)
{
    return marks.value(code, marks.value(ChannelModel::kAllChannels, 0));
}

// Marks as read from a settings file: at most kMaxReadMarks, none negative,
// none past the store's last event (a replaced file), and always a mark for
// the channels without their own (the last event: no flood of old messages).
ReadMarks sanitized(const ReadMarks &marks, qint64 lastId)
{
    ReadMarks clean;
    for (auto it = marks.cbegin(); it != marks.cend(); ++it) {
        if (clean.size() >= ChannelModel::kMaxReadMarks)
            break;
        if (it.value() >= 0)
            clean.insert(it.key(), std::min(it.value(), lastId));
    }
    if (!clean.contains(ChannelModel::kAllChannels))
        clean.insert(ChannelModel::kAllChannels, lastId);
    return clean;
}

// Unread message events per channel: one tally per distinct mark, each
// taken only for the channels that mark applies to. Runs on whichever
// thread owns `store` (the reader thread for a large store).
QHash<int, qint64> unreadCounts(EventStore &store, const ReadMarks &marks, qint64 lastId)
{
    QHash<int, qint64> unread;
    QList<qint64> distinct;
    for (const qint64 mark : marks)
        if (mark < lastId && !distinct.contains(mark))
            distinct.append(mark);
    for (const qint64 mark : std::as_const(distinct)) {
        for (const EventStore::MessageTally &t : store.messageTallyByChannel(mark, lastId)) {
            if (markOf(marks, t.channel) == mark)
                unread[t.channel] += t.count;
        }
    }
    return unread;
}

int clampedInt(qint64 value)
{
    return static_cast<int>(std::min<qint64>(value, std::numeric_limits<int>::max()));
}

} // namespace

// What a load tallies: totals per channel and the sparkline window.
struct ChannelModel::Tallies {
    QList<EventStore::MessageTally> totals;
    QList<EventStore::MessageTally> minutes;
    QHash<int, qint64> unread; // counted with the marks of the load's start
};

struct ChannelModel::Private {
    EventStore store;
    FeedSubscription feed;
    ModelLoad load;
    qint64 asyncThreshold = kDefaultAsyncLoadThreshold;
    std::function<qint64()> clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    QList<ChannelRow> channels; // ordered by code; model row = index + 1
    qint64 lastSeenId = 0;
    qint64 endMinute = 0; // the sparkline's last minute
    bool loaded = false;  // rows are shown (set inside the model reset)
    ReadMarks marks;
    bool marksReplaced = false; // setReadMarks() during a load: recount after it
    std::function<ReadMarks(const QString &)> markLoader;

    int indexOf(int code) const
    {
        const auto it = std::find_if(channels.cbegin(), channels.cend(),
                                     [code](const ChannelRow &row) { return row.code == code; });
        return it == channels.cend() ? -1 : static_cast<int>(it - channels.cbegin());
    }
    qint64 windowStartMs() const { return (endMinute - kSparkMinutes + 1) * kMinuteMs; }
    // Moves the window to the clock's minute and forgets minutes that left it.
    void advanceWindow()
    {
        endMinute = std::max(endMinute, clock() / kMinuteMs);
        const qint64 first = endMinute - kSparkMinutes + 1;
        for (ChannelRow &row : channels)
            row.perMinute.removeIf([first](const auto &it) { return it.key() < first; });
    }
    void addMinutes(const QList<EventStore::MessageTally> &tallies)
    {
        for (const EventStore::MessageTally &t : tallies) {
            const int i = indexOf(t.channel);
            if (i >= 0)
                channels[i].perMinute[t.minute] += static_cast<int>(t.count);
        }
    }
    QVariant allChannels(int role) const;
    QVariant channel(const ChannelRow &row, int role) const;
};

QVariant ChannelModel::Private::allChannels(int role) const
{
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return QCoreApplication::translate("ChannelModel", "All channels");
    case CodeRole:
        return kAllChannels;
    case MessageCountRole:
    case UnreadRole:
    case LastMessageAtRole: {
        qint64 count = 0, unread = 0, last = 0;
        for (const ChannelRow &row : channels) {
            count += row.count;
            unread += row.unread;
            last = std::max(last, row.lastAt);
        }
        if (role == UnreadRole)
            return static_cast<int>(unread);
        return role == MessageCountRole ? count : last;
    }
    case SparklineRole: {
        QList<const ChannelRow *> all;
        for (const ChannelRow &row : channels)
            all.append(&row);
        return QVariant::fromValue(sparkline(all, endMinute));
    }
    case DocumentedRole:
        return false;
    default:
        return {};
    }
}

QVariant ChannelModel::Private::channel(const ChannelRow &row, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return row.name;
    case CodeRole:
        return row.code;
    case MessageCountRole:
        return row.count;
    case UnreadRole:
        return row.unread;
    case LastMessageAtRole:
        return row.lastAt;
    case SparklineRole:
        return QVariant::fromValue(sparkline({&row}, endMinute));
    case DocumentedRole:
        return row.documented;
    default:
        return {};
    }
}

ChannelModel::ChannelModel(QObject *parent)
    : QAbstractListModel(parent)
    , d(std::make_unique<Private>())
{
    d->load.setErrorHandler(this, [this](const QString &error) {
        d->load.finish();
        Q_EMIT errorOccurred(error);
        Q_EMIT loadingChanged(false);
    });
}

ChannelModel::~ChannelModel() = default;

bool ChannelModel::openStore(const QString &path, QString *error)
{
    closeStore();
    const std::optional<qint64> opened = d->store.openForReading(path, error);
    if (!opened)
        return false;
    const qint64 lastId = *opened;
    const ReadMarks saved = d->markLoader ? d->markLoader(path) : ReadMarks();
    d->marks = sanitized(saved, lastId);
    beginResetModel();
    d->loaded = true;
    for (const ChannelCatalog::Channel &c : ChannelCatalog::documented())
        ensureRow(c.code, false);
    d->lastSeenId = lastId;
    d->advanceWindow();
    if (lastId <= d->asyncThreshold) {
        Tallies tallies;
        tallies.totals = d->store.messageTallyByChannel(0, lastId);
        tallies.minutes = d->store.messageTallyByMinute(d->windowStartMs(), 0, lastId);
        applyTallies(tallies, false);
        applyUnread(unreadCounts(d->store, d->marks, lastId), d->marks);
    }
    endResetModel();
    if (lastId > d->asyncThreshold)
        startLoad(lastId);
    if (saved.isEmpty()) // a store seen for the first time: its marks start here
        Q_EMIT readMarksChanged(path, d->marks);
    return true;
}

void ChannelModel::setAsyncLoadThreshold(qint64 events)
{
    d->asyncThreshold = std::max<qint64>(0, events);
}

bool ChannelModel::isLoading() const
{
    return d->load.isLoading();
}

// The counts of a large store are tallied on the reader thread (a scan of
// every message event: half a second on a million).
void ChannelModel::startLoad(qint64 lastId)
{
    const qint64 sinceMs = d->windowStartMs();
    const ReadMarks marks = d->marks;
    d->marksReplaced = false;
    const bool started =
        d->load.start(d->store.path(), [this, lastId, sinceMs, marks](const StoreReader::Job &job) {
            Tallies tallies;
            tallies.totals = job.store().messageTallyByChannel(0, lastId);
            tallies.minutes = job.store().messageTallyByMinute(sinceMs, 0, lastId);
            QString error = job.store().lastError();
            tallies.unread = unreadCounts(job.store(), marks, lastId);
            if (error.isEmpty())
                error = job.store().lastError();
            job.deliver([this, tallies, error, marks] {
                const qint64 held = d->load.finish().value_or(-1);
                applyTallies(tallies, true);
                if (std::exchange(d->marksReplaced, false))
                    applyUnread(unreadCounts(d->store, d->marks, d->lastSeenId), d->marks);
                else
                    applyUnread(tallies.unread, marks);
                emitChanged(0, rowCount() - 1);
                if (!error.isEmpty())
                    Q_EMIT errorOccurred(error);
                Q_EMIT loadingChanged(false);
                if (held > d->lastSeenId)
                    appendUpTo(held);
            });
        });
    if (started)
        Q_EMIT loadingChanged(true);
}

// announce: insert rows for new channels with signals (outside a reset).
void ChannelModel::applyTallies(const Tallies &tallies, bool announce)
{
    for (const EventStore::MessageTally &t : tallies.totals) {
        ChannelRow &row = d->channels[ensureRow(t.channel, announce) - 1];
        row.count = t.count;
        row.lastAt = t.lastReceivedAtMs;
    }
    d->addMinutes(tallies.minutes);
}

// Unread counts that were counted with the marks `countedWith`. A channel
// marked read since (markRead() during a load) has none: its mark is the
// load's last event, and what came after is added by appendUpTo().
void ChannelModel::applyUnread(const QHash<int, qint64> &unread, const ReadMarks &countedWith)
{
    // Every channel counted here has a row: applyTallies() (or
    // setReadMarks()) made one for each channel with messages.
    for (ChannelRow &row : d->channels) {
        const bool same = markOf(countedWith, row.code) == markOf(d->marks, row.code);
        row.unread = same ? clampedInt(unread.value(row.code)) : 0;
    }
}

void ChannelModel::closeStore()
{
    beginResetModel();
    const bool wasLoading = d->load.cancel();
    d->store.close();
    d->loaded = false;
    d->channels.clear();
    d->marks.clear();
    d->marksReplaced = false;
    d->lastSeenId = 0;
    d->endMinute = 0;
    endResetModel();
    if (wasLoading)
        Q_EMIT loadingChanged(false);
}

void ChannelModel::setFeed(AppendFeed *feed)
{
    d->feed.subscribe(
        feed, this, [this] { return d->store.isOpen() ? d->store.path() : QString(); },
        [this](qint64 lastEventId, qint64) { appendUpTo(lastEventId); });
}

void ChannelModel::setClock(std::function<qint64()> nowMs)
{
    d->clock = std::move(nowMs);
}

void ChannelModel::appendUpTo(qint64 lastEventId)
{
    if (!d->store.isOpen() || lastEventId <= d->lastSeenId)
        return;
    if (d->load.hold(lastEventId))
        return; // counted after the load's totals, which stop at lastSeenId
    const qint64 afterId = d->lastSeenId;
    d->lastSeenId = lastEventId;
    d->advanceWindow();
    const QList<EventStore::MessageTally> totals =
        d->store.messageTallyByChannel(afterId, lastEventId);
    for (const EventStore::MessageTally &t : totals) {
        ChannelRow &row = d->channels[ensureRow(t.channel, true) - 1];
        row.count += t.count;
        row.unread = clampedInt(row.unread + t.count);
        row.lastAt = std::max(row.lastAt, t.lastReceivedAtMs);
    }
    d->addMinutes(d->store.messageTallyByMinute(d->windowStartMs(), afterId, lastEventId));
    emitChanged(0, rowCount() - 1);
}

// The model row of the channel `code`, inserted in code order if new.
int ChannelModel::ensureRow(int code, bool announce)
{
    const int existing = d->indexOf(code);
    if (existing >= 0)
        return existing + 1;
    const auto at = std::lower_bound(d->channels.cbegin(), d->channels.cend(), code,
                                     [](const ChannelRow &row, int c) { return row.code < c; });
    const int index = static_cast<int>(at - d->channels.cbegin());
    ChannelRow row;
    row.code = code;
    row.name = ChannelCatalog::name(code);
    const QList<ChannelCatalog::Channel> &documented = ChannelCatalog::documented();
    row.documented =
        std::any_of(documented.cbegin(), documented.cend(),
                    [code](const ChannelCatalog::Channel &c) { return c.code == code; });
    if (announce)
        beginInsertRows(QModelIndex(), index + 1, index + 1);
    d->channels.insert(index, row);
    if (announce)
        endInsertRows();
    return index + 1;
}

void ChannelModel::emitChanged(int firstRow, int lastRow, const QList<int> &roles)
{
    if (firstRow <= lastRow && firstRow >= 0)
        Q_EMIT dataChanged(index(firstRow), index(lastRow), roles);
}

void ChannelModel::markRead(int code)
{
    if (!d->store.isOpen())
        return;
    if (code == kAllChannels) {
        for (ChannelRow &row : d->channels)
            row.unread = 0;
        const ReadMarks all{{kAllChannels, d->lastSeenId}};
        if (d->marks != all) {
            d->marks = all;
            Q_EMIT readMarksChanged(d->store.path(), d->marks);
        }
        emitChanged(0, rowCount() - 1, {UnreadRole});
        return;
    }
    const int i = d->indexOf(code);
    if (i < 0)
        return;
    // While a load counts, an unread count of 0 may only mean "not known yet".
    if (d->channels.at(i).unread == 0 && !d->load.isLoading())
        return;
    d->channels[i].unread = 0;
    if (markOf(d->marks, code) != d->lastSeenId && d->marks.size() < kMaxReadMarks) {
        d->marks[code] = d->lastSeenId;
        Q_EMIT readMarksChanged(d->store.path(), d->marks);
    }
    emitChanged(0, 0, {UnreadRole});
    emitChanged(i + 1, i + 1, {UnreadRole});
}

void ChannelModel::setReadMarkLoader(std::function<ReadMarks(const QString &)> loader)
{
    d->markLoader = std::move(loader);
}

ChannelModel::ReadMarks ChannelModel::readMarks() const
{
    return d->marks;
}

QString ChannelModel::storePath() const
{
    return d->store.isOpen() ? d->store.path() : QString();
}

void ChannelModel::setReadMarks(const ReadMarks &marks)
{
    if (!d->store.isOpen())
        return;
    d->marks = sanitized(marks, d->lastSeenId);
    if (d->load.isLoading()) {
        d->marksReplaced = true; // recounted when the load's tallies arrive
        return;
    }
    const QHash<int, qint64> unread = unreadCounts(d->store, d->marks, d->lastSeenId);
    for (auto it = unread.cbegin(); it != unread.cend(); ++it)
        ensureRow(it.key(), true);
    applyUnread(unread, d->marks);
    emitChanged(0, rowCount() - 1, {UnreadRole});
}

void ChannelModel::tick()
{
    if (!d->store.isOpen())
        return;
    d->advanceWindow();
    emitChanged(0, rowCount() - 1, {SparklineRole});
}

int ChannelModel::rowOfCode(int code) const
{
    if (code == kAllChannels)
        return d->loaded ? 0 : -1;
    const int i = d->indexOf(code);
    return i < 0 ? -1 : i + 1;
}

int ChannelModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !d->loaded)
        return 0;
    return static_cast<int>(d->channels.size()) + 1;
}

QVariant ChannelModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    if (!index.isValid())
        return {};
    // Not known before the reader thread has tallied them.
    if (d->load.isLoading() && (role == MessageCountRole || role == LastMessageAtRole))
        return {};
    if (index.row() == 0)
        return d->allChannels(role);
    return d->channel(d->channels.at(index.row() - 1), role);
}
