#include "eventrecord.h"

EventKind eventKindFromName(const QString &event)
{
    if (event == QLatin1String("message"))
        return EventKind::Message;
    if (event == QLatin1String("add_user"))
        return EventKind::AddUser;
    if (event == QLatin1String("update_user"))
        return EventKind::UpdateUser;
    return EventKind::Unknown;
}
