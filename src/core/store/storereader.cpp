#include "store/storereader.h"

#include "store/eventstore.h"
#include "store/threadnice.h"

#include <utility>

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
    // Runs on the reader's thread as it starts: its long reads yield a core
    // to the GUI thread (a filter's scan no longer preempts painting).
    connect(
        &m_thread, &QThread::started, &m_thread, [] { ThreadNice::raise(kNiceIncrement); },
        Qt::DirectConnection);
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
