#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// One HTTP request as the receiver saw it, free of any QtHttpServer type so
// that the decision logic (DeliveryProcessor) is plain, testable core code.
struct IncomingRequest {
    QByteArray method; // upper case: POST, GET, ...
    QString path;
    QString query; // the raw query string, without '?'
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QString peer;
    qint64 receivedAtMs = 0;
};
