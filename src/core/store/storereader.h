#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

class EventStore;

// A thread of its own with its own read-only connection to a store, for the
// long reads of an item model (the first load of a million events, a filter
// that scans the table), so that the GUI thread never waits for them
// (docs/threads.md). The work runs on the reader's thread and hands results
// back with Job::deliver(): they run on the reader's own thread (the GUI
// thread), in order, unless a newer start() or cancel() came first or the
// reader is gone. WAL lets the connection read beside the writer.
class StoreReader final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreReader)

public:
    class Job {
    public:
        EventStore &store() const { return *m_store; }
        // A newer start() or cancel() came: stop early, nothing is delivered.
        bool cancelled() const { return m_reader->m_current->load() != m_number; }
        // Runs `f` on the reader's thread if this job is still current then.
        void deliver(std::function<void()> f) const;

    private:
        friend class StoreReader;
        Job(StoreReader *reader, EventStore *store, quint64 number)
            : m_reader(reader)
            , m_store(store)
            , m_number(number)
        {
        }
        StoreReader *m_reader;
        EventStore *m_store;
        quint64 m_number;
    };
    using Work = std::function<void(const Job &)>;

    // How much nicer than the thread that made it the reader's thread runs
    // (Linux): it yields to the GUI thread when both want a core.
    static constexpr int kNiceIncrement = 5;

    explicit StoreReader(QObject *parent = nullptr);
    ~StoreReader() override; // cancels and waits for the thread

    // Opens `path` read-only on the reader's thread (kept open for the next
    // job on the same path) and runs `work` there. Cancels earlier jobs.
    void start(const QString &path, Work work);
    void cancel();

Q_SIGNALS:
    // The store could not be opened for a job that is still current.
    void errorOccurred(const QString &message);

private:
    class Worker;
    void deliverIfCurrent(quint64 number, std::function<void()> f);

    QThread m_thread;
    Worker *m_worker = nullptr; // lives on m_thread, deleted there
    std::shared_ptr<std::atomic<quint64>> m_current;
    quint64 m_last = 0;
};
