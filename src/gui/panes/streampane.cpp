#include "panes/streampane.h"

#include "models/eventtablemodel.h"
#include "models/rowwindowmodel.h"
#include "paint/steadylabel.h"
#include "paint/streamdelegate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace {

void setDefaultWidths(QTableView *view)
{
    const QFontMetrics fm(view->font());
    const auto chars = [&fm](int n) { return fm.averageCharWidth() * n + 16; };
    view->setColumnWidth(EventTableModel::Time,
                         fm.horizontalAdvance(QStringLiteral("2026-12-31 23:59:59")) + 24);
    view->setColumnWidth(EventTableModel::Channel, chars(17));
    view->setColumnWidth(EventTableModel::Customer, chars(18));
    view->setColumnWidth(EventTableModel::Direction, chars(11));
    view->setColumnWidth(EventTableModel::Type, chars(11));
    view->setColumnWidth(EventTableModel::Verification, chars(19));
    view->setColumnWidth(
        EventTableModel::Deliveries,
        fm.horizontalAdvance(
            view->model()->headerData(EventTableModel::Deliveries, Qt::Horizontal).toString()) +
            24);
    view->setColumnWidth(EventTableModel::Sent, view->columnWidth(EventTableModel::Time));
    // The message text reads best last, taking the rest of the width, as in
    // a log viewer; the sender's time beside the received one.
    QHeaderView *header = view->horizontalHeader();
    header->moveSection(header->visualIndex(EventTableModel::Text), header->count() - 1);
    header->moveSection(header->visualIndex(EventTableModel::Sent), 1);
}

} // namespace

