#include "filterbar/filterhost.h"

#include "dialogs/exportdialog.h"
#include "filterbar/filterbar.h"
#include "filterbar/rowfiltermenu.h"
#include "filterbar/savedfilterspanel.h"
#include "records/channelcatalog.h"

FilterHost::FilterHost(Settings *settings, QWidget *parentWidget)
    : QObject(parentWidget)
    , m_settings(settings)
    , m_bar(new FilterBar(parentWidget))
    , m_saved(new SavedFiltersPanel(settings, parentWidget))
{
    m_bar->setObjectName(QStringLiteral("filterBar"));
    m_saved->setObjectName(QStringLiteral("savedFilters"));
    m_bar->setSettings(settings);
    QStringList channels;
    for (const ChannelCatalog::Channel &c : ChannelCatalog::documented())
        channels.append(c.name);
    m_bar->setCompletionValues(QStringLiteral("channel"), channels);
    m_bar->setCompletionValues(
        QStringLiteral("event"),
        {QStringLiteral("message"), QStringLiteral("add_user"), QStringLiteral("update_user")});
    m_bar->setCompletionValues(QStringLiteral("type"),
                               {QStringLiteral("text"), QStringLiteral("button"),
                                QStringLiteral("image"), QStringLiteral("file"),
                                QStringLiteral("video"), QStringLiteral("audio")});
    connect(m_bar, &FilterBar::filterChanged, this, &FilterHost::filterChanged);
    connect(m_saved, &SavedFiltersPanel::applyRequested, m_bar, &FilterBar::setText);
    connect(m_saved, &SavedFiltersPanel::saveRequested, this, &FilterHost::saveCurrent);
}

FilterHost::~FilterHost() = default;

FilterExpression FilterHost::filter() const
{
    return m_bar->filter();
}

void FilterHost::focusFilter()
{
    m_bar->focusFilter();
}

void FilterHost::saveCurrent()
{
    m_saved->saveCurrent(m_bar->text());
}

void FilterHost::addRowActions(QMenu *menu, const EventRecord &record)
{
    RowFilterMenu::addActions(menu, record, m_bar);
}

void FilterHost::openExport(const QString &storePath, QWidget *parent)
{
    if (m_export) {
        m_export->raise();
        m_export->activateWindow();
        return;
    }
    m_export = new ExportDialog(storePath, m_bar->filter(), m_settings, parent);
    m_export->setAttribute(Qt::WA_DeleteOnClose);
    m_export->open();
}

void FilterHost::setCompletionValues(const QString &field, const QStringList &values)
{
    m_bar->setCompletionValues(field, values);
}
