#include "panes/refusedpane.h"

#include "models/refusedmodel.h"
#include "panes/inspectortext.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

RefusedPane::RefusedPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new RefusedModel(this))
    , m_view(new QTableView(this))
    , m_hint(new QLabel(this))
{
    setObjectName(QStringLiteral("refusedPane"));
    setUpView();
    m_hint->setText(tr("Deliveries the receiver answered with an error. They are kept with "
                       "their reason and the raw request (the first 64 KiB of a body, the newest "
                       "refusals only); select one to inspect it."));
    m_hint->setWordWrap(true);
    m_hint->setContentsMargins(6, 4, 6, 4);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_hint);
    layout->addWidget(m_view, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RefusedPane::onCurrentRowChanged);
    connect(m_view, &QWidget::customContextMenuRequested, this, &RefusedPane::showMenu);
    const auto announce = [this] { Q_EMIT countChanged(m_model->rowCount()); };
    connect(m_model, &QAbstractItemModel::modelReset, this, announce);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this, announce] {
        const QScrollBar *bar = m_view->verticalScrollBar();
        if (bar->value() >= bar->maximum() - 1)
            m_view->scrollToBottom();
        announce();
    });
}

RefusedPane::~RefusedPane() = default;

void RefusedPane::setUpView()
{
    m_view->setObjectName(QStringLiteral("refusedView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(RefusedModel::Time, 150);
    m_view->setColumnWidth(RefusedModel::Status, 60);
    m_view->setColumnWidth(RefusedModel::Reason, 320);
    m_view->setColumnWidth(RefusedModel::Method, 70);
    m_view->setColumnWidth(RefusedModel::Path, 220);
    m_view->setColumnWidth(RefusedModel::Peer, 110);
    m_view->setColumnWidth(RefusedModel::Body, 170);
    // The reason reads best last, taking the rest of the width.
    QHeaderView *header = m_view->horizontalHeader();
    header->moveSection(header->visualIndex(RefusedModel::Reason), header->count() - 1);
}

bool RefusedPane::openStore(const QString &path, QString *error)
{
    return m_model->openStore(path, error);
}

void RefusedPane::closeStore()
{
    m_model->closeStore();
}

void RefusedPane::setFeed(AppendFeed *feed)
{
    m_model->setFeed(feed);
}

void RefusedPane::onCurrentRowChanged()
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid())
        Q_EMIT refusedSelected(m_model->record(current.row()));
}

std::optional<RefusedRecord> RefusedPane::currentRecord() const
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    return m_model->record(current.row());
}

void RefusedPane::copySelection() const
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid())
        QGuiApplication::clipboard()->setText(
            InspectorText::rawRequest(m_model->record(current.row())));
}

void RefusedPane::showMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(tr("Copy Raw Request"), this, &RefusedPane::copySelection);
    const QString cell = index.data().toString();
    menu.addAction(tr("Copy Cell"), this, [cell] { QGuiApplication::clipboard()->setText(cell); });
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}
