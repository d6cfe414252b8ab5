#pragma once

#include "settings/settings.h"

#include <QWidget>

#include <functional>
#include <optional>

class QListWidget;
class QListWidgetItem;
class QToolButton;

// Named filters in the channels pane, kept in Settings (savedFilters) so
// they survive restarts. Activating one (double click, Enter) emits
// applyRequested(); its context menu applies, renames and deletes; the
// Delete key deletes. The "+" button emits saveRequested(): the window
// answers with saveCurrent(filterBar->text()).
class SavedFiltersPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SavedFiltersPanel)

public:
    // Asks the user for a name: (label, suggested name) -> name, or nullopt
    // when cancelled. The default shows a SaveFilterDialog; tests replace it.
    using NamePrompt =
        std::function<std::optional<QString>(const QString &label, const QString &suggestion)>;

    // `settings` must outlive the panel; every change is written to it (and
    // synced) at once.
    explicit SavedFiltersPanel(Settings *settings, QWidget *parent = nullptr);
    ~SavedFiltersPanel() override;

    void setNamePrompt(NamePrompt prompt);
    QList<Settings::SavedFilter> filters() const { return m_filters; }
    QListWidget *listWidget() const { return m_list; }

    // Saves under `name` (an existing filter of that name is replaced in
    // place) and selects it. Returns false for an empty name or expression.
    bool saveAs(const QString &name, const QString &expression);
    bool rename(int row, const QString &name);
    bool remove(int row);
    // Re-reads Settings (another window may have changed them).
    void reload();

public Q_SLOTS:
    // Asks for a name (prompt) and saves `expression` under it.
    void saveCurrent(const QString &expression);
    // Asks for a new name for the selected filter.
    void renameSelected();
    void removeSelected();

Q_SIGNALS:
    void applyRequested(const QString &expression);
    void saveRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void store();
    void rebuild(int selectRow);
    void showContextMenu(const QPoint &pos);
    int selectedRow() const;
    std::optional<QString> askName(const QString &label, const QString &suggestion);

    Settings *m_settings = nullptr;
    QListWidget *m_list = nullptr;
    QToolButton *m_addButton = nullptr;
    QList<Settings::SavedFilter> m_filters;
    NamePrompt m_prompt;
};
