#include "store/storereader.h"

#include "store/eventstore.h"

#include <algorithm>
#include <cerrno>
#include <utility>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

// Lives on the reader's thread: its connection is opened, used and closed
// there only (a QSqlDatabase belongs to the thread that made it).
class StoreReader::Worker final : public QObject {
    Q_OBJECT

public:
    explicit Worker(StoreReader *reader)
        : m_reader(reader)
    {
    }

    void run(quint64 number, const QString &path, const Work &work)
    {
        const Job job(m_reader, &m_store, number);
        if (job.cancelled())
            return; // a newer job was queued behind this one
        QString error;
        if (!(m_store.isOpen() && m_store.path() == path)) {
            m_store.close();
            if (!m_store.openReadOnly(path, &error)) {
                job.deliver([reader = m_reader, error] { Q_EMIT reader->errorOccurred(error); });
                return;
            }
        }
        work(job);
    }

private:
    StoreReader *m_reader; // outlives this worker's thread
    EventStore m_store;
};

namespace {

// Runs on the reader's thread as it starts. On Linux a thread has a nice
// value of its own (setpriority on its thread id); a higher one gives the
// scheduler's share to the GUI thread whenever both want a core, so a
// table scan on a 2-core machine no longer preempts painting (docs/threads.md).
// Raising it needs no privilege; a failure leaves the thread as it was.
void yieldToTheGuiThread()
{
#ifdef Q_OS_LINUX
    const auto thread = static_cast<id_t>(gettid());
    errno = 0;
    const int now = getpriority(PRIO_PROCESS, thread);
    if (errno == 0)
        setpriority(PRIO_PROCESS, thread, std::min(now + StoreReader::kNiceIncrement, 19));
#endif
}

} // namespace

void StoreReader::Job::deliver(std::function<void()> f) const
{
    m_reader->deliverIfCurrent(m_number, std::move(f));
}

StoreReader::StoreReader(QObject *parent)
    : QObject(parent)
    , m_current(std::make_shared<std::atomic<quint64>>(0))
{
    m_thread.setObjectName(QStringLiteral("hookscope-store-reader"));
    m_worker = new Worker(this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(&m_thread, &QThread::started, &m_thread, &yieldToTheGuiThread, Qt::DirectConnection);
    m_thread.start();
}

StoreReader::~StoreReader()
{
    cancel();
    m_thread.quit();
    m_thread.wait();
}

void StoreReader::start(const QString &path, Work work)
{
    const quint64 number = ++m_last;
    m_current->store(number);
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, number, path, work = std::move(work)] {
            worker->run(number, path, work);
        },
        Qt::QueuedConnection);
}

void StoreReader::cancel()
{
    m_current->store(++m_last);
}

// Called on the reader's thread; `f` runs on this object's thread. This
// object outlives the reader's thread (the destructor waits for it), and a
// queued call still pending when it is destroyed is dropped with it.
void StoreReader::deliverIfCurrent(quint64 number, std::function<void()> f)
{
    QMetaObject::invokeMethod(
        this,
        [current = m_current, number, f = std::move(f)] {
            if (current->load() == number)
                f();
        },
        Qt::QueuedConnection);
}

#include "storereader.moc"
