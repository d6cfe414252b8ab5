#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

// The one "rows were committed" notification of a running receiver
// (DESIGN.md, data flow). The receiver service tells it of every commit;
// it tells its subscribers at most once per interval, with the highest ids
// committed so far, so that a steady stream of deliveries reaches the views
// a few times per second, in batches. Every item model that shows a store
// subscribes once; a model that shows another store (a colleague's copy
// opened read-only) asks isAbout() and ignores it.
class AppendFeed final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppendFeed)

public:
    static constexpr int kDefaultIntervalMs = 250;

    explicit AppendFeed(QObject *parent = nullptr);
    ~AppendFeed() override;

    // The store whose commits this feed announces (the receiver's).
    void setDatabasePath(const QString &path);
    QString databasePath() const { return m_databasePath; }
    // True if `path` names the same file as databasePath().
    bool isAbout(const QString &path) const;

    void setIntervalMs(int intervalMs);
    int intervalMs() const;

    // A commit made rows up to these ids readable. Announced within the
    // interval; an interval of 0 still coalesces every commit notified
    // before control returns to the event loop.
    void notifyCommitted(qint64 lastEventId, qint64 lastRefusedId);
    bool isPending() const { return m_timer.isActive(); }

Q_SIGNALS:
    // Rows up to these ids are committed in databasePath(). Emitted at most
    // once per interval. An id equal to the last one announced still means
    // a commit: retries change rows (delivery counts) without adding any.
    void appended(qint64 lastEventId, qint64 lastRefusedId);

private:
    void fire();

    QTimer m_timer;
    QString m_databasePath;
    qint64 m_lastEventId = 0;
    qint64 m_lastRefusedId = 0;
};
