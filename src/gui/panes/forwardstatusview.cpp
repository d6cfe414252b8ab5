#include "panes/forwardstatusview.h"

#include "panes/forwardstatustext.h"

#include <QDateTime>
#include <QEvent>
#include <QTabWidget>
#include <QUrl>

ForwardStatusView::ForwardStatusView(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("forwardStatusView"));
    setOpenLinks(false);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (const qint64 id = ForwardStatusText::retryIdOf(url.toString()); id > 0)
            Q_EMIT retryRequested(id);
    });
}

void ForwardStatusView::setRetryEnabled(bool enabled)
{
    if (enabled == m_retryEnabled)
        return;
    m_retryEnabled = enabled;
    render();
}

ForwardStatusView::~ForwardStatusView() = default;

void ForwardStatusView::attachTo(QTabWidget *tabs)
{
    m_tabs = tabs;
    tabs->addTab(this, ForwardStatusText::title({}));
    showNothing();
}

void ForwardStatusView::showRows(qint64 eventId, const QList<ForwardRecord> &rows)
{
    m_eventId = eventId;
    m_rows = rows;
    render();
}

void ForwardStatusView::showNothing()
{
    m_eventId = 0;
    m_rows.clear();
    render();
}

void ForwardStatusView::render()
{
    if (m_eventId <= 0)
        clear();
    else
        setHtml(ForwardStatusText::html(m_rows, palette(), QDateTime::currentMSecsSinceEpoch(),
                                        m_retryEnabled));
    if (m_tabs) {
        const int index = m_tabs->indexOf(this);
        m_tabs->setTabText(index, ForwardStatusText::title(m_rows));
        m_tabs->setTabEnabled(index, m_eventId > 0);
    }
}

void ForwardStatusView::changeEvent(QEvent *event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render();
}
