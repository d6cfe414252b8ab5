#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

// A delivery the receiver refused (400, 401, 404, 405), kept with its reason.
struct RefusedRecord {
    qint64 id = 0;
    qint64 receivedAtMs = 0;
    int status = 0;
    QString reason;
    QString method;
    QString path;
    QString query;
    QString headers; // "Name: value" lines
    QString peer;
    QByteArray body;
};

Q_DECLARE_METATYPE(RefusedRecord)
