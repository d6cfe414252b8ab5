#include "store/channelcondition.h"

#include "store/storecolumns.h"

ChannelCondition ChannelCondition::of(int code)
{
    if (code < 0)
        return {StoreColumns::kChannel + QLatin1String(" IS NULL"), {}};
    return {StoreColumns::kChannel + QLatin1String(" = ?"), {code}};
}
