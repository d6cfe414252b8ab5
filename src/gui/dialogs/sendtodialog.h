#pragma once

#include <QDialog>
#include <QMap>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableWidget;

// "Send to...": re-sends stored events to a URL the way forwarding does.
// Three steps in one dialog: the URL (recent ones offered) and the count to
// confirm; the progress, with Cancel; the answers by HTTP status. The dialog
// only asks and shows: the window's SendToFlow runs the sending off the GUI
// thread and reports here (sendRequested / cancelRequested in, setProgress
// / showReport / showFailure out).
class SendToDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendToDialog)

public:
    enum class Step { Ask, Sending, Done };

    // `what` names the events in a sentence ("event #12", "the filtered
    // view"); `count` is how many are sent.
    SendToDialog(const QString &what, qint64 count, const QStringList &recentUrls,
                 QWidget *parent = nullptr);
    ~SendToDialog() override;

    Step step() const { return m_step; }
    QString url() const;
    void setUrl(const QString &url);
    QString errorText() const;
    QString questionText() const;
    QString progressText() const;
    // The answers table as "status<TAB>count" lines; the summary above it.
    QString reportText() const;
    QString summaryText() const;
    QPushButton *sendButton() const { return m_send; }
    QPushButton *cancelButton() const { return m_cancel; }

    // The flow's answers.
    void setProgress(qint64 done, qint64 total);
    void showReport(const QMap<int, qint64> &byStatus, qint64 noAnswer, qint64 total, qint64 done,
                    bool cancelled);
    // Sending could not start (the store, the URL): back to the first step.
    void showFailure(const QString &error);

Q_SIGNALS:
    void sendRequested(const QString &url);
    void cancelRequested();

public Q_SLOTS:
    void reject() override;

private:
    void trySend();

    Step m_step = Step::Ask;
    qint64 m_count = 0;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_question = nullptr;
    QComboBox *m_urlCombo = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_progressLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_summary = nullptr;
    QTableWidget *m_answers = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_cancel = nullptr;
};
