#include "receiverservice.h"

#include "ingest/appendfeed.h"
#include "ingest/eventwriter.h"
#include "receiver.h"
#include "serverlog.h"

#include <QThread>

#include <utility>

namespace {

constexpr int kDrainTimeoutMs = 5000;

// Deletes `object` on its own thread and ends that thread once the object is
// gone, so the thread's finished() also means "the object is deleted".
void retire(QObject *object, QThread *thread)
{
    if (!object) {
        thread->quit();
        return;
    }
    QObject::connect(object, &QObject::destroyed, thread, &QThread::quit, Qt::DirectConnection);
    object->deleteLater();
}

} // namespace

ReceiverService::ReceiverService(QObject *parent)
    : QObject(parent)
    , m_feed(new AppendFeed(this))
{
    qRegisterMetaType<ReceiverStats>();
}

ReceiverService::~ReceiverService()
{
    tearDownNow();
}

QString ReceiverService::url() const
{
    return m_config.url(m_port);
}

void ReceiverService::start(const ReceiverConfig &config, const QString &databasePath)
{
    const Request request{config, databasePath};
    if (m_phase == Phase::Idle) {
        startNow(request);
        return;
    }
    stop(); // cancels an earlier queued start: the newest values win
    m_pendingStart = request;
}

void ReceiverService::stop()
{
    m_pendingStart.reset();
    switch (m_phase) {
    case Phase::Idle:
    case Phase::Draining:
    case Phase::Joining:
        return; // nothing to stop, or already under way
    case Phase::Opening:
    case Phase::Binding:
        m_stopRequested = true; // acted on when the step under way reports
        return;
    case Phase::Running:
        drain();
        return;
    }
}

void ReceiverService::startNow(const Request &request)
{
    m_config = request.config;
    m_databasePath = request.databasePath;
    m_feed->setDatabasePath(m_databasePath);
    m_stats = {};
    m_port = 0;
    m_failure.clear();
    m_stopRequested = false;

    m_writerThread = new QThread(this);
    m_writerThread->setObjectName(QStringLiteral("hookscope-writer"));
    m_serverThread = new QThread(this);
    m_serverThread->setObjectName(QStringLiteral("hookscope-receiver"));
    connect(m_serverThread, &QThread::finished, this, &ReceiverService::onServerThreadFinished);
    connect(m_writerThread, &QThread::finished, this, &ReceiverService::onWriterThreadFinished);

    m_writer = EventWriter::create(m_databasePath);
    m_writer->moveToThread(m_writerThread);
    connect(m_writer, &EventWriter::opened, this, &ReceiverService::onOpened);
    connect(m_writer, &EventWriter::upgradeProgress, this, &ReceiverService::storeUpgradeProgress);
    connect(m_writer, &EventWriter::appended, m_feed, &AppendFeed::notifyCommitted);
    m_writer->setRefusalLimits(m_config.refusals);
    m_writer->setForwardRules(m_config.forwardRules); // queued with each event (forwarding)
    connect(m_writer, &EventWriter::faultChanged, this, &ReceiverService::setStoreFault);
    m_writerThread->start();
    m_serverThread->start();
    m_phase = Phase::Opening;
    m_writer->start(m_databasePath); // the connection is made on the writer's thread
}

void ReceiverService::onOpened(bool ok, const QString &error)
{
    if (!ok || m_stopRequested) {
        m_failure = ok ? QString() : error;
        join();
        return;
    }
    m_receiver = new Receiver(m_config, m_writer, m_databasePath);
    m_receiver->moveToThread(m_serverThread);
    connect(m_receiver, &Receiver::listened, this, &ReceiverService::onListened);
    connect(m_receiver, &Receiver::drained, this, &ReceiverService::onDrained);
    connect(m_receiver, &Receiver::statsChanged, this, [this](const ReceiverStats &s) {
        m_stats = s;
        Q_EMIT statsChanged(s);
    });
    m_phase = Phase::Binding;
    QMetaObject::invokeMethod(m_receiver, &Receiver::startListening, Qt::QueuedConnection);
}

void ReceiverService::onListened(quint16 port, const QString &error)
{
    if (port == 0) {
        // Never listened, so nothing is held: no drain needed.
        m_failure = error;
        join();
        return;
    }
    m_port = port;
    m_phase = Phase::Running;
    if (m_stopRequested) {
        drain(); // a delivery may already have arrived
        return;
    }
    setState(State::Listening, url());
    Q_EMIT started(port);
}

void ReceiverService::drain()
{
    m_phase = Phase::Draining;
    QMetaObject::invokeMethod(
        m_receiver, [r = m_receiver] { r->drain(kDrainTimeoutMs); }, Qt::QueuedConnection);
}

void ReceiverService::onDrained(const ReceiverStats &stats)
{
    m_stats = stats;
    Q_EMIT statsChanged(stats);
    join();
}

// The receiver goes first: it hands deliveries to the writer, so the writer
// must outlive it. Each step continues when the previous thread finished.
void ReceiverService::join()
{
    m_phase = Phase::Joining;
    retire(std::exchange(m_receiver, nullptr), m_serverThread);
}

void ReceiverService::onServerThreadFinished()
{
    // ~QThread waits for the last microseconds of a thread that has emitted
    // finished() but not yet returned; that is Qt's own, bounded join.
    std::exchange(m_serverThread, nullptr)->deleteLater();
    // the writer's destructor commits whatever is still pending before the store closes.
    retire(std::exchange(m_writer, nullptr), m_writerThread);
}

void ReceiverService::onWriterThreadFinished()
{
    std::exchange(m_writerThread, nullptr)->deleteLater();
    becomeIdle();
}

void ReceiverService::setStoreFault(const StoreFault &fault)
{
    if (fault == m_storeFault)
        return;
    m_storeFault = fault;
    Q_EMIT storeFaultChanged(fault);
}

void ReceiverService::becomeIdle()
{
    m_phase = Phase::Idle;
    setStoreFault(StoreFault()); // a stopped receiver has no store to be wrong with
    m_port = 0;
    m_stopRequested = false;
    const QString failure = std::exchange(m_failure, QString());
    std::optional<Request> next = std::exchange(m_pendingStart, std::nullopt);
    if (!failure.isEmpty())
        setState(State::Failed, failure);
    else if (m_state != State::Stopped)
        setState(State::Stopped, QString());
    Q_EMIT stopped();
    if (next && m_phase == Phase::Idle)
        startNow(*next);
}

// The last resort, for an owner that goes away while the service runs:
// nobody is left to wait for stopped(), so this one place blocks the owner's
// thread until both threads have finished. Held answers are not drained (the
// clients see their connections close and retry); what was handed to the
// writer is still committed by the writer's destructor.
void ReceiverService::tearDownNow()
{
    if (m_phase == Phase::Idle)
        return;
    if (m_serverThread) {
        retire(std::exchange(m_receiver, nullptr), m_serverThread);
        m_serverThread->wait();
    }
    if (m_writerThread) {
        retire(std::exchange(m_writer, nullptr), m_writerThread);
        m_writerThread->wait();
    }
    m_phase = Phase::Idle;
}

void ReceiverService::setState(State state, const QString &message)
{
    m_state = state;
    if (state == State::Failed)
        qCWarning(lcServer) << "receiver failed:" << message;
    Q_EMIT stateChanged(state, message);
}
