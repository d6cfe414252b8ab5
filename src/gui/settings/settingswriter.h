#pragma once

#include <QObject>
#include <QSettings>
#include <QString>
#include <QThread>

// Writes a QSettings file on a thread of its own. QSettings writes its file
// from the GUI thread, through QSaveFile, whose commit waits for the disk
// (fsync): 120-140 ms there while the stream loaded ten million rows on the
// development machine. The writer takes QSettings' own "write soon" event
// (QEvent::UpdateRequest) from it and has another QSettings object of the
// same file write it on the writer's thread: objects of one file in one
// process share their unsaved changes. After each write the GUI thread's
// object is synced too, which only compares the file's size and time
// unless a value changed meanwhile (then that one write is the GUI
// thread's, as before). docs/threads.md, "Settings are written off the GUI
// thread".
class SettingsWriter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsWriter)

public:
    // `settings` must outlive the writer.
    explicit SettingsWriter(QSettings *settings, QObject *parent = nullptr);
    // Ends the thread; a write it had not started is left to `settings`,
    // which writes unsaved changes when it is destroyed.
    ~SettingsWriter() override;

    // A write is under way or asked for.
    bool isBusy() const { return m_writing; }
    // The object the writes run on (its thread is the writer's): tests queue
    // work there to hold the writer.
    QObject *worker() const { return m_worker; }

Q_SIGNALS:
    // A write ended (on this object's thread).
    void written();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void schedule();
    void startWrite();
    void onWritten();

    QSettings *m_settings = nullptr;
    const QString m_fileName;
    const QSettings::Format m_format;
    QThread m_thread;
    QObject *m_worker = nullptr;
    bool m_writing = false;
    bool m_again = false;
};
