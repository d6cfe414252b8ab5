#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QtGlobal>

class QHeaderView;
class QMainWindow;
class QSplitter;
class Settings;

// Remembers the window's layout in Settings: geometry and state, and every
// splitter and table header registered under a name.
class WindowLayout final {
    Q_DISABLE_COPY_MOVE(WindowLayout)

public:
    explicit WindowLayout(Settings *settings);

    void addSplitter(const QString &name, QSplitter *splitter);
    void addHeader(const QString &name, QHeaderView *header);

    // Without a saved geometry the window takes most of its screen.
    void restore(QMainWindow *window) const;
    void save(const QMainWindow *window) const;

private:
    Settings *m_settings = nullptr;
    QList<QPair<QString, QSplitter *>> m_splitters;
    QList<QPair<QString, QHeaderView *>> m_headers;
};
