#pragma once

#include <QtGlobal>

class AppendFeed;

// Announces a commit through `feed`, as the receiver service does, and
// returns once the feed has told its subscribers (true) or after a few
// seconds without an announcement (false). Subscribers connected before
// the call have run by then: a signal reaches its receivers in the order
// they connected, and the spy that waits here connects last.
bool announceThrough(AppendFeed &feed, qint64 lastEventId, qint64 lastRefusedId = 0);
