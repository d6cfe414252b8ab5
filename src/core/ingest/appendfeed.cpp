#include "ingest/appendfeed.h"

#include <QFileInfo>

#include <algorithm>

AppendFeed::AppendFeed(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &AppendFeed::fire);
}

AppendFeed::~AppendFeed() = default;

void AppendFeed::setDatabasePath(const QString &path)
{
    if (path == m_databasePath)
        return;
    // Ids count in one store: what was pending belongs to the old one.
    m_timer.stop();
    m_lastEventId = 0;
    m_lastRefusedId = 0;
    m_databasePath = path;
}

bool AppendFeed::isAbout(const QString &path) const
{
    if (path.isEmpty() || m_databasePath.isEmpty())
        return false;
    return path == m_databasePath || QFileInfo(path) == QFileInfo(m_databasePath);
}

void AppendFeed::setIntervalMs(int intervalMs)
{
    m_timer.setInterval(std::max(0, intervalMs));
}

int AppendFeed::intervalMs() const
{
    return m_timer.interval();
}

void AppendFeed::notifyCommitted(qint64 lastEventId, qint64 lastRefusedId)
{
    m_lastEventId = std::max(m_lastEventId, lastEventId);
    m_lastRefusedId = std::max(m_lastRefusedId, lastRefusedId);
    // Not restarted while running: a steady stream still gets a batch every
    // interval instead of waiting for a pause that never comes.
    if (!m_timer.isActive())
        m_timer.start();
}

void AppendFeed::fire()
{
    Q_EMIT appended(m_lastEventId, m_lastRefusedId);
}
