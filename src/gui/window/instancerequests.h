#pragma once

#include <QObject>
#include <QString>

#include <functional>

class MainWindow;
class Settings;

// What the window does when another launch asks for it (SingleInstance): it
// comes to the front, even from the tray, and when the other launch named
// another store with --db, the user is asked whether the receiver should
// switch to it; yes does what choosing that store in the settings does.
class InstanceRequests final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstanceRequests)

public:
    // Asked with the store's path; true switches. The default is a question
    // box over the window (tests put their own answer here).
    using Question = std::function<bool(const QString &database)>;

    InstanceRequests(MainWindow *window, Settings *settings, QObject *parent = nullptr);
    ~InstanceRequests() override;

    void setQuestion(Question question);
    // `database`: empty, or the absolute path given to the other launch.
    void answer(const QString &database);

private:
    void bringToFront();
    bool ask(const QString &database);

    MainWindow *m_window = nullptr;
    Settings *m_settings = nullptr;
    Question m_question;
    bool m_asking = false;
};
