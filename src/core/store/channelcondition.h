#pragma once

#include <QString>
#include <QVariantList>

// The SQL that keeps the events of one channel, with its binds. Built here,
// from the column declaration (StoreColumns), because SQL lives in store/
// (docs/storage.md): a view asks for a channel by its code and never spells
// the condition itself.
struct ChannelCondition {
    QString where;
    QVariantList binds;

    // code >= 0: the events of that channel; code < 0: the events that came
    // without a channel (stored as NULL, read back as -1).
    static ChannelCondition of(int code);
};