StreamPane::StreamPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new EventTableModel(this))
    , m_window(new RowWindowModel(this))
    , m_view(new QTableView(this))
    , m_bar(new QScrollBar(Qt::Vertical, this))
{
    setObjectName(QStringLiteral("streamPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    makeActions();
    buildToolRow(layout);
    setUpView();
    auto *table = new QHBoxLayout;
    table->setContentsMargins(0, 0, 0, 0);
    table->setSpacing(0);
    table->addWidget(m_view, 1);
    table->addWidget(m_bar);
    layout->addLayout(table, 1);

    connect(m_model, &EventTableModel::rowsAppended, this, &StreamPane::onRowsAppended);
    // Chunks of a large store's load: the newest rows come last.
    connect(m_model, &EventTableModel::rowsLoaded, this, &StreamPane::onRowsAppended);
    connect(m_model, &EventTableModel::loadingChanged, this, &StreamPane::updateCounts);
    connect(m_model, &EventTableModel::pendingRowCountChanged, this, &StreamPane::updateCounts);
    connect(m_model, &EventTableModel::reloaded, this, [this] {
        if (m_fitOnLoad && m_model->rowCount() > 0) {
            m_fitOnLoad = false;
            fitColumnsToContents();
        }
        m_errorLabel->clear();
        updateCounts();
        if (m_lastEmittedId > 0)
            selectEvent(m_lastEmittedId);
        if (isFollowing())
            QTimer::singleShot(0, this, &StreamPane::scrollToNewest);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &StreamPane::updateCounts);
    // The rows past the window count on the pane's scroll bar.
    connect(m_model, &QAbstractItemModel::modelReset, this, &StreamPane::syncScrollBar);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &StreamPane::syncScrollBar);
    connect(m_model, &EventTableModel::errorOccurred, this,
            [this](const QString &message) { m_errorLabel->setText(message); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &StreamPane::onCurrentRowChanged);
    for (QScrollBar *bar : {m_view->verticalScrollBar(), m_bar}) {
        connect(bar, &QScrollBar::actionTriggered, this,
                [this] { QTimer::singleShot(0, this, &StreamPane::onUserScrolled); });
    }
    QScrollBar *inner = m_view->verticalScrollBar();
    connect(inner, &QScrollBar::valueChanged, this, &StreamPane::onViewScrolled);
    connect(inner, &QScrollBar::rangeChanged, this, &StreamPane::syncScrollBar);
    connect(m_bar, &QScrollBar::valueChanged, this, [this](int value) {
        if (!m_syncing)
            showTopRow(value);
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &StreamPane::showRowMenu);
}

StreamPane::~StreamPane() = default;

void StreamPane::setUpView()
{
    m_view->setObjectName(QStringLiteral("streamView"));
    m_window->setSourceModel(m_model);
    m_view->setModel(m_window);
    // The pane's bar spans every row; the view's would span the window.
    m_view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->installEventFilter(this);
    m_bar->setObjectName(QStringLiteral("streamScrollBar"));
    m_view->setItemDelegate(new StreamDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(EventTableModel::Time, Qt::AscendingOrder);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    // Fixed row heights: the view never asks a million rows for their size.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionsMovable(true);
    setDefaultWidths(m_view);
}

void StreamPane::makeActions()
{
    m_follow = new QAction(tr("&Follow Newest"), this);
    m_follow->setObjectName(QStringLiteral("followNewestAction"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_End));
    m_follow->setToolTip(tr("Keep the newest row in view (scrolling up turns this off)"));
    m_pause = new QAction(tr("&Pause Stream"), this);
    m_pause->setObjectName(QStringLiteral("pauseAction"));
    m_pause->setCheckable(true);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_pause->setToolTip(tr("Hold new rows back; they are counted and shown on resume"));
    m_milliseconds = new QAction(tr("Times to the &Millisecond"), this);
    m_milliseconds->setObjectName(QStringLiteral("millisecondsAction"));
    m_milliseconds->setCheckable(true);
    m_milliseconds->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_milliseconds->setToolTip(
        tr("Show the Time and Sent columns to the millisecond (ten messages in one second "
           "read apart)"));
    connect(m_milliseconds, &QAction::toggled, this, &StreamPane::setShowMilliseconds);
    connect(m_follow, &QAction::toggled, this, [this](bool on) {
        m_window->setFollowsEnd(on);
        if (on)
            scrollToNewest();
    });
    connect(m_pause, &QAction::toggled, this, [this](bool on) {
        m_model->setPaused(on);
        updateCounts();
    });
}

void StreamPane::buildToolRow(QVBoxLayout *layout)
{
    auto *row = new QHBoxLayout;
    row->setContentsMargins(4, 0, 4, 0);
    for (QAction *action : {m_follow, m_pause}) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setAutoRaise(true);
        row->addWidget(button);
    }
    m_pendingLabel = new SteadyLabel(this);
    m_pendingLabel->setObjectName(QStringLiteral("pendingLabel"));
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("streamErrorLabel"));
    // The count changes with every chunk of a load and every delivery:
    // steady labels keep that from laying the window out again each time.
    m_countLabel = new SteadyLabel(this);
    m_countLabel->setObjectName(QStringLiteral("streamCountLabel"));
    m_countLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    row->addWidget(m_pendingLabel);
    row->addWidget(m_errorLabel, 1);
    row->addWidget(m_countLabel);
    layout->addLayout(row);
}

bool StreamPane::openStore(const QString &path, QString *error)
{
    m_lastEmittedId = -1;
    const bool ok = m_model->openStore(path, error);
    updateCounts();
    if (isFollowing())
        QTimer::singleShot(0, this, &StreamPane::scrollToNewest);
    return ok;
}

void StreamPane::closeStore()
{
    m_model->closeStore();
}

void StreamPane::setFeed(AppendFeed *feed)
{
    m_model->setFeed(feed);
}

void StreamPane::setChannelScope(int code)
{
    m_model->setChannelScope(code);
}

bool StreamPane::isFollowing() const
{
    return m_follow->isChecked();
}

void StreamPane::setFollowing(bool on)
{
    m_follow->setChecked(on);
}

void StreamPane::setPaused(bool on)
{
    m_pause->setChecked(on);
}

void StreamPane::setShowMilliseconds(bool on)
{
    m_milliseconds->setChecked(on); // re-enters once through toggled when it changes
    if (m_model->showsMilliseconds() == on)
        return;
    m_model->setShowMilliseconds(on);
    for (const int column : {EventTableModel::Time, EventTableModel::Sent}) {
        if (!m_view->isColumnHidden(column))
            m_view->resizeColumnToContents(column);
    }
}

int StreamPane::fitSampleRows() const
{
    const int rowHeight = std::max(1, m_view->verticalHeader()->defaultSectionSize());
    return m_view->viewport()->height() / rowHeight + 1;
}

void StreamPane::fitColumnsToContents()
{
    QHeaderView *header = m_view->horizontalHeader();
    // A screenful, never the row window's thousands (see the header).
    header->setResizeContentsPrecision(fitSampleRows());
    for (int column = 0; column < EventTableModel::ColumnCount; ++column) {
        // The text takes the rest of the width (stretched when it is last).
        if (column == EventTableModel::Text || header->isSectionHidden(column))
            continue;
        m_view->resizeColumnToContents(column);
    }
}

void StreamPane::onRowsAppended()
{
    if (m_fitOnLoad && m_model->rowCount() > 0) {
        m_fitOnLoad = false; // the first rows of a store that was empty
        fitColumnsToContents();
    }
    updateCounts();
    if (isFollowing())
        scrollToNewest();
}

void StreamPane::onUserScrolled()
{
    syncScrollBar();
    const QScrollBar *bar = m_bar;
    if (isFollowing() && bar->value() < bar->maximum())
        setFollowing(false);
    else if (!isFollowing() && bar->maximum() > 0 && bar->value() == bar->maximum())
        setFollowing(true); // scrolled back to the end: follow again, like `less +F`
}

void StreamPane::setWindowRows(int rows)
{
    const QScopedValueRollback syncing(m_syncing, true);
    m_window->setWindowRows(std::max(rows, kMinWindowRows));
    m_view->doItemsLayout();
    syncScrollBar();
}

void StreamPane::scrollToNewest()
{
    moveWindow(std::numeric_limits<int>::max());
    m_view->scrollToBottom();
    syncScrollBar();
}

// The view's bar spans the window; the pane's spans the model: the same
// page, and the rows outside the window added to the range and the value.
void StreamPane::syncScrollBar()
{
    const QScopedValueRollback syncing(m_syncing, true);
    const QScrollBar *inner = m_view->verticalScrollBar();
    const int outside = m_model->rowCount() - m_window->rowCount();
    m_bar->setRange(0, outside + inner->maximum());
    m_bar->setPageStep(inner->pageStep());
    m_bar->setSingleStep(inner->singleStep());
    m_bar->setValue(m_window->windowStart() + inner->value());
}

// The view scrolled (wheel, keys, a row brought into view): the pane's bar
// follows, and near an end of the window, that moves, once the scroll is
// done (not inside the view's own scrolling).
void StreamPane::onViewScrolled()
{
    if (m_syncing)
        return;
    syncScrollBar();
    if (m_recentrePending)
        return;
    m_recentrePending = true;
    QTimer::singleShot(0, this, [this] {
        m_recentrePending = false;
        showTopRow(m_window->windowStart() + m_view->verticalScrollBar()->value());
    });
}

// `row` of the model at the top of the view: inside the window when it is
// there and not near an end that has more rows beyond; the window is
// otherwise moved to have it in its middle.
void StreamPane::showTopRow(int row)
{
    QScrollBar *inner = m_view->verticalScrollBar();
    const int start = m_window->windowStart();
    const int count = m_window->rowCount();
    const int page = std::max(1, inner->pageStep());
    const int margin = m_window->windowRows() / 4;
    int local = row - start;
    const bool inside = local >= 0 && local <= inner->maximum();
    const bool nearStart = start > 0 && local < margin;
    const bool nearEnd = start + count < m_model->rowCount() && local + page > count - margin;
    if (!inside || nearStart || nearEnd) {
        moveWindow(row - (m_window->windowRows() - page) / 2);
        local = row - m_window->windowStart();
    }
    {
        const QScopedValueRollback syncing(m_syncing, true);
        inner->setValue(local);
    }
    syncScrollBar();
}

// Moves the window; the current event stays current if it is still in it,
// and becomes so again when a later move brings it back.
void StreamPane::moveWindow(int start)
{
    const QScopedValueRollback syncing(m_syncing, true);
    m_window->moveTo(start);
    m_view->doItemsLayout();
    if (m_lastEmittedId <= 0)
        return;
    QItemSelectionModel *selection = m_view->selectionModel();
    const QModelIndex current = selection->currentIndex();
    const qint64 currentId =
        current.isValid() ? current.data(EventTableModel::EventIdRole).toLongLong() : -1;
    if (currentId == m_lastEmittedId)
        return;
    const int row =
        m_window->mapFromSource(m_model->index(m_model->rowOfId(m_lastEmittedId), 0)).row();
    selection->setCurrentIndex(row >= 0 ? m_window->index(row, 0) : QModelIndex(),
                               QItemSelectionModel::NoUpdate);
}

// Ctrl+Home reaches the first row of the model, not of the window.
bool StreamPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<const QKeyEvent *>(event);
        if (key->key() == Qt::Key_Home && (key->modifiers() & Qt::ControlModifier))
            moveWindow(0);
    }
    return QWidget::eventFilter(watched, event);
}

void StreamPane::onCurrentRowChanged()
{
    if (m_syncing)
        return; // the window moved (moveWindow)
    const QModelIndex current = m_window->mapToSource(m_view->currentIndex());
    if (!current.isValid()) {
        m_lastEmittedId = -1;
        Q_EMIT currentEventCleared();
        return;
    }
    const EventRecord record = m_model->record(current.row());
    if (record.id == m_lastEmittedId)
        return;
    m_lastEmittedId = record.id;
    Q_EMIT currentEventChanged(record);
}

std::optional<EventRecord> StreamPane::currentRecord() const
{
    const QModelIndex current = m_window->mapToSource(m_view->currentIndex());
    if (!current.isValid())
        return std::nullopt;
    return m_model->record(current.row());
}

void StreamPane::selectEvent(qint64 eventId)
{
    const int sourceRow = m_model->rowOfId(eventId);
    if (sourceRow < 0)
        return;
    if (m_window->mapFromSource(m_model->index(sourceRow, 0)).row() < 0)
        moveWindow(sourceRow - m_window->windowRows() / 2);
    const QModelIndex index = m_window->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid())
        return;
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

QString StreamPane::selectionAsText() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() && m_view->currentIndex().isValid())
        rows.append(m_view->currentIndex());
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    const QHeaderView *header = m_view->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    QStringList lines;
    QStringList cells;
    for (const int column : columns)
        cells.append(m_model->headerData(column, Qt::Horizontal).toString());
    lines.append(cells.join(u'\t'));
    for (const QModelIndex &row : std::as_const(rows)) {
        cells.clear();
        for (const int column : columns) {
            QString text = m_window->index(row.row(), column).data().toString();
            text.replace(u'\t', u' ').replace(u'\n', u' ');
            cells.append(text);
        }
        lines.append(cells.join(u'\t'));
    }
    return lines.join(u'\n') + u'\n';
}

