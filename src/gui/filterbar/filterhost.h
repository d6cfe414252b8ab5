#pragma once

#include "filter/filterexpression.h"

#include <QObject>
#include <QPointer>

class ExportDialog;
class FilterBar;
class QMenu;
class QWidget;
class SavedFiltersPanel;
class Settings;
struct EventRecord;

// The filter side of the window in one place: the filter bar, the saved
// filters, the row context-menu filters and the export dialog, wired to
// each other. The window places the widgets and listens to filterChanged.
class FilterHost final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterHost)

public:
    explicit FilterHost(Settings *settings, QWidget *parentWidget);
    ~FilterHost() override;

    FilterBar *bar() const { return m_bar; }
    SavedFiltersPanel *savedFilters() const { return m_saved; }
    FilterExpression filter() const;

    void focusFilter();
    void saveCurrent();
    void addRowActions(QMenu *menu, const EventRecord &record);
    // Opens (or raises) File > Export for the store the window shows.
    void openExport(const QString &storePath, QWidget *parent);
    // Values the bar completes after "user:" and "session:".
    void setCompletionValues(const QString &field, const QStringList &values);

Q_SIGNALS:
    void filterChanged(const FilterExpression &filter);

private:
    Settings *m_settings = nullptr;
    FilterBar *m_bar = nullptr;
    SavedFiltersPanel *m_saved = nullptr;
    QPointer<ExportDialog> m_export;
};
