#pragma once

#include <QByteArray>
#include <QString>

// The answers the guard writes itself, in the receiver's JSON shape, each
// closing the connection.
namespace GuardAnswer {

QByteArray error(int status, const QString &reason);
QByteArray continueInterim();

} // namespace GuardAnswer
