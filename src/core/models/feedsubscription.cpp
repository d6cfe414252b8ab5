#include "models/feedsubscription.h"

#include "ingest/appendfeed.h"

#include <utility>

FeedSubscription::~FeedSubscription()
{
    // The owner may outlive this member by a little (it is destroyed in the
    // owner's destructor body); nothing may reach `apply` after that.
    QObject::disconnect(m_connection);
}

void FeedSubscription::subscribe(AppendFeed *feed, QObject *context, StorePath storePath,
                                 Apply apply)
{
    QObject::disconnect(m_connection);
    m_connection = {};
    if (!feed)
        return;
    m_connection =
        QObject::connect(feed, &AppendFeed::appended, context,
                         [feed, storePath = std::move(storePath),
                          apply = std::move(apply)](qint64 lastEventId, qint64 lastRefusedId) {
                             // Ids count in one store: another store's ids mean nothing here.
                             if (feed->isAbout(storePath()))
                                 apply(lastEventId, lastRefusedId);
                         });
}