void StreamPane::copySelection() const
{
    if (!m_view->currentIndex().isValid() && !m_view->selectionModel()->hasSelection())
        return;
    QGuiApplication::clipboard()->setText(selectionAsText());
}

void StreamPane::showRowMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    const EventRecord record = m_model->record(m_window->mapToSource(index).row());
    QMenu menu(this);
    menu.addAction(tr("Copy Selected Rows"), this, &StreamPane::copySelection);
    const QString cell = index.data().toString();
    menu.addAction(tr("Copy Cell"), this, [cell] { QGuiApplication::clipboard()->setText(cell); });
    menu.addAction(tr("Copy Payload"), this, [payload = record.payload] {
        QGuiApplication::clipboard()->setText(QString::fromUtf8(payload));
    });
    menu.addAction(tr("Fit Columns to Contents"), this, &StreamPane::fitColumnsToContents);
    menu.addAction(m_milliseconds);
    menu.addSeparator();
    Q_EMIT rowMenuAboutToShow(&menu, record);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void StreamPane::updateCounts()
{
    const QLocale locale;
    const QString count = locale.toString(m_model->totalMatching());
    m_countLabel->setSteadyText(m_model->isLoading() ? tr("Loading… %1 events").arg(count)
                                                     : tr("%1 events").arg(count));
    const int pending = m_model->pendingRowCount();
    m_pendingLabel->setSteadyText(
        m_model->isPaused() ? tr("Paused: %1 new").arg(locale.toString(pending)) : QString());
}
