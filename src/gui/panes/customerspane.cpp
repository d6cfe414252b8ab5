#include "panes/customerspane.h"

#include "filter/filterexpression.h"
#include "guilog.h"
#include "models/customerlistmodel.h"
#include "models/timelinemodel.h"
#include "paint/channelcelldelegate.h"
#include "paint/theme.h"
#include "paint/timelinedelegate.h"
#include "records/channelcatalog.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

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
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("customerSearch"));
    m_search->setPlaceholderText(tr("Search name, phone, email or id"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaxLength(200);
    m_search->setContentsMargins(4, 0, 4, 4);
    connect(m_search, &QLineEdit::textChanged, m_list, &CustomerListModel::setSearch);
    m_splitter->addWidget(column(m_splitter, {m_listTitle, m_search, m_listView}, 2));
    // A large store's customers are read on the reader thread.
    connect(m_list, &CustomerListModel::loadingChanged, this, [this](bool loading) {
        m_listTitle->setText(loading ? tr("Customers (loading…)") : tr("Customers"));
        updatePlaceholder();
    });
    // Over an empty list: why it is empty.
    m_placeholder = new QLabel(m_listView->viewport());
    m_placeholder->setObjectName(QStringLiteral("customerListPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setTextFormat(Qt::PlainText);
    m_placeholder->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_listView->viewport()->installEventFilter(this);
    connect(m_list, &QAbstractItemModel::modelReset, this, &CustomersPane::updatePlaceholder);
    connect(m_list, &QAbstractItemModel::layoutChanged, this, &CustomersPane::updatePlaceholder);
    connect(m_list, &QAbstractItemModel::rowsInserted, this, &CustomersPane::updatePlaceholder);
    connect(m_list, &QAbstractItemModel::rowsRemoved, this, &CustomersPane::updatePlaceholder);

    m_showUnverified = new QCheckBox(tr("Show &unverified data"), this);
    m_showUnverified->setObjectName(QStringLiteral("showUnverifiedCheck"));
    m_showUnverified->setToolTip(
        tr("Let values from customer events with a bad signature or none replace verified "
           "ones in the profile (they are marked). Off, only the timeline shows them."));
    connect(m_showUnverified, &QCheckBox::toggled, this, [this](bool on) {
        updateProfile();
        Q_EMIT showUnverifiedChanged(on);
    });
    auto *profileHead = new QWidget(this);
    auto *headLayout = new QHBoxLayout(profileHead);
    headLayout->setContentsMargins(0, 0, 6, 0);
    headLayout->addWidget(titleLabel(tr("Profile and changes"), profileHead), 1);
    headLayout->addWidget(m_showUnverified);
    // A profile with many custom fields scrolls rather than push the
    // timeline away.
    m_profileArea = new QScrollArea(this);
    m_profileArea->setObjectName(QStringLiteral("customerProfileArea"));
    m_profileArea->setWidget(m_profile);
    m_profileArea->setWidgetResizable(true);
    m_profileArea->setFrameShape(QFrame::NoFrame);
    m_profileArea->installEventFilter(this);
    m_profileArea->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_splitter->addWidget(column(m_splitter, {profileHead, m_profileArea, m_timelineView}, 2));
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
    updatePlaceholder();
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
    m_listView->setColumnWidth(CustomerListModel::LastChange,
                               fm.horizontalAdvance(QStringLiteral("2026-12-31 23:59:59")) + 20);
    m_timelineView->setModel(m_timeline);
    m_timelineView->setItemDelegate(new TimelineDelegate(m_timelineView));
    setUpTable(m_timelineView);
    m_timelineView->setColumnWidth(TimelineModel::TimeColumn,
                                   fm.horizontalAdvance(QStringLiteral("2026-12-31 23:59:59")) +
                                       20);
    m_timelineView->setColumnWidth(
        TimelineModel::EventColumn,
        fit(TimelineModel::tr("%1 · unverified").arg(QStringLiteral("update_user")),
            fm.height() + 24));
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

void CustomersPane::setShowUnverified(bool on)
{
    m_showUnverified->setChecked(on);
}

bool CustomersPane::showUnverified() const
{
    return m_showUnverified->isChecked();
}

QString CustomersPane::placeholderText() const
{
    return m_placeholder->isHidden() ? QString() : m_placeholder->text();
}

void CustomersPane::updatePlaceholder()
{
    QString text;
    if (m_list->rowCount() == 0 && !m_list->isLoading()) {
        const QString search = m_list->search();
        if (m_list->knownCount() == 0 && m_list->testOnlyCount() > 0)
            text = tr("No customers yet, only test customers: the filter test:yes shows them.");
        else if (m_list->knownCount() == 0)
            text = tr("No customers yet. A customer appears with their first customer event or "
                      "message.");
        else if (!search.isEmpty())
            text = tr("No customer matches “%1”.").arg(search);
        else
            text = tr("No customer matches the filter.");
    }
    m_placeholder->setText(text);
    m_placeholder->setHidden(text.isEmpty());
    m_placeholder->setGeometry(m_listView->viewport()->rect().adjusted(8, 8, -8, -8));
}

bool CustomersPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_listView->viewport() && event->type() == QEvent::Resize)
        m_placeholder->setGeometry(m_listView->viewport()->rect().adjusted(8, 8, -8, -8));
    if (watched == m_profileArea && event->type() == QEvent::Resize)
        fitProfile();
    return QWidget::eventFilter(watched, event);
}

namespace {

// The profile's rows: scalar fields first, in the timeline's order, then
// the custom fields by key. Values as people read them.
QList<std::pair<QString, QString>> profileRows(const CustomerTimeline::Profile &p)
{
    QList<std::pair<QString, QString>> rows;
    const auto add = [&rows, &p](const QString &field) {
        if (!p.value(field).isEmpty())
            rows.append({field, TimelineDelegate::valueText(field, p.value(field))});
    };
    for (const char *field : {"remark_name", "phone", "email", "channel", "sys_user_id"})
        add(QString::fromLatin1(field));
    if (!p.labels.isEmpty())
        rows.append({QStringLiteral("labels"), p.labelNames().join(QStringLiteral(", "))});
    for (const char *field : {"remark", "ad_referral", "custom_field"})
        add(QString::fromLatin1(field));
    for (auto it = p.fields.cbegin(); it != p.fields.cend(); ++it) {
        if (it.key().startsWith(QLatin1String("custom_field.")))
            add(it.key());
    }
    return rows;
}

} // namespace

void CustomersPane::updateProfile()
{
    const QString customer = m_history.customer();
    if (customer.isEmpty()) {
        m_profile->setText(tr("Select a customer to see how their profile changed."));
        fitProfile();
        return;
    }
    // Unverified values only with "Show unverified data"; then marked.
    const bool withUnverified = m_showUnverified->isChecked();
    const CustomerTimeline::Profile &p = m_history.profile(withUnverified);
    const QSet<QString> marked = withUnverified ? p.unverifiedFields : QSet<QString>();
    const QString muted = Theme::mutedText(palette()).name();
    const QString bad = Theme::tone(palette(), Theme::Tone::Bad).name();
    const QString unverifiedMark = QStringLiteral(" <span style=\"color:%1\">\u26a0 %2</span>")
                                       .arg(bad, tr("unverified").toHtmlEscaped());
    const QString name = p.value(QStringLiteral("name"));
    QString html = QStringLiteral("<b style=\"font-size:large\">%1</b>%2 <span style=\"color:%3\">"
                                  "%4</span>")
                       .arg((name.isEmpty() ? customer : name).toHtmlEscaped(),
                            marked.contains(QStringLiteral("name")) ? unverifiedMark : QString(),
                            muted, customer.toHtmlEscaped());
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\">");
    for (const auto &[field, value] : profileRows(p)) {
        const QString label =
            field == QLatin1String("labels") ? tr("Labels") : TimelineDelegate::fieldLabel(field);
        html += QStringLiteral("<tr><td style=\"color:%1; padding-right:8px\">%2:</td>"
                               "<td>%3%4</td></tr>")
                    .arg(muted, label.toHtmlEscaped(), value.toHtmlEscaped(),
                         marked.contains(field) ? unverifiedMark : QString());
    }
    html += QStringLiteral("</table>");
    const QStringList hidden = m_history.hiddenUnverifiedFields();
    if (!withUnverified && !hidden.isEmpty()) {
        QStringList labels;
        for (const QString &field : hidden)
            labels.append(field == QLatin1String("labels") ? tr("Labels")
                                                           : TimelineDelegate::fieldLabel(field));
        html += QStringLiteral("<p style=\"color:%1\">\u26a0 %2</p>")
                    .arg(bad, tr("Unverified changes not shown: %1. Turn on “Show unverified "
                                 "data” to see them.")
                                  .arg(labels.join(QStringLiteral(", ")))
                                  .toHtmlEscaped());
    }
    m_profile->setText(html);
    fitProfile();
}

// The profile area is as tall as the profile, up to a dozen lines; past
// that it scrolls rather than push the timeline away.
void CustomersPane::fitProfile()
{
    const int width = m_profileArea->viewport()->width();
    int height = width > 50 ? m_profile->heightForWidth(width) : -1;
    if (height < 0)
        height = m_profile->sizeHint().height();
    const int cap = m_profile->fontMetrics().height() * 12;
    m_profileArea->setFixedHeight(std::min(cap, height + 2));
}
