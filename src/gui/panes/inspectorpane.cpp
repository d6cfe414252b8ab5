#include "panes/inspectorpane.h"

#include "models/jsontext.h"
#include "models/payloadtreemodel.h"
#include "paint/timetext.h"
#include "panes/forwardstatusview.h"
#include "panes/inspectortext.h"
#include "panes/payloadtreeview.h"

#include <QAction>
#include <QEvent>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

namespace {

QTableWidget *makeTable(const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    return table;
}

void setRow(QTableWidget *table, int row, const QStringList &cells)
{
    for (qsizetype c = 0; c < cells.size(); ++c)
        table->setItem(row, static_cast<int>(c), new QTableWidgetItem(cells.at(c)));
}

} // namespace

InspectorPane::InspectorPane(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_treeModel(new PayloadTreeModel(this))
    , m_tree(new PayloadTreeView(this))
    , m_raw(new QPlainTextEdit(this))
    , m_query(makeTable({tr("Name"), tr("Value"), tr("Date")}, this))
    , m_verification(new QTextBrowser(this))
    , m_deliveries(makeTable(
          {tr("#"), tr("Received"), tr("Verification"), tr("From"), tr("Query"), tr("Headers")},
          this))
{
    setObjectName(QStringLiteral("inspectorPane"));
    m_summary->setObjectName(QStringLiteral("inspectorSummary"));
    m_summary->setWordWrap(true);
    m_summary->setContentsMargins(6, 4, 6, 2);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tree->setModel(m_treeModel);
    m_tree->header()->resizeSection(PayloadTreeModel::KeyColumn, 170);
    m_tree->header()->resizeSection(PayloadTreeModel::ValueColumn, 260);
    m_raw->setObjectName(QStringLiteral("rawBody"));
    m_raw->setReadOnly(true);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_query->setObjectName(QStringLiteral("queryTable"));
    m_query->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_verification->setObjectName(QStringLiteral("verificationView"));
    m_verification->setOpenLinks(false);
    connect(m_verification, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        bool ok = false;
        const qint64 id = url.path().toLongLong(&ok);
        // Shown here even when the stream's filter hides it; then selected there.
        if (url.scheme() == QLatin1String("event") && ok && showEventId(id))
            Q_EMIT eventLinkActivated(id);
    });
    m_deliveries->setObjectName(QStringLiteral("deliveriesTable"));

    m_pretty = new QAction(tr("&Pretty-print JSON"), this);
    m_pretty->setObjectName(QStringLiteral("prettyRawAction"));
    m_pretty->setCheckable(true);
    m_pretty->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J));
    m_pretty->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_pretty->setToolTip(tr("Indent the body, members in the order received (off: the bytes "
                            "exactly as received)"));
    addAction(m_pretty);
    connect(m_pretty, &QAction::toggled, this, [this] { showRaw(); });
    auto *rawPage = new QWidget(this);
    auto *rawLayout = new QVBoxLayout(rawPage);
    rawLayout->setContentsMargins(0, 0, 0, 0);
    rawLayout->setSpacing(0);
    auto *prettyButton = new QToolButton(rawPage);
    prettyButton->setDefaultAction(m_pretty);
    prettyButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    prettyButton->setAutoRaise(true);
    rawLayout->addWidget(prettyButton, 0, Qt::AlignLeft);
    rawLayout->addWidget(m_raw, 1);

    m_tabs->addTab(m_tree, tr("Tree"));
    m_tabs->addTab(rawPage, tr("Raw"));
    m_tabs->addTab(m_query, tr("Query"));
    m_tabs->addTab(m_verification, tr("Verification"));
    m_tabs->addTab(m_deliveries, tr("Deliveries"));
    m_forwards = new ForwardStatusView(this);
    m_forwards->attachTo(m_tabs);
    m_tabs->setDocumentMode(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    clear();
}

InspectorPane::~InspectorPane() = default;

bool InspectorPane::openStore(const QString &path, QString *error)
{
    m_lookup.close();
    clear();
    return m_lookup.open(path, error);
}

void InspectorPane::closeStore()
{
    m_lookup.close();
    clear();
}

void InspectorPane::setFeed(AppendFeed *feed)
{
    m_feed.subscribe(
        feed, this, [this] { return m_lookup.path(); },
        [this](qint64, qint64) {
            refreshDeliveries();
            refreshForwards();
        });
}

