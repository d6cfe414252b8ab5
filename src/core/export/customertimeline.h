#pragma once

#include "records/fieldchange.h"

#include <QList>
#include <QMap>
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

        QString value(const QString &field) const { return fields.value(field); }
        QStringList labelNames() const;
    };

    // The changes one event makes, in a stable field order. Events other than
    // add_user / update_user change nothing and return an empty list.
    QList<FieldChange> apply(const EventRecord &event);
    const Profile &profile() const { return m_profile; }

    // The changes of one customer's events, given oldest first.
    static QList<FieldChange> build(const QList<EventRecord> &eventsOfOneCustomerInTimeOrder);
    // The merged profile after those events.
    static Profile currentState(const QList<EventRecord> &eventsOfOneCustomerInTimeOrder);
    // Events of many customers, interleaved, oldest first (id order): each
    // customer keeps its own state. Rows come out in the order of the events
    // that caused them.
    static QList<FieldChange> buildAll(const QList<EventRecord> &customerEvents);

    // Field names as they appear in FieldChange::field.
    static QStringList scalarFields();

private:
    struct Context;

    void applyScalars(const EventRecord &event, Context &ctx);
    void applyLabels(const EventRecord &event, Context &ctx);
    void applyCustomFields(const EventRecord &event, Context &ctx);
    void setField(const QString &field, const QString &value, Context &ctx);

    Profile m_profile;
};
