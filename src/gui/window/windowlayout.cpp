#include "window/windowlayout.h"

#include "settings/settings.h"

#include <QHeaderView>
#include <QMainWindow>
#include <QScreen>
#include <QSplitter>

namespace {

constexpr qreal kFirstRunScreenShare = 0.85;

} // namespace

WindowLayout::WindowLayout(Settings *settings)
    : m_settings(settings)
{
}

void WindowLayout::addSplitter(const QString &name, QSplitter *splitter)
{
    m_splitters.append({name, splitter});
}

void WindowLayout::addHeader(const QString &name, QHeaderView *header)
{
    m_headers.append({name, header});
}

void WindowLayout::restore(QMainWindow *window) const
{
    if (!window->restoreGeometry(m_settings->windowGeometry()) && window->screen()) {
        const QRect available = window->screen()->availableGeometry();
        window->resize(available.size() * kFirstRunScreenShare);
        window->move(available.center() - window->rect().center());
    }
    window->restoreState(m_settings->windowState());
    for (const auto &[name, splitter] : m_splitters) {
        const QByteArray state = m_settings->splitterState(name);
        if (!state.isEmpty())
            splitter->restoreState(state);
    }
    for (const auto &[name, header] : m_headers) {
        const QByteArray state = m_settings->headerState(name);
        if (!state.isEmpty())
            header->restoreState(state);
    }
}

void WindowLayout::save(const QMainWindow *window) const
{
    m_settings->setWindowGeometry(window->saveGeometry());
    m_settings->setWindowState(window->saveState());
    for (const auto &[name, splitter] : m_splitters)
        m_settings->setSplitterState(name, splitter->saveState());
    for (const auto &[name, header] : m_headers)
        m_settings->setHeaderState(name, header->saveState());
}
