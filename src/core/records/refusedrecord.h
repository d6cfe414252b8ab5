#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

// A delivery the receiver refused (400, 401, 404, 405), kept with its reason
// and a bounded copy of the request.
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
    // The sizes as received: body and query may hold only their first bytes
    // (RefusalLimits), and summary rows none at all.
    qint64 bodyBytes = 0;
    qint64 queryBytes = 0;

    bool bodyCut() const { return bodyBytes > body.size(); }
};

Q_DECLARE_METATYPE(RefusedRecord)
