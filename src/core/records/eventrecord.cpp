#include "records/eventrecord.h"

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

SenderType senderTypeFromCode(int code)
{
    switch (code) {
    case 1:
        return SenderType::Customer;
    case 2:
        return SenderType::Agent;
    default:
        return SenderType::Unknown;
    }
}
