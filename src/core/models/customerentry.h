#pragma once

#include <QString>

// One row of CustomerListModel: what a customer's add_user / update_user
// events add up to (CustomerRows::fold), and what their messages tell
// (CustomerRows::foldMessages) for customers who only ever wrote.
struct CustomerEntry {
    // A value from the customer events: the latest non-empty one of the
    // verified (or unchecked) events, else of the unverified ones; an
    // unverified event never replaces a verified value.
    struct Value {
        QString verified;
        QString unverified;
        QString text() const { return verified.isEmpty() ? unverified : verified; }
        bool isUnverified() const { return verified.isEmpty() && !unverified.isEmpty(); }
    };

    QString chatUserId;
    Value customerName;
    QString messageName; // from message events that carried a name
    Value phone;
    Value email;
    int channel = -1;
    QString channelName;
    int changes = 0;           // customer events
    int unverifiedChanges = 0; // of them, with a bad signature or none
    qint64 lastChangeAt = 0;   // 0: no customer event
    qint64 messages = 0;
    qint64 lastMessageAt = 0; // 0: no message
    qint64 firstEventId = 0;  // the unsorted order
    qint64 realEvents = 0;    // customer events and messages that are not tests

    // Known only from test deliveries: hidden unless the filter asks for tests.
    bool isTestOnly() const { return realEvents == 0; }

    // The shown name: from the customer events, else from the messages.
    QString name() const
    {
        const QString fromEvents = customerName.text();
        return fromEvents.isEmpty() ? messageName : fromEvents;
    }
};
