#include "panes/channelspane.h"

#include "models/channelmodel.h"
#include "paint/channeldelegate.h"

#include <QLabel>
#include <QListView>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace {

constexpr int kRepaintMs = 15'000; // "n s ago" stays roughly right
constexpr int kTickMs = 60'000;    // sparklines move on by a minute

// `content` under a bold title.
QWidget *titled(const QString &text, QWidget *content, QWidget *parent)
{
    auto *title = new QLabel(text, parent);
    title->setContentsMargins(6, 4, 6, 2);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(title);
    layout->addWidget(content);
    return box;
}

} // namespace

ChannelsPane::ChannelsPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new ChannelModel(this))
    , m_view(new QListView(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
{
    setObjectName(QStringLiteral("channelsPane"));
    m_view->setObjectName(QStringLiteral("channelList"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new ChannelDelegate(m_view));
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setMouseTracking(true);

    m_splitter->addWidget(titled(tr("Channels"), m_view, m_splitter));
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ChannelsPane::onCurrentChanged);
    // A reset (store reopened) loses the selection: put it back.
    connect(m_model, &QAbstractItemModel::modelReset, this, &ChannelsPane::showWanted);
    // A large store's channels come from the reader thread after the open.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_selected != m_wanted)
            showWanted();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this] { QTimer::singleShot(0, this, &ChannelsPane::markSelectedRead); });

    auto *repaint = new QTimer(this);
    connect(repaint, &QTimer::timeout, m_view->viewport(), qOverload<>(&QWidget::update));
    repaint->start(kRepaintMs);
    auto *tick = new QTimer(this);
    connect(tick, &QTimer::timeout, m_model, &ChannelModel::tick);
    tick->start(kTickMs);
}

ChannelsPane::~ChannelsPane() = default;

bool ChannelsPane::openStore(const QString &path, QString *error)
{
    const bool ok = m_model->openStore(path, error);
    showWanted();
    return ok;
}

void ChannelsPane::closeStore()
{
    m_model->closeStore();
}

void ChannelsPane::setFeed(AppendFeed *feed)
{
    m_model->setFeed(feed);
}

void ChannelsPane::selectChannel(int code)
{
    m_wanted = code;
    showWanted();
}

// Shows "All channels" while the wanted channel is not (yet) in the list.
void ChannelsPane::showWanted()
{
    int row = m_model->rowOfCode(m_wanted);
    if (row < 0)
        row = m_model->rowOfCode(ChannelModel::kAllChannels);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, 0);
    const QScopedValueRollback<bool> restoring(m_restoring, true);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(index);
}

void ChannelsPane::setFooter(QWidget *footer)
{
    m_splitter->addWidget(footer);
    m_splitter->setStretchFactor(0, 5);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({640, 130});
}

void ChannelsPane::onCurrentChanged()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    const int code = current.data(ChannelModel::CodeRole).toInt();
    // "All channels" marks nothing read: the per-channel badges keep
    // showing what is new in each channel until that channel is opened.
    if (code != ChannelModel::kAllChannels)
        m_model->markRead(code);
    if (!m_restoring)
        m_wanted = code; // the user's choice
    if (code == m_selected)
        return;
    m_selected = code;
    Q_EMIT channelSelected(code);
}

void ChannelsPane::markSelectedRead()
{
    const int row = m_model->rowOfCode(m_selected);
    if (m_selected != ChannelModel::kAllChannels && row >= 0 &&
        m_model->index(row, 0).data(ChannelModel::UnreadRole).toInt() > 0)
        m_model->markRead(m_selected);
}
