#include "panes/refusedpane.h"

#include "ingest/appendfeed.h"
#include "ingest/refusedrequest.h"
#include "ingest/refusedreverify.h"
#include "models/refusedmodel.h"
#include "panes/inspectortext.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QScrollBar>
#include <QTableView>
#include <QToolButton>
#include <QUrl>
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
    makeActions();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_hint);
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(4, 0, 4, 2);
    buildButtons(buttons);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RefusedPane::onCurrentRowChanged);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RefusedPane::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RefusedPane::updateActions);
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
    m_view->setColumnWidth(RefusedModel::Event, 100);
    m_view->setColumnWidth(RefusedModel::Channel, 120);
    m_view->setColumnWidth(RefusedModel::Customer, 140);
    // What the body says after the status; the reason reads best last,
    // taking the rest of the width.
    QHeaderView *header = m_view->horizontalHeader();
    header->moveSection(header->visualIndex(RefusedModel::Event), 2);
    header->moveSection(header->visualIndex(RefusedModel::Channel), 3);
    header->moveSection(header->visualIndex(RefusedModel::Customer), 4);
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
    m_feed = feed;
    m_model->setFeed(feed);
}

void RefusedPane::setReceiverConfigProvider(std::function<ReceiverConfig()> provider)
{
    m_config = std::move(provider);
}

void RefusedPane::setReceiverUrlProvider(std::function<QString()> provider)
{
    m_url = std::move(provider);
}

void RefusedPane::makeActions()
{
    m_reverify = new QAction(tr("&Re-verify with Current Secret"), this);
    m_reverify->setObjectName(QStringLiteral("reverifyAction"));
    m_reverify->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_reverify->setToolTip(
        tr("Check the selected delivery's signature again with the secret and policy set now; "
           "when it verifies it becomes an event"));
    m_copyCurl = new QAction(tr("Copy as c&url"), this);
    m_copyCurl->setObjectName(QStringLiteral("copyCurlAction"));
    m_copyCurl->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    m_copyCurl->setToolTip(tr("A shell command that sends the selected delivery again, byte for "
                              "byte, to this receiver"));
    m_copyRaw = new QAction(tr("Copy Ra&w Request"), this);
    m_copyRaw->setObjectName(QStringLiteral("copyRawAction"));
    m_copyRaw->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_R));
    m_copyRaw->setToolTip(tr("The request line, headers and body as received"));
    for (QAction *action : {m_reverify, m_copyCurl, m_copyRaw}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }
    connect(m_reverify, &QAction::triggered, this, [this] { reverifyCurrent(); });
    connect(m_copyCurl, &QAction::triggered, this, &RefusedPane::copyCurl);
    connect(m_copyRaw, &QAction::triggered, this, &RefusedPane::copySelection);
    updateActions();
}

void RefusedPane::buildButtons(QHBoxLayout *row)
{
    for (QAction *action : {m_reverify, m_copyCurl, m_copyRaw}) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setAutoRaise(true);
        row->addWidget(button);
    }
    row->addStretch(1);
}

void RefusedPane::updateActions()
{
    const bool selected = m_view->currentIndex().isValid();
    for (QAction *action : {m_reverify, m_copyCurl, m_copyRaw})
        action->setEnabled(selected);
}

void RefusedPane::onCurrentRowChanged()
{
    updateActions();
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid())
        Q_EMIT refusedSelected(m_model->record(current.row()));
}

QString RefusedPane::reverifyCurrent()
{
    const std::optional<RefusedRecord> record = currentRecord();
    const QString storePath = m_model->storePath();
    if (!record || storePath.isEmpty())
        return {};
    const ReceiverConfig config = m_config ? m_config() : ReceiverConfig();
    const RefusedReverify::Result result = RefusedReverify::run(storePath, record->id, config);
    const QString message = RefusedReverify::describe(result, record->id);
    const bool promoted = result.outcome == RefusedReverify::Outcome::Promoted;
    if (promoted || result.outcome == RefusedReverify::Outcome::Gone)
        m_model->removeId(record->id);
    if (promoted) {
        // The other views hear of the new event as of any commit.
        if (m_feed && m_feed->isAbout(storePath))
            m_feed->notifyCommitted(result.eventId, 0);
        Q_EMIT eventPromoted(result.eventId);
    }
    auto *box =
        new QMessageBox(promoted ? QMessageBox::Information : QMessageBox::Warning,
                        tr("Re-verify with Current Secret"), message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("reverifyMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return message;
}

QString RefusedPane::curlText() const
{
    const std::optional<RefusedRecord> record = currentRecord();
    if (!record)
        return {};
    const ReceiverConfig config = m_config ? m_config() : ReceiverConfig();
    const QString running = m_url ? m_url() : QString();
    QUrl url(running.isEmpty() ? config.url(config.port) : running);
    url.setPath(QString());
    url.setQuery(QString());
    return RefusedRequest::curlCommand(*record, url.toString());
}

void RefusedPane::copyCurl() const
{
    const QString text = curlText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
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
    menu.addActions({m_reverify, m_copyCurl, m_copyRaw});
    menu.addSeparator();
    const QString cell = index.data().toString();
    menu.addAction(tr("Copy Cell"), this, [cell] { QGuiApplication::clipboard()->setText(cell); });
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}
