#pragma once

#include "records/forwardrecord.h"

#include <QList>
#include <QPointer>
#include <QTextBrowser>

class QTabWidget;

// The inspector's "Forwarding" tab: the shown event's forwarding status per
// target (ForwardStatusText). The pane reads the rows (EventLookup) and
// hands them over; the tab's title says whether any is pending or given up.
class ForwardStatusView final : public QTextBrowser {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForwardStatusView)

public:
    explicit ForwardStatusView(QWidget *parent = nullptr);
    ~ForwardStatusView() override;

    // Becomes the last tab of `tabs` and keeps its title up to date.
    void attachTo(QTabWidget *tabs);
    void showRows(qint64 eventId, const QList<ForwardRecord> &rows);
    // Nothing to show (a refused delivery, no selection): the tab is off.
    void showNothing();
    qint64 eventId() const { return m_eventId; }
    // Given-up rows get a "Retry now" link (the window's own store only).
    void setRetryEnabled(bool enabled);
    QList<ForwardRecord> rows() const { return m_rows; }

Q_SIGNALS:
    // The user clicked "Retry now" of a given-up row.
    void retryRequested(qint64 forwardId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QPointer<QTabWidget> m_tabs;
    qint64 m_eventId = 0;
    QList<ForwardRecord> m_rows;
    bool m_retryEnabled = false;
};
