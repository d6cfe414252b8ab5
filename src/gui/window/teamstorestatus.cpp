#include "window/teamstorestatus.h"

#include <QLocale>

#include <algorithm>

TeamStoreStatus::TeamStoreStatus(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("teamStoreStatus"));
    setVisible(false);
}

void TeamStoreStatus::show(const QString &storeName, const DeskMirror::Status &status)
{
    setVisible(!storeName.isEmpty());
    if (storeName.isEmpty())
        return;
    setText(textFor(status));
    setToolTip(toolTipFor(storeName, status));
}

QString TeamStoreStatus::textFor(const DeskMirror::Status &status)
{
    using State = DeskMirror::State;
    QString text;
    switch (status.state) {
    case State::Idle:
    case State::Connecting:
        text = tr("Team store: connecting…");
        break;
    case State::CatchingUp:
        text = tr("Team store: copying %1 of %2 deliveries…")
                   .arg(QLocale().toString(status.done), QLocale().toString(status.total));
        break;
    case State::Live:
        text = tr("Team store: live");
        break;
    case State::Lost:
        text = tr("Team store: connection lost, retrying in %n s", nullptr,
                  std::max(1, (status.retryInMs + 999) / 1000));
        break;
    case State::Failed:
        text = tr("Team store: the desk copy stopped");
        break;
    }
    if (status.readOnlyRole)
        text += tr(" · read-only");
    return text;
}

QString TeamStoreStatus::toolTipFor(const QString &storeName, const DeskMirror::Status &status)
{
    QString tip = tr("This window shows a copy of %1 kept on this computer; new events appear "
                     "within a second of any receiver's commit.")
                      .arg(storeName);
    if (status.readOnlyRole)
        tip += u'\n' + tr("The database role may only read: this desk can view, not receive.");
    if (status.state == DeskMirror::State::Lost)
        tip += u'\n' + tr("The events copied before the connection was lost are shown; the rest "
                          "follow once it is back.");
    if (!status.detail.isEmpty())
        tip += u'\n' + status.detail;
    return tip;
}
