#include "dialogs/forwardingpage.h"

#include "dialogs/forwardruledialog.h"
#include "paint/theme.h"
#include "settings/forwardrulecheck.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

ForwardingPage::ForwardingPage(QWidget *parent)
    : QWidget(parent)
    , m_about(new QLabel(this))
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_add(new QPushButton(tr("&Add…"), this))
    , m_edit(new QPushButton(tr("&Edit…"), this))
    , m_remove(new QPushButton(tr("Re&move"), this))
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("forwardingPage"));
    m_table->setObjectName(QStringLiteral("forwardRulesTable"));
    m_add->setObjectName(QStringLiteral("forwardAddButton"));
    m_edit->setObjectName(QStringLiteral("forwardEditButton"));
    m_remove->setObjectName(QStringLiteral("forwardRemoveButton"));
    m_error->setObjectName(QStringLiteral("forwardingError"));
    m_about->setWordWrap(true);
    m_about->setText(
        tr("Every event the receiver accepts is sent on to each rule that is on and whose "
           "filter it matches: the original body byte for byte, with SaleSmartly's query "
           "(timestamp and signature) and Content-Type, so a system that already checks "
           "SaleSmartly's signature accepts it; an X-HookScope-Event-Id header names the event. "
           "Only verified events go, unless a rule includes unverified ones. Failed attempts "
           "are retried with growing pauses for up to 24 hours; the inspector shows each "
           "event's forwarding status."));
    m_table->setHorizontalHeaderLabels({tr("On"), tr("URL"), tr("Filter"), tr("Unverified too")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(UrlColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(FilterColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(EnabledColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(UnverifiedColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->setToolTip(tr("Double-click a rule to edit it; the first column turns it on or off."));
    m_add->setToolTip(tr("Forward to another URL"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(
        QStringLiteral("color: %1").arg(Theme::tone(palette(), Theme::Tone::Bad).name()));
    m_error->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_about);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_error);

    connect(m_add, &QPushButton::clicked, this, &ForwardingPage::addRule);
    connect(m_edit, &QPushButton::clicked, this, &ForwardingPage::editRule);
    connect(m_remove, &QPushButton::clicked, this, &ForwardingPage::removeRule);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int column) {
        if (column != EnabledColumn)
            openEditor(row);
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ForwardingPage::updateButtons);
    connect(m_table, &QTableWidget::cellChanged, this, &ForwardingPage::onItemChanged);
    updateButtons();
}

ForwardingPage::~ForwardingPage() = default;

void ForwardingPage::setRules(const QList<ForwardRule> &rules)
{
    m_rules = rules.mid(0, ForwardRuleCheck::kMaxRules);
    m_table->setRowCount(0);
    m_table->setRowCount(static_cast<int>(m_rules.size()));
    for (int row = 0; row < m_rules.size(); ++row)
        setRow(row, m_rules.at(row));
    m_error->hide();
    updateButtons();
}

QList<ForwardRule> ForwardingPage::rules() const
{
    return m_rules;
}

QString ForwardingPage::validationError() const
{
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        const ForwardRule &rule = m_rules.at(i);
        if (rule.enabled) {
            if (const QString error = ForwardRuleCheck::error(rule); !error.isEmpty())
                return tr("Rule %1 (%2): %3").arg(i + 1).arg(rule.url.left(80), error);
        }
    }
    return {};
}

QList<QWidget *> ForwardingPage::tabOrder() const
{
    return {m_table, m_add, m_edit, m_remove};
}

void ForwardingPage::addRule()
{
    if (m_rules.size() >= ForwardRuleCheck::kMaxRules) {
        m_error->setText(tr("At most %1 rules.").arg(ForwardRuleCheck::kMaxRules));
        m_error->show();
        return;
    }
    openEditor(-1);
}

void ForwardingPage::editRule()
{
    const int row = m_table->currentRow();
    if (row >= 0 && row < m_rules.size())
        openEditor(row);
}

void ForwardingPage::removeRule()
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_rules.size())
        return;
    m_rules.removeAt(row);
    m_table->removeRow(row);
    m_error->hide();
    updateButtons();
}

void ForwardingPage::openEditor(int row)
{
    if (m_editor)
        return;
    const bool adding = row < 0 || row >= m_rules.size();
    m_editor = new ForwardRuleDialog(adding ? ForwardRule() : m_rules.at(row), this);
    m_editor->setWindowTitle(adding ? tr("Add Forwarding Rule") : tr("Edit Forwarding Rule"));
    m_editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_editor, &QDialog::accepted, this, [this, adding, row, editor = m_editor] {
        if (!editor)
            return;
        const ForwardRule rule = editor->rule();
        int at = row;
        if (adding) {
            if (m_rules.size() >= ForwardRuleCheck::kMaxRules)
                return;
            m_rules.append(rule);
            at = static_cast<int>(m_rules.size()) - 1;
            m_table->insertRow(at);
        } else if (row < m_rules.size()) {
            m_rules[row] = rule;
        } else {
            return;
        }
        setRow(at, rule);
        m_table->selectRow(at);
        m_error->hide();
        updateButtons();
    });
    m_editor->open();
}

void ForwardingPage::setRow(int row, const ForwardRule &rule)
{
    m_filling = true;
    auto *on = new QTableWidgetItem;
    on->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    on->setCheckState(rule.enabled ? Qt::Checked : Qt::Unchecked);
    on->setToolTip(tr("Forward by this rule"));
    m_table->setItem(row, EnabledColumn, on);
    const auto text = [](const QString &value) {
        auto *item = new QTableWidgetItem(value);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        item->setToolTip(value);
        return item;
    };
    m_table->setItem(row, UrlColumn, text(rule.url));
    m_table->setItem(row, FilterColumn,
                     text(rule.filter.isEmpty() ? tr("(every event)") : rule.filter));
    m_table->setItem(row, UnverifiedColumn, text(rule.includeUnverified ? tr("Yes") : tr("No")));
    m_filling = false;
}

// The "On" box: a rule that cannot be used is not turned on.
void ForwardingPage::onItemChanged(int row, int column)
{
    if (m_filling || column != EnabledColumn || row < 0 || row >= m_rules.size())
        return;
    const bool on = m_table->item(row, column)->checkState() == Qt::Checked;
    ForwardRule rule = m_rules.at(row);
    rule.enabled = on;
    if (on) {
        if (const QString error = ForwardRuleCheck::error(rule); !error.isEmpty()) {
            m_error->setText(tr("Rule %1 cannot be turned on: %2").arg(row + 1).arg(error));
            m_error->show();
            setRow(row, m_rules.at(row));
            return;
        }
    }
    m_rules[row] = rule;
    m_error->hide();
}

void ForwardingPage::updateButtons()
{
    const int row = m_table->currentRow();
    const bool selected = row >= 0 && row < m_rules.size() && !m_table->selectedItems().isEmpty();
    m_edit->setEnabled(selected);
    m_remove->setEnabled(selected);
    m_add->setEnabled(m_rules.size() < ForwardRuleCheck::kMaxRules);
}
