#include "ingest/appendcoalescer.h"

#include <algorithm>

AppendCoalescer::AppendCoalescer(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &AppendCoalescer::fire);
}

AppendCoalescer::~AppendCoalescer() = default;

void AppendCoalescer::setIntervalMs(int intervalMs)
{
    m_timer.setInterval(std::max(0, intervalMs));
}

int AppendCoalescer::intervalMs() const
{
    return m_timer.interval();
}

void AppendCoalescer::notify(qint64 lastId)
{
    m_lastId = std::max(m_lastId, lastId);
    // Not restarted while running: a steady stream still gets a batch every
    // interval instead of waiting for a pause that never comes.
    if (!m_timer.isActive())
        m_timer.start();
}

void AppendCoalescer::cancel()
{
    m_timer.stop();
    m_lastId = 0;
}

bool AppendCoalescer::isPending() const
{
    return m_timer.isActive();
}

void AppendCoalescer::fire()
{
    const qint64 lastId = m_lastId;
    m_lastId = 0;
    Q_EMIT due(lastId);
}
