#include "store/eventcondition.h"

#include "store/storecolumns.h"

EventCondition EventCondition::inChannel(int channel)
{
    // A NULL channel cannot be matched through a bind of -1. "IS ?" for a
    // code, as the filter's channel: term writes it (SQLite serves IS from
    // the events(channel, received_at) index like =).
    if (channel < 0)
        return {StoreColumns::kChannel + QLatin1String(" IS NULL"), {}};
    return {StoreColumns::kChannel + QLatin1String(" IS ?"), {channel}};
}

EventCondition EventCondition::notTest(int schemaVersion)
{
    constexpr int kFirstTestSchema = 6;
    if (schemaVersion < kFirstTestSchema)
        return {};
    return {StoreColumns::kTest + QLatin1String(" = 0"), {}};
}

EventCondition EventCondition::andAlso(const EventCondition &other) const
{
    if (other.where.isEmpty())
        return *this;
    if (where.isEmpty())
        return other;
    // Each side parenthesised: a filter's OR must not bind to the other side.
    return {u'(' + where + QLatin1String(") AND (") + other.where + u')', binds + other.binds};
}
