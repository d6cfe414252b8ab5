#include "panes/streampane.h"

#include "models/eventtablemodel.h"
#include "paint/streamdelegate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

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
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("streamPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    makeActions();
    buildToolRow(layout);
    setUpView();
    layout->addWidget(m_view, 1);

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
            QTimer::singleShot(0, m_view, &QTableView::scrollToBottom);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &StreamPane::updateCounts);
    connect(m_model, &EventTableModel::errorOccurred, this,
            [this](const QString &message) { m_errorLabel->setText(message); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &StreamPane::onCurrentRowChanged);
    connect(m_view->verticalScrollBar(), &QScrollBar::actionTriggered, this,
            [this] { QTimer::singleShot(0, this, &StreamPane::onUserScrolled); });
    connect(m_view, &QWidget::customContextMenuRequested, this, &StreamPane::showRowMenu);
}

StreamPane::~StreamPane() = default;

void StreamPane::setUpView()
{
    m_view->setObjectName(QStringLiteral("streamView"));
    m_view->setModel(m_model);
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
    // Fitting to contents measures a sample of rows, never a million.
    m_view->horizontalHeader()->setResizeContentsPrecision(200);
    m_view->verticalHeader()->setResizeContentsPrecision(200);
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
        if (on)
            m_view->scrollToBottom();
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
    m_pendingLabel = new QLabel(this);
    m_pendingLabel->setObjectName(QStringLiteral("pendingLabel"));
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("streamErrorLabel"));
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("streamCountLabel"));
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
        QTimer::singleShot(0, m_view, &QTableView::scrollToBottom);
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

void StreamPane::fitColumnsToContents()
{
    QHeaderView *header = m_view->horizontalHeader();
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
        m_view->scrollToBottom();
}

void StreamPane::onUserScrolled()
{
    const QScrollBar *bar = m_view->verticalScrollBar();
    if (isFollowing() && bar->value() < bar->maximum())
        setFollowing(false);
    else if (!isFollowing() && bar->maximum() > 0 && bar->value() == bar->maximum())
        setFollowing(true); // scrolled back to the end: follow again, like `less +F`
}

void StreamPane::onCurrentRowChanged()
{
    const QModelIndex current = m_view->currentIndex();
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
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    return m_model->record(current.row());
}

void StreamPane::selectEvent(qint64 eventId)
{
    const int row = m_model->rowOfId(eventId);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, 0);
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
            QString text = m_model->index(row.row(), column).data().toString();
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
    const EventRecord record = m_model->record(index.row());
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
    m_countLabel->setText(m_model->isLoading() ? tr("Loading… %1 events").arg(count)
                                               : tr("%1 events").arg(count));
    const int pending = m_model->pendingRowCount();
    m_pendingLabel->setText(m_model->isPaused() ? tr("Paused: %1 new").arg(locale.toString(pending))
                                                : QString());
}
