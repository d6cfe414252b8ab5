#include "receiverservice.h"

#include "ingest/appendfeed.h"
#include "ingest/storewriter.h"
#include "receiver.h"
#include "serverlog.h"

#include <QThread>

namespace {

constexpr int kDrainTimeoutMs = 5000;

} // namespace

ReceiverService::ReceiverService(QObject *parent)
    : QObject(parent)
    , m_feed(new AppendFeed(this))
{
    qRegisterMetaType<ReceiverStats>();
}

ReceiverService::~ReceiverService()
{
    stop();
}

QString ReceiverService::url() const
{
    return m_config.url(m_port);
}

bool ReceiverService::start(const ReceiverConfig &config, const QString &databasePath,
                            QString *error)
{
    stop();
    m_config = config;
    m_databasePath = databasePath;
    m_feed->setDatabasePath(databasePath);
    m_stats = {};

    m_writerThread = new QThread(this);
    m_writerThread->setObjectName(QStringLiteral("hookscope-writer"));
    m_serverThread = new QThread(this);
    m_serverThread->setObjectName(QStringLiteral("hookscope-receiver"));
    m_writerThread->start();
    m_serverThread->start();

    // A QSqlDatabase connection belongs to the thread that opens it, so the
    // writer is created, opened and later destroyed on its own thread.
    bool opened = false;
    m_writer = new StoreWriter;
    m_writer->moveToThread(m_writerThread);
    QMetaObject::invokeMethod(
        m_writer, [&] { opened = m_writer->open(databasePath, error); },
        Qt::BlockingQueuedConnection);
    if (!opened) {
        tearDown();
        setState(State::Failed, *error);
        return false;
    }
    connect(m_writer, &StoreWriter::appended, this, &ReceiverService::appended);
    connect(m_writer, &StoreWriter::appended, m_feed, &AppendFeed::notifyCommitted);

    m_receiver = new Receiver(m_config, m_writer);
    m_receiver->moveToThread(m_serverThread);
    connect(m_receiver, &Receiver::statsChanged, this, [this](const ReceiverStats &s) {
        m_stats = s;
        Q_EMIT statsChanged(s);
    });
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_receiver, [&] { port = m_receiver->listen(error); }, Qt::BlockingQueuedConnection);
    if (port == 0) {
        tearDown();
        setState(State::Failed, *error);
        return false;
    }
    m_port = port;
    setState(State::Listening, url());
    return true;
}

void ReceiverService::stop()
{
    if (!m_serverThread && !m_writerThread)
        return;
    const bool wasListening = m_state == State::Listening;
    if (m_receiver) {
        QMetaObject::invokeMethod(
            m_receiver, [r = m_receiver] { r->stopListening(); }, Qt::BlockingQueuedConnection);
    }
    if (m_writer) {
        // Commit what is in flight; the answers are queued to the receiver.
        QMetaObject::invokeMethod(
            m_writer, [w = m_writer] { w->flush(); }, Qt::BlockingQueuedConnection);
    }
    if (m_receiver) {
        // The published stats lag by up to a stats interval: take the final
        // counts directly before the receiver goes away.
        QMetaObject::invokeMethod(
            m_receiver,
            [this, r = m_receiver] {
                r->drain(kDrainTimeoutMs);
                m_stats = r->stats();
            },
            Qt::BlockingQueuedConnection);
    }
    tearDown();
    if (wasListening)
        setState(State::Stopped, QString());
}

void ReceiverService::tearDown()
{
    // Each object is deleted on its own thread, then the thread is joined.
    if (m_receiver) {
        QMetaObject::invokeMethod(
            m_receiver, [r = m_receiver] { delete r; }, Qt::BlockingQueuedConnection);
    }
    if (m_writer) {
        QMetaObject::invokeMethod(
            m_writer,
            [w = m_writer] {
                w->close();
                delete w;
            },
            Qt::BlockingQueuedConnection);
    }
    for (QThread *thread : {m_serverThread, m_writerThread}) {
        if (!thread)
            continue;
        thread->quit();
        thread->wait();
        delete thread;
    }
    m_serverThread = nullptr;
    m_writerThread = nullptr;
    m_port = 0;
}

void ReceiverService::setState(State state, const QString &message)
{
    m_state = state;
    if (state == State::Failed)
        qCWarning(lcServer) << "receiver failed:" << message;
    Q_EMIT stateChanged(state, message);
}
