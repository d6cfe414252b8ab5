#pragma once

#include <QObject>

#include <array>

class QAction;
class QMainWindow;
class QMenu;

// The window's actions with their keyboard shortcuts and the menus that
// hold them. Behaviour is connected by MainWindow; the stream's follow and
// pause actions belong to StreamPane and are placed into the View menu here.
class MainActions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainActions)

public:
    enum Id {
        OpenDatabase,
        ShowOwnStore,
        Export,
        Quit,
        Copy,
        CopyUrl,
        FocusFilter,
        SaveFilter,
        ShowStream,
        ShowCustomers,
        ShowRefused,
        StartReceiver,
        StopReceiver,
        SendTest,
        OpenSettings,
        ConnectSaleSmartly,
        About,
        DoNotDisturb, // checkable; the tray host keeps it and the setting in step
        ShowInbox,    // the conversation inbox tab (Alt+4)
        SendEventTo,  // "Send to..." (window/sendtoflow.h): the selected event
        SendViewTo,   // ... every event the stream shows
        Count
    };
    Q_ENUM(Id)

    explicit MainActions(QMainWindow *window);

    QAction *action(Id id) const { return m_actions.at(static_cast<std::size_t>(id)); }
    // Builds the menu bar; `follow`, `pause` and the panes' `viewExtras`
    // (milliseconds, ...) join the View menu.
    void buildMenus(QAction *follow, QAction *pause, const QList<QAction *> &viewExtras = {});

private:
    QAction *make(Id id, const QString &text, const QList<QKeySequence> &keys);

    QMainWindow *m_window = nullptr;
    std::array<QAction *, Count> m_actions{};
};
