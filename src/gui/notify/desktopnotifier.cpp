#include "notify/desktopnotifier.h"

#include "guilog.h"
#include "ingest/appendfeed.h"
#include "notify/notificationsink.h"
#include "records/verification.h"
#include "store/eventstore.h"
#include "store/storecolumns.h"
#include "store/storefault.h"

#include <QFileInfo>

#include <algorithm>
#include <utility>

using namespace StoreColumns;

DesktopNotifier::DesktopNotifier(QObject *parent)
    : QObject(parent)
    , m_store(std::make_unique<EventStore>())
{
    m_store->setQuiet(true);
    m_rules.setNameLookup([this](const QString &chatUserId) {
        if (chatUserId.isEmpty() || !m_store->isOpen())
            return QString();
        const QList<EventRecord> events = m_store->customerEventsOf(chatUserId);
        for (auto it = events.crbegin(); it != events.crend(); ++it) {
            if (!it->name.isEmpty())
                return it->name;
        }
        return QString();
    });
}

DesktopNotifier::~DesktopNotifier() = default;

void DesktopNotifier::setSink(std::unique_ptr<NotificationSink> sink)
{
    m_sink = std::move(sink);
    if (m_sink)
        connect(m_sink.get(), &NotificationSink::activated, this,
                &DesktopNotifier::openEventRequested);
}

void DesktopNotifier::setFeed(AppendFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    if (feed)
        connect(feed, &AppendFeed::appended, this, &DesktopNotifier::onAppended);
    ensureStore();
}

// The feed's store, opened read-only on this (the GUI) thread; reopened when
// the receiver moves to another file. A new file starts at its end.
bool DesktopNotifier::ensureStore()
{
    if (!m_feed || m_feed->databasePath().isEmpty())
        return false;
    if (m_store->isOpen() && m_feed->isAbout(m_store->path()) && m_lastEventId >= 0)
        return true;
    m_store->close();
    m_lastEventId = -1;
    m_lastRefusedId = -1;
    QString error;
    if (!m_store->openReadOnly(m_feed->databasePath(), &error)) {
        qCDebug(lcGui).noquote() << "Notifications cannot read the store:" << error;
        return false;
    }
    // What the store held before is old news: notifications start here.
    m_lastEventId = m_store->maxEventId();
    m_lastRefusedId = m_store->maxRefusedId();
    return true;
}

void DesktopNotifier::setQuiet(bool quiet)
{
    if (m_quiet && !quiet)
        m_quietAgain = true;
    m_quiet = quiet;
}

void DesktopNotifier::onAppended(qint64 lastEventId, qint64 lastRefusedId)
{
    if (!ensureStore())
        return;
    if (m_lastEventId < 0)
        return; // the store could not be read when it was opened; try at the next open
    if (m_quiet || std::exchange(m_quietAgain, false)) {
        m_lastEventId = std::max(m_lastEventId, lastEventId);
        m_lastRefusedId = std::max(m_lastRefusedId, lastRefusedId);
        return;
    }
    QList<Notification> out;
    if (lastEventId > m_lastEventId) {
        const qint64 after = m_lastEventId;
        m_lastEventId = lastEventId;
        // The newest customer messages of the batch, then in id order.
        const QString where =
            QStringLiteral("%1 > ? AND %2 = 'message' AND %3 = ?").arg(kId, kEvent, kSenderType);
        const QVariantList binds{after, static_cast<int>(SenderType::Customer)};
        QList<EventRecord> newest =
            m_store->eventsBefore(lastEventId + 1, kReadLimit, where, binds);
        std::reverse(newest.begin(), newest.end());
        qint64 more = 0;
        if (newest.size() >= kReadLimit) {
            const qint64 total = m_store->eventCount(
                where + QStringLiteral(" AND %1 <= ?").arg(kId), binds + QVariantList{lastEventId});
            more = std::max<qint64>(0, total - newest.size());
        }
        out += m_rules.onEvents(newest, more);
        // Stored but unverified (policy "record"): a wrong key, or no signature.
        const qint64 unverified = m_store->eventCount(
            QStringLiteral("%1 > ? AND %1 <= ? AND %2 IN (?, ?)").arg(kId, kVerification),
            {after, lastEventId, verificationWord(Verification::BadSignature),
             verificationWord(Verification::Unsigned)});
        if (unverified > 0)
            out += m_rules.onRefusals(unverified);
    }
    if (lastRefusedId > m_lastRefusedId) {
        const qint64 refused = lastRefusedId - m_lastRefusedId;
        m_lastRefusedId = lastRefusedId;
        out += m_rules.onRefusals(refused);
    }
    deliver(out);
}

// Only Failed notifies: the service stops by itself only by failing; a
// Stopped state follows a stop someone asked for (Stop, a settings change,
// Quit).
void DesktopNotifier::onReceiverState(ReceiverService::State state, const QString &message)
{
    const ReceiverService::State before = std::exchange(m_state, state);
    if (state == ReceiverService::State::Listening)
        ensureStore(); // before its first commit, so that commit is news
    if (state == ReceiverService::State::Failed && before != state)
        deliver(m_rules.onReceiverFailed(message));
}

void DesktopNotifier::onStoreFault(const StoreFault &fault)
{
    const bool was = std::exchange(m_storeFault, fault.isFault());
    if (fault.isFault() && !was)
        deliver(m_rules.onStoreFault(fault.reason));
}

std::optional<EventRecord> DesktopNotifier::record(qint64 eventId)
{
    if (!ensureStore())
        return std::nullopt;
    return m_store->event(eventId);
}

void DesktopNotifier::deliver(const QList<Notification> &notifications)
{
    for (const Notification &n : notifications) {
        Q_EMIT shown(n);
        if (m_sink)
            m_sink->show(n);
    }
}
