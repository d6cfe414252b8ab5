#include "panes/inboxpane.h"

#include "models/sessionlistmodel.h"
#include "paint/channelcelldelegate.h"
#include "records/eventrecord.h"
#include "settings/settings.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

InboxPane::InboxPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new SessionListModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_search(new QLineEdit(this))
    , m_empty(new QLabel(this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("inboxPane"));
    m_search->setObjectName(QStringLiteral("inboxSearch"));
    m_search->setPlaceholderText(tr("Search name, customer or session id, last message"));
    m_search->setClearButtonEnabled(true);
    m_empty->setObjectName(QStringLiteral("inboxEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_view->setObjectName(QStringLiteral("inboxList"));

    // Newest activity first is the model's own order; the proxy only hides.
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(SessionListModel::SearchTextRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(SessionListModel::Customer);
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(
        new ChannelCellDelegate(SessionListModel::Channel, SessionListModel::ChannelRole, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics fm(m_view->font());
    m_view->setColumnWidth(SessionListModel::Customer,
                           fm.horizontalAdvance(QStringLiteral("Maria García (VIP)")) + 16);
    m_view->setColumnWidth(SessionListModel::Channel,
                           fm.horizontalAdvance(QStringLiteral("WhatsApp API")) + 40);
    m_view->setColumnWidth(SessionListModel::LastMessage, fm.averageCharWidth() * 32);
    m_view->setColumnWidth(SessionListModel::LastTime,
                           fm.horizontalAdvance(QStringLiteral("2026-12-31 23:59:59")) + 16);
    m_view->setColumnWidth(
        SessionListModel::Unread,
        fm.horizontalAdvance(
            m_model->headerData(SessionListModel::Unread, Qt::Horizontal).toString()) +
            20);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_search);
    layout->addWidget(m_empty);
    layout->addWidget(m_view, 1);

    connect(m_search, &QLineEdit::textChanged, this, &InboxPane::setSearchText);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &InboxPane::onCurrentChanged);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &InboxPane::updateEmptyText);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &InboxPane::updateEmptyText);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &InboxPane::updateEmptyText);
    connect(m_model, &SessionListModel::loadingChanged, this, &InboxPane::updateEmptyText);
    updateEmptyText();
}

InboxPane::~InboxPane() = default;

bool InboxPane::openStore(const QString &path, QString *error)
{
    const QString key = currentSessionKey();
    const bool ok = m_model->openStore(path, error);
    if (ok && !key.isEmpty())
        selectSession(key);
    updateEmptyText();
    return ok;
}

void InboxPane::closeStore()
{
    m_model->closeStore();
}

void InboxPane::setFeed(AppendFeed *feed)
{
    m_model->setFeed(feed);
}

void InboxPane::useSettings(Settings *settings)
{
    m_model->setReadMarkLoader(
        [settings](const QString &path) { return settings->sessionReadMarks(path); });
    connect(m_model, &SessionListModel::readMarksChanged, this,
            [settings](const QString &path, const SessionListModel::ReadMarks &marks) {
                settings->setSessionReadMarks(path, marks);
            });
}

void InboxPane::setSearchText(const QString &text)
{
    if (m_search->text() != text)
        m_search->setText(text); // comes back here through textChanged
    else
        m_proxy->setFilterFixedString(text.trimmed());
    updateEmptyText();
}

bool InboxPane::selectSession(const QString &key)
{
    const int row = m_model->rowOfSession(key);
    if (row < 0)
        return false;
    const QModelIndex shown = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!shown.isValid())
        return false;
    m_view->setCurrentIndex(shown);
    m_view->scrollTo(shown);
    return true;
}

QString InboxPane::currentSessionKey() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(SessionListModel::SessionKeyRole).toString()
                             : QString();
}

void InboxPane::onCurrentChanged(const QModelIndex &current)
{
    if (!current.isValid()) {
        m_model->setOpenSession(QString());
        return;
    }
    const QModelIndex source = m_proxy->mapToSource(current);
    EventRecord last;
    last.id = source.data(SessionListModel::LastEventIdRole).toLongLong();
    last.kind = EventKind::Message;
    last.chatSessionId = source.data(SessionListModel::ChatSessionIdRole).toString();
    last.chatUserId = source.data(SessionListModel::ChatUserIdRole).toString();
    const QString key = source.data(SessionListModel::SessionKeyRole).toString();
    m_model->setOpenSession(key);
    m_model->markRead(source.row());
    Q_EMIT sessionOpened(last);
}

void InboxPane::updateEmptyText()
{
    QString text;
    if (m_model->isLoading())
        text = tr("Reading the conversations…");
    else if (m_model->rowCount() == 0)
        text = tr("No conversations yet: messages appear here as they arrive.");
    else if (m_proxy->rowCount() == 0)
        text = tr("No conversation matches \"%1\".").arg(m_search->text().trimmed());
    m_empty->setText(text);
    m_empty->setVisible(!text.isEmpty());
}
