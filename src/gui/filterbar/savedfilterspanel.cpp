#include "filterbar/savedfilterspanel.h"

#include "dialogs/savefilterdialog.h"
#include "guilog.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

SavedFiltersPanel::SavedFiltersPanel(Settings *settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_list(new QListWidget(this))
    , m_addButton(new QToolButton(this))
{
    auto *title = new QLabel(tr("Saved filters"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_addButton->setText(QStringLiteral("+"));
    m_addButton->setAutoRaise(true);
    m_addButton->setToolTip(tr("Save the current filter under a name"));
    m_addButton->setAccessibleName(tr("Save current filter"));

    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(title, 1);
    header->addWidget(m_addButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_list, 1);

    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setUniformItemSizes(true);
    m_list->installEventFilter(this);
    m_list->setAccessibleName(tr("Saved filters"));

    connect(m_addButton, &QToolButton::clicked, this, &SavedFiltersPanel::saveRequested);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const int row = m_list->row(item);
        if (row >= 0 && row < m_filters.size())
            Q_EMIT applyRequested(m_filters.at(row).expression);
    });
    connect(m_list, &QWidget::customContextMenuRequested, this,
            &SavedFiltersPanel::showContextMenu);
    reload();
}

SavedFiltersPanel::~SavedFiltersPanel() = default;

void SavedFiltersPanel::setNamePrompt(NamePrompt prompt)
{
    m_prompt = std::move(prompt);
}

void SavedFiltersPanel::reload()
{
    m_filters = m_settings ? m_settings->savedFilters() : QList<Settings::SavedFilter>();
    rebuild(-1);
}

bool SavedFiltersPanel::saveAs(const QString &name, const QString &expression)
{
    const QString n = name.trimmed();
    const QString e = expression.trimmed();
    if (n.isEmpty() || e.isEmpty())
        return false;
    int row = -1;
    for (int i = 0; i < m_filters.size(); ++i) {
        if (m_filters.at(i).name == n)
            row = i;
    }
    if (row >= 0) {
        m_filters[row].expression = e;
    } else {
        m_filters.append({n, e});
        row = static_cast<int>(m_filters.size()) - 1;
    }
    store();
    rebuild(row);
    return true;
}

bool SavedFiltersPanel::rename(int row, const QString &name)
{
    const QString n = name.trimmed();
    if (row < 0 || row >= m_filters.size() || n.isEmpty())
        return false;
    // Two filters with one name could not be told apart: the renamed one
    // replaces the other.
    for (int i = 0; i < m_filters.size(); ++i) {
        if (i != row && m_filters.at(i).name == n) {
            m_filters.removeAt(i);
            if (i < row)
                --row;
            break;
        }
    }
    m_filters[row].name = n;
    store();
    rebuild(row);
    return true;
}

bool SavedFiltersPanel::remove(int row)
{
    if (row < 0 || row >= m_filters.size())
        return false;
    m_filters.removeAt(row);
    store();
    rebuild(qMin(row, static_cast<int>(m_filters.size()) - 1));
    return true;
}

void SavedFiltersPanel::saveCurrent(const QString &expression)
{
    if (expression.trimmed().isEmpty())
        return;
    QString suggestion;
    for (const Settings::SavedFilter &f : std::as_const(m_filters)) {
        if (f.expression == expression.trimmed())
            suggestion = f.name;
    }
    const std::optional<QString> name =
        askName(tr("Name for the filter \u201c%1\u201d:").arg(expression.trimmed()), suggestion);
    if (name)
        saveAs(*name, expression);
}

void SavedFiltersPanel::renameSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const std::optional<QString> name = askName(
        tr("New name for \u201c%1\u201d:").arg(m_filters.at(row).name), m_filters.at(row).name);
    if (name)
        rename(row, *name);
}

void SavedFiltersPanel::removeSelected()
{
    remove(selectedRow());
}

std::optional<QString> SavedFiltersPanel::askName(const QString &label, const QString &suggestion)
{
    if (m_prompt)
        return m_prompt(label, suggestion);
    return SaveFilterDialog::ask(this, label, suggestion);
}

void SavedFiltersPanel::store()
{
    if (!m_settings)
        return;
    m_settings->setSavedFilters(m_filters);
    // Written now: a crash later today must not lose a filter saved this morning.
    m_settings->sync();
    qCDebug(lcGui) << "saved filters:" << m_filters.size();
}

void SavedFiltersPanel::rebuild(int selectRow)
{
    m_list->clear();
    for (const Settings::SavedFilter &f : std::as_const(m_filters)) {
        auto *item = new QListWidgetItem(f.name, m_list);
        item->setToolTip(f.expression);
        item->setData(Qt::UserRole, f.expression);
    }
    if (selectRow >= 0 && selectRow < m_list->count())
        m_list->setCurrentRow(selectRow);
}

int SavedFiltersPanel::selectedRow() const
{
    const QList<QListWidgetItem *> selected = m_list->selectedItems();
    return selected.isEmpty() ? -1 : m_list->row(selected.first());
}

void SavedFiltersPanel::showContextMenu(const QPoint &pos)
{
    QListWidgetItem *item = m_list->itemAt(pos);
    if (!item)
        return;
    m_list->setCurrentItem(item);
    const QString expression = item->data(Qt::UserRole).toString();
    QMenu menu(this);
    connect(menu.addAction(tr("Apply")), &QAction::triggered, this,
            [this, expression] { Q_EMIT applyRequested(expression); });
    connect(menu.addAction(tr("Rename\u2026")), &QAction::triggered, this,
            &SavedFiltersPanel::renameSelected);
    QAction *remove = menu.addAction(tr("Delete"));
    remove->setShortcut(QKeySequence::Delete);
    connect(remove, &QAction::triggered, this, &SavedFiltersPanel::removeSelected);
    menu.exec(m_list->viewport()->mapToGlobal(pos));
}

bool SavedFiltersPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Delete) || key->key() == Qt::Key_Backspace) {
            removeSelected();
            return true;
        }
        if (key->key() == Qt::Key_F2) {
            renameSelected();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