void InspectorPane::refreshForwards()
{
    if (m_eventId > 0 && m_lookup.isOpen())
        m_forwards->showRows(m_eventId, m_lookup.forwards(m_eventId));
}

void InspectorPane::refreshDeliveries()
{
    if (m_eventId <= 0 || !m_lookup.isOpen())
        return;
    const std::optional<EventRecord> record = m_lookup.event(m_eventId);
    if (!record)
        return;
    // A retry adds a delivery; another body with the same key makes a conflict.
    if (record->deliveries != m_deliveryCount || record->conflict != m_conflict) {
        m_summary->setText(InspectorText::eventSummary(*record));
        showDeliveries(*record);
        showVerification(*record);
    }
}

void InspectorPane::setKeyFingerprint(const QString &fingerprint)
{
    m_context.keyFingerprint = fingerprint;
    if (m_shownEvent)
        showVerification(*m_shownEvent);
}

void InspectorPane::showVerification(const EventRecord &record)
{
    m_shownEvent = record;
    m_conflict = record.conflict;
    m_context.sameKeyEvents = record.conflict ? m_lookup.sameKeyEvents(record.id) : QList<qint64>();
    m_verification->setHtml(InspectorText::verificationHtml(record, palette(), m_context));
}

void InspectorPane::showEventRecord(const EventRecord &record)
{
    m_shownEvent = record;
    m_shownRefused.reset();
    setShownEventId(record.id);
    m_summary->setText(InspectorText::eventSummary(record));
    showPayload(record.payload);
    showRaw();
    showQuery(record.query);
    showVerification(record);
    m_tabs->setTabText(VerificationTab, tr("Verification"));
    m_tabs->setTabText(RawTab, tr("Raw (%1 bytes)").arg(QLocale().toString(record.payload.size())));
    m_tabs->setTabEnabled(DeliveriesTab, true);
    showDeliveries(record);
    m_forwards->showRows(record.id, m_lookup.forwards(record.id));
}

bool InspectorPane::showEventId(qint64 eventId)
{
    const std::optional<EventRecord> record = m_lookup.event(eventId);
    if (record)
        showEventRecord(*record);
    return record.has_value();
}

void InspectorPane::showRefused(const RefusedRecord &record)
{
    m_shownRefused = record;
    m_shownEvent.reset();
    setShownEventId(0);
    m_summary->setText(InspectorText::refusedSummary(record));
    showPayload(record.body);
    showRaw();
    m_tabs->setTabText(RawTab, tr("Raw request"));
    showQuery(record.query);
    m_verification->setHtml(InspectorText::refusedHtml(record, palette()));
    m_tabs->setTabText(VerificationTab, tr("Refusal"));
    m_deliveries->setRowCount(0);
    m_tabs->setTabText(DeliveriesTab, tr("Deliveries"));
    m_tabs->setTabEnabled(DeliveriesTab, false);
    m_forwards->showNothing();
    // A refused body is often not JSON at all: the raw request says more.
    if (m_tabs->currentIndex() == TreeTab || m_tabs->currentIndex() == DeliveriesTab ||
        m_tabs->currentWidget() == m_forwards)
        m_tabs->setCurrentIndex(RawTab);
}

void InspectorPane::clear()
{
    m_shownEvent.reset();
    m_shownRefused.reset();
    setShownEventId(0);
    m_deliveryCount = 0;
    m_conflict = false;
    m_context.sameKeyEvents.clear();
    m_summary->setText(tr("Select an event or a refused delivery to inspect it."));
    m_treeModel->clear();
    m_raw->clear();
    m_query->setRowCount(0);
    m_verification->clear();
    m_deliveries->setRowCount(0);
    m_forwards->showNothing();
    m_tabs->setTabText(RawTab, tr("Raw"));
    m_tabs->setTabText(DeliveriesTab, tr("Deliveries"));
}

void InspectorPane::changeEvent(QEvent *event)
{
    // The verification text carries colours from the palette.
    if (event->type() == QEvent::PaletteChange) {
        if (m_shownEvent)
            m_verification->setHtml(
                InspectorText::verificationHtml(*m_shownEvent, palette(), m_context));
        else if (m_shownRefused)
            m_verification->setHtml(InspectorText::refusedHtml(*m_shownRefused, palette()));
    }
    QWidget::changeEvent(event);
}

