#pragma once

#include "store/storelocation.h"

#include <QObject>
#include <QString>
#include <QThread>

class AppendFeed;

// A desk's copy of a PostgreSQL store (docs/team.md, "The window on a team
// store"): a SQLite file on the workstation that a thread of its own keeps
// equal to the server's tables, receipt by receipt, within a second of any
// receiver's commit. The window's panes read the copy as they read any
// store (keyed paging, summaries, facets, the text index: all local), and
// hear of new rows from feed(), whose databasePath() is the copy.
//
// The copy replays every delivery row of the server in id order (the ids
// are handed out in commit order under the receivers' write lock), through
// EventStore::append as `migrate` does, so it makes the same events with
// the same delivery counts, words and conflicts; then the refused
// deliveries by id. How far it has come is kept in the copy's meta table in
// the transaction that copies the rows, so a crash or a restart neither
// skips nor repeats a receipt. The copy belongs to one set of tables: a
// database dropped and made again at the same URL is copied anew.
//
// Wake-ups come from a PgChangeFeed (LISTEN/NOTIFY, and a probe every
// second); a lost connection is retried with backoff (1, 2, 4 ... 30 s)
// and the copy catches up from its last receipt. Nothing is written to the
// server: a role that may only SELECT works (status().readOnlyRole).
class DeskMirror final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeskMirror)

public:
    enum class State {
        Idle,       // not started
        Connecting, // the first connection is being made
        CatchingUp, // copying what the server holds (done of total receipts)
        Live,       // caught up, following the commits
        Lost,       // the connection is down; retrying in retryInMs
        Failed,     // the copy cannot be written (detail says why); stopped
    };
    Q_ENUM(State)
    struct Status {
        State state = State::Idle;
        QString detail; // the last error, for Lost and Failed
        int retryInMs = 0;
        bool readOnlyRole = false;
        qint64 done = 0; // receipts copied, of total, while catching up
        qint64 total = 0;
        bool firstFill = false; // catching up into a copy that was empty
    };

    // How many receipts one transaction of the copy takes: bodies are up to
    // the receivers' body limit each, so this bounds the memory a page
    // holds (64 x 1 MiB at the default limit).
    static constexpr int kReceiptsPerBatch = 64;
    static constexpr int kRefusedPerBatch = 256;

    explicit DeskMirror(QObject *parent = nullptr);
    ~DeskMirror() override; // stops and waits for the thread, without statusChanged()

    // The copy of `source` in `folder`: one file per URL without its
    // password (a different user or database gets its own copy).
    static QString copyPathFor(const StoreLocation &source, const QString &folder);

    // Follows `source` into the SQLite file `copyPath` (made if missing).
    // Returns at once: the copy's thread connects, catches up and follows;
    // statusChanged() tells how it goes. A running mirror is stopped first.
    void start(const StoreLocation &source, const QString &copyPath);
    void stop();
    bool isRunning() const { return m_thread.isRunning(); }

    QString copyPath() const { return m_copyPath; }
    QString sourceName() const { return m_sourceName; } // without the password
    Status status() const { return m_status; }
    // Announces the copy's last ids after each of its commits.
    AppendFeed *feed() const { return m_feed; }

Q_SIGNALS:
    void statusChanged();

private:
    class Worker;
    bool halt(); // stops the thread without a word; false if it was not running

    QThread m_thread;
    AppendFeed *m_feed = nullptr;
    QString m_copyPath;
    QString m_sourceName;
    Status m_status;
    quint64 m_run = 0; // signals of an earlier run are dropped
};
