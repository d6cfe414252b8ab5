#include "window/instancerequests.h"

#include "settings/settings.h"
#include "window/mainwindow.h"
#include "window/receivercontroller.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>

#include <utility>

namespace {

// QFileInfo's == calls two missing files equal; a store named by a second
// launch may not exist yet.
bool sameFile(const QString &a, const QString &b)
{
    const QFileInfo first(a);
    const QFileInfo second(b);
    if (first.exists() && second.exists())
        return first.canonicalFilePath() == second.canonicalFilePath();
    return QDir::cleanPath(first.absoluteFilePath()) == QDir::cleanPath(second.absoluteFilePath());
}

} // namespace

InstanceRequests::InstanceRequests(MainWindow *window, Settings *settings, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_settings(settings)
    , m_question([this](const QString &database) { return ask(database); })
{
}

InstanceRequests::~InstanceRequests() = default;

void InstanceRequests::setQuestion(Question question)
{
    m_question = std::move(question);
}

void InstanceRequests::answer(const QString &database)
{
    bringToFront();
    // A second request while the question is open only raises the window.
    if (m_asking || database.isEmpty() || sameFile(database, m_window->receiver()->databasePath()))
        return;
    m_asking = true;
    const bool yes = m_question(database);
    m_asking = false;
    if (yes)
        m_window->applySettings(m_window->receiver()->config(), database,
                                m_settings->startReceiverOnLaunch());
}

void InstanceRequests::bringToFront()
{
    // Hidden in the tray, minimised or behind other windows.
    m_window->setWindowState(m_window->windowState() & ~Qt::WindowMinimized);
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

bool InstanceRequests::ask(const QString &database)
{
    return QMessageBox::question(
               m_window, tr("Another store"),
               tr("Another HookScope was started with the store %1. Switch the receiver to it?")
                   .arg(QDir::toNativeSeparators(database))) == QMessageBox::Yes;
}
