#pragma once

#include <QMetaType>
#include <QString>

// One change of one customer profile field, derived from add_user /
// update_user events by CustomerTimeline (docs/customer-timeline.md).
//
// `field` is one of: name, remark_name, phone, email, remark, channel,
// sys_user_id, label, custom_field.<key>, ad_referral. Labels give one row per
// label added or removed, with the label's name as the old or new value.
struct FieldChange {
    enum Kind {
        Created, // set by add_user on a field that had no value yet
        Changed, // a value replaced another (old may be empty)
        Added,   // a label joined the customer's labels
        Removed, // a label left them
    };

    qint64 timeMs = 0;  // the event's receivedAtMs
    qint64 eventId = 0; // the event's id
    QString chatUserId;
    QString name; // the customer's display name as of this event
    QString field;
    QString oldValue;
    QString newValue;
    Kind kind = Changed;
    // The event that made the change ("add_user" / "update_user"), as sent.
    QString event;
    // The event's signature was bad or missing (stored under the record
    // policy): the change is shown, marked, and kept out of the verified
    // profile (docs/customer-timeline.md, "Unverified events").
    bool unverified = false;

    // "created", "changed", "added", "removed": a stable word for logs and tests.
    static QString kindName(Kind kind)
    {
        switch (kind) {
        case Created:
            return QStringLiteral("created");
        case Changed:
            return QStringLiteral("changed");
        case Added:
            return QStringLiteral("added");
        case Removed:
            return QStringLiteral("removed");
        }
        return {};
    }

    friend bool operator==(const FieldChange &a, const FieldChange &b)
    {
        return a.timeMs == b.timeMs && a.eventId == b.eventId && a.chatUserId == b.chatUserId &&
               a.name == b.name && a.field == b.field && a.oldValue == b.oldValue &&
               a.newValue == b.newValue && a.kind == b.kind && a.event == b.event &&
               a.unverified == b.unverified;
    }
    friend bool operator!=(const FieldChange &a, const FieldChange &b) { return !(a == b); }
};

Q_DECLARE_METATYPE(FieldChange)
