#include "guardanswer.h"

#include "ingest/deliveryprocessor.h"

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    default:
        return "Error";
    }
}

} // namespace

QByteArray GuardAnswer::error(int status, const QString &reason)
{
    const QByteArray body = DeliveryProcessor::errorBody(status, reason);
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) +
           "\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

QByteArray GuardAnswer::continueInterim()
{
    return QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n");
}
