#pragma once

#include "records/fieldchange.h"

#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

struct EventRecord;

// Derives a customer's field changes from their add_user / update_user events
// (spec section 4 and its DECISIONs; docs/customer-timeline.md). Stateful so
// a view can apply new events as they arrive; the static helpers replay a
// whole history.
//
//     CustomerTimeline timeline;
//     for (const EventRecord &e : eventsInTimeOrder)
//         changes += timeline.apply(e);
//     timeline.profile(); // the merged current profile
class CustomerTimeline final {
public:
    struct Label {
        QString id; // empty when the sender gave none; then the name identifies it
        QString name;
    };

    // What the customer looks like after every event applied so far.
    struct Profile {
        QString chatUserId;
        // Field -> value for every field an event has set (values may be
        // empty), custom fields as "custom_field.<key>". Labels are not here.
        QMap<QString, QString> fields;
        QList<Label> labels; // in the order they were added
        qint64 lastEventId = 0;
        qint64 lastTimeMs = 0;
        // Fields (and "labels") whose current value was set by an unverified
        // event; a later verified event that sets the field clears the mark.
        QSet<QString> unverifiedFields;

        QString value(const QString &field) const { return fields.value(field); }
        QStringList labelNames() const;
    };

    // The changes one event makes, in a stable field order. Events other than
    // add_user / update_user change nothing and return an empty list.
    QList<FieldChange> apply(const EventRecord &event);
    // Every event applied, unverified ones included.
    const Profile &profile() const { return m_profile; }
    // Only the verified (or unchecked) events applied: what a profile header
    // shows unless the user asks to see unverified data.
    const Profile &verifiedProfile() const { return m_verified; }
    // The fields whose value in profile() comes from an unverified event and
    // differs from verifiedProfile(): what the verified view leaves out.
    QStringList hiddenUnverifiedFields() const;

    // The part of the state that apply()'s rows depend on: the merged
    // fields and labels of profile() (not the verified profile, nor the
    // unverified marks), as compact JSON. The writer keeps it per customer
    // so that each new customer event's rows cost one apply() instead of a
    // replay of the history (docs/storage.md, "Change rows").
    QByteArray rowState() const;
    // Continues from rowState(): apply() then gives the rows a replay of the
    // whole history would. verifiedProfile() and the unverified marks start
    // empty. False (and the timeline unchanged) when `state` is not one.
    bool restoreRowState(const QByteArray &state);

    // A bad signature or none at all (Verification::BadSignature, Unsigned).
    // "Not checked" (no secret configured) is not unverified: without a
    // secret nothing is, and marking everything would mark nothing.
    static bool isUnverified(const EventRecord &event);
    // A stored value as people read it: a JSON array as a comma-separated
    // list, a JSON object as "key: value" pairs, anything else unchanged.
    // For ad_referral and custom fields (values never shown as cut JSON).
    static QString readableValue(const QString &value);

    // The changes of one customer's events, given oldest first.
    static QList<FieldChange> build(const QList<EventRecord> &eventsOfOneCustomerInTimeOrder);
    // The merged profile after those events.
    static Profile currentState(const QList<EventRecord> &eventsOfOneCustomerInTimeOrder);
    // The latest verified name after those events (empty when none).
    static QString currentVerifiedName(const QList<EventRecord> &eventsOfOneCustomerInTimeOrder);
    // Events of many customers, interleaved, oldest first (id order): each
    // customer keeps its own state. Rows come out in the order of the events
    // that caused them.
    static QList<FieldChange> buildAll(const QList<EventRecord> &customerEvents);

    // Field names as they appear in FieldChange::field.
    static QStringList scalarFields();

private:
    struct Context;

    static void applyTo(Profile &profile, const EventRecord &event, Context &ctx);
    static void applyScalars(Profile &profile, const EventRecord &event, Context &ctx);
    static void applyLabels(Profile &profile, const EventRecord &event, Context &ctx);
    static void applyCustomFields(Profile &profile, const EventRecord &event, Context &ctx);
    static void setField(Profile &profile, const QString &field, const QString &value,
                         Context &ctx);

    Profile m_profile;
    Profile m_verified;
};
