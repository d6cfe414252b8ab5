#include "eventforwarder.h"

#include "forwardworker.h"

#include <QDateTime>
#include <QThread>

#include <algorithm>

qint64 ForwardPolicy::retryDelayMs(int failedAttempts) const
{
    qint64 delay = std::max<qint64>(firstRetryMs, 1);
    for (int i = 1; i < failedAttempts && delay < maxRetryMs; ++i)
        delay *= 2;
    return std::min(delay, std::max<qint64>(maxRetryMs, 1));
}

EventForwarder::EventForwarder(QObject *parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    qRegisterMetaType<ForwardRecord>();
    qRegisterMetaType<ForwardCounts>();
}

// The worker's thread is ended here and waited for: its objects (the store
// connection, the network) are deleted on it first.
EventForwarder::~EventForwarder()
{
    if (!m_thread)
        return;
    m_worker->disconnect(this);
    // shutdown() quits the thread itself (directly). Once it is queued
    // (stop()), waiting is enough; a blocking call could then wait on a
    // thread whose event loop is gone.
    if (!m_stopping)
        QMetaObject::invokeMethod(m_worker, &ForwardWorker::shutdown, Qt::BlockingQueuedConnection);
    m_thread->wait();
    delete m_worker;
}

void EventForwarder::setPolicy(const ForwardPolicy &policy)
{
    m_policy = policy;
}

void EventForwarder::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
}

void EventForwarder::start(const QString &databasePath, const QStringList &targets)
{
    m_databasePath = databasePath;
    m_targets = targets;
    m_targets.removeDuplicates();
    if (m_thread) {
        m_restart = true;
        stop();
        return;
    }
    startThread();
}

void EventForwarder::startThread()
{
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("hookscope-forward"));
    m_worker = new ForwardWorker(m_policy, m_clock, m_databasePath, m_targets);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_worker, &ForwardWorker::open);
    connect(m_worker, &ForwardWorker::opened, this, &EventForwarder::started);
    connect(m_worker, &ForwardWorker::attempted, this, &EventForwarder::attempted);
    connect(m_worker, &ForwardWorker::countsChanged, this, &EventForwarder::countsChanged);
    // Direct: quit() is thread-safe and must not wait for the owner's loop.
    connect(m_worker, &ForwardWorker::shutDown, m_thread, &QThread::quit, Qt::DirectConnection);
    connect(m_thread, &QThread::finished, this, &EventForwarder::onWorkerFinished);
    m_thread->start();
}

void EventForwarder::stop()
{
    if (!m_worker || m_stopping)
        return;
    m_stopping = true;
    QMetaObject::invokeMethod(m_worker, &ForwardWorker::shutdown, Qt::QueuedConnection);
}

void EventForwarder::notifyCommitted()
{
    if (m_worker && !m_stopping)
        QMetaObject::invokeMethod(m_worker, &ForwardWorker::scheduleScan, Qt::QueuedConnection);
}

void EventForwarder::onWorkerFinished()
{
    // The thread has ended: its worker may be deleted from here.
    delete std::exchange(m_worker, nullptr);
    std::exchange(m_thread, nullptr)->deleteLater();
    m_stopping = false;
    if (std::exchange(m_restart, false)) {
        startThread();
        return;
    }
    Q_EMIT stopped();
}
