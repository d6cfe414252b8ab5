#pragma once

#include "records/customertimeline.h"
#include "records/fieldchange.h"
#include "store/eventlookup.h"

#include <QList>
#include <QString>

#include <optional>

struct EventRecord;

// The change history of the customer a view shows: their add_user /
// update_user events read from the store and replayed through a
// CustomerTimeline, then extended as new events are committed. The
// customers pane feeds a TimelineModel from it and asks it for the event
// behind a change, so the pane itself neither reads the store nor writes SQL.
class CustomerHistory final {
    Q_DISABLE_COPY_MOVE(CustomerHistory)

public:
    CustomerHistory() = default;

    // Opens an existing store read-only and forgets the shown customer.
    bool open(const QString &path, QString *error = nullptr);
    void close();
    bool isOpen() const { return m_lookup.isOpen(); }
    QString path() const { return m_lookup.path(); }

    // Shows `chatUserId` (empty: nobody): every change of theirs, oldest first.
    QList<FieldChange> show(const QString &chatUserId);
    // The changes of the shown customer's events committed since the last
    // read; nothing when no new event of theirs arrived.
    std::optional<QList<FieldChange>> readNew();

    QString customer() const { return m_customer; }
    // Every event applied, unverified ones included.
    const CustomerTimeline::Profile &profile() const { return m_state.profile(); }
    // Only verified (or unchecked) events: what the profile header shows
    // unless the user asks for unverified data.
    const CustomerTimeline::Profile &verifiedProfile() const { return m_state.verifiedProfile(); }
    const CustomerTimeline::Profile &profile(bool includeUnverified) const
    {
        return includeUnverified ? profile() : verifiedProfile();
    }
    // Fields an unverified event set to a value the verified profile lacks.
    QStringList hiddenUnverifiedFields() const { return m_state.hiddenUnverifiedFields(); }
    // The id of the last event of the shown customer read so far (0: none).
    qint64 lastEventId() const { return m_lastEventId; }
    // The event behind a change (FieldChange::eventId).
    std::optional<EventRecord> event(qint64 id) { return m_lookup.event(id); }

private:
    QList<FieldChange> apply(const QList<EventRecord> &events);

    EventLookup m_lookup;
    CustomerTimeline m_state;
    QString m_customer;
    qint64 m_lastEventId = 0;
};
