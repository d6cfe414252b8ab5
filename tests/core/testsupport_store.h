#pragma once

#include "records/eventrecord.h"
#include "store/eventstore.h"

#include <QList>
#include <QString>
#include <QTemporaryDir>
#include <QVariant>

struct sqlite3;

// A temporary store that model tests write to, as the receiver's writer
// thread would, while the model under test reads it through its own
// connection.
class TestStore final {
    Q_DISABLE_COPY_MOVE(TestStore)

public:
    TestStore();

    bool isOpen() const { return m_open; }
    QString path() const { return filePath(QStringLiteral("events.db")); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    EventStore &writer() { return m_writer; }

    // Appends the records in one transaction; returns the largest event id
    // then stored, or -1 on a failure.
    qint64 write(const QList<EventRecord> &records);

private:
    QTemporaryDir m_dir;
    EventStore m_writer;
    bool m_open = false;
};

// SQL run on the file through a connection of its own, as another program
// (or an older HookScope) would: rawExec fails the current test on an error;
// rawValue gives the first column of the first row, invalid on an error.
void rawExec(const QString &path, const QStringList &statements);
QVariant rawValue(const QString &path, const QString &sql);
// Opens `reader` read-only on `path` and returns the SQLite handle of the
// connection it made, null when there is none to use (SqliteHandle: Qt's
// plugin runs its own SQLite) or the open failed.
sqlite3 *openReaderHandle(EventStore &reader, const QString &path);

// Counts SQLite's virtual-machine work on one connection: a step per
// `every` instructions (sqlite3_progress_handler), a measure of the rows a
// query read, not of time. Other connections (the writer's) do not count.
class StepCounter final {
    Q_DISABLE_COPY_MOVE(StepCounter)

public:
    StepCounter(sqlite3 *handle, int every);
    ~StepCounter();
    // The steps since the last call (or since construction).
    qint64 take();

private:
    static int tick(void *steps);
    sqlite3 *m_handle = nullptr;
    qint64 m_steps = 0;
};

// Writes the store's first layout (schema 1), as the first HookScope did,
// with one message event (id 1, channel 12, customer cu9, "old text").
void writeFirstLayoutStore(const QString &path);
