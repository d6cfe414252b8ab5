#include "testsupport_feed.h"

#include "ingest/appendfeed.h"

#include <QSignalSpy>

bool announceThrough(AppendFeed &feed, qint64 lastEventId, qint64 lastRefusedId)
{
    QSignalSpy announced(&feed, &AppendFeed::appended);
    feed.notifyCommitted(lastEventId, lastRefusedId);
    return announced.wait(5000);
}
