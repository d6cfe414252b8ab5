#pragma once

#include <QMetaObject>
#include <QString>

#include <functional>

class AppendFeed;
class QObject;

// How an item model (or a pane that reads a store itself) listens to the
// receiver's AppendFeed: the feed has already coalesced the commits, so the
// model applies each announcement at once, but only when it is about the
// store the model has open. A model showing a colleague's store read-only
// thus never counts the receiver's ids against it.
class FeedSubscription final {
    Q_DISABLE_COPY_MOVE(FeedSubscription)

public:
    using StorePath = std::function<QString()>;
    using Apply = std::function<void(qint64 lastEventId, qint64 lastRefusedId)>;

    FeedSubscription() = default;
    ~FeedSubscription();

    // Replaces any earlier subscription; nullptr subscribes to nothing.
    // `apply` runs on `context`'s thread while `context` lives, for each
    // announcement about the path `storePath` returns then (empty: none).
    void subscribe(AppendFeed *feed, QObject *context, StorePath storePath, Apply apply);

private:
    QMetaObject::Connection m_connection;
};
