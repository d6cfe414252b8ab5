#include "panes/customerspane.h"

#include "filter/filterexpression.h"
#include "guilog.h"
#include "models/customerlistmodel.h"
#include "models/timelinemodel.h"
#include "paint/channelcelldelegate.h"
#include "paint/theme.h"
#include "paint/timelinedelegate.h"
#include "records/channelcatalog.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace {

void setUpTable(QTableView *view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
}

QLabel *titleLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    label->setContentsMargins(6, 4, 6, 2);
    return label;
}

QWidget *column(QWidget *parent, const QList<QWidget *> &widgets, int stretchIndex)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    for (qsizetype i = 0; i < widgets.size(); ++i)
        layout->addWidget(widgets.at(i), i == stretchIndex ? 1 : 0);
    return box;
}

} // namespace

CustomersPane::CustomersPane(QWidget *parent)
    : QWidget(parent)
    , m_list(new CustomerListModel(this))
    , m_timeline(new TimelineModel(this))
    , m_listView(new QTableView(this))
    , m_timelineView(new QTableView(this))
    , m_profile(new QLabel(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
{
    setObjectName(QStringLiteral("customersPane"));
    m_listView->setObjectName(QStringLiteral("customerList"));
    m_timelineView->setObjectName(QStringLiteral("customerTimeline"));
    m_profile->setObjectName(QStringLiteral("customerProfile"));
    setUpViews();

    m_listTitle = titleLabel(tr("Customers"), this);
    m_splitter->addWidget(column(m_splitter, {m_listTitle, m_listView}, 1));
    // A large store's customers are read on the reader thread.
    connect(m_list, &CustomerListModel::loadingChanged, this, [this](bool loading) {
        m_listTitle->setText(loading ? tr("Customers (loading…)") : tr("Customers"));
    });
    m_splitter->addWidget(column(
        m_splitter, {titleLabel(tr("Profile and changes"), this), m_profile, m_timelineView}, 2));
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    connect(m_listView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CustomersPane::onListCurrentChanged);
    connect(m_timelineView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CustomersPane::onTimelineCurrentChanged);
    // A reload of the list keeps the shown customer selected.
    connect(m_list, &QAbstractItemModel::modelReset, this, [this] {
        const int row = m_list->rowOfCustomer(m_history.customer());
        if (row >= 0)
            m_listView->selectRow(row);
    });
    updateProfile();
}

CustomersPane::~CustomersPane() = default;

void CustomersPane::setUpViews()
{
    m_listView->setModel(m_list);
    m_listView->setItemDelegate(new ChannelCellDelegate(
        CustomerListModel::Channel, CustomerListModel::ChannelRole, m_listView));
    setUpTable(m_listView);
    m_listView->setSortingEnabled(true);
    m_listView->sortByColumn(CustomerListModel::LastChange, Qt::DescendingOrder);
    const QFontMetrics fm(m_listView->font());
    const auto fit = [&fm](const QString &sample, int extra) {
        return fm.horizontalAdvance(sample) + extra;
    };
    m_listView->setColumnWidth(CustomerListModel::Name,
                               fit(QStringLiteral("Maria García (VIP)"), 16));
    m_listView->setColumnWidth(CustomerListModel::Channel, fit(QStringLiteral("WhatsApp API"), 40));
    m_listView->setColumnWidth(CustomerListModel::Changes,
                               fm.horizontalAdvance(tr("Changes")) + 16);
    m_timelineView->setModel(m_timeline);
    m_timelineView->setItemDelegate(new TimelineDelegate(m_timelineView));
    setUpTable(m_timelineView);
    m_timelineView->setColumnWidth(TimelineModel::TimeColumn,
                                   fm.horizontalAdvance(QStringLiteral("2026-12-31 23:59:59")) +
                                       20);
    m_timelineView->setColumnWidth(
        TimelineModel::FieldColumn,
        fit(tr("Custom field: %1").arg(QStringLiteral("interests")), 44));
    m_timelineView->setColumnWidth(TimelineModel::OldColumn, fm.averageCharWidth() * 28);
    m_profile->setWordWrap(true);
    m_profile->setTextFormat(Qt::RichText);
    m_profile->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_profile->setContentsMargins(6, 2, 6, 6);
    m_profile->setAlignment(Qt::AlignLeft | Qt::AlignTop);
}

bool CustomersPane::openStore(const QString &path, QString *error)
{
    const QString customer = m_history.customer();
    // Forgets the shown customer, so showCustomer() reads them anew.
    m_history.close();
    bool ok = m_list->openStore(path, error);
    ok = m_history.open(path, ok ? error : nullptr) && ok;
    showCustomer(customer);
    return ok;
}

void CustomersPane::closeStore()
{
    m_list->closeStore();
    m_history.close();
    showCustomer(QString());
}

void CustomersPane::setFeed(AppendFeed *feed)
{
    m_list->setFeed(feed);
    m_feed.subscribe(
        feed, this, [this] { return m_history.path(); },
        [this](qint64 lastEventId, qint64) { appendTimelineUpTo(lastEventId); });
}

void CustomersPane::appendTimelineUpTo(qint64 lastEventId)
{
    if (m_history.customer().isEmpty() || !m_history.isOpen() ||
        lastEventId <= m_history.lastEventId())
        return;
    if (const std::optional<QList<FieldChange>> changes = m_history.readNew()) {
        m_timeline->appendChanges(*changes);
        updateProfile();
    }
}

void CustomersPane::setFilter(const FilterExpression &filter)
{
    m_list->setFilter(filter);
}

void CustomersPane::setChannelScope(int code)
{
    m_list->setChannelScope(code);
}

void CustomersPane::selectCustomer(const QString &chatUserId)
{
    const int row = m_list->rowOfCustomer(chatUserId);
    if (row >= 0) {
        m_listView->selectRow(row);
        m_listView->scrollTo(m_list->index(row, 0));
    }
    showCustomer(chatUserId);
}

void CustomersPane::showCustomer(const QString &chatUserId)
{
    if (chatUserId == m_history.customer() && !chatUserId.isEmpty())
        return;
    m_timeline->setChanges(m_history.show(chatUserId));
    m_timelineView->scrollToBottom();
    updateProfile();
}

void CustomersPane::onListCurrentChanged()
{
    const QModelIndex current = m_listView->currentIndex();
    if (!current.isValid())
        return;
    const QString id = current.data(CustomerListModel::ChatUserIdRole).toString();
    if (id == m_history.customer())
        return;
    showCustomer(id);
    Q_EMIT customerSelected(id);
    // The latest change is what the user most likely came for; selecting it
    // also shows its event in the inspector.
    if (m_timeline->rowCount() > 0)
        m_timelineView->selectRow(m_timeline->rowCount() - 1);
}

void CustomersPane::onTimelineCurrentChanged()
{
    const QModelIndex current = m_timelineView->currentIndex();
    if (!current.isValid() || !m_history.isOpen())
        return;
    const qint64 id = current.data(TimelineModel::EventIdRole).toLongLong();
    if (const std::optional<EventRecord> record = m_history.event(id))
        Q_EMIT eventSelected(*record);
}

void CustomersPane::changeEvent(QEvent *event)
{
    // The profile's muted colour is written into its HTML.
    if (event->type() == QEvent::PaletteChange)
        updateProfile();
    QWidget::changeEvent(event);
}

QString CustomersPane::profileText() const
{
    return m_profile->text();
}

void CustomersPane::updateProfile()
{
    const CustomerTimeline::Profile &p = m_history.profile();
    const QString customer = m_history.customer();
    if (customer.isEmpty()) {
        m_profile->setText(tr("Select a customer to see how their profile changed."));
        return;
    }
    const QString muted = Theme::mutedText(palette()).name();
    QString html =
        QStringLiteral("<b style=\"font-size:large\">%1</b> <span style=\"color:%2\">"
                       "%3</span><br>")
            .arg(p.value(QStringLiteral("name")).toHtmlEscaped(), muted, customer.toHtmlEscaped());
    const QList<std::pair<QString, QString>> rows{
        {tr("Remark name"), p.value(QStringLiteral("remark_name"))},
        {tr("Phone"), p.value(QStringLiteral("phone"))},
        {tr("Email"), p.value(QStringLiteral("email"))},
        {tr("Channel"), p.fields.contains(QStringLiteral("channel"))
                            ? ChannelCatalog::name(p.value(QStringLiteral("channel")).toInt())
                            : QString()},
        {tr("Labels"), p.labelNames().join(QStringLiteral(", "))},
        {tr("Remark"), p.value(QStringLiteral("remark"))},
    };
    QStringList parts;
    for (const auto &[label, value] : rows) {
        if (!value.isEmpty())
            parts.append(QStringLiteral("<span style=\"color:%1\">%2:</span> %3")
                             .arg(muted, label.toHtmlEscaped(), value.toHtmlEscaped()));
    }
    html += parts.join(QStringLiteral(" &nbsp; "));
    m_profile->setText(html);
}
