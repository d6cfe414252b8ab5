#pragma once

#include "receiverservice.h"

#include <QWidget>

class QLabel;
class SteadyLabel;
class QToolButton;

// The status bar's receiver part: state (listening / stopped / error with
// its reason), the listening URL with a Copy URL button and context menu,
// and the counts received / verified / refused since HookScope started
// (ReceiverController adds up the runs) with the current rate.
class ReceiverStatusWidget final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReceiverStatusWidget)

public:
    explicit ReceiverStatusWidget(QWidget *parent = nullptr);

    void setState(ReceiverService::State state, const QString &message, const QString &url);
    void setStats(const ReceiverStats &stats);
    QString url() const { return m_urlText; }
    // Copies url() to the clipboard; urlCopied() says what was copied.
    void copyUrl();

    QString stateText() const;
    QString countsText() const;
    QString rateText() const;

Q_SIGNALS:
    void urlCopied(const QString &url);

protected:
    void changeEvent(QEvent *event) override;

private:
    void showMenu(const QPoint &pos);

    QLabel *m_dot = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_url = nullptr;
    QToolButton *m_copy = nullptr;
    SteadyLabel *m_counts = nullptr; // they change with every delivery
    SteadyLabel *m_rate = nullptr;
    QString m_urlText;
    ReceiverService::State m_stateShown = ReceiverService::State::Stopped;
    QString m_message;
};