void InspectorPane::showPayload(const QByteArray &payload)
{
    m_treeModel->setPayload(payload);
    m_tree->expandToDepth(1);
    m_tree->setCurrentIndex(QModelIndex());
}

void InspectorPane::showQuery(const QString &query)
{
    const auto items = InspectorText::queryItems(query);
    m_query->setRowCount(static_cast<int>(items.size()));
    for (qsizetype i = 0; i < items.size(); ++i) {
        const auto &[name, value] = items.at(i);
        // SaleSmartly's timestamp as a date beside the number.
        setRow(m_query, static_cast<int>(i),
               {name, value, JsonText::isEpochKey(name) ? JsonText::epochDate(value) : QString()});
    }
    m_query->resizeColumnToContents(0);
    m_query->resizeColumnToContents(1);
    m_tabs->setTabText(QueryTab, tr("Query (%1)").arg(items.size()));
}

void InspectorPane::showDeliveries(const EventRecord &record)
{
    m_deliveryCount = record.deliveries;
    const QList<DeliveryRecord> deliveries = m_lookup.deliveries(record.id);
    m_deliveries->setRowCount(static_cast<int>(deliveries.size()));
    for (qsizetype i = 0; i < deliveries.size(); ++i) {
        const DeliveryRecord &d = deliveries.at(i);
        // Each receipt's own request: where it came from and its headers
        // (empty for receipts stored before schema 6).
        const QStringList headerLines = d.headers.split(u'\n', Qt::SkipEmptyParts);
        setRow(m_deliveries, static_cast<int>(i),
               {QString::number(i + 1), TimeText::full(d.receivedAtMs),
                verificationWord(d.verification), d.peer, d.query,
                headerLines.join(QStringLiteral(" | "))});
        m_deliveries->item(static_cast<int>(i), 5)->setToolTip(headerLines.join(u'\n'));
    }
    m_deliveries->resizeColumnsToContents();
    m_tabs->setTabText(DeliveriesTab, tr("Deliveries (%1)").arg(record.deliveries));
}

void InspectorPane::setPretty(bool on)
{
    m_pretty->setChecked(on);
}

void InspectorPane::showRaw()
{
    QByteArray body;
    QString head; // a refused delivery's request line and headers
    if (m_shownRefused) {
        RefusedRecord request = *m_shownRefused;
        body = std::exchange(request.body, {});
        head = InspectorText::rawRequest(request);
    } else if (m_shownEvent) {
        body = m_shownEvent->payload;
    } else {
        m_raw->clear();
        return;
    }
    QString text;
    if (m_pretty->isChecked()) {
        if (const std::optional<QByteArray> pretty = JsonText::pretty(body))
            text = QString::fromUtf8(*pretty);
    }
    if (text.isNull())
        text = InspectorText::bodyText(body); // as received (or not JSON)
    m_raw->setPlainText(head + text);
}

void InspectorPane::setShownEventId(qint64 eventId)
{
    if (m_eventId == eventId)
        return;
    m_eventId = eventId;
    Q_EMIT shownEventChanged(eventId);
}

int InspectorPane::addSection(QWidget *section, const QString &title)
{
    return m_tabs->addTab(section, title);
}

QString InspectorPane::summaryText() const
{
    return m_summary->text();
}

QString InspectorPane::rawText() const
{
    return m_raw->toPlainText();
}

QString InspectorPane::verificationText() const
{
    return m_verification->toPlainText();
}

QString InspectorPane::deliveriesText() const
{
    QStringList lines;
    for (int r = 0; r < m_deliveries->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m_deliveries->columnCount(); ++c)
            cells.append(m_deliveries->item(r, c) ? m_deliveries->item(r, c)->text() : QString());
        lines.append(cells.join(u'\t'));
    }
    return lines.join(u'\n');
}

QList<QPair<QString, QString>> InspectorPane::queryShown() const
{
    QList<QPair<QString, QString>> items;
    for (int r = 0; r < m_query->rowCount(); ++r)
        items.append({m_query->item(r, 0)->text(), m_query->item(r, 1)->text()});
    return items;
}
