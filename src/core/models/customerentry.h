#pragma once

#include <QString>

// One row of CustomerListModel: what a customer's add_user / update_user
// events add up to (CustomerRows::fold).
struct CustomerEntry {
    QString chatUserId;
    QString name; // latest non-empty
    int channel = -1;
    QString channelName;
    int changes = 0;
    qint64 lastChangeAt = 0;
    qint64 firstEventId = 0; // the unsorted order
};
