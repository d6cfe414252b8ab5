#pragma once

#include "notify/notificationrules.h"
#include "receiverservice.h"

#include <QObject>

#include <memory>
#include <optional>

class AppendFeed;
class EventStore;
class NotificationSink;
struct StoreFault;

// Turns what the receiver commits and what happens to it into desktop
// notifications: reads the new rows after each AppendFeed::appended
// (bounded: the newest kReadLimit customer messages of a batch), asks
// NotificationRules what to show and hands it to the sink. A click on a
// notification comes back as openEventRequested().
class DesktopNotifier final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopNotifier)

public:
    static constexpr int kReadLimit = 50;

    explicit DesktopNotifier(QObject *parent = nullptr);
    ~DesktopNotifier() override;

    // Takes ownership; nullptr shows nothing.
    void setSink(std::unique_ptr<NotificationSink> sink);
    NotificationSink *sink() const { return m_sink.get(); }
    NotificationRules &rules() { return m_rules; }
    // Listens to `feed` (the receiver's store). What was committed before
    // the first announcement never notifies.
    void setFeed(AppendFeed *feed);

    // An event of the feed's store (what a clicked notification opens when
    // the stream does not list it: filtered out, another channel shown).
    std::optional<EventRecord> record(qint64 eventId);

    // What the receiver's signals carry.
    void onReceiverState(ReceiverService::State state, const QString &message);
    void onStoreFault(const StoreFault &fault);
    // One batch: rows up to these ids are committed in the feed's store.
    void onAppended(qint64 lastEventId, qint64 lastRefusedId);
    // While quiet, batches are taken as read, not notified (a desk copy of
    // a team store filling with the store's past); so is the first batch
    // announced after it, which may still hold the last of them.
    void setQuiet(bool quiet);

Q_SIGNALS:
    void openEventRequested(qint64 eventId);
    void shown(const Notification &notification);

private:
    bool ensureStore();
    void deliver(const QList<Notification> &notifications);

    AppendFeed *m_feed = nullptr;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<NotificationSink> m_sink;
    NotificationRules m_rules;
    qint64 m_lastEventId = -1; // -1: not read yet (the next batch starts there)
    qint64 m_lastRefusedId = -1;
    ReceiverService::State m_state = ReceiverService::State::Stopped;
    bool m_storeFault = false;
    bool m_quiet = false;
    bool m_quietAgain = false; // the next batch is still taken as read
};
