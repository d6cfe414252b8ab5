#pragma once

#include "dialogs/sendtodialog.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class EventReplayer;
class QAbstractItemModel;
class QThread;
class QWidget;
class Settings;

// "Send to..." from the window: asks for the URL (SendToDialog), then
// re-sends the chosen events of a store with an EventReplayer on a thread of
// its own (the GUI thread never waits on the network or the store), shows
// the progress (Cancel stops it) and the answers by status. The URL joins
// the recent ones in the settings. Owned by its dialog (WA_DeleteOnClose):
// closing the dialog stops the sending and waits for the thread.
class SendToFlow final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendToFlow)

public:
    // Opens the dialog for `eventIds` of the store at `storePath`; `what`
    // names them in the question ("event #12", "the filtered view").
    static SendToFlow *open(QWidget *parent, Settings *settings, const QString &storePath,
                            const QList<qint64> &eventIds, const QString &what);
    ~SendToFlow() override;

    // The event ids of a stream model's rows (its event id role), in view order.
    static QList<qint64> idsOf(const QAbstractItemModel *model, int idRole);

    SendToDialog *dialog() const { return m_dialog; }
    bool isSending() const { return m_thread != nullptr; }

Q_SIGNALS:
    // The report is shown (or sending could not start).
    void finished();

private:
    SendToFlow(SendToDialog *dialog, Settings *settings, const QString &storePath,
               const QList<qint64> &eventIds);
    void send(const QString &url);
    void cancel();
    void stopThread();

    QPointer<SendToDialog> m_dialog;
    Settings *m_settings = nullptr;
    QString m_storePath;
    QList<qint64> m_ids;
    QThread *m_thread = nullptr;
    EventReplayer *m_replayer = nullptr; // lives on m_thread
};
