#include "notify/notificationsink.h"

NotificationSink::~NotificationSink() = default;
