#include "window/mainactions.h"

#include <QAction>
#include <QKeySequence>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMetaEnum>

MainActions::MainActions(QMainWindow *window)
    : QObject(window)
    , m_window(window)
{
    using K = QKeySequence;
    make(OpenDatabase, tr("&Open Database…"), {K(K::Open)});
    make(ShowOwnStore, tr("Show the &Receiver's Store"), {K(Qt::CTRL | Qt::SHIFT | Qt::Key_O)});
    make(Export, tr("&Export…"), {K(Qt::CTRL | Qt::Key_E)});
    make(Quit, tr("&Quit"), {K(Qt::CTRL | Qt::Key_Q)});
    make(Copy, tr("&Copy"), {K(K::Copy)});
    make(CopyUrl, tr("Copy Webhook &URL"), {K(Qt::CTRL | Qt::SHIFT | Qt::Key_U)});
    make(FocusFilter, tr("&Filter…"), {K(Qt::CTRL | Qt::Key_F), K(Qt::CTRL | Qt::Key_L)});
    make(SaveFilter, tr("&Save Current Filter…"), {K(Qt::CTRL | Qt::Key_D)});
    make(ShowStream, tr("Message &Stream"), {K(Qt::ALT | Qt::Key_1)});
    make(ShowCustomers, tr("&Customers"), {K(Qt::ALT | Qt::Key_2)});
    make(ShowRefused, tr("&Refused Deliveries"), {K(Qt::ALT | Qt::Key_3)});
    make(StartReceiver, tr("&Start Receiver"), {K(Qt::Key_F5)});
    make(StopReceiver, tr("S&top Receiver"), {K(Qt::SHIFT | Qt::Key_F5)});
    make(SendTest, tr("Send &Test Delivery"), {K(Qt::CTRL | Qt::Key_T)});
    make(OpenSettings, tr("S&ettings…"), {K(Qt::CTRL | Qt::Key_Comma)});
    make(ConnectSaleSmartly, tr("&Connect SaleSmartly…"), {});
    make(About, tr("&About HookScope"), {});
    make(DoNotDisturb, tr("&Do Not Disturb"), {})->setCheckable(true);
    make(ShowInbox, tr("Conversation &Inbox"), {K(Qt::ALT | Qt::Key_4)});
    make(SendEventTo, tr("Se&nd Event To…"), {});
    make(SendViewTo, tr("Send &View To…"), {});
    action(Quit)->setMenuRole(QAction::QuitRole);
    action(OpenSettings)->setMenuRole(QAction::PreferencesRole);
    action(About)->setMenuRole(QAction::AboutRole);
}

QAction *MainActions::make(Id id, const QString &text, const QList<QKeySequence> &keys)
{
    auto *a = new QAction(text, m_window);
    a->setObjectName(QString::fromLatin1(QMetaEnum::fromType<Id>().valueToKey(id)));
    a->setShortcuts(keys);
    m_actions.at(static_cast<std::size_t>(id)) = a;
    return a;
}

void MainActions::buildMenus(QAction *follow, QAction *pause, const QList<QAction *> &viewExtras)
{
    QMenuBar *bar = m_window->menuBar();
    QMenu *file = bar->addMenu(tr("&File"));
    file->addActions({action(OpenDatabase), action(ShowOwnStore), action(Export)});
    file->addActions({action(SendEventTo), action(SendViewTo)});
    file->addSeparator();
    file->addAction(action(Quit));
    QMenu *edit = bar->addMenu(tr("&Edit"));
    edit->addActions({action(Copy), action(CopyUrl)});
    QMenu *view = bar->addMenu(tr("&View"));
    view->addActions({action(FocusFilter), action(SaveFilter)});
    view->addSeparator();
    view->addActions({follow, pause});
    view->addActions(viewExtras);
    view->addSeparator();
    view->addActions(
        {action(ShowStream), action(ShowCustomers), action(ShowRefused), action(ShowInbox)});
    QMenu *receiver = bar->addMenu(tr("&Receiver"));
    receiver->addActions({action(StartReceiver), action(StopReceiver), action(SendTest)});
    receiver->addAction(action(DoNotDisturb));
    receiver->addSeparator();
    receiver->addAction(action(OpenSettings));
    QMenu *help = bar->addMenu(tr("&Help"));
    help->addAction(action(ConnectSaleSmartly));
    help->addSeparator();
    help->addAction(action(About));
}
